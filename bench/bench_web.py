"""Dashboard page render time on a synthetic 10k-document store (target: < 300 ms per page).

Builds a store by inserting rows directly (invented words, no third-party text): N documents
of ~400 words in stories of ~30, entities, mentions, events with 2 source spans each, claims,
timeline and escalation rows; then requests every page type through the ASGI app (Starlette's
TestClient, in process) and reports the median and worst wall time per page, which bounds the
server time from above.

    .venv/bin/python bench/bench_web.py [--docs 10000] [--repeat 5] [--db PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from brinkwatch.store.db import Store

WORDS = ("border troops ministry talks envoy patrol convoy bridge village council police "
         "checkpoint statement clash protest sanctions summit ceasefire militia airport river "
         "northern southern mayor deputy governor officials said reported confirmed denied "
         "according army drill tanks artillery residents market election referendum mediators").split()
ACTORS = [("VLD", "Valdoria"), ("KRS", "Karsk"), ("LMN", "Lumenia"), ("TRV", "Torvia"),
          ("OST", "Ostmark"), ("IGO", "The League")]


def _text(rng: random.Random, words: int) -> str:
    sentences, out = [], []
    for i in range(words):
        out.append(rng.choice(WORDS))
        if len(out) >= rng.randint(12, 24) or i == words - 1:
            sentences.append(" ".join(out).capitalize() + ".")
            out = []
    return " ".join(sentences)


def build(path: Path, docs: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"documents": docs, "stories": 0, "entities": 0, "events": 0, "claims": 0}
    with Store(path) as store, store.transaction() as conn:
        entities = []
        for i in range(max(50, docs // 4)):
            code, country = rng.choice(ACTORS)
            entities.append((f"e{i:06d}", f"{country} official {i}", rng.choice(["PERSON", "ORG", "GPE"]),
                             code[:2], None, "[]", None))
        conn.executemany("INSERT INTO entities (id, name, type, country, role, aliases, merge_reasons) "
                         "VALUES (?,?,?,?,?,?,?)", entities)
        counts["entities"] = len(entities)
        timeline_pos = 0
        for d in range(docs):
            day = f"2024-{1 + d * 12 // docs:02d}-{1 + d % 28:02d}"
            text = _text(rng, 400)
            doc_id = f"d{d:06d}"
            conn.execute(
                "INSERT INTO documents (id, text, title, outlet, url, published, published_source, "
                "source_path, fingerprint, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (doc_id, text, _text(rng, 9)[:80], f"Outlet {d % 40}", None, day, "metadata",
                 f"corpus/{doc_id}.txt", doc_id, "2024-12-01T00:00:00+00:00"))
            conn.execute("INSERT INTO document_dates (doc_id, anchor_date, anchor_source, reason) "
                         "VALUES (?,?,?,?)", (doc_id, day, "metadata", None))
            story = f"s{d // 30:05d}"
            if d % 30 == 0:
                conn.execute("INSERT INTO stories (id, title, first_date, last_date, thread, key_entities) "
                             "VALUES (?,?,?,?,?,?)", (story, _text(rng, 10)[:90], day, day, None, "[]"))
                counts["stories"] += 1
            else:
                conn.execute("UPDATE stories SET last_date = ? WHERE id = ?", (day, story))
            conn.execute("INSERT INTO story_documents (story_id, doc_id) VALUES (?,?)", (story, doc_id))
            for k in range(8):
                ent = entities[rng.randrange(len(entities))]
                start = k * 200
                conn.execute("INSERT OR IGNORE INTO mentions (entity_id, doc_id, start, end, text, label) "
                             "VALUES (?,?,?,?,?,?)", (ent[0], doc_id, start, start + 6, text[start:start + 6], ent[2]))
            for k in range(2):
                (sa, sn), (ta, tn) = rng.sample(ACTORS, 2)
                quad = rng.randint(1, 4)
                ev = f"v{d:06d}{k}"
                conn.execute(
                    "INSERT INTO events (id, date, date_precision, cameo, cameo_name, root, quad_class, "
                    "goldstein, source_entity, source_name, source_country, target_entity, target_name, "
                    "target_country, place_name, place_lat, place_lon, place_country, confidence, summary) "
                    "VALUES (?,?,'day',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (ev, day, f"{quad * 4:02d}0", "Synthetic", f"{quad * 4:02d}", quad,
                     rng.uniform(-10, 10), entities[rng.randrange(len(entities))][0], sn, sa, None,
                     tn, ta, "Tarn", 42 + rng.random() * 3, 19 + rng.random() * 3, "XX", 0.7,
                     f"{sn}: synthetic act ({quad}) toward {tn}"))
                counts["events"] += 1
                for other in {doc_id, f"d{max(0, d - 1):06d}"}:
                    s = 400 + 300 * k
                    conn.execute("INSERT OR IGNORE INTO event_mentions (event_id, doc_id, start, end, text) "
                                 "VALUES (?,?,?,?,?)", (ev, other, s, s + 120, "span"))
                conn.execute("INSERT INTO timeline (position, date, dated_by, event_id, summary, sources) "
                             "VALUES (?,?,?,?,?,?)", (timeline_pos, day, "event", ev, "synthetic", json.dumps([doc_id])))
                timeline_pos += 1
            if d % 5 == 0:
                cid = f"c{d:06d}"
                conn.execute("INSERT INTO claims (id, subject, property, status, reason) VALUES (?,?,?,?,?)",
                             (cid, "clash", "killed", rng.choice(["agreed", "disputed", "single-source"]), "synthetic"))
                counts["claims"] += 1
                conn.execute("INSERT INTO claim_values (claim_id, position, value, low, high, unit, qualifier, "
                             "doc_id, outlet, speaker, start, end, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             (cid, 0, 3, 3, 3, "person", None, doc_id, None, None, 10, 20, "x"))
        for week in range(1, 53):
            for (a, _), (b, _) in [(ACTORS[0], ACTORS[1]), (ACTORS[0], ACTORS[2]), (ACTORS[1], ACTORS[3])]:
                conn.execute("INSERT INTO escalation (actor_a, actor_b, period, events, goldstein_sum, q1, q2, "
                             "q3, q4, fatalities, sources, idx, band) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             (a, b, f"2024-W{week:02d}", 10, -5.0, 3, 2, 3, 2, 0, 4, rng.uniform(-2, 3),
                              rng.choice(["stable", "surge", "increase", "decrease"])))
    return counts


def measure(db: Path, repeat: int) -> list[dict]:
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

    from brinkwatch.web.app import create_app

    client = TestClient(create_app(db))
    mid = "d%06d" % (client.get("/api/documents", params={"limit": 1}).json()["total"] // 2)
    story = client.get("/api/stories", params={"limit": 1, "offset": 10}).json()["items"][0]["id"]
    event = client.get("/api/events", params={"document": mid, "limit": 1}).json()["items"][0]["id"]
    entity = client.get("/api/entities", params={"document": mid, "limit": 1}).json()["items"][0]["id"]
    pages = {
        "overview /": "/", "story": f"/stories/{story}", "event": f"/events/{event}",
        "entity": f"/entities/{entity}", "document + span": f"/documents/{mid}?span=400-520",
        "search (common word)": "/search?q=border", "search (two words)": "/search?q=ceasefire+summit",
        "escalation": "/escalation", "api events page": "/api/events?limit=50&dyad=VLD,KRS&sort=-date",
        "api documents filter": "/api/documents?from=2024-06-01&to=2024-06-30",
        "api events csv": "/api/events?format=csv&limit=1000",
    }
    out = []
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url  # warm-up (templates, page cache)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            answer = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert answer.status_code == 200
        out.append({"page": name, "url": url, "median_ms": round(statistics.median(times), 1),
                    "max_ms": round(max(times), 1), "bytes": len(answer.content)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="reuse or create this store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="bw-bench-web-")) / "bench.db"
    built_s = None
    if not db.exists():
        t0 = time.perf_counter()
        counts = build(db, args.docs)
        built_s = round(time.perf_counter() - t0, 1)
    else:
        counts = {"documents": args.docs}
    rows = measure(db, args.repeat)
    if args.json:
        print(json.dumps({"counts": counts, "build_s": built_s, "pages": rows}))
        return
    print(f"store: {db} {counts} built in {built_s} s")
    print("| page | median ms | worst ms | bytes |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['page']} | {r['median_ms']} | {r['max_ms']} | {r['bytes']} |")


if __name__ == "__main__":
    main()
