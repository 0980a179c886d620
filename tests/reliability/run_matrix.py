"""Regenerate docs/RELIABILITY.md: the bad-input matrix, SIGKILL fault injection over the
bench corpus, storage faults and a bounded fuzzing run, each with its measured result.

    python tests/reliability/run_matrix.py --kills 20 --docs 300 --fuzz-seconds 120 -o docs/RELIABILITY.md

(``make reliability`` runs exactly that.) Exit status 1 when any row fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from reliability.cases import CASES  # noqa: E402
from reliability.harness import make_base_store, run_case  # noqa: E402
from reliability.killer import kill_and_rerun, make_corpus  # noqa: E402

SHARED = Path(os.environ.get("BRINKWATCH_SHARED", ROOT.parent / "shared"))


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() + ("+local changes" if dirty.stdout.strip() else "")


def bad_input_rows(work: Path) -> list[tuple[str, str, str]]:
    (work / "base").mkdir(parents=True)
    base = make_base_store(work / "base")
    rows = []
    for case in CASES:
        folder = work / case.key
        folder.mkdir()
        outcome = run_case(case, folder, base)
        shown = [line.split(": ", 2)[-1] for line in outcome.lines]
        detail = "; ".join(f"`{s}`" for s in shown[:3]) + (" …" if len(shown) > 3 else "")
        stored = f"{len(case.titles)} good input(s) stored, earlier article kept, integrity ok" if outcome.ok else ""
        verdict = "pass" if outcome.ok else f"FAIL (exit {outcome.exit_code}, missing {outcome.missing_titles}, {outcome.check_error})"
        rows.append((case.row, f"{case.result}. {stored}".strip() + (f"<br>errors: {detail}" if detail else ""), verdict))
    return rows


def fault_rows(work: Path) -> list[tuple[str, str, str]]:
    report = work / "faults.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests/reliability/test_faults.py"),
         "-k", "not sigkill", f"--junitxml={report}"],
        cwd=ROOT, capture_output=True, text=True,
    )
    rows = []
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("name", "").removeprefix("test_").replace("_", " ")
        if case.find("failure") is not None or case.find("error") is not None:
            verdict = "FAIL"
        elif case.find("skipped") is not None:
            verdict = "skipped: " + (case.find("skipped").get("message") or "")[:80]
        else:
            verdict = "pass"
        rows.append((name, "one `Error: …` line, exit 1, no traceback; the store stays intact", verdict))
    return rows


def kill_section(work: Path, kills: int, docs: int) -> tuple[list[str], bool]:
    bench = SHARED / "bench" / "reuters21578.jsonl.gz"
    if not bench.exists():
        return [f"Skipped: {bench} is absent."], True
    corpus = make_corpus(bench, work / "corpus", docs)
    start = time.monotonic()
    report = kill_and_rerun(corpus, work / "kills", kills=kills, seed=2024, docs=docs)
    lines = [
        f"{docs} Reuters-21578 articles from `shared/bench` in 4 JSONL files; a clean run took "
        f"{report.clean_seconds} s (first write after {report.first_write} s). {report.landed} runs were "
        f"killed with SIGKILL mid-run at random times (seed 2024; {len(report.kills) - report.landed} drawn "
        f"times fell after a resumed run had already ended and were tried again) on one store, then one "
        f"run went to the end "
        f"({time.monotonic() - start:.0f} s in all).",
        "",
        "| kill | after (s) | where | documents | analyses | stories |",
        "|---|---|---|---|---|---|",
    ]
    for i, kill in enumerate(report.kills, start=1):
        lines.append(f"| {i} | {kill['after_s']} | {kill['where']} | {kill['documents']} | {kill['analyses']} | {kill['stories']} |")
    ok = report.integrity == "ok" and report.exports_equal and report.final_exit == 0 and report.landed == kills
    lines += [
        "",
        f"Result: `PRAGMA integrity_check` = `{report.integrity}`; final run exit {report.final_exit}; "
        f"export identical to the clean run's: **{'yes' if report.exports_equal else 'NO: ' + report.difference}**.",
    ]
    return lines, ok


def fuzz_section(seconds: int) -> tuple[list[str], bool]:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return ["Skipped: atheris is not installed (`pip install -e '.[fuzz]'`)."], True
    proc = subprocess.run(
        [sys.executable, str(ROOT / "fuzz/fuzz_readers.py"), f"-max_total_time={seconds}", "-rss_limit_mb=3000"],
        cwd=tempfile.gettempdir(), capture_output=True, text=True,
    )
    done = [line for line in proc.stderr.splitlines() if "DONE" in line or line.startswith("Done ")]
    summary = " / ".join(done[-2:]) if done else proc.stderr.strip().splitlines()[-1:]
    ok = proc.returncode == 0
    return [f"`python fuzz/fuzz_readers.py -max_total_time={seconds}`: exit {proc.returncode} "
            f"({'no finding' if ok else 'FINDING, see the output'}); `{summary}`."], ok


def load_section() -> tuple[str, bool]:
    """The dashboard load test's one-line summary (needs Debian's wrk)."""
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "load_web.py"), "--seconds", "60"],
                          capture_output=True, text=True)
    summary = (proc.stdout.strip().splitlines() or [proc.stderr.strip()])[-1]
    return summary, proc.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--fuzz-seconds", type=int, default=120)
    parser.add_argument("-o", "--output", default=str(ROOT / "docs/RELIABILITY.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="brinkwatch-reliability-") as tmp:
        work = Path(tmp)
        (work / "bad").mkdir()
        matrix = bad_input_rows(work / "bad")
        faults = fault_rows(work)
        kills, kills_ok = kill_section(work, args.kills, args.docs)
        fuzz, fuzz_ok = fuzz_section(args.fuzz_seconds)
        load, load_ok = load_section()
    failed = [r for r in matrix + faults if r[2].startswith("FAIL")] or not (kills_ok and fuzz_ok and load_ok)
    out = [
        "# Reliability: bad inputs, faults, fuzzing",
        "",
        f"Regenerated by `make reliability` on {dt.date.today().isoformat()}, commit {_commit()}, "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores.",
        "The same cases run in `make test` (`tests/reliability/`, `tests/ingest/test_properties.py`) with "
        "5 kills over 40 documents instead of 20 over 300, and a 15 s atheris run instead of 120 s.",
        "",
        "## Decisions",
        "- **Encodings**: UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded. Every other "
        "encoding is refused, naming the first bad byte, its offset and the likely encoding "
        "(Latin-1, Windows-1252, or damaged UTF-8): 8-bit encodings accept any byte, so guessing "
        "would store garbled text without a word.",
        "- **Size**: a file over `--max-bytes` (default 20 MB) is refused from its size, before it is "
        "read. JSONL (also `.jsonl.gz`) is streamed line by line, so the limit applies to each line "
        "(one article) and a file of any size is read in bounded memory. One article's text is "
        "limited to 1,000,000 characters (spaCy's limit is raised to 2,000,000 in `analyze/nlp.py`).",
        "- **Feeds** declaring a DTD or entities are refused before any parser sees them: no entity "
        "is expanded and nothing external is fetched, even when the feed is also malformed.",
        "- **Dates** in the future (beyond a day of clock skew) or before 1900 are not publication "
        "dates; the reason is stored in `published_evidence` (`metadata date 2999-05-01 ignored: in "
        "the future`).",
        "- **Duplicate ids** in one JSONL file: the same text again is an exact copy (kept as a copy); "
        "another text under the same id is refused, naming both line numbers.",
        "- **Printed paths** escape control characters (`\\n`, `\\x1b`), and file-name bytes that are "
        "not UTF-8 are shown as `\\xNN`, so every error is one line.",
        "",
        "## Bad-input matrix",
        "",
        "| input | result | verdict |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in matrix],
        "",
        "## Storage faults",
        "",
        "| fault | expected | verdict |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in faults],
        "",
        "## SIGKILL at random points of a run",
        "",
        *kills,
        "",
        "## Fuzzing",
        "",
        "- Property tests (hypothesis, in `make test`): the date readers never raise and read back "
        "written, ISO and RFC 2822 dates; only plausible cue dates are kept; every reader returns "
        "only documents or problems for any bytes under any suffix; JSONL gives one output per "
        "non-blank line; documents, raw documents, problems and analyses survive the store's JSON "
        "round trip unchanged.",
        "- Coverage-guided (atheris, `fuzz/fuzz_readers.py`): " + " ".join(fuzz),
        "",
        "## Web",
        "",
        "- Load on loopback (`bench/load_web.py`, wrk over a 9-URL mix of pages and API calls, "
        "60 s, 8 connections): " + load + ".",
        "- `serve` answers every request while `run` writes to the same store (WAL): "
        "`tests/reliability/test_serve_during_run.py` polls pages and the API through a run and "
        "sees only 200s and a document count that only grows.",
        "- In `make test` (`tests/web/`): every SQL statement is parameterised and search terms "
        "are quoted for FTS5; `/static` refuses path traversal; article text, titles and entity "
        "names with `<script>` and `onerror=` are escaped on every page and a browser test checks "
        "no script runs; the server binds 127.0.0.1 unless `--allow-remote` and a token are given; "
        "request bodies over 16 KiB and query strings over 4 KiB are refused with the API's one "
        "error shape; only GET is served; the store file is unchanged after serving.",
    ]
    Path(args.output).write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {args.output}" + (" (with failures)" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
