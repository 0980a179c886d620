"""Headline names: casing restored from the body, then the recogniser; what the story
clusterer gets of them; stored analyses with and without them."""

from __future__ import annotations

import pytest

from brinkwatch.analyze.headline import headline_style, parse_headlines, truecase_headline
from brinkwatch.derive import story_keys
from brinkwatch.records import ArticleAnalysis, from_dict, to_dict

BODY = ("A riot broke out in Brooklyn on Monday night during a vigil for a teenager shot by "
        "police. Officers from the NYPD arrested 46 people, police said.")


def test_styles() -> None:
    assert headline_style("Riot breaks out in Brooklyn during vigil") == "sentence"
    assert headline_style("Large Riot Breaks Out In Brooklyn During Vigil") == "title"
    assert headline_style("ACME CORP <ACM> 4TH QTR NET") == "caps"
    assert headline_style("") == "sentence"


def test_title_case_takes_the_body_casing() -> None:
    out = truecase_headline("Large Riot Breaks Out In Brooklyn During Vigil For NYPD Victim", BODY)
    # words the body writes in lower case, and words it never writes (not names), go lower;
    # the body's names and an acronym keep their capitals
    assert out == "Large riot breaks out in Brooklyn during vigil for NYPD victim"


def test_sentence_case_is_left_alone() -> None:
    title = "Serbia moves troops to the Kosovo border, U.S. says"
    assert truecase_headline(title, "Nothing here.") == title


def test_all_capitals_wire_title() -> None:
    body = "Shr loss 13 cts vs profit six cts\nNet loss 1.2 mln vs profit 500,000\nRevs 12 mln"
    out = truecase_headline("GOLDEN NUGGET INC <GNG> 4TH QTR LOSS", body)
    # "loss" is written lower case in the body; the company, never named there, is
    # capitalised; a word with digits goes lower case
    assert out == "Golden Nugget Inc <Gng> 4th Qtr loss"
    assert truecase_headline("U.S. BANK BOARD TAKES OVER THRIFT", "").startswith("U.S. Bank")


def test_line_starts_do_not_count_as_body_casing() -> None:
    # "Net" opens a table row: it must not make "NET" a capitalised word of the title
    out = truecase_headline("ACME NET UP", "Shr 13 cts vs six cts\nNet 1.2 mln vs 500,000 net")
    assert out == "Acme net Up"


@pytest.fixture(scope="module")
def nlp():
    from brinkwatch.analyze.nlp import load_nlp

    return load_nlp()


def test_parse_headlines_reads_names_after_truecasing(nlp) -> None:
    pairs = [
        ("Large Riot Breaks Out In Brooklyn During Vigil For Teen Shot By Police", BODY),
        (None, BODY),
        ("", BODY),
    ]
    names = parse_headlines(nlp, pairs)
    assert names[0] == ("Brooklyn",)
    assert names[1] == () and names[2] == ()


def test_story_keys_join_body_and_headline_names() -> None:
    analysis = ArticleAnalysis(doc_id="d1", analyzer_version="x", anchor_date=None,
                               headline_names=("Golden Nugget Inc", "U.S."))
    entities, places, headline = story_keys(analysis)
    assert entities == headline == ("golden nugget inc", "us")
    assert places == ()


def test_headline_names_round_trip_and_old_analyses_load() -> None:
    analysis = ArticleAnalysis(doc_id="d1", analyzer_version="11", anchor_date=None,
                               headline_names=("Brooklyn", "NYPD"))
    back = from_dict(ArticleAnalysis, to_dict(analysis))
    assert back == analysis and isinstance(back.headline_names, tuple)
    old = to_dict(analysis)
    del old["headline_names"]  # stored by analyzer version 10
    assert from_dict(ArticleAnalysis, old).headline_names == ()


def test_a_repeated_headline_in_the_body_does_not_teach_its_casing() -> None:
    title = "NATO Bolsters Forces In Kosovo Amid Clashes"
    body = f"{title}\n\nNATO said on Friday it would send more troops to Kosovo after clashes."
    assert truecase_headline(title, body) == "NATO bolsters forces in Kosovo amid clashes"
