"""Dating, placing and cross-document merging of event candidates (no parser needed: the
analyses are built by hand from made-up articles)."""

from __future__ import annotations

import re

from brinkwatch.records import ActorRef, ArticleAnalysis, EventCandidate, Place, Span, TimeExpr
from brinkwatch.resolve.dates import Anchor
from brinkwatch.resolve.events import build_events

ROOTS = {"190": ("19", 4, -10.0), "193": ("19", 4, -10.0), "183": ("18", 4, -10.0), "1823": ("18", 4, -10.0),
         "112": ("11", 3, -2.0), "154": ("15", 4, -7.2)}


class Doc:
    """A made-up article: sentences on lines (a blank line between paragraphs)."""

    def __init__(self, doc_id: str, text: str):
        self.id, self.text = doc_id, text
        self.sentences = [Span(doc_id=doc_id, start=m.start(), end=m.end(), text=m.group(0)) for m in re.finditer(r"[^.\n]+\.", text)]
        self.times: list[TimeExpr] = []
        self.places: list[Place] = []
        self.events: list[EventCandidate] = []

    def _span(self, words: str, after: int = 0) -> Span:
        start = self.text.index(words, after)
        return Span(doc_id=self.id, start=start, end=start + len(words), text=words)

    def _sentence(self, span: Span) -> int:
        return max(i for i, s in enumerate(self.sentences) if s.start <= span.start)

    def time(self, words: str, value: str, date: str | None = None) -> None:
        span = self._span(words)
        self.times.append(TimeExpr(span=span, type="DATE", value=value, date=date, sentence=self._sentence(span)))

    def place(self, words: str, *, feature: str = "P.PPL", country: str = "XK", gid: int = 1) -> None:
        span = self._span(words)
        self.places.append(Place(span=span, name=words, geonameid=gid, lat=42.9, lon=20.8, country=country,
                                 feature=feature, sentence=self._sentence(span)))

    def event(self, trigger: str, cameo: str, source: str | None = None, target: str | None = None, *,
              when: str | None = None, fatalities: int | None = None, salience: str = "main",
              negated: bool = False, modality: str | None = None) -> None:
        trig = self._span(trigger)
        sent = self.sentences[self._sentence(trig)]
        root, quad, gold = ROOTS[cameo]
        self.events.append(EventCandidate(
            sentence=sent, trigger=trig, cameo=cameo, root=root, quad_class=quad, goldstein=gold,
            source=ActorRef(text=source, country=source[:3], code=source) if source else None,
            target=ActorRef(text=target, country=target[:3], code=target) if target else None,
            fatalities=fatalities, salience=salience, negated=negated, modality=modality,
            time_spans=(self._span(when),) if when else (),
        ))

    def analysis(self) -> ArticleAnalysis:
        return ArticleAnalysis(doc_id=self.id, analyzer_version="t", anchor_date=None,
                               sentences=tuple(self.sentences), times=tuple(self.times),
                               places=tuple(self.places), events=tuple(self.events))


def _build(docs: list[Doc], anchors: dict[str, str | None], stories: dict[str, str] | None = None):
    return build_events(
        {d.id: d.analysis() for d in docs},
        {d.id: Anchor(anchors.get(d.id), "published" if anchors.get(d.id) else "unknown") for d in docs},
        stories or {}, [], {d.id: d.times for d in docs}, {d.id: d.text for d in docs},
    )


def test_date_comes_from_the_trigger_clause_not_a_historical_year_elsewhere():
    doc = Doc("a", "The raid at Dorf on Sunday was the worst since independence in 2008.")
    doc.time("Sunday", "2024-03-03", "2024-03-03")
    doc.time("2008", "2008")
    doc.place("Dorf")
    doc.event("raid", "190", "RUSUAF", "XKXPOL", when="Sunday", salience="background")
    (event,) = _build([doc], {"a": "2024-03-05"})
    assert (event.date, event.date_precision, event.date_source) == ("2024-03-03", "day", "sentence")


def test_without_a_clause_time_the_paragraph_narrative_date_applies_then_the_anchor():
    doc = Doc("a", "On Sunday gunmen stormed Dorf. Two officers were killed.\n\nLater, police raided a farm.")
    doc.time("Sunday", "2024-03-03", "2024-03-03")
    doc.event("stormed", "190", "RUSUAF", None, when="Sunday")
    doc.event("killed", "1823", None, "XKXPOL", fatalities=2)
    doc.event("raided", "190", "XKXPOL", None)
    events = {e.cameo: e for e in _build([doc], {"a": "2024-03-05"})}
    assert events["1823"].date == "2024-03-03"  # the preceding sentence's date, same paragraph
    assert events["190"].date in ("2024-03-03", "2024-03-05")
    raided = [e for e in _build([doc], {"a": "2024-03-05"}) if any("raided" in m.text for m in e.mentions)]
    assert raided[0].date == "2024-03-05" and raided[0].date_source.startswith("document")


def test_four_reports_of_one_village_attack_become_one_event():
    a = Doc("a", "Gunmen attacked police in Dorf on March 3. One officer and three gunmen were killed.")
    a.time("March 3", "2024-03-03", "2024-03-03")
    a.place("Dorf")
    a.event("attacked", "190", "SRBUAF", "XKXPOL", when="March 3")
    a.event("killed", "1823", None, None, fatalities=4)
    b = Doc("b", "There was a shootout in Dorf on March 3.")
    b.time("March 3", "XXXX-03-03")  # no publication date: the year is unknown
    b.place("Dorf")
    b.event("shootout", "193", "XKXPOL", "SRBUAF", when="March 3", salience="background")
    c = Doc("c", "A violent episode at a monastery in Dorf left four dead.")
    c.place("Dorf")
    c.event("episode", "190", None, None, fatalities=4, salience="background")
    d = Doc("d", "Kosovo police clashed with Serb gunmen on Sunday.")
    d.time("Sunday", "2024-03-03", "2024-03-03")
    d.event("clashed", "190", "XKXPOL", "SRBUAF", when="Sunday")
    events = _build([a, b, c, d], {"a": "2024-03-04", "c": "2024-03-06", "d": "2024-03-05"},
                    {"a": "s1", "c": "s1", "d": "s1", "b": "s2"})
    violent = [e for e in events if e.root in ("18", "19", "20")]
    assert len(violent) == 1
    (event,) = violent
    assert event.documents == ["a", "b", "c", "d"]
    assert event.date == "2024-03-03" and event.fatalities == 4
    assert event.place is not None and event.place.name == "Dorf"
    assert event.cameo == "190"  # the most frequent code among the reports


def test_incidents_in_two_villages_stay_apart():
    a = Doc("a", "Gunmen attacked police in Dorf on March 3.")
    a.time("March 3", "2024-03-03", "2024-03-03")
    a.place("Dorf", gid=1)
    a.event("attacked", "190", "SRBUAF", "XKXPOL", when="March 3")
    b = Doc("b", "Gunmen attacked police in Stadt on March 3.")
    b.time("March 3", "2024-03-03", "2024-03-03")
    b.place("Stadt", gid=2)
    b.event("attacked", "190", "SRBUAF", "XKXPOL", when="March 3")
    assert len(_build([a, b], {}, {"a": "s", "b": "s"})) == 2


def test_different_dyads_and_far_apart_dates_do_not_merge():
    a = Doc("a", "Kosovo accused Serbia on March 3.")
    a.time("March 3", "2024-03-03", "2024-03-03")
    a.event("accused", "112", "XKXGOV", "SRBGOV", when="March 3")
    b = Doc("b", "Albania accused Serbia on May 9.")
    b.time("May 9", "2024-05-09", "2024-05-09")
    b.event("accused", "112", "ALBGOV", "SRBGOV", when="May 9")
    c = Doc("c", "Kosovo accused Serbia on May 9.")
    c.time("May 9", "2024-05-09", "2024-05-09")
    c.event("accused", "112", "XKXGOV", "SRBGOV", when="May 9")
    assert len(_build([a, b, c], {}, {"a": "s", "b": "s", "c": "s"})) == 3


def test_negated_events_are_left_out_and_habitual_ones_not_merged():
    doc = Doc("a", "Serbia did not deploy troops. Gunmen often clashed with police in Dorf. Gunmen clashed with police in Dorf.")
    doc.place("Dorf")
    doc.event("deploy", "154", "SRBGOV", None, negated=True)
    doc.event("often clashed", "190", "SRBUAF", "XKXPOL", modality="habitual")
    doc.event("Gunmen clashed", "190", "SRBUAF", "XKXPOL")
    events = _build([doc], {"a": "2024-03-04"})
    assert [e.root for e in events] == ["19", "19"]


def _random_reports(seed: int, n: int) -> list:
    """Made-up single reports over a few stories, places, sides and dates of every kind."""
    import random
    from collections import Counter

    from brinkwatch.resolve.events import Actor, EventMention, MergedEvent

    rng = random.Random(seed)
    places = [None, Place(span=Span(doc_id="x", start=0, end=4, text="Dorf"), name="Dorf", geonameid=1, lat=1.0, lon=1.0, country="XK",
                          feature="P.PPL", sentence=0),
              Place(span=Span(doc_id="x", start=0, end=4, text="Dorf"), name="Dorf", geonameid=None, lat=1.0, lon=1.0, country="XK",
                    feature="A.ADM2", sentence=0),
              Place(span=Span(doc_id="x", start=0, end=4, text="Berg"), name="Berg", geonameid=2, lat=1.0, lon=1.0, country="XK",
                    feature="P.PPLA", sentence=0)]
    sides = [None, "SRB", "XKX", "RUS"]
    reports = []
    for i in range(n):
        basis = rng.choice(["clause", "narrative", "document", "document", "none"])
        day = f"2024-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
        date, precision, hint = day, "unknown" if basis == "document" else "day", None
        if basis != "document" and rng.random() < 0.2:
            date, precision = (day[:7], "month") if rng.random() < 0.5 else (day[:4], "year")
        if basis == "none":
            date, precision = None, "unknown"
        if basis == "document" and rng.random() < 0.2:
            hint = "XXXX" + f"-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
        elif basis in ("clause", "narrative") and precision == "day":
            hint = date
        cameo = rng.choice(["190", "193", "183", "112"])
        root = cameo[:2]
        reports.append(MergedEvent(
            id="", cameo=cameo, root=root, quad_class=3 if root == "11" else 4, goldstein=-5.0,
            source=Actor(None, None, rng.choice(sides)), target=Actor(None, None, rng.choice(sides)),
            place=rng.choice(places), date=date, date_precision=precision,
            date_source="sentence" if basis in ("clause", "narrative") else "document (published)",
            fatalities=rng.choice([None, 1, 3]), injuries=None, arrests=None, confidence=0.5,
            story=None, mentions=[EventMention(f"d{i // 3}", i, i + 1, "x")], date_basis=basis, date_hint=hint,
            stories={rng.choice(["s1", "s2", "s3"])} if rng.random() < 0.8 else set(),
            codes=Counter({cameo: 2}), background=rng.random() < 0.2, habitual=rng.random() < 0.05,
        ))
    return reports


def _merge_by_scan(singles: list) -> list:
    """The merger without date buckets or country keys: every cluster sharing a story, a
    populated place or a stated day with the report is tried, in creation order."""
    from brinkwatch.resolve import events as ev

    def keys(e):
        family = ev._family(e.root)
        out = {("story", family, s) for s in e.stories}
        if ev.populated(e.place):
            out |= {("place", family, e.place.name)} | ({("gid", family, e.place.geonameid)} if e.place.geonameid else set())
        if e.date_basis in ("clause", "narrative") and e.date_precision == "day" and e.date:
            out.add(("day", family, e.date))
        return out

    order = sorted(range(len(singles)), key=lambda i: (
        -ev._date_rank(singles[i])[0], -len(ev._countries(singles[i])), singles[i].background, i))
    merged, filed = [], []
    for i in order:
        event = singles[i]
        mine = keys(event)
        position = next((n for n, cluster in enumerate(merged) if filed[n] & mine and ev._mergeable(cluster, event)), None)
        if position is None:
            merged.append(event)
            filed.append(set())
            position = len(merged) - 1
        else:
            ev._absorb(merged[position], event)
        filed[position] |= keys(merged[position])
    out = [e for e in merged if ev._keep(e)]
    for event in out:
        event.mentions.sort(key=lambda m: (m.doc_id, m.start))
        ev._settle_code(event)
    return out


def test_blocked_merging_finds_what_a_scan_of_every_cluster_finds():
    """Date buckets and story/country keys only skip clusters that could not merge: the
    result equals trying every cluster that shares a story, place or stated day."""
    import copy

    from brinkwatch.resolve.events import _merge

    def summary(events):
        return sorted((tuple((m.doc_id, m.start) for m in e.mentions), e.cameo, e.date, e.date_basis,
                       e.fatalities, e.place.name if e.place else None) for e in events)

    for seed in range(6):
        reports = _random_reports(seed, 400)
        blocked, scanned = _merge(copy.deepcopy(reports)), _merge_by_scan(copy.deepcopy(reports))
        assert summary(blocked) == summary(scanned)
        assert len(blocked) < len(reports)  # the made-up reports do merge


def test_merging_reports_that_share_stories_codes_and_actors_equals_merging_copies():
    """The builder lets equal reports share their story sets, code counts and actors (one
    object each across the corpus): merging never changes a shared value, so the events
    are those of reports that each own a copy, and the shared values are left as they were."""
    import copy
    from collections import Counter

    from brinkwatch.resolve.events import _merge

    def summary(events):
        return sorted((tuple((m.doc_id, m.start) for m in e.mentions), e.cameo, e.date, e.date_basis,
                       e.fatalities, sorted(e.stories), dict(e.codes), e.source.country, e.target.country)
                      for e in events)

    for seed in range(4):
        reports = _random_reports(seed, 300)
        owned = copy.deepcopy(reports)
        stories: dict = {}
        codes: dict = {}
        actors: dict = {}
        for r in reports:
            r.stories = stories.setdefault(frozenset(r.stories), frozenset(r.stories))
            r.codes = codes.setdefault(tuple(r.codes.items()), Counter(r.codes))
            r.source = actors.setdefault(r.source.country, r.source)
            r.target = actors.setdefault(r.target.country, r.target)
        before = {k: Counter(v) for k, v in codes.items()}
        assert summary(_merge(reports)) == summary(_merge(owned))
        assert {k: Counter(v) for k, v in codes.items()} == before
        assert all(len(s) <= 1 for s in stories.values())


def test_builder_links_actors_to_entities_per_document():
    """The builder's mention index is consumed document by document; each candidate's
    actor still links to the entity whose mention its words overlap, in its own document."""
    from brinkwatch.resolve.events import _link_actor

    class Entity:
        def __init__(self, id, name, country=None):
            self.id, self.name, self.country = id, name, country

    police, army = Entity("e1", "Kosovo Police", "XK"), Entity("e2", "Serbian Army", "RS")
    index = {"a": [0, 5, police, 10, 20, army]}
    ref = ActorRef(text="the army", span=Span(doc_id="a", start=12, end=16, text="army"), code=None, country=None)
    shared: dict = {}
    first, second = _link_actor(ref, index, shared), _link_actor(ref, index, shared)
    assert (first.entity, first.name, first.country) == ("e2", "Serbian Army", "SRB")
    assert first is second  # equal actors are one object
    assert _link_actor(ref, {"b": [0, 5, police]}).entity is None


def test_builder_can_leave_sentence_texts_in_the_documents():
    """With keep_texts=False the events are the same, but a mention whose sentence text is
    its document's text[start:end] carries None (the writer reads it from the document)."""
    from brinkwatch.resolve.events import EventBuilder

    a = Doc("a", "Gunmen attacked the police station at Dorf.\nTwo officers were hurt.")
    a.place("Dorf")
    a.event("attacked", "190", "SRBUAF", "XKXPOL")
    a.event("hurt", "193", None, "XKXPOL")
    b = Doc("b", "Police said gunmen attacked a station at Dorf.")
    b.place("Dorf")
    b.event("attacked", "190", "SRBUAF", "XKXPOL")

    def run(keep: bool):
        builder = EventBuilder([], keep_texts=keep)
        for d in (a, b):
            builder.add(d.analysis(), Anchor("2024-03-04", "published"), "s1", d.times, d.text)
        return builder.finish()

    kept, left = run(True), run(False)
    texts = {"a": a.text, "b": b.text}
    assert [(e.id, e.cameo, e.place.name) for e in kept] == [(e.id, e.cameo, e.place.name) for e in left]
    assert any(len({m.doc_id for m in e.mentions}) == 2 for e in kept)  # merged across documents
    for x, y in zip(kept, left):
        assert all(m.text is None for m in y.mentions)
        assert [m.text for m in x.mentions] == [texts[m.doc_id][m.start : m.end] for m in y.mentions]
