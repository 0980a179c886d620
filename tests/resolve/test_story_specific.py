"""Name specificity (corpus document frequency) in the join checks (round 13).

Invented names only; the document frequencies are given as a plain dict of hashed ids.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from brinkwatch.resolve._story_attach import specific_name_tie
from brinkwatch.resolve._story_refine import group_names_agree, names_agree
from brinkwatch.resolve._story_specific import name_df, rare_word, specificity
from brinkwatch.resolve._story_text import feature_id
from brinkwatch.resolve.stories import StorySettings


def _df(**counts: int) -> dict[int, int]:
    """Document frequencies by hashed entity id, from ``name=count`` (underscores: spaces)."""
    return {feature_id("e", k.replace("_", " ")): v for k, v in counts.items()}


def test_name_document_frequency_reads_entity_and_place_features() -> None:
    df = _df(ada_quell=3)
    df[feature_id("p", "vela")] = 40
    count = name_df(df)
    assert count("ada quell") == 3
    assert count("vela") == 40
    assert count("nobody") == 0
    spec = specificity(count, 100, 1.0)
    assert spec is not None and spec("ada quell") > spec("vela") >= 1.0
    assert specificity(count, 100, 0.0) is None  # off


def test_rare_word_is_a_share_of_the_corpus() -> None:
    count = name_df(_df(quell=5, vela=30))
    rare = rare_word(count, 100, 0.15)
    assert rare is not None
    assert rare("quell")  # 5 of 100 documents
    assert not rare("vela")  # 30 of 100: a name of many stories
    assert not rare("unknown")  # in no document: nothing to go by
    assert rare_word(count, 100, 0.0) is None  # off


def test_a_shared_rare_name_outweighs_common_names_the_item_lacks() -> None:
    # a story of 4 members: three names every crisis report writes (on 3 members each) and
    # the person of this event (on 2); a new item names that person and something else
    story = Counter({"marr": 3, "ostra": 3, "kelvane": 3, "ada quell": 2})
    group = Counter({"ada quell": 1, "ivo dern": 1})
    s = StorySettings()
    assert not names_agree(story, 4, group, 1, s)  # every name counts alike: refused
    count = name_df(_df(marr=900, ostra=850, kelvane=700, ada_quell=4, ivo_dern=2))
    spec = specificity(count, 1000, s.name_specificity)
    assert names_agree(story, 4, group, 1, s, spec)
    assert group_names_agree(story, 4, group, 1, s, spec)
    # sharing only the common names is no stronger for being weighted
    common = Counter({"marr": 1, "ivo dern": 1})
    assert not names_agree(story, 4, common, 1, s, spec)


def test_a_rare_single_word_name_in_the_lead_ties_a_fragment() -> None:
    names = [Counter({"zelvarix": 1}), Counter({"zelvarix": 3}), Counter()]
    size = np.array([1.0, 3.0, 2.0])
    rivals = np.array([False, True, True])
    lead = frozenset({"zelvarix"})
    count = name_df(_df(zelvarix=6, marr=400))
    rare = rare_word(count, 1000, 0.15)
    assert not specific_name_tie(names, 0, 1, rivals, size, 0.5, lead)  # words: no
    assert specific_name_tie(names, 0, 1, rivals, size, 0.5, lead, rare)
    # a single word carried by many documents of the corpus (a country) never ties
    common = [Counter({"marr": 1}), Counter({"marr": 3}), Counter()]
    assert not specific_name_tie(common, 0, 1, rivals, size, 0.5, frozenset({"marr"}), rare)
    # nor a rare one that another candidate carries too
    names[2]["zelvarix"] = 1
    assert not specific_name_tie(names, 0, 1, rivals, size, 0.5, lead, rare)
