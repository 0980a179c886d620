"""``brinkwatch run --distinct-names``: wire notices of different companies whose bodies are
the same formula, named only in their headlines (analysed since analyzer version 11)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from brinkwatch.cli import main
from tests.store_rows import store_rows

NOTICES = [
    ("ACME CORP <ACM> 3RD QTR NET", 13, 6, 1.2, 0.6, 12),
    ("ZENITH INC <ZEN> 3RD QTR NET", 21, 9, 2.4, 1.1, 19),
    ("ACME CORP <ACM> SEES HIGHER 4TH QTR NET", 15, 7, 1.4, 0.7, 13),
]


def _feed(folder: Path) -> Path:
    path = folder / "wire.jsonl"
    with path.open("w") as out:
        for k, (title, shr, prior, net, prior_net, revs) in enumerate(NOTICES):
            text = (f"Quarterly profit per share was {shr} cents against {prior} cents a year earlier, "
                    f"and net profit rose to {net} million dollars from {prior_net} million dollars on revenue "
                    f"of {revs} million dollars, the company said in its quarterly statement on results.")
            out.write(json.dumps({"id": f"n{k}", "title": title, "text": text,
                                  "date": "1987-03-02", "outlet": "Wire"}) + "\n")
    return path


def _stories(db: Path) -> dict[str, str]:
    rows = store_rows(db, docs="SELECT d.title, s.story_id FROM story_documents s "
                              "JOIN documents d ON d.id = s.doc_id ORDER BY d.title")["docs"]
    return {title: story for title, story in rows}


def test_two_companies_stay_apart_unless_distinct_names_is_off(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    runner = CliRunner()
    merged, apart = tmp_path / "merged.db", tmp_path / "apart.db"
    result = runner.invoke(main, ["run", str(feed), "--db", str(merged), "--quiet",
                                  "--distinct-names", "1"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["run", str(feed), "--db", str(apart), "--quiet"]).exit_code == 0
    switched_off, kept_apart = _stories(merged), _stories(apart)
    acme_later, zenith = NOTICES[2][0], NOTICES[1][0]
    acme = NOTICES[0][0]
    assert len(switched_off) == len(kept_apart) == 3
    # switched off, the formula alone links the notices; by default the names keep them apart
    assert switched_off[zenith] == switched_off[acme]
    assert kept_apart[zenith] != kept_apart[acme]
    assert kept_apart[acme_later] == kept_apart[acme]


def test_distinct_names_rejects_a_factor_outside_0_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(_feed(tmp_path)), "--db",
                                       str(tmp_path / "x.db"), "--distinct-names", "2"])
    assert result.exit_code != 0
    assert "--distinct-names" in result.output
