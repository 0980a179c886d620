"""distinct_names_factor (default 0): notices of different companies with the same formula
body, each naming its company in the headline."""

from __future__ import annotations

import numpy as np

from brinkwatch.resolve._story_distinct import damp_distinct, specific_word_sets
from brinkwatch.resolve._story_text import feature_id
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings

FORMULA = ("Shr 13 cts vs six cts. Net 1,200,000 dlrs vs 600,000 dlrs. Revs 12 mln dlrs vs "
           "10 mln dlrs. Nine mths shr 40 cts vs 22 cts.")


def notice(doc_id: str, company: str, names: tuple[str, ...], day: str = "1987-03-02",
           headline: bool = True) -> StoryItem:
    return StoryItem(doc_id=doc_id, title=f"{company.upper()} 3RD QTR NET", text=FORMULA,
                     date=day, entities=names, places=(),
                     headline_names=names[:1] if headline else ())


ACME = notice("acme-1", "Acme Corp", ("acme corp",))
ACME_AGAIN = notice("acme-2", "Acme Corp", ("acme corp", "acme"))
ZENITH = notice("zenith-1", "Zenith Inc", ("zenith inc",))


def test_switched_off_the_formula_alone_merges_two_companies() -> None:
    placed = StoryClusterer(StorySettings(distinct_names_factor=1.0)).add([ACME, ZENITH, ACME_AGAIN])
    assert placed["acme-1"] == placed["zenith-1"] == placed["acme-2"]


def test_by_default_two_companies_stay_apart_in_one_batch() -> None:
    placed = StoryClusterer(StorySettings()).add([ACME, ZENITH, ACME_AGAIN])
    assert placed["acme-1"] == placed["acme-2"]
    assert placed["zenith-1"] != placed["acme-1"]


def test_a_later_notice_stays_out_of_a_stored_story() -> None:
    clusterer = StoryClusterer(StorySettings())
    first = clusterer.add([ACME, ACME_AGAIN])
    later = clusterer.add([notice("zenith-2", "Zenith Inc", ("zenith inc",), "1987-03-03"),
                           notice("acme-3", "Acme Corp", ("acme",), "1987-03-03")])
    assert later["acme-3"] == first["acme-1"]
    assert later["zenith-2"] != first["acme-1"]


def test_an_item_whose_headline_names_nothing_is_not_judged() -> None:
    # short reports of one event often carry no headline and name different facets of it
    untitled = notice("zenith-1", "Zenith Inc", ("zenith inc",), headline=False)
    placed = StoryClusterer(StorySettings()).add([ACME, untitled, ACME_AGAIN])
    assert placed["zenith-1"] == placed["acme-1"]


def test_common_name_words_do_not_count() -> None:
    counts = {feature_id("w", w): c for w, c in {"corp": 5000, "acme": 3, "inc": 4000}.items()}
    def df_of(fids: np.ndarray) -> np.ndarray:
        return np.array([counts.get(f, 0) for f in fids.tolist()])

    words = specific_word_sets([["acme corp", "zenith inc"], ["corp"], []], df_of, 100)
    assert words == [{"acme", "zenith"}, set(), set()]


def test_damp_distinct_only_touches_pairs_that_both_name_something() -> None:
    dots = np.ones((4, 3))  # three items, one story row
    items = [frozenset({"acme"}), frozenset({"zenith"}), frozenset()]
    damped = damp_distinct(dots, items, [frozenset({"acme"})], 0.0)
    assert dots[0, 1] == dots[1, 0] == 0.0  # both named, nothing shared
    assert dots[0, 0] == dots[0, 2] == dots[2, 1] == 1.0  # itself; an item naming nothing
    assert dots[3, 0] == 1.0 and dots[3, 1] == 0.0 and dots[3, 2] == 1.0  # story row
    assert damped == 3
