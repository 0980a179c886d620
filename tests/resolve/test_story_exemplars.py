"""Story clustering round 9: a story's exemplars are the most central members of the group
that founds it, not the first ones by date and id.

All texts are invented for these tests.
"""

from __future__ import annotations

import json

import numpy as np
import scipy.sparse as sp

from brinkwatch.resolve._story_matrix import central_rows
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings


def _rows(vectors: list[list[float]]) -> sp.csr_matrix:
    m = np.asarray(vectors, dtype=np.float64)
    return sp.csr_matrix(m / np.linalg.norm(m, axis=1, keepdims=True))


def test_central_rows_skip_the_outliers_and_keep_order() -> None:
    # rows 0 and 4 point elsewhere; 1, 2, 3 agree with each other (and with the sum)
    x = _rows([[0, 1, 0], [1, 0.1, 0], [1, 0, 0.1], [1, 0.05, 0.05], [0, 0, 1]])
    assert central_rows(x, [0, 1, 2, 3, 4], 3) == [1, 2, 3]
    assert central_rows(x, [4, 3, 0], 1) == [3]


def test_central_rows_edges() -> None:
    x = _rows([[1, 0], [0, 1]])
    assert central_rows(x, [1, 0], 5) == [1, 0]  # room for all: all, as given
    assert central_rows(x, [0, 1], 0) == []
    # a tie keeps the earlier member
    assert central_rows(x, [0, 1], 1) == [0]


_QUAKE = ("A magnitude 6.1 earthquake struck near Velmora on Tuesday, the Orlan seismic office "
          "said; {a}.")
_VARIANTS = ["houses cracked in the old town", "two bridges were closed for checks",
             "schools in Velmora sent pupils home", "the Orlan office counted twelve aftershocks",
             "rescuers from Velmora searched collapsed barns", "power failed for an hour"]


def test_a_large_founding_group_keeps_join_exemplars_members() -> None:
    items = [StoryItem(f"q{i}", "Earthquake hits Velmora", _QUAKE.format(a=v), "2025-03-04",
                       ("orlan seismic office",), ("velmora",))
             for i, v in enumerate(_VARIANTS)]
    c = StoryClusterer(StorySettings(join_exemplars=4))
    got = c.add(items)
    assert len(set(got.values())) == 1
    (story,) = c._stories
    assert len(story.exemplars) == 4
    # the setting is saved with the state, and a state without it loads with the default
    state = json.loads(c.state_to_json())
    assert state["settings"]["central_exemplars"] is True
    del state["settings"]["central_exemplars"]
    again = StoryClusterer.from_state_json(json.dumps(state))
    assert again.settings.central_exemplars is True
    assert again.story_of("q3") == got["q3"]
