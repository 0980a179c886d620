"""Story clustering rounds 6-7: small leftovers re-attach; stored stories keep exemplars;
follow-ups months later re-attach when an explicit date ties them to the story; names with
a title in front ("Coach Mara Quint") agree with the plain name.

All texts are invented for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from brinkwatch.resolve._story_attach import dates_link
from brinkwatch.resolve._story_refine import (
    full_dates,
    group_names_agree,
    month_days,
    names_agree,
    suffix_names,
)
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings


def _item(doc: str, title: str | None, text: str, entities: tuple[str, ...]) -> StoryItem:
    return StoryItem(doc, title, text, "2025-03-04", entities, ("dunmore",))


BRIDGE = [
    _item("b1", "Kessel bridge collapses in Dunmore",
          "The Kessel bridge over the river Orrin collapsed in Dunmore on Monday evening, "
          "sending two cars into the water. Fire chief Marta Vinn said divers pulled four "
          "people out alive.",
          ("kessel bridge", "marta vinn", "river orrin")),
    _item("b2", "Dunmore bridge collapse: four rescued from river Orrin",
          "Divers rescued four people after the Kessel bridge in Dunmore fell into the river "
          "Orrin. Fire chief Marta Vinn said the span had been closed for repairs last year.",
          ("kessel bridge", "marta vinn", "river orrin")),
    _item("b3", "Engineers inspect collapsed Kessel bridge",
          "Engineers began inspecting the remains of the Kessel bridge in Dunmore on Tuesday. "
          "The collapse sent two cars into the river Orrin; fire chief Marta Vinn said nobody "
          "is missing.",
          ("kessel bridge", "marta vinn", "river orrin")),
]
BUDGET = [
    _item("o1", "Dunmore council approves new budget",
          "The Dunmore council approved a budget with more money for schools and parks. "
          "Councillor Ivo Brandt said taxes stay the same.", ("ivo brandt",)),
    _item("o2", "Dunmore schools to get new roofs",
          "Councillor Ivo Brandt said the new budget will pay for roofs on three Dunmore schools "
          "and a park.", ("ivo brandt",)),
]
# a short wire item: too few shared words to reach the join threshold on its own
WIRE = _item("w1", None, "Officials said divers were back in the water on Tuesday morning near "
             "the collapsed span and the cars.", ())


def test_short_wire_item_reattaches_to_the_story_it_clearly_belongs_to() -> None:
    alone = StoryClusterer(StorySettings(attach_max_size=0)).add(BRIDGE + BUDGET + [WIRE])
    assert alone["w1"] not in {alone["b1"], alone["o1"]}
    assign = StoryClusterer().add(BRIDGE + BUDGET + [WIRE])
    assert assign["w1"] == assign["b1"] == assign["b2"] == assign["b3"]
    assert assign["o1"] == assign["o2"] != assign["b1"]


def test_short_wire_item_reattaches_to_a_stored_story_in_a_later_batch() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(BRIDGE + BUDGET)
    assert clusterer.add([WIRE])["w1"] == first["b1"]


_RACE = ("Lina Farrow won the Bellmoor Marathon on Sunday, finishing ahead of Oda Kest on the "
         "course along the Wend river. Race director Paul Sarne said {n} runners started the {y} "
         "race and the winning time was {t} minutes. {x}")


def _race(i: int, year: str, runners: str, minutes: str, extra: str) -> StoryItem:
    return StoryItem(f"r{year}-{i}", f"Farrow wins the {year} Bellmoor Marathon",
                     _RACE.format(y=year, n=runners, t=minutes, x=extra), None,
                     ("Lina Farrow", "Oda Kest", "Paul Sarne", "Bellmoor Marathon"), ("Wend",))


RACE_A = [_race(i, "2021", "8400", "148", x) for i, x in enumerate(
    ["Crowds lined the bridge.", "She thanked her coach.", "The heat slowed the field."])]
RACE_B = [_race(i, "2024", "9150", "151", x) for i, x in enumerate(
    ["A cold wind blew all day.", "Her sister ran too.", "The mayor gave the medals."])]


def test_later_batch_of_the_same_kind_of_event_does_not_join_a_stored_story() -> None:
    # every name is shared, so the names check alone lets the later race join the stored one
    names_only = StoryClusterer(StorySettings(join_exemplars=0))
    first = names_only.add(RACE_A)
    assert set(names_only.add(RACE_B).values()) == set(first.values())
    # the stored story's exemplars (names, numbers) disagree with the new group's numbers
    clusterer = StoryClusterer()
    first = clusterer.add(RACE_A)
    second = clusterer.add(RACE_B)
    assert len(set(first.values())) == 1 and len(set(second.values())) == 1
    assert set(second.values()) != set(first.values())
    # more of the same race still joins it
    more = _race(3, "2021", "8400", "148", "Rain came after the finish.")
    assert clusterer.add([more])[more.doc_id] == first[RACE_A[0].doc_id]


def test_exemplars_survive_the_state_and_older_states_without_them_load() -> None:
    clusterer = StoryClusterer()
    clusterer.add(RACE_A)
    state = json.loads(clusterer.state_to_json())
    assert all(len(st["exemplars"]) == len(st["doc_ids"]) for st in state["stories"])
    restored = StoryClusterer.from_state_json(clusterer.state_to_json())
    assert restored.add(RACE_B) == clusterer.add(RACE_B)
    for st in state["stories"]:
        del st["exemplars"]  # a state saved before exemplars existed
    old = StoryClusterer.from_state_json(json.dumps(state))
    assert [s["doc_ids"] for s in old.stories()] == [[d.doc_id for d in RACE_A]]
    assert len(set(old.add(RACE_A[:1] + RACE_B).values())) >= 1  # keeps working


def test_month_days_tolerates_misspelt_month_names() -> None:
    assert month_days("Polls open on Sepember 14 and close on Sept. 15.") == {(9, 14), (9, 15)}


def _case(doc: str, date: str, title: str, text: str) -> StoryItem:
    return StoryItem(doc, title, text, date, ("teodor vask", "mira ostend", "halbrook"),
                     ("halbrook",))


ARREST = [
    _case("a1", "2022-03-14", "Halbrook shopkeeper shot dead, Teodor Vask arrested",
          "Police in Halbrook arrested Teodor Vask on Sunday after shopkeeper Mira Ostend was "
          "shot dead behind her counter on Market Lane. Detectives said the gun was found."),
    _case("a2", "2022-03-14", "Suspect held over killing of Halbrook shopkeeper",
          "Teodor Vask, 31, is held over the shooting of Mira Ostend in her Market Lane shop in "
          "Halbrook. Police said the shopkeeper died at the scene on Sunday."),
    _case("a3", "2022-03-15", "Halbrook mourns shopkeeper Mira Ostend",
          "Neighbours left flowers outside the Market Lane shop of Mira Ostend, shot dead on "
          "Sunday in Halbrook. Teodor Vask was charged with murder on Monday."),
]
_TRIAL = ("Teodor Vask went on trial in Halbrook on Monday, accused of shooting shopkeeper Mira "
          "Ostend dead behind the counter of her Market Lane shop{when}. The gun was shown to "
          "the jury and police detectives said Vask was arrested the same day.")


def test_trial_months_later_that_names_the_day_of_the_shooting_joins_its_story() -> None:
    trial = _case("t1", "2022-11-21", "Teodor Vask on trial for Halbrook shop killing",
                  _TRIAL.format(when=" on March 13, 2022"))
    undated_tie = _case("t2", "2022-11-21", "Teodor Vask on trial for Halbrook shop killing",
                        _TRIAL.format(when=""))
    off = StorySettings(late_threshold=0)
    for settings, joins in ((StorySettings(), True), (off, False)):
        one = StoryClusterer(settings).add(ARREST + [trial])  # one batch: the arrest re-attaches
        assert (one["a1"] == one["t1"]) is joins
        clusterer = StoryClusterer(settings)  # a later batch joins the stored story
        first = clusterer.add(ARREST)
        assert (clusterer.add([trial])["t1"] == first["a1"]) is joins
    # the same report without the date: nothing ties it to the arrest months before
    assert len(set(StoryClusterer().add(ARREST + [undated_tie]).values())) == 2


def test_full_dates_and_the_date_tie_between_groups_months_apart() -> None:
    days = full_dates("killed on Oct. 21, 2011 near; born 3 March 1990; on Dec. 14 (no year); "
                      "February 30, 2011 is no date")
    assert days == {dt.date(2011, 10, 21).toordinal(), dt.date(1990, 3, 3).toordinal()}
    early = (dt.date(2011, 10, 25).toordinal(), dt.date(2011, 10, 26).toordinal())
    late = (dt.date(2013, 4, 12).toordinal(),) * 2
    shooting = frozenset({dt.date(2011, 10, 21).toordinal()})
    none: frozenset = frozenset()
    # a full date a few days before the other side's publication dates ties them
    assert dates_link((none, shooting), late, (none, none), early, 3)
    # a month-day without a year does not (an anniversary would fit as well) ...
    assert not dates_link((frozenset({(10, 21)}), none), late, (none, none), early, 3)
    # ... unless both sides cite it
    assert dates_link((frozenset({(10, 21)}), none), late, (frozenset({(10, 22)}), none),
                      early, 3)
    assert not dates_link((none, shooting), late, (none, none),
                          (early[0] + 40, early[1] + 40), 3)


def test_names_with_a_title_in_front_agree_with_the_plain_name() -> None:
    story = Counter({"mara quint": 4, "kessel rovers": 2, "dunmore": 2})
    headline = Counter({"rovers coach mara quint": 1, "fired in dunmore": 1})
    assert suffix_names(headline, story) == Counter({"mara quint": 1, "fired in dunmore": 1})
    settings = StorySettings()
    assert group_names_agree(story, 4, headline, 1, settings)
    assert not names_agree(story, 4, headline, 1, settings)  # the raw phrases share nothing
    # one word is never enough (a surname or a town alone names many things)
    assert suffix_names(Counter({"coach quint": 1}), story) == Counter({"coach quint": 1})
    assert not group_names_agree(story, 4, Counter({"coach ivo brandt": 1}), 1, settings)


def _reattach_leftover(best_size: int, fallback: int) -> list[list[int]]:
    """A leftover item (position 0) whose best target (positions 1..best_size) refuses it,
    and a runner-up of three items with a lower linkage that accepts it."""
    import numpy as np

    from brinkwatch.resolve._story_attach import reattach

    best = list(range(1, best_size + 1))
    runner_up = [best_size + 1, best_size + 2, best_size + 3]
    n = best_size + 4
    dots = np.zeros((n, n))
    dots[best, 0] = 0.3
    dots[runner_up, 0] = 0.2
    groups: list[tuple[int | None, list[int]]] = [(None, [0]), (None, best), (None, runner_up)]

    def may_join(*args: object) -> bool:
        return 1 not in args[6]  # the best target refuses, whatever the names

    out = reattach(groups, [0, 1, 2], dots, n, [], np.zeros(0), np.full(n, np.nan),
                   np.full(n, np.nan), [Counter() for _ in range(n)], may_join,
                   StorySettings(attach_fallback=fallback))
    return sorted(sorted(items) for _, items in out)


def test_a_leftover_refused_by_a_small_best_target_joins_the_runner_up() -> None:
    # the best target is itself a leftover pair: its refusal is not final
    assert _reattach_leftover(2, 2) == [[0, 3, 4, 5], [1, 2]]
    assert _reattach_leftover(2, 0) == [[0], [1, 2], [3, 4, 5]]  # fallback off
    # a larger best target's refusal stands: the item stays alone
    assert _reattach_leftover(5, 2) == [[0], [1, 2, 3, 4, 5], [6, 7, 8]]
