"""The brief on the five seed articles: the pipeline runs once into a temporary store, then
the crisis overview is checked for what an analyst reads first."""

from __future__ import annotations

import re

import pytest

from brinkwatch.report import render_html, render_markdown

from conftest import shared_path


@pytest.fixture(scope="module")
def seeds_brief(tmp_path_factory):
    from brinkwatch.pipeline import run
    from brinkwatch.store.export import document_texts, export_dict
    from brinkwatch.store.db import Store

    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("brief") / "s.db"
    run([str(seeds)], str(db))
    store = Store(str(db), readonly=True)
    data, texts = export_dict(store), document_texts(store)
    return data, texts, render_markdown(data, texts=texts), render_html(data, texts=texts)


def _section(doc: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, re.M | re.S)
    assert match, title
    return match.group(1)


def _label(data: dict, stem: str) -> str:
    """The Sources label (S1..S5) of the seed whose file name starts with ``stem``."""
    docs = sorted(data["documents"], key=lambda d: (not d.get("published"),
                                                    d.get("published") or "",
                                                    (d.get("outlet") or "").lower(),
                                                    d.get("title") or ""))
    for i, d in enumerate(docs, 1):
        if d["source_path"].rsplit("/", 1)[-1].startswith(stem):
            return f"S{i}"
    raise AssertionError(stem)


def test_overview_names_the_banjska_attack_with_its_date_and_toll(seeds_brief):
    _, _, md, _ = seeds_brief
    story = _section(md, "The story in a few sentences")
    first = story.strip().split(". ")[0]
    assert first.startswith("On 24 September 2023,") and "Banjska" in first
    assert "4 killed" in first


def test_overview_gives_both_kosovo_population_figures_with_their_documents(seeds_brief):
    data, _, md, _ = seeds_brief
    story = _section(md, "The story in a few sentences")
    sentence = next(s for s in story.split("Sources ") if "population of Kosovo" in s)
    assert sentence.startswith("differ on the population of Kosovo")
    assert f"1.7 million people ({_label(data, '003')})" in sentence
    assert f"about 1.8 million inhabitants ({_label(data, '001')})" in sentence


def test_every_footnote_quotes_its_document_text_exactly(seeds_brief):
    _, texts, md, html = seeds_brief
    notes = re.findall(r"^\[\^(\d+)\]: doc (\w+)…?:(\d+)-(\d+) .*?\*\*(.*?)\*\*", md, re.M)
    assert len(notes) >= 10
    full_ids = {d[:8]: d for d in texts}
    for _, short, start, end, quoted in notes:
        text = texts[full_ids[short[:8]]][int(start):int(end)]
        assert " ".join(text.split()) == quoted.replace("\\", "")
    for n in re.findall(r"\[\^(\d+)\]", _section(md, "The story in a few sentences")):
        assert re.search(rf"^\[\^{n}\]: doc ", md, re.M)
    assert "<mark>" in html


def test_timeline_keeps_background_years_out_of_the_crisis_period(seeds_brief):
    _, _, md, _ = seeds_brief
    timeline = _section(md, "Timeline")
    crisis = timeline.split("### ")[0]
    assert "**2023-09-24**" in crisis and "**2008**" not in crisis and "**1999**" not in crisis
    assert "**2008**" in timeline.split("### Background")[1]
