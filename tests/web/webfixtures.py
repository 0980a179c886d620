"""Stores for the web tests: the seeds through the pipeline, and a small hand-made store.

The hand-made store is an invented crisis between two invented countries, Valdoria (VLD) and
Karsk (KRS), written for these tests: three documents (one carries a ``<script>`` in its title
and text), two stories, four events with source spans, one disputed and one agreed figure,
a timeline and escalation rows with a surge, and two events imported from public datasets
(one GDELT-shaped, one ACLED-shaped) that interleave with the timeline by date.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from brinkwatch.store.db import Store

SHARED = Path(os.environ.get("BRINKWATCH_SHARED", Path(__file__).resolve().parents[3] / "shared"))


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def shared_path(*parts: str) -> Path:
    """As tests/conftest.py's: skip when ../shared is absent, fail in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if in_ci():
            pytest.fail(f"{path} is missing, and CI=true requires the shared data")
        pytest.skip(f"{path} is absent: the shared data sits beside the project only in the dev setup")
    return path


SCRIPT = "<script>document.title='pwned'</script>"
TEXTS = {
    "dv1": ("Valdorian troops crossed the Karsk border at Tarn on Monday, officials said. "
            "Karsk said 300 soldiers took part. The Valdorian ministry said about 120 soldiers "
            "moved. Karsk recalled its ambassador from Valdoria."),
    "dv2": ("Karsk recalled its ambassador on Tuesday after the incursion at Tarn. "
            f"A message reading {SCRIPT} was posted on the ministry site. "
            "Officials in Karsk said 300 soldiers crossed the border."),
    "dv3": ("Valdoria and Karsk agreed to hold talks in Lumen next week, "
            "the mediators said. Two people were killed in the clashes, both sides confirmed."),
}


def _span(doc: str, phrase: str) -> tuple[int, int, str]:
    start = TEXTS[doc].index(phrase)
    return start, start + len(phrase), phrase


def build_fixture_store(path: Path) -> Path:
    """Write the Valdoria/Karsk store at ``path`` (schema by :class:`Store`, rows by SQL)."""
    with Store(path) as store, store.transaction() as conn:
        docs = [
            ("dv1", "Valdorian troops cross into Karsk", "Valdoria Herald", "2024-03-04", "a/dv1.txt"),
            ("dv2", f"Karsk recalls envoy {SCRIPT}", None, "2024-03-05", "b/karsk_news.html"),
            ("dv3", "Talks planned in Lumen", "Lumen Post", "2024-03-12", "c/dv3.txt"),
        ]
        for i, (doc_id, title, outlet, published, source) in enumerate(docs):
            conn.execute(
                "INSERT INTO documents (id, text, title, outlet, url, published, published_source, "
                "source_path, fingerprint, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (doc_id, TEXTS[doc_id], title, outlet,
                 "javascript:alert(1)" if doc_id == "dv2" else f"https://example.org/{doc_id}",
                 published, "metadata", source, f"fp{i}", f"2024-03-1{i}T00:00:00+00:00"))
            conn.execute("INSERT INTO document_dates (doc_id, anchor_date, anchor_source, reason) "
                     "VALUES (?,?,?,?)",
                         (doc_id, published, "metadata", None))
        conn.execute("INSERT INTO stories (id, title, first_date, last_date, thread, key_entities) "
                     "VALUES ('s1', 'Incursion at Tarn', '2024-03-04', "
                     "'2024-03-05', 't1', ?)", (json.dumps(["Valdoria", "Karsk"]),))
        conn.execute("INSERT INTO stories (id, title, first_date, last_date, thread, key_entities) "
                     "VALUES ('s2', 'Talks in Lumen', '2024-03-12', "
                     "'2024-03-12', 't1', '[]')")
        for story, doc in (("s1", "dv1"), ("s1", "dv2"), ("s2", "dv3")):
            conn.execute("INSERT INTO story_documents (story_id, doc_id) "
                     "VALUES (?,?)", (story, doc))
        conn.execute("INSERT INTO entities (id, name, type, country, role, aliases, merge_reasons) "
                     "VALUES ('eV', 'Valdoria', 'GPE', 'VL', 'GOV', ?, NULL)",
                     (json.dumps(["Valdorian"]),))
        conn.execute("INSERT INTO entities (id, name, type, country, role, aliases, merge_reasons) "
                     "VALUES ('eK', 'Karsk', 'GPE', 'KR', 'GOV', '[]', NULL)")
        conn.execute("INSERT INTO entities (id, name, type, country, role, aliases, merge_reasons) "
                     "VALUES ('eX', ?, 'PERSON', NULL, NULL, '[]', NULL)",
                     (f"Agent {SCRIPT}",))
        for ent, doc, phrase, label in (("eV", "dv1", "Valdorian", "NORP"), ("eK", "dv1", "Karsk", "GPE"),
                                        ("eK", "dv2", "Karsk", "GPE"), ("eV", "dv3", "Valdoria", "GPE"),
                                        ("eX", "dv2", "message", "PERSON")):
            s, e, t = _span(doc, phrase)
            conn.execute("INSERT INTO mentions (entity_id, doc_id, start, end, text, label) "
                     "VALUES (?,?,?,?,?,?)", (ent, doc, s, e, t, label))
        events = [
            ("v1", "2024-03-04", "190", "Use conventional military force", "19", 4, -10.0,
             "eV", "Valdoria", "VLD", "eK", "Karsk", "KRS", "Tarn", 45.5, 21.0, "KR",
             "Valdoria: use conventional military force (190) against Karsk at Tarn"),
            ("v2", "2024-03-05", "161", "Reduce or break diplomatic relations", "16", 3, -4.0,
             "eK", "Karsk", "KRS", "eV", "Valdoria", "VLD", None, None, None, None,
             "Karsk: reduce relations (161) with Valdoria"),
            ("v3", "2024-03-12", "036", "Express intent to meet or negotiate", "03", 1, 4.0,
             "eV", "Valdoria", "VLD", "eK", "Karsk", "KRS", "Lumen", 46.2, 20.1, "VL",
             f"Valdoria: intent to negotiate (036) with Karsk {SCRIPT}"),
            ("v4", None, "010", "Make statement", "01", 1, 0.0,
             None, "Karsk", "KRS", None, None, None, None, None, None, None, "Karsk: statement"),
        ]
        for ev in events:
            conn.execute(
                "INSERT INTO events (id, date, date_precision, cameo, cameo_name, root, quad_class, "
                "goldstein, source_entity, source_name, source_country, target_entity, target_name, "
                "target_country, place_name, place_lat, place_lon, place_country, confidence, summary) "
                "VALUES (?,?,'day',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0.8,?)", ev)
        spans = [("v1", "dv1", "Valdorian troops crossed the Karsk border at Tarn on Monday"),
                 ("v1", "dv2", "the incursion at Tarn"),
                 ("v2", "dv1", "Karsk recalled its ambassador from Valdoria."),
                 ("v2", "dv2", "Karsk recalled its ambassador on Tuesday"),
                 ("v3", "dv3", "Valdoria and Karsk agreed to hold talks in Lumen next week"),
                 ("v4", "dv2", f"A message reading {SCRIPT} was posted")]
        for ev, doc, phrase in spans:
            s, e, t = _span(doc, phrase)
            conn.execute("INSERT INTO event_mentions (event_id, doc_id, start, end, text) "
                     "VALUES (?,?,?,?,?)", (ev, doc, s, e, t))
        conn.execute("INSERT INTO claims (id, subject, property, status, reason) "
                     "VALUES ('c1', 'tarn incursion', 'troop_count', 'disputed', "
                     "'sources differ: 300 vs about 120')")
        conn.execute("INSERT INTO claims (id, subject, property, status, reason) "
                     "VALUES ('c2', 'clashes', 'killed', 'agreed', "
                     "'2 sources agree: 2')")
        values = [("c1", 0, 300, "soldier", None, "dv1", "Karsk", "300 soldiers"),
                  ("c1", 1, 120, "soldier", "about", "dv1", "Valdorian ministry", "about 120 soldiers"),
                  ("c1", 2, 300, "soldier", None, "dv2", "officials", "300 soldiers"),
                  ("c2", 0, 2, "person", None, "dv3", None, "Two people were killed")]
        for claim, pos, value, unit, qual, doc, speaker, phrase in values:
            s, e, t = _span(doc, phrase)
            conn.execute("INSERT INTO claim_values (claim_id, position, value, low, high, unit, qualifier, doc_id, outlet, speaker, start, end, text) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         (claim, pos, value, value, value, unit, qual, doc, None, speaker, s, e, t))
        for pos, (date, ev, summary, sources) in enumerate([
                ("2024-03-04", "v1", "Valdorian troops cross at Tarn", ["dv1", "dv2"]),
                ("2024-03-05", "v2", "Karsk recalls its ambassador", ["dv1", "dv2"]),
                ("2024-03-12", "v3", "Talks announced", ["dv3"])]):
            conn.execute("INSERT INTO timeline (position, date, dated_by, event_id, summary, sources) "
                     "VALUES (?,?,?,?,?,?)",
                         (pos, date, "event", ev, summary, json.dumps(sources)))
        for row in (
                ("gdelt2:900001", "gdelt2", "900001", "valdoria.export.CSV", "2024-03-05", "190",
                 "19", 4, -10.0, None, None, "VALDORIA", "VLD", "MIL", "KARSK", "KRS", None,
                 "Tarn", 45.1, 20.2, "VL", 0, 3, 6, -4.5, "https://news.example/tarn"),
                ("acled:KRS77", "acled", "KRS77", "karsk_acled.csv", "2024-03-20", None, None, 4,
                 None, "Battles", "Armed clash", "Military Forces of Valdoria", "VLD", "MIL",
                 "Military Forces of Karsk", "KRS", "MIL", "Oster", 45.3, 20.6, "KRS", 2, 1,
                 None, None, None)):
            conn.execute("INSERT INTO imported_events (id, dataset, native_id, source_file, date, "
                         "cameo, root, quad_class, goldstein, event_type, sub_event_type, "
                         "source_name, source_country, source_role, target_name, target_country, "
                         "target_role, place_name, place_lat, place_lon, place_country, "
                         "fatalities, sources, mentions, tone, url) VALUES "
                         "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
        for period, events_n, q, idx, band in (("2024-W09", 1, (0, 0, 0, 0), 0.0, "new"),
                                               ("2024-W10", 2, (0, 0, 1, 1), 3.5, "surge"),
                                               ("2024-W11", 1, (1, 0, 0, 0), -0.5, "decrease")):
            conn.execute("INSERT INTO escalation (actor_a, actor_b, period, events, goldstein_sum, "
                         "q1, q2, q3, q4, fatalities, sources, idx, band) "
                         "VALUES ('KRS','VLD',?,?,?,?,?,?,?,0,2,?,?)",
                         (period, events_n, -7.0, *q, idx, band))
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


