"""The map stage's speed-ups give what the plain computations give.

Shared per-document views (entities, sentences), the timex trigger prefilter, the actor
dictionary's first-word pruning, and analysis in warm worker processes. Texts are our own.
"""

from __future__ import annotations

import json

from brinkwatch.analyze.nlp import doc_ents, doc_sents, span_ents, token_sentences

TEXT = (
    "Officials in Belgrade said on Monday that two police officers were injured near the "
    "border with Kosovo. The European Union urged both sides to show restraint.\n\n"
    "NATO peacekeepers patrolled the area on Tuesday, and Serbian President Aleksandar "
    "Vucic threatened to impose sanctions by March 3, 2024. About 300 protesters gathered "
    "in Pristina every week since last year; the U.S. State Department said it was concerned."
)


def test_shared_entity_and_sentence_views_equal_spacy(nlp):
    doc = nlp(TEXT)
    assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert doc_ents(doc) is doc_ents(doc)  # built once
    sents = list(doc.sents)
    assert [(s.start, s.end) for s in doc_sents(doc)] == [(s.start, s.end) for s in sents]
    for sent in sents:
        assert [(e.start, e.end) for e in span_ents(sent)] == [(e.start, e.end) for e in sent.ents]
    index = token_sentences(doc)
    assert [index[t.i] for t in doc] == [n for n, s in enumerate(sents) for _ in s]


def test_timex_trigger_prefilter_finds_what_a_full_scan_finds():
    from brinkwatch.analyze.timex import RULES, _matches, split_sentences

    text = TEXT + " Talks resume next Wednesday, two weeks after the Christmas holidays, in Q3."
    lowered = text.lower()
    chunks = split_sentences(text)
    present: dict = {}
    for rule in RULES:
        if rule.trigger is None:
            continue
        full = [m.span() for s, e in chunks
                if any(lowered.find(k, s, e) >= 0 for k in rule.trigger)
                for m in rule.pattern.finditer(text, s, e)]
        assert [m.span() for m in _matches(rule, text, lowered, chunks, present)] == full, rule.name


def _naive_match(tokens):
    """The actor dictionary look-up without pruning: every window length at every token."""
    from brinkwatch.coding.actors import _max_len, load_dictionary

    table = load_dictionary()
    found, i = [], 0
    while i < len(tokens):
        hit = None
        for n in range(min(_max_len(), len(tokens) - i), 0, -1):
            window = tokens[i:i + n]
            lowered = tuple(t.text.lower() for t in window)
            variants = [(True, tuple(t.text for t in window)), (False, lowered),
                        (False, lowered[:-1] + (window[-1].lemma.lower(),))]
            if window[-1].text[:1].isupper() and lowered[-1].endswith("s"):
                variants.append((False, lowered[:-1] + (lowered[-1][:-1],)))
            for cs, words in variants:
                entry = table.get((cs, words))
                if entry is None or (entry.kind == "role" and window[-1].pos not in ("", "NOUN", "PROPN")):
                    continue
                hit = (i, i + n, entry)
                break
            if hit:
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def test_actor_dictionary_pruning_matches_every_window(nlp):
    from brinkwatch.coding.actors import Tok, _match, load_dictionary

    doc = nlp(TEXT)
    phrases = [[Tok(t.text, t.lemma_, t.pos_, t.idx) for t in sent] for sent in doc.sents]
    # every multi-word pattern of the dictionary, alone and inside a phrase
    for _, words in list(load_dictionary())[:400]:
        toks = [Tok(w, w) for w in ("the", *words, "said")]
        phrases.append(toks)
    for toks in phrases:
        assert _match(toks) == _naive_match(toks)


_DOCS = [
    TEXT,
    "Protesters blocked the main road into Skopje on Friday, demanding the resignation of the "
    "interior minister after a week of strikes by teachers and nurses.",
    "The foreign ministers of Greece and Turkey met in Athens on Thursday and agreed to resume "
    "talks on maritime borders next month, a spokesman said.",
    "Gunmen attacked a checkpoint outside Kirkuk overnight, killing three soldiers and wounding "
    "five, the Iraqi army said in a statement on Sunday.",
    "Russia expelled 12 diplomats from Moscow on Wednesday in response to sanctions announced "
    "by Washington last week over the cyber attacks.",
    "Election observers reported long queues in Tbilisi as polls opened on Saturday; turnout "
    "reached 48 percent by noon, according to the commission.",
    "Police in Nairobi arrested about 40 people after clashes between rival supporters left "
    "at least two dead, officials said on Monday evening.",
    "The United Nations appealed for $300 million in aid for Sudan, where fighting has forced "
    "more than a million people from their homes since April.",
    "Ukraine and Poland signed a grain transit deal in Warsaw on Tuesday, ending a dispute that "
    "had closed border crossings for three weeks.",
]


def test_warm_workers_give_the_same_store_as_one_process(tmp_path):
    from brinkwatch.pipeline import run
    from brinkwatch.settings import Settings
    from brinkwatch.store.db import Store
    from brinkwatch.store.export import export_dict

    src = tmp_path / "in.jsonl"
    lines = []
    for n, text in enumerate(_DOCS):
        lines.append(json.dumps({"id": f"a{n}", "title": f"Report {n}", "published": f"2024-03-{n + 1:02d}",
                                 "text": text}))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exports = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        report = run([str(src)], str(db), Settings(workers=workers, batch_size=4))
        assert report.analysed == len(_DOCS) and report.ok
        with Store(str(db)) as store:
            data = export_dict(store)
            analyses = store.rows("SELECT doc_id, data FROM analyses ORDER BY doc_id")
        exports.append((json.dumps(data, sort_keys=True, default=str), [tuple(r) for r in analyses]))
    assert exports[0][1] == exports[1][1]
    assert exports[0][0] == exports[1][0]
