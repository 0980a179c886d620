"""SIGKILL fault injection: `brinkwatch run` over a corpus is killed at random points, then
run again to the end; the store must pass `PRAGMA integrity_check` and export exactly what
one clean run exports.

Kill times are drawn (seeded) between the first write to the store and the end of a clean
run, as measured by watching the clean run's store, so kills land in ingest, analysis and
derive rather than in interpreter start-up.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BRINKWATCH = [sys.executable, "-c", "from brinkwatch.cli import main; main()"]


def make_corpus(bench_file: Path, folder: Path, docs: int) -> Path:
    """The first ``docs`` articles of a bench JSONL.gz, as a few JSONL files in ``folder``
    (several files, so a kill can fall between files as well as inside one)."""
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(bench_file, "rt", encoding="utf-8") as handle:
        rows = [line for _, line in zip(range(docs), handle)]
    per_file = max(1, len(rows) // 4)
    for i in range(0, len(rows), per_file):
        (folder / f"part{i // per_file:02d}.jsonl").write_text("".join(rows[i : i + per_file]), encoding="utf-8")
    return folder


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _command(corpus: Path, db: Path) -> list[str]:
    return [*BRINKWATCH, "run", str(corpus), "--db", str(db), "--quiet", "--default-date", "1987-03-01"]


def stage_of(db: Path) -> dict:
    """What a store holds: documents, analyses, derived stories, finished runs."""
    if not db.exists():
        return {"documents": 0, "analyses": 0, "stories": 0, "finished_runs": 0}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        def count(sql: str) -> int:
            try:
                return conn.execute(sql).fetchone()[0]
            except sqlite3.OperationalError:
                return 0

        return {
            "documents": count("SELECT count(*) FROM documents"),
            "analyses": count("SELECT count(*) FROM analyses"),
            "stories": count("SELECT count(*) FROM stories"),
            "finished_runs": count("SELECT count(*) FROM runs WHERE finished IS NOT NULL"),
        }
    finally:
        conn.close()


def describe(state: dict, total_docs: int) -> str:
    if state["finished_runs"]:
        return "after the run finished"
    if state["stories"]:
        return "in derive (tables written)"
    if state["analyses"]:
        return f"in analysis ({state['analyses']}/{total_docs} analysed)"
    if state["documents"]:
        return f"in ingest or the first analysis batch ({state['documents']} documents stored, no analysis yet)"
    return "before the first write"


def export_json(db: Path) -> dict:
    out = subprocess.run([*BRINKWATCH, "export", "--db", str(db), "--format", "json"],
                         capture_output=True, text=True, env=_env(), check=True)
    return json.loads(out.stdout)


@dataclass
class KillReport:
    docs: int
    clean_seconds: float
    first_write: float
    kills: list[dict] = field(default_factory=list)
    integrity: str = ""
    exports_equal: bool = False
    final_exit: int = -1
    difference: str = ""

    @property
    def landed(self) -> int:
        """Kills that stopped a run part-way (not those drawn after a run had ended)."""
        return sum(1 for kill in self.kills if not kill["where"].startswith("not killed"))


def clean_run(corpus: Path, db: Path) -> tuple[float, float]:
    """One uninterrupted run; returns (seconds, seconds until the first document was stored)."""
    start = time.monotonic()
    proc = subprocess.Popen(_command(corpus, db), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first_write = None
    while proc.poll() is None:
        if first_write is None and stage_of(db)["documents"]:
            first_write = time.monotonic() - start
        time.sleep(0.05)
    seconds = time.monotonic() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"clean run failed ({proc.returncode}): {err[-2000:]}")
    return seconds, first_write if first_write is not None else seconds / 3


def kill_and_rerun(corpus: Path, workdir: Path, *, kills: int, seed: int, docs: int) -> KillReport:
    """Clean run, then ``kills`` SIGKILLed runs on one store, then a run to the end."""
    workdir.mkdir(parents=True, exist_ok=True)
    clean_db = workdir / "clean.db"
    seconds, first_write = clean_run(corpus, clean_db)
    report = KillReport(docs=docs, clean_seconds=round(seconds, 2), first_write=round(first_write, 2))
    rng = random.Random(seed)
    db = workdir / "killed.db"
    landed, attempts = 0, 0
    # A resumed run has less left to do than a clean one, so a drawn delay can outlast it;
    # such a miss is recorded and another kill is tried, until ``kills`` have landed mid-run
    # (at most three tries per kill, so the test stays bounded).
    while landed < kills and attempts < 3 * kills:
        attempts += 1
        before = stage_of(db)
        if before["finished_runs"]:
            # A finished store has nothing left to interrupt: start the next kill afresh.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        delay = rng.uniform(first_write * 0.8, seconds)
        proc = subprocess.Popen(_command(corpus, db), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = stage_of(db)
        landed += 0 if finished else 1
        report.kills.append({"after_s": round(delay, 2), "where": "not killed: the run had ended" if finished else describe(state, docs), **state})
    final = subprocess.run(_command(corpus, db), env=_env(), capture_output=True, text=True)
    report.final_exit = final.returncode
    conn = sqlite3.connect(db)
    report.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    clean, killed = export_json(clean_db), export_json(db)
    report.exports_equal = clean == killed
    if not report.exports_equal:
        report.difference = first_difference(clean, killed)
    return report


def first_difference(a, b, path: str = "") -> str:
    """Where two exports first differ (for a precise report)."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: missing on one side"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{path}.{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"
