"""Story clustering: same event together, same-kind events apart, incremental and persistent."""

from __future__ import annotations

from brinkwatch.records import content_id
from brinkwatch.resolve._story_refine import dates_differ, month_days
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings

# Two storms of the same kind, in different places and months (texts written for this test).
NORTH = [
    StoryItem("n1", "Storm Alda floods harbour district of Port Velmar",
              "Storm Alda pushed seawater into the harbour district of Port Velmar on Sunday. "
              "Coast guard crews evacuated 300 residents and the port authority halted all "
              "ferry traffic. Mayor Ines Korlo declared an emergency.",
              "2024-01-14", ("storm alda", "ines korlo", "port velmar"), ("port velmar",), "a.example"),
    StoryItem("n2", "Port Velmar counts the damage after Storm Alda",
              "Residents of Port Velmar returned to flooded homes on Monday after Storm Alda. "
              "Mayor Ines Korlo said 300 people had been evacuated from the harbour district and "
              "ferry traffic would resume once the port authority checks the quays.",
              "2024-01-15", ("storm alda", "ines korlo", "port velmar"), ("port velmar",), "b.example"),
    StoryItem("n3", None,
              "The coast guard in Port Velmar said the harbour district flooding caused by Storm "
              "Alda was the worst in decades; ferry services stay suspended.",
              None, ("storm alda", "port velmar"), ("port velmar",), None),
]
SOUTH = [
    StoryItem("s1", "Storm Benno batters hill town of Sarrow",
              "Storm Benno brought landslides to the hill town of Sarrow on Wednesday. Firefighters "
              "rescued 45 villagers and the rail line to Cadden was cut. Governor Tomas Reyl asked "
              "for army help.",
              "2024-09-04", ("storm benno", "tomas reyl", "sarrow"), ("sarrow", "cadden"), "c.example"),
    StoryItem("s2", "Sarrow landslides: rail line to Cadden still closed",
              "Engineers said the rail line between Sarrow and Cadden will stay closed after the "
              "landslides of Storm Benno. Governor Tomas Reyl thanked firefighters who rescued 45 "
              "villagers.",
              "2024-09-05", ("storm benno", "tomas reyl", "sarrow"), ("sarrow", "cadden"), "a.example"),
]
LATE_NORTH = StoryItem(
    "n4", "Port Velmar reopens ferry service after Storm Alda",
    "Ferry traffic resumed in Port Velmar on Thursday, the port authority said, days after Storm "
    "Alda flooded the harbour district and forced 300 residents to leave.",
    "2024-01-18", ("storm alda", "port velmar"), ("port velmar",), "d.example")


def _groups(assign: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for doc, story in assign.items():
        by.setdefault(story, set()).add(doc)
    return {frozenset(v) for v in by.values()}


def test_same_kind_events_in_different_places_and_months_stay_apart() -> None:
    assign = StoryClusterer().add(NORTH + SOUTH)
    assert _groups(assign) == {frozenset({"n1", "n2", "n3"}), frozenset({"s1", "s2"})}


def test_undated_article_joins_its_story() -> None:
    assign = StoryClusterer().add(NORTH)
    assert assign["n3"] == assign["n1"]


def test_story_id_is_hash_of_founding_document_and_order_independent() -> None:
    a = StoryClusterer().add(NORTH + SOUTH)
    b = StoryClusterer().add(list(reversed(NORTH + SOUTH)))
    assert a == b
    assert a["n1"] == content_id("story", "n1", prefix="s", length=15)


def test_readding_same_documents_is_a_noop() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(NORTH + SOUTH)
    before = clusterer.stories()
    again = clusterer.add(NORTH + SOUTH)
    assert again == first
    assert clusterer.stories() == before


def test_incremental_add_joins_the_existing_story() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(NORTH + SOUTH)
    later = clusterer.add([LATE_NORTH])
    assert later["n4"] == first["n1"]
    story = next(s for s in clusterer.stories() if s["id"] == first["n1"])
    assert story["doc_ids"] == ["n1", "n2", "n3", "n4"]
    assert (story["first_date"], story["last_date"]) == ("2024-01-14", "2024-01-18")


def test_far_dated_article_does_not_join_an_old_story() -> None:
    clusterer = StoryClusterer(StorySettings(window_days=30))
    first = clusterer.add(NORTH)
    year_later = StoryItem("n9", LATE_NORTH.title, LATE_NORTH.text, "2025-03-01",
                           LATE_NORTH.entities, LATE_NORTH.places)
    assert clusterer.add([year_later])["n9"] != first["n1"]


def test_state_round_trip_keeps_stories_and_future_decisions() -> None:
    clusterer = StoryClusterer()
    clusterer.add(NORTH + SOUTH)
    restored = StoryClusterer.from_state_json(clusterer.state_to_json())
    assert restored.stories() == clusterer.stories()
    assert restored.add([LATE_NORTH]) == clusterer.add([LATE_NORTH])
    assert restored.stories() == clusterer.stories()


def test_stories_report_title_dates_and_key_entities() -> None:
    clusterer = StoryClusterer()
    clusterer.add(NORTH + SOUTH)
    south = next(s for s in clusterer.stories() if "s1" in s["doc_ids"])
    assert south["title"] in {SOUTH[0].title, SOUTH[1].title}
    assert south["first_date"] == "2024-09-04" and south["last_date"] == "2024-09-05"
    assert "storm benno" in south["key_entities"]


# Months later, the same crisis: another story of the north's thread.
INQUIRY = StoryItem(
    "n7", "Port Velmar opens inquiry into harbour defences",
    "Months after Storm Alda flooded the harbour district of Port Velmar, Mayor Ines Korlo "
    "opened an inquiry into why the sea wall failed and why 300 residents had to leave.",
    "2024-04-20", ("storm alda", "ines korlo", "port velmar"), ("port velmar",))


def test_threads_group_related_stories_of_one_crisis() -> None:
    clusterer = StoryClusterer(StorySettings(window_days=30))
    clusterer.add(NORTH)
    clusterer.add([INQUIRY] + SOUTH)
    stories = clusterer.stories()
    threads = clusterer.threads()
    assert len(stories) == 3
    assert sorted(len(t["story_ids"]) for t in threads) == [1, 2]


def test_threads_found_a_few_stories_and_pairs_at_a_time_are_the_same(monkeypatch) -> None:
    from brinkwatch.resolve import _story_threads

    clusterer = StoryClusterer(StorySettings(window_days=30))
    clusterer.add(NORTH)
    clusterer.add([INQUIRY] + SOUTH)
    whole = clusterer.threads()
    monkeypatch.setattr(_story_threads, "_ROW_CHUNK", 1)
    monkeypatch.setattr(_story_threads, "_PAIR_CHUNK", 1)
    assert clusterer.threads() == whole
    assert len(clusterer.stories()) >= 3 and any(len(t["story_ids"]) > 1 for t in whole)


# Two title defences of one champion against different challengers in different towns: the
# shared wording merges them by text alone; the names that differ must split them.
_BOUT = ("Champion Dara Voss retained her heavyweight title on Saturday, stopping challenger {c} in "
         "the {r} round in front of a full arena in {p}. Voss dominated from the opening bell and "
         "{c} never found an answer to the champion's jab. {c} said: I will be back. Promoter {m} "
         "praised both.")


def _bout(i: int, challenger: str, rnd: str, town: str, promoter: str, extra: str) -> StoryItem:
    text = _BOUT.format(c=challenger, r=rnd, p=town, m=promoter) + " " + extra
    return StoryItem(f"{challenger[:1]}{i}", f"Voss stops {challenger} in {town}", text, None,
                     (challenger, "Dara Voss", town, promoter), (town,))


BOUT_A = [_bout(i, "Lena Brask", "seventh", "Oldmere", "Joss Penn", x) for i, x in enumerate(
    ["The judges had Voss far ahead.", "Brask was cut above the eye.", "It was her seventh defence."])]
BOUT_B = [_bout(i, "Mira Tolle", "sixth", "Kestford", "Ivo Garr", x) for i, x in enumerate(
    ["Tolle went down twice.", "The crowd booed the stoppage.", "Voss now eyes a unification bout."])]


def test_same_kind_events_sharing_wording_are_split_by_their_names() -> None:
    merged = StoryClusterer(StorySettings(split_ratio=0.0)).add(BOUT_A + BOUT_B)
    assert len(set(merged.values())) == 1  # text alone cannot tell them apart
    assign = StoryClusterer().add(BOUT_A + BOUT_B)
    assert _groups(assign) == {frozenset({"L0", "L1", "L2"}), frozenset({"M0", "M1", "M2"})}


def test_story_stored_while_corpus_was_tiny_is_reweighted_with_current_idf() -> None:
    from brinkwatch.resolve._story_text import raw_features, weight_vector

    clusterer = StoryClusterer()
    clusterer.add(NORTH[:1])  # one stored article: every word has the same IDF
    clusterer.add(SOUTH)  # later batch: the IDF changes
    idx = clusterer._by_id[clusterer.story_of("n1")]
    n1 = NORTH[0]
    counts, names = raw_features(n1.title, n1.text, n1.entities, n1.places, 2.0)
    today = weight_vector(counts, clusterer._df, clusterer._n_docs, set(names), 1.5)
    stored = clusterer._weighted(idx)
    assert set(stored) == set(today)
    assert all(abs(stored[f] - today[f]) < 1e-5 for f in today)


def test_version_1_state_is_migrated_on_load() -> None:
    import json

    clusterer = StoryClusterer()
    clusterer.add(NORTH + SOUTH)
    state = json.loads(clusterer.state_to_json())
    state["version"] = 1
    for st in state["stories"]:
        st.pop("pair_sum")
    restored = StoryClusterer.from_state_json(json.dumps(state))
    assert [s["doc_ids"] for s in restored.stories()] == [s["doc_ids"] for s in clusterer.stories()]
    assert restored.add([LATE_NORTH])["n4"] == restored.story_of("n1")


def test_new_item_with_other_names_does_not_join_a_stored_story() -> None:
    from collections import Counter

    from brinkwatch.resolve._story_refine import names_agree

    settings = StorySettings()
    # a stored story of three articles: all carry the crisis names, all name the same envoys
    story = Counter({"ostland": 3, "vesna": 3, "envoy kell": 3, "dora mant": 2})
    same_episode = Counter({"ostland": 1, "vesna": 1, "envoy kell": 1, "dora mant": 1})
    other_episode = Counter({"ostland": 1, "vesna": 1, "harbour": 1, "brig tallo": 1})
    assert names_agree(story, 3, same_episode, 1, settings)
    assert not names_agree(story, 3, other_episode, 1, settings)
    # a story of one member has nothing to disagree with; the check can be switched off
    assert names_agree(Counter({"envoy kell": 1}), 1, other_episode, 1, settings)
    assert names_agree(story, 3, other_episode, 1, StorySettings(join_ratio=0.0))


def test_cached_story_names_and_vectors_decide_like_a_fresh_clusterer() -> None:
    # A live clusterer keeps per-story caches (normalised names, weighted vectors) across
    # batches; one restored from its state starts with none. They must decide the same.
    live = StoryClusterer()
    live.add(NORTH[:1])
    live.add(NORTH[1:2])
    fresh = StoryClusterer.from_state_json(live.state_to_json())
    for batch in ([NORTH[2]], SOUTH[:1], [LATE_NORTH], SOUTH[1:]):
        assert live.add(batch) == fresh.add(batch)
    assert live.stories() == fresh.stories()
    assert live.threads() == fresh.threads()
    assert len(live.stories()) >= 2 and all(st["title"] for st in live.stories())


_MEET = ("Harbour City Rovers won the Lakeshore Cup on Sunday, beating Pelham Athletic in the "
         "final at Crane Park. Coach Ada Morrow said her players never gave up. The {y} final "
         "drew {a} fans and the winning goal came in minute {m}. {x}")


def _final(i: int, year: str, crowd: str, minute: str, extra: str) -> StoryItem:
    text = _MEET.format(y=year, a=crowd, m=minute, x=extra)
    return StoryItem(f"y{year}-{i}", f"Rovers win the {year} Lakeshore Cup", text, None,
                     ("Harbour City Rovers", "Pelham Athletic", "Ada Morrow", "Lakeshore Cup"),
                     ("Crane Park",))


FINAL_A = [_final(i, "2019", "18400", "87", x) for i, x in enumerate(
    ["Fans ran onto the pitch.", "The captain lifted the trophy.", "A late header settled it."])]
FINAL_B = [_final(i, "2023", "21750", "64", x) for i, x in enumerate(
    ["Rain fell all evening.", "The keeper saved a penalty.", "The mayor met the team."])]


def test_same_names_but_different_years_and_counts_are_split_by_the_numbers() -> None:
    merged = StoryClusterer(StorySettings(number_weight=0.0)).add(FINAL_A + FINAL_B)
    assert len(set(merged.values())) == 1  # every name is shared
    assign = StoryClusterer().add(FINAL_A + FINAL_B)
    assert _groups(assign) == {frozenset(i.doc_id for i in FINAL_A),
                               frozenset(i.doc_id for i in FINAL_B)}


# -- the date check of the split (invented text) --
def test_month_days_reads_explicit_dates_not_loose_tokens() -> None:
    text = ("Voters in Castoria went to the polls on Sunday, Dec. 14, the second round since "
            "the 2009 reform; results are due 16 December. Officials may 3 times recount.")
    assert month_days(text) == {(12, 14), (12, 16)}
    assert month_days("The ferry sank on March 3rd near Vellport.") == {(3, 3)}


def test_sides_with_dates_weeks_apart_differ_but_close_dates_do_not() -> None:
    s = StorySettings()
    march = [month_days("The Vellport ferry sank on March 3.")] * 3
    october = [month_days("A Vellport ferry sank on Oct. 19, rescuers said.")] * 3
    dates = dict(enumerate(march + october))
    assert dates_differ([0, 1, 2], [3, 4, 5], dates, s)
    near = dict(enumerate(march + [month_days("Divers returned to the wreck on March 5.")] * 3))
    assert not dates_differ([0, 1, 2], [3, 4, 5], near, s)
    # New Year's Eve and Jan. 1 are one event (the gap wraps round the year)
    wrap = dict(enumerate([month_days("on Dec. 31")] * 2 + [month_days("on January 1")] * 2))
    assert not dates_differ([0, 1], [2, 3], wrap, s)
    undated = dict(enumerate(march + [frozenset()] * 3))
    assert not dates_differ([0, 1, 2], [3, 4, 5], undated, s)


def test_one_article_date_is_not_a_sides_date() -> None:
    # a riot story of six and three reports: one report on each side cites a day (the
    # shooting on March 9, a dateline of March 13); a third of a side of three is one article
    s = StorySettings()
    shooting = [month_days("Police shot the teenager on March 9.")] + [frozenset()] * 5
    vigil = [month_days("Edited time: March 13, 2013")] + [frozenset()] * 2
    dates = dict(enumerate(shooting + vigil))
    assert not dates_differ(list(range(6)), [6, 7, 8], dates, s)
    # two articles of the small side citing the later day: that side's date, and apart
    vigil2 = [month_days("The vigil on March 13 turned violent.")] * 2 + [frozenset()]
    dates2 = dict(enumerate(shooting + vigil2))
    assert dates_differ(list(range(6)), [6, 7, 8], dates2, s)
    # the old rule (the share alone) is a setting away
    assert dates_differ(list(range(6)), [6, 7, 8], dates,
                        StorySettings(date_min_articles=1))
