"""`serve` keeps answering while `run` writes to the same store (WAL readers never block)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import shared_path

from .killer import make_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
BRINKWATCH = [sys.executable, "-c", "from brinkwatch.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict | None]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read()
            is_json = response.headers.get_content_type() == "application/json"
            return response.status, json.loads(body) if is_json else None
    except urllib.error.HTTPError as exc:
        return exc.code, None


def test_dashboard_answers_every_request_while_a_run_writes(tmp_path):
    db = tmp_path / "live.db"
    subprocess.run([*BRINKWATCH, "run", str(DATA), "--db", str(db), "--quiet"], check=True, capture_output=True)
    corpus = make_corpus(shared_path("bench", "reuters21578.jsonl.gz"), tmp_path / "corpus", 60)
    port = _free_port()
    server = subprocess.Popen([*BRINKWATCH, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if _get(base + "/api/stories")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        writer = subprocess.Popen([*BRINKWATCH, "run", str(corpus), "--db", str(db), "--quiet"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        statuses, totals = [], []
        while writer.poll() is None:
            status, body = _get(base + "/api/documents?limit=1")
            statuses.append(status)
            if body is not None:
                totals.append(body["total"])
            statuses.append(_get(base + "/")[0])
            time.sleep(0.05)
        assert writer.returncode == 0, writer.stderr.read().decode()[-2000:]
        status, body = _get(base + "/api/documents?limit=1")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert len(statuses) >= 10, "the run ended before the dashboard was polled"
    assert set(statuses) == {200}
    assert totals == sorted(totals)  # readers see the store grow, never shrink or break
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stored > 3  # the run added documents (Reuters repeats a few texts: they are copies)
    assert status == 200 and body["total"] == stored
