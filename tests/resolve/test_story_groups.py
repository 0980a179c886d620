"""Story clustering round 8: mid-size fragments of one event re-attach to each other, judged
by the split test (names, numbers, dates) instead of the names check.

All texts are invented for these tests.
"""

from __future__ import annotations

from brinkwatch.resolve._story_refine import sides_disagree
from brinkwatch.resolve._story_text import raw_features
from brinkwatch.resolve._story_vocab import Vocab
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings


def _item(doc: str, title: str, text: str, entities: tuple[str, ...],
          places: tuple[str, ...]) -> StoryItem:
    return StoryItem(doc, title, text, "2025-06-02", entities, places)


_FIRE = ("Fire chief Osk Rellan said the blaze at the Vemco warehouse in Tarnby started after "
         "midnight and {a}. {b}")
FIRE = [_item(f"f{i}", f"Vemco warehouse fire in Tarnby {t}", _FIRE.format(a=a, b=b),
              ("osk rellan", "vemco"), ("tarnby",)) for i, (t, a, b) in enumerate([
                  ("burns overnight", "burned for six hours", "Crews from three towns helped."),
                  ("destroys stock", "destroyed most of the stock", "Nobody was inside."),
                  (": crews fight flames", "crews fought the flames until dawn",
                   "Smoke was seen for miles."),
                  ("leaves ruins", "left only the walls standing", "The roof fell in at four."),
              ])]
# the same fire a day on, in other words: below the join threshold with the reports above
_AIR = ("Families living near the burnt Vemco depot in Tarnby were told to keep windows shut "
        "while council workers tested the air; officials said {a}. {b}")
AIR = [_item(f"g{i}", f"Tarnby residents {t}", _AIR.format(a=a, b=b), ("vemco",), ("tarnby",))
       for i, (t, a, b) in enumerate([
           ("told to keep windows shut", "the air tests were fine", "Schools stayed open."),
           ("wait for air tests", "results would come on Tuesday", "The mayor visited."),
           ("return to the streets", "the smell would fade within days", "Shops reopened."),
           ("get free masks", "masks were handed out at the library", "Buses ran as usual."),
       ])]
# another warehouse fire the same night: same kind of event, other names
_OTHER = ("A warehouse owned by Kylen Foods in Plessing caught fire on Sunday evening, chief "
          "Ada Morrow told reporters; the flames {a}. {b}")
OTHER = [_item(f"p{i}", f"Kylen Foods warehouse fire in Plessing {t}", _OTHER.format(a=a, b=b),
               ("ada morrow", "kylen foods"), ("plessing",)) for i, (t, a, b) in enumerate([
                   ("guts cold store", "burned for nine hours", "Crews from two towns helped."),
                   (": guards escape", "destroyed the cold store", "Two guards got out."),
                   ("closes road", "were out by noon", "Smoke closed a road."),
                   ("spares office", "left the office standing", "The owner will rebuild."),
               ])]
FILLER = [_item(f"z{i}", f"News about {t.split()[0]}", " ".join(t.split() * 3) + f" item {i}",
                (), ()) for i, t in enumerate([
                    "council budget schools parks taxes", "football cup final goal penalty",
                    "bank interest rates inflation loans", "museum painting exhibition artist",
                    "train strike unions wages talks", "hospital nurses ward patients beds",
                    "election ballots voters turnout count", "drought farmers wheat harvest rain",
                    "airport runway flights delays pilots", "court judge appeal ruling lawyers"])]


def _stories(assign: dict[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for doc, story in assign.items():
        if not doc.startswith("z"):
            groups.setdefault(story, []).append(doc)
    return sorted(sorted(g) for g in groups.values())


def test_a_mid_size_fragment_of_one_event_joins_it_and_another_fire_stays_apart() -> None:
    docs = FIRE + AIR + OTHER + FILLER
    fire, air, other = ([d.doc_id for d in g] for g in (FIRE, AIR, OTHER))
    # four follow-up reports are too many for the small-leftover re-attachment alone
    before = StoryClusterer(StorySettings(group_attach_max=0)).add(docs)
    assert _stories(before) == sorted([fire, air, other])
    assign = StoryClusterer().add(docs)
    assert _stories(assign) == sorted([fire + air, other])


def _feats(texts: list[str], names: list[tuple[str, ...]]) -> list:
    return [raw_features(None, t, n, ()) for t, n in zip(texts, names)]


def test_the_split_test_between_two_groups_reads_names_and_dates() -> None:
    # date_max_ratio above the name ratio of these sides (1.5), so the dates decide
    settings = StorySettings(date_max_ratio=2.0)
    texts = [
        "Ivo Brandt resigned from the Dunmore council on March 3 after the vote.",
        "The Dunmore council accepted the resignation of Ivo Brandt on March 3.",
        "Ivo Brandt left the Dunmore council on March 3, saying he was tired.",
        "On March 3 the Dunmore council lost Ivo Brandt, its longest member.",
        # the same people, another day: a second resignation months later
        "Ivo Brandt resigned again from the Dunmore council on July 9 after a row.",
        "The Dunmore council saw Ivo Brandt quit on July 9 for the second time.",
        "Ivo Brandt, back since May, left the Dunmore council on July 9.",
        "On July 9 Ivo Brandt walked out of the Dunmore council once more.",
    ]
    same = ("ivo brandt", "dunmore council")
    names = [same + (("mayor kell",) if i % 4 < 2 else ("town hall",)) for i in range(8)]
    feats = [raw_features(None, t, n, ()) for t, n in zip(texts, names)]
    vocab = Vocab()
    vocab.count_docs(vocab.columns([f for c, _ in feats for f in c]), len(feats))
    n = vocab.n_docs
    a, b = [0, 1, 2, 3], [4, 5, 6, 7]
    # names agree; the dominant month-days are months apart: two events
    assert sides_disagree(a, b, feats, vocab, n, settings, texts, {})
    # without the texts (a late follow-up already tied by a date) the dates are not read
    assert not sides_disagree(a, b, feats, vocab, n, settings, None, {})
    # the same day on both sides: one event
    one_day = [t.replace("July 9", "March 3") for t in texts]
    assert not sides_disagree(a, b, feats, vocab, n, settings, one_day, {})
    # a side of one item is too small to tell
    assert not sides_disagree([0], b, feats, vocab, n, settings, texts, {})
    # other names: two events, dates or not
    other = [raw_features(None, t, ("ivo brandt", "dunmore council") if i < 4
                          else ("lena ostrow", "dunmore council"), ())
             for i, t in enumerate(texts[:4] * 2)]
    vocab2 = Vocab()
    vocab2.count_docs(vocab2.columns([f for c, _ in other for f in c]), len(other))
    assert sides_disagree(a, b, other, vocab2, vocab2.n_docs, StorySettings(), None, {})
