"""Bounded load test of `brinkwatch serve` on loopback (issue 11).

Builds a store from ../shared/seeds, starts the server on a free 127.0.0.1 port, and drives a
mix of pages and API calls with `wrk` (Debian package wrk) for a fixed time, then reports
requests/s, non-2xx answers, socket errors and latency. Only loopback is ever targeted; the
run is bounded by --seconds. Appends a dated section to bench/RESULTS.md with --write.

    python bench/load_web.py [--seconds 60] [--connections 8] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
PATHS = ["/", "/api/events?limit=20", "/api/stories", "/api/claims", "/api/timeline?limit=50",
         "/api/documents?limit=10", "/api/search?q=troops", "/escalation", "/api/entities?limit=20"]
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    exe = Path(sys.executable).with_name("brinkwatch")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.db"
        subprocess.run([str(exe), "run", str(SEEDS), "--db", str(db), "--quiet"], check=True)
        port = _free_port()
        server = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/api/stories", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            script = Path(tmp) / "mix.lua"
            script.write_text(LUA % ", ".join(f'"{p}"' for p in PATHS))
            out = subprocess.run(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "-s", str(script), base],
                capture_output=True, text=True, check=True, timeout=args.seconds + 30,
            ).stdout
        finally:
            server.terminate()
            server.wait(timeout=10)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    summary = (f"{args.seconds} s, {args.connections} connections, {len(PATHS)}-URL mix: {rps:.0f} requests/s, "
               f"{total} requests, {non2xx} non-2xx, {socket_errors} socket errors, latency p50 {p50}, p99 {p99}")
    print(summary)
    if args.write:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n## Dashboard load on loopback · {dt.date.today().isoformat()} · commit {commit}\n"
                         f"`python bench/load_web.py --seconds {args.seconds} --write` (wrk, seeds store): {summary}. "
                         "Target (issue 11): 200 requests/s with no errors for 60 s.\n")
    if non2xx or socket_errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
