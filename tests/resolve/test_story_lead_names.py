"""Story clustering round 11: a short item that names the story's protagonist in its lead
re-attaches even when its other (background) names make the names check refuse it.

All texts and names are invented for these tests.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from brinkwatch.resolve._story_attach import lead_names, specific_name_tie
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings


def _item(doc: str, title: str | None, text: str, entities: tuple[str, ...],
          places: tuple[str, ...] = ()) -> StoryItem:
    return StoryItem(doc, title, text, "2025-06-10", entities, places)


ESCAPE = [
    _item("e1", "Tomas Reyk escapes from Harlan Dam prison",
          "Inmate Tomas Reyk escaped from the Harlan Dam prison in Vela County before dawn on "
          "Monday, guards said. Reyk climbed the laundry fence and fled in a stolen van.",
          ("Tomas Reyk", "Harlan Dam", "Vela County")),
    _item("e2", "Manhunt for Tomas Reyk after prison escape",
          "Police in Vela County searched the hills for Tomas Reyk, who escaped from the Harlan "
          "Dam prison on Monday. The stolen van was found near the river.",
          ("Tomas Reyk", "Harlan Dam", "Vela County")),
    _item("e3", "Guards suspended after Harlan Dam escape",
          "Two guards were suspended after Tomas Reyk escaped from the Harlan Dam prison. Reyk "
          "climbed the laundry fence; the stolen van was found empty.",
          ("Tomas Reyk", "Harlan Dam")),
]
BAKERY = [
    _item("k1", "Bakery wins regional prize", "The Orlo bakery won the regional bread prize. "
          "Owner Lina Pesk thanked her staff and the farmers who grow the wheat.",
          ("Lina Pesk", "Orlo Bakery")),
    _item("k2", "Orlo bakery to open second shop", "Lina Pesk said the prize-winning Orlo "
          "bakery will open a second shop with a larger oven next spring.",
          ("Lina Pesk", "Orlo Bakery")),
]
BACKGROUND = ("Earlier escapes from other jails made headlines too: Ada Quell ran from Brock "
              "Hill in 2019, Ivo Marsh from Dunfield Fort, and Pia Stroud from the Kelm Island "
              "camp, each caught within a week by the state police.")


def _fragment(lead_first: bool) -> StoryItem:
    """A short background piece; it names the escaped inmate in its lead, or only at the end
    (after 400 characters of other cases)."""
    news = "Tomas Reyk, who escaped on Monday, is still at large."
    text = f"{news} {BACKGROUND}" if lead_first else f"{BACKGROUND} {BACKGROUND} {news}"
    return _item("f1", None, text, ("Tomas Reyk", "Ada Quell", "Brock Hill", "Ivo Marsh",
                                    "Dunfield Fort", "Pia Stroud", "Kelm Island"))


def test_item_naming_the_protagonist_in_its_lead_joins_despite_background_names() -> None:
    fragment = _fragment(lead_first=True)
    off = StoryClusterer(StorySettings(attach_name_share=0)).add(ESCAPE + BAKERY + [fragment])
    assert off["f1"] not in {off["e1"], off["k1"]}  # the names check refuses it
    on = StoryClusterer().add(ESCAPE + BAKERY + [fragment])
    assert on["f1"] == on["e1"] == on["e2"] == on["e3"]
    assert on["k1"] == on["k2"] != on["e1"]


def test_protagonist_named_only_deep_in_the_text_is_background() -> None:
    fragment = _fragment(lead_first=False)
    got = StoryClusterer().add(ESCAPE + BAKERY + [fragment])
    assert got["f1"] not in {got["e1"], got["k1"]}
    # read as a lead, the whole text would tie it
    whole = StoryClusterer(StorySettings(lead_chars=100_000)).add(ESCAPE + BAKERY + [fragment])
    assert whole["f1"] == whole["e1"]


def test_a_name_another_candidate_carries_too_is_no_tie() -> None:
    names = [Counter({"tomas reyk": 1, "ada quell": 1}),  # the fragment
             Counter({"tomas reyk": 3, "harlan dam": 3}),  # its best target
             Counter({"lina pesk": 2})]
    size = np.array([1.0, 3.0, 2.0])
    rivals = np.array([False, True, True])  # targets the fragment could join
    lead = frozenset({"tomas reyk"})
    assert specific_name_tie(names, 0, 1, rivals, size, 0.5, lead)
    assert not specific_name_tie(names, 0, 1, rivals, size, 0.0, lead)  # off
    names[2]["tomas reyk"] = 1  # the other candidate names him too: not specific
    assert not specific_name_tie(names, 0, 1, rivals, size, 0.5, lead)
    rivals[2] = False  # ... unless it is out of the running
    assert specific_name_tie(names, 0, 1, rivals, size, 0.5, lead)
    # not in the fragment's lead, a single word (a surname) or a name on too few of the
    # target's members: no tie
    assert not specific_name_tie(names, 0, 1, rivals, size, 0.5, frozenset())
    assert not specific_name_tie([Counter({"reyk": 1}), Counter({"reyk": 3}), Counter()],
                                 0, 1, rivals, size, 0.5, frozenset({"reyk"}))
    assert not specific_name_tie([names[0], Counter({"tomas reyk": 1}), Counter()],
                                 0, 1, rivals, size, 0.5, lead)


def test_lead_names_are_entities_of_the_title_and_first_characters() -> None:
    item = _item("x", "Storm hits Vela County", "Mayor Ada Quell said the river rose overnight. "
                 + "x " * 300 + "Ivo Marsh helped.", ("Ada Quell", "Ivo Marsh"), ("Vela County",))
    got = lead_names(item, ["Ada Quell", "Ivo Marsh", "Vela County"], 400)
    assert got == {"ada quell"}  # Ivo Marsh comes too late; the county is a place
