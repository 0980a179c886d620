"""The bad-input matrix of issue 11 as data: each case writes its inputs into a folder and
says which lines ``brinkwatch run`` must print and which articles must be stored.

Used by ``test_bad_input_matrix.py`` (one test per case) and by ``run_matrix.py``, which
regenerates the table in ``docs/RELIABILITY.md``. Every text here was written for these
tests.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Distinct short articles (different enough not to be near-duplicates of one another).
ARTICLES = {
    "Ferry service to the islands resumes": (
        "The ferry service between the mainland and the northern islands resumed on Tuesday "
        "after a week of storms kept the boats in harbour, the port authority said. Fishermen "
        "welcomed the news, and the first boat carried medical supplies and mail."
    ),
    "Teachers strike over unpaid wages": (
        "Teachers in three provinces walked out of their classrooms on Monday to demand wages "
        "that have gone unpaid since the spring. The education ministry called the strike "
        "illegal and said talks with the union would start on Thursday."
    ),
    "Flooding closes the valley road": (
        "Heavy rain flooded the only road through the valley overnight, cutting off four "
        "villages. Rescue crews used tractors to reach an elderly couple, and the regional "
        "governor asked the army for boats and helicopters."
    ),
    "Parliament delays the budget vote": (
        "Parliament postponed its vote on the budget until next month after the coalition "
        "partners failed to agree on fuel subsidies. The opposition accused the prime minister "
        "of hiding a deficit larger than the one announced in June."
    ),
    "Border crossing reopens after inspection dispute": (
        "The northern border crossing reopened on Saturday morning after customs officers from "
        "both countries settled a dispute over inspections of lorries. Queues of trucks had "
        "stretched for twelve kilometres, and drivers said they had waited two days."
    ),
    "Miners trapped after tunnel collapse": (
        "Eleven miners were trapped underground when a tunnel collapsed at a copper mine in the "
        "south, the company said on Wednesday. Rescuers drilled a narrow shaft to send down "
        "water and air while families gathered at the gate."
    ),
    "City council bans night markets": (
        "The city council voted to ban night markets in the old town, citing noise complaints "
        "and fire risks. Stall holders said the decision would ruin hundreds of families, and "
        "a petition against it gathered thousands of signatures within a day."
    ),
    "Drought cuts the wheat harvest": (
        "The wheat harvest fell by almost a third this year because of the longest drought in "
        "decades, the agriculture ministry said. Bread prices rose in the capital, and the "
        "government promised to release grain from the state reserve."
    ),
    "Hospital workers protest staff shortages": (
        "Nurses and porters at the central hospital marched through the city centre on Friday "
        "to protest staff shortages that, they said, left wards with one nurse for forty "
        "patients at night. The health minister agreed to meet their representatives."
    ),
    "Rail line to the coast electrified": (
        "The rail line to the coast was fully electrified after six years of works, cutting the "
        "journey to the port by an hour. The transport ministry said diesel trains would be "
        "moved to branch lines in the mountains."
    ),
    "Court frees jailed journalist": (
        "An appeals court ordered the release of a journalist who had spent eight months in "
        "pre-trial detention over an article about police corruption. Press freedom groups "
        "welcomed the ruling but said the charges should be dropped."
    ),
    "Power cuts hit the eastern districts": (
        "Rolling power cuts hit the eastern districts for a third day as a fault at the main "
        "substation left the grid short of capacity. Shops closed early, and the water company "
        "warned that pumps on the hills could stop."
    ),
}
TITLES = list(ARTICLES)


def article_text(title: str) -> str:
    return f"{title}\n\n{ARTICLES[title]}\n"


def write_article(folder: Path, name: str | bytes, title: str) -> None:
    target = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(article_text(title))


@dataclass
class Case:
    """One row of the matrix: inputs, the exact lines printed, the articles stored."""

    key: str
    row: str  # the matrix row, in the words
    build: Callable[[Path], None]
    skipped: dict[str, str] = field(default_factory=dict)  # shown path (relative) -> reason
    skipped_prefix: dict[str, str] = field(default_factory=dict)  # when a library adds detail
    titles: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    check: Callable[[object], None] | None = None  # extra check on the sqlite3 connection
    unreadable: tuple[str, ...] = ()  # names whose open() raises PermissionError
    result: str = ""  # what the table in docs/RELIABILITY.md says about it


# -- builders -------------------------------------------------------------------------------
def _binary(folder: Path) -> None:
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
    write_article(folder, "good.txt", TITLES[0])


def _zero(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.jsonl").write_bytes(b"")
    write_article(folder, "good.txt", TITLES[1])


def _invalid_utf8(folder: Path) -> None:
    text = article_text(TITLES[2]).encode("utf-8")
    (folder / "broken.txt").write_bytes(text[:40] + b"\xc3\x28" + text[40:])
    mixed = ("Café reopens\n\n" + ARTICLES[TITLES[2]]).encode("utf-8")
    (folder / "damaged.txt").write_bytes(mixed[:60] + b"\xe2\x82" + mixed[60:])
    write_article(folder, "good.txt", TITLES[3])


def _utf16(folder: Path) -> None:
    (folder / "le.txt").write_bytes(codecs.BOM_UTF16_LE + article_text(TITLES[4]).encode("utf-16-le"))
    (folder / "be.txt").write_bytes(codecs.BOM_UTF16_BE + article_text(TITLES[5]).encode("utf-16-be"))
    (folder / "bom8.txt").write_bytes(codecs.BOM_UTF8 + article_text(TITLES[6]).encode("utf-8"))


def _latin1(folder: Path) -> None:
    text = "Café owners protest new tax\n\nThe café owners of the old square marched to the town hall on Monday."
    (folder / "latin1.txt").write_bytes(text.encode("latin-1"))
    (folder / "cp1252.txt").write_bytes(("“Quoted” headline\n\n" + ARTICLES[TITLES[8]]).encode("cp1252"))
    write_article(folder, "good.txt", TITLES[7])


def _huge(folder: Path) -> None:
    with (folder / "huge.txt").open("wb") as handle:  # sparse: 200 MB on paper, no disk used
        handle.truncate(200 * 1000 * 1000)
    write_article(folder, "good.txt", TITLES[8])


def _jsonl_stream(folder: Path) -> None:
    lines = [json.dumps({"id": f"a{i}", "title": t, "text": ARTICLES[t]}) for i, t in enumerate(TITLES[:6])]
    lines.insert(3, json.dumps({"id": "big", "title": "Too long", "text": "word " * 600}))
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _jsonl_bad_lines(folder: Path) -> None:
    good = [json.dumps({"title": t, "text": ARTICLES[t]}) for t in TITLES[6:9]]
    rows = [
        good[0].encode(),
        b'{"title": "Cut short", "text": "The minist',
        b"[1, 2, 3]",
        b'{"title": "No body"}',
        good[1].encode(),
        b'{"title": "Bad bytes", "text": "caf\xe9 au lait and more words to read here"}',
        b"",
        good[2].encode(),
    ]
    (folder / "batch.jsonl").write_bytes(b"\n".join(rows) + b"\n")


def _html_scripts(folder: Path) -> None:
    (folder / "scripted.html").write_text(
        "<html><head><title>Dam <script>alert(1)</script> inspection ordered</title>"
        "<script>document.write('pwned')</script><style>p{display:none}</style></head><body>"
        "<article><h1>Dam inspection ordered</h1>"
        "<p>Engineers were ordered on Thursday to inspect the old dam above the town after "
        "cracks appeared in its western wall, the water agency said.<img src=x onerror=alert(2)></p>"
        "<iframe src='javascript:alert(3)'>iframe text</iframe>"
        "<p>Residents living below the dam were told to prepare for a possible evacuation. "
        "<a href='javascript:alert(4)'>Read more</a></p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "broken.html").write_text(
        "<html><body><div><p>Unclosed paragraph about the harvest festival, which drew farmers "
        "from every village in the district to the market square on Sunday<div><b>bold <i>and "
        "italic</b> words</i><table><tr><td>stray cell</p></body>",
        encoding="utf-8",
    )


_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
    "<rss version=\"2.0\"><channel><title>Leaky</title><item><title>&xxe;</title>"
    "<description>An item whose title would be a file of this machine.</description></item></channel></rss>"
)
_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + ']>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bomb</title><entry><title>&j;</title>'
    "<content>boom</content></entry></feed>"
)


def _feeds(folder: Path) -> None:
    (folder / "xxe.rss").write_text(_XXE, encoding="utf-8")
    (folder / "bomb.atom").write_text(_BOMB, encoding="utf-8")
    # Malformed as well as hostile: the lenient parser must never see it.
    (folder / "xxe_broken.xml").write_text(_XXE.replace("</channel></rss>", "<item>"), encoding="utf-8")
    entries = "".join(
        f"<entry><title>{t}</title><id>urn:{i}</id><updated>2023-10-0{i + 1}T10:00:00Z</updated>"
        f"<content type=\"html\">&lt;p&gt;{ARTICLES[t]}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content></entry>"
        for i, t in enumerate(TITLES[9:11])
    )
    (folder / "safe.atom").write_text(
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Safe wire</title>{entries}</feed>',
        encoding="utf-8",
    )


def warc_bytes(titles: list[str]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i, title in enumerate(titles):
        html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{ARTICLES[title]}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/{i}", "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(record)
    return out.getvalue()


def _truncated(folder: Path) -> None:
    whole = warc_bytes(TITLES[:2])
    (folder / "cut.warc.gz").write_bytes(whole[: len(whole) - 200])
    data = gzip.compress(article_text(TITLES[2]).encode() * 3)
    (folder / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    lines = "".join(json.dumps({"title": t, "text": ARTICLES[t]}) + "\n" for t in TITLES[3:9])
    zipped = gzip.compress(lines.encode())
    (folder / "cut.jsonl.gz").write_bytes(zipped[: len(zipped) - 40])
    (folder / "whole.txt.gz").write_bytes(gzip.compress(article_text(TITLES[11]).encode()))


def _symlinks(folder: Path) -> None:
    os.symlink("self", folder / "self")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    os.symlink("missing.txt", folder / "dangling.txt")
    write_article(folder / "sub", "good.txt", TITLES[0])


def _unreadable(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    (folder / "folder.txt").mkdir()
    write_article(folder / "folder.txt", "inside.txt", TITLES[1])
    write_article(folder, "locked.txt", TITLES[2])
    write_article(folder, "locked.jsonl", TITLES[3])
    write_article(folder, "good.txt", TITLES[4])


def _odd_paths(folder: Path) -> None:
    write_article(folder, "with space.txt", TITLES[0])
    write_article(folder, "ünïcødé 报道.txt", TITLES[1])
    write_article(folder, "new\nline.txt", TITLES[2])
    write_article(folder, b"latin\xe9name.txt", TITLES[3])
    (folder / "tab\there\x1b[31mred.txt").write_bytes(b"")


def _duplicate_ids(folder: Path) -> None:
    rows = [
        {"id": "x1", "title": TITLES[5], "text": ARTICLES[TITLES[5]]},
        {"id": "x2", "title": TITLES[6], "text": ARTICLES[TITLES[6]]},
        {"id": "x1", "title": "Another text, same id", "text": ARTICLES[TITLES[7]]},
        {"id": "x2", "title": TITLES[6], "text": ARTICLES[TITLES[6]]},  # same text again: a copy
    ]
    (folder / "dups.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _dates(folder: Path) -> None:
    rows = [
        {"title": TITLES[8], "text": ARTICLES[TITLES[8]], "published": "2999-05-01"},
        {"title": TITLES[9], "text": ARTICLES[TITLES[9]], "published": "1850-03-03T10:00:00Z"},
        {"title": TITLES[10], "text": ARTICLES[TITLES[10]], "published": "2021-06-30"},
    ]
    (folder / "dated.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (folder / "cue.txt").write_text(article_text(TITLES[11]) + "\nPublished: May 1, 2999\n", encoding="utf-8")


def _sizes(folder: Path) -> None:
    (folder / "one_word.txt").write_text("Ceasefire", encoding="utf-8")
    words = ("The talks went on all night and nobody left the hall. " * 100_001).split()[:1_000_000]
    (folder / "million.txt").write_text("A million words\n\n" + " ".join(words), encoding="utf-8")
    write_article(folder, "good.txt", TITLES[0])


# -- the checks a case needs beyond lines and titles -----------------------------------------
def _no_script_text(conn) -> None:
    for (text, title) in conn.execute("SELECT text, coalesce(title, '') FROM documents"):
        for bad in ("alert(", "document.write", "pwned", "javascript:", "onerror"):
            assert bad not in text and bad not in title, (bad, title)


def _no_entity_content(conn) -> None:
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    for (text, title) in conn.execute("SELECT text, coalesce(title, '') FROM documents"):
        assert "aaaaaaaaaa" not in text + title
        if hostname:
            assert hostname not in title


def _date_reasons(conn) -> None:
    rows = {r[0]: r[1:] for r in conn.execute("SELECT title, published, published_source, published_evidence FROM documents")}
    assert rows[TITLES[8]] == (None, "unknown", "metadata date 2999-05-01 ignored: in the future")
    assert rows[TITLES[9]] == (None, "unknown", "metadata date 1850-03-03 ignored: before 1900")
    assert rows[TITLES[10]][:2] == ("2021-06-30", "metadata")
    assert rows[TITLES[11]] == (None, "unknown", "text date 2999-05-01 ignored: in the future")


def _exact_copy_kept(conn) -> None:
    copies = {r[0] for r in conn.execute("SELECT source_path FROM copies")}
    assert any(p.endswith("dups.jsonl#L4") for p in copies), copies


def _odd_names_kept(conn) -> None:
    paths = {r[0] for r in conn.execute("SELECT source_path FROM documents")}
    names = {os.path.basename(p) for p in paths}
    assert {"with space.txt", "ünïcødé 报道.txt", "new\nline.txt", "latin\\xe9name.txt"} <= names, names


CASES = [
    Case("binary", "binary file", _binary, {"photo.txt": "binary file, not text"}, titles=(TITLES[0],),
         result="refused: `binary file, not text`"),
    Case("zero_byte", "zero-byte files", _zero,
         {"empty.txt": "empty file (0 bytes)", "empty.jsonl": "empty file (0 bytes)"}, titles=(TITLES[1],),
         result="refused: `empty file (0 bytes)`"),
    Case("invalid_utf8", "invalid UTF-8", _invalid_utf8,
         {"broken.txt": "not valid UTF-8 (byte 0xc3 at offset 40); it looks like Latin-1 (ISO-8859-1) or "
                        "another 8-bit encoding: convert the file to UTF-8",
          "damaged.txt": "not valid UTF-8 (byte 0xe2 at offset 60); the rest of the file is UTF-8, so these "
                         "bytes are damaged: convert the file to UTF-8"},
         titles=(TITLES[3],), result="refused with the first bad byte, its offset and the likely encoding"),
    Case("utf16_bom", "UTF-16 with BOM (LE, BE), UTF-8 with BOM", _utf16, titles=(TITLES[4], TITLES[5], TITLES[6]),
         result="decoded and stored"),
    Case("latin1", "Latin-1 / Windows-1252", _latin1,
         {"latin1.txt": "not valid UTF-8 (byte 0xe9 at offset 3); it looks like Latin-1 (ISO-8859-1) or another "
                        "8-bit encoding: convert the file to UTF-8",
          "cp1252.txt": "not valid UTF-8 (byte 0x93 at offset 0); it looks like Windows-1252 or another 8-bit "
                        "encoding: convert the file to UTF-8"},
         titles=(TITLES[7],),
         result="refused, naming the likely encoding (not guessed: every 8-bit encoding accepts any byte)"),
    Case("huge_file", "a 200 MB file", _huge,
         {"huge.txt": "file is 200 MB, over the 20 MB limit (raise it with --max-bytes)"}, titles=(TITLES[8],),
         result="refused from its size before reading (`--max-bytes`, default 20 MB)"),
    Case("jsonl_streamed", "JSONL larger than --max-bytes (streamed)", _jsonl_stream,
         {"batch.jsonl#L4": "line 4: over the 1,000 bytes limit for one line (raise it with --max-bytes)"},
         titles=tuple(TITLES[:6]), options=("--max-bytes", "1000"),
         result="read line by line; `--max-bytes` limits each line; the over-long line is named"),
    Case("jsonl_bad_lines", "JSONL with bad lines", _jsonl_bad_lines,
         {"batch.jsonl#L2": "line 2: truncated JSON (Unterminated string starting at)",
          "batch.jsonl#L3": "line 3: not a JSON object",
          "batch.jsonl#L4": "line 4: no 'text' string",
          "batch.jsonl#L6": "line 6: not valid UTF-8 (byte 0xe9 at offset 687); it looks like Latin-1 "
                            "(ISO-8859-1) or another 8-bit encoding: convert the file to UTF-8"},
         titles=tuple(TITLES[6:9]), result="each bad line named with its number; the other lines stored"),
    Case("html_scripts", "HTML with scripts, iframes, broken markup", _html_scripts, titles=("Dam inspection ordered",),
         check=_no_script_text, result="stored; no script, iframe or handler text in titles or texts"),
    Case("feeds_entities", "RSS/Atom with external entities and entity bombs", _feeds,
         {"xxe.rss": "feed refused: it declares XML entities or a DTD (entity expansion and external "
                     "entities are not allowed)",
          "bomb.atom": "feed refused: it declares XML entities or a DTD (entity expansion and external "
                       "entities are not allowed)",
          "xxe_broken.xml": "feed refused: it declares XML entities or a DTD (entity expansion and external "
                            "entities are not allowed)"},
         titles=(TITLES[9], TITLES[10]), check=_no_entity_content,
         result="refused before parsing (nothing expanded or fetched); a safe Atom feed is read"),
    Case("truncated", "truncated WARC and gzip", _truncated,
         {"cut.txt.gz": "truncated or invalid gzip (Compressed file ended before the end-of-stream marker "
                        "was reached)"},
         skipped_prefix={"cut.warc.gz#record2": "truncated WARC record: its last ",
                         "cut.jsonl.gz": "truncated or invalid gzip ("},
         titles=(TITLES[0], TITLES[3], TITLES[11]),
         result="the records before the cut are stored; the cut is named"),
    Case("symlinks", "symlink loops", _symlinks,
         {"self": "symlink loop: the link leads back to itself",
          "sub/up": "symlink loop: folder already visited",
          "dangling.txt": "broken symlink"},
         titles=(TITLES[0],), result="named; the walk goes on"),
    Case("unreadable", "unreadable files (permission, FIFO, folder named .txt)", _unreadable,
         {"pipe.txt": "not a regular file (a named pipe)",
          "locked.txt": "cannot read: permission denied",
          "locked.jsonl": "cannot read: permission denied"},
         titles=(TITLES[1], TITLES[4]), unreadable=("locked.txt", "locked.jsonl"),
         result="named without opening a pipe (which would block); a folder named `*.txt` is walked"),
    Case("odd_paths", "paths with spaces, unicode, newlines, control and non-UTF-8 bytes", _odd_paths,
         {"tab\there\x1b[31mred.txt": "empty file (0 bytes)"},
         titles=tuple(TITLES[:4]), check=_odd_names_kept,
         result="stored; printed paths escape control characters so each error stays one line"),
    Case("duplicate_ids", "duplicate ids", _duplicate_ids,
         {"dups.jsonl#L3": 'line 3: duplicate id "x1" (first on line 1) with a different text; give each '
                           "article its own id"},
         titles=(TITLES[5], TITLES[6]), check=_exact_copy_kept,
         result="same id, other text: refused with both line numbers; same text again: kept as a copy"),
    Case("dates", "dates in the future or before 1900", _dates, titles=tuple(TITLES[8:12]), check=_date_reasons,
         result="ignored as publication dates; the reason is stored in `published_evidence`"),
    Case("text_sizes", "texts of one word or of a million words", _sizes,
         {"one_word.txt": "no text after extraction worth analysing (9 letters or digits; an article needs "
                          "at least 20)",
          "million.txt": "text is 4,909,106 characters, over the 1,000,000-character limit for one article; "
                         "split it into articles"},
         titles=(TITLES[0],),
         result="refused with the reason (the analyser's limit is 2,000,000 characters)"),
]
