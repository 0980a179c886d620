"""Syndicated copies: one stored document remembers every copy; re-runs count nothing new."""

from __future__ import annotations

import json

from click.testing import CliRunner

from brinkwatch.cli import main

WIRE = (
    "Talks between the two governments resumed on Tuesday in the capital after a week of "
    "tension along the border, where both sides had moved extra police units. The mediators "
    "said the first session lasted four hours and ended with an agreement to meet again on "
    "Friday. Officials from both delegations described the atmosphere as constructive, and "
    "the border crossings that were closed last week will reopen on Wednesday morning for "
    "trucks and buses, according to a joint statement released after the meeting. The "
    "statement also said that a joint commission of engineers would inspect the damaged "
    "bridge near the northern crossing and report within a month on the cost of repairs. "
    "Local traders, who had lost most of their customers during the closure, welcomed the "
    "news but said they would wait to see whether the promises were kept. A spokesman for "
    "the regional chamber of commerce estimated the losses of the past week at several "
    "hundred thousand euros and asked both governments for compensation. Observers from the "
    "regional security organisation, who attended the talks as guests, said they would keep "
    "a small team at each crossing until the end of the month to monitor the reopening and "
    "to report any incident to both delegations and to the mediators."
)


def test_copies_are_remembered_and_a_rerun_counts_nothing_new(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text("Border talks resume\n\n" + WIRE, encoding="utf-8")
    (folder / "copy_exact.txt").write_text("Border talks resume\n\n" + WIRE, encoding="utf-8")
    trimmed = WIRE.replace(" Officials from both delegations described the atmosphere as constructive,", "")
    (folder / "copy_near.txt").write_text("Neighbours back at the table\n\nBy a staff writer\n\n" + trimmed,
                                          encoding="utf-8")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    first = json.loads(runner.invoke(main, ["run", str(folder), "--db", db, "--json"]).stdout)
    assert (first["documents"], first["exact_copies"], first["near_copies"]) == (1, 1, 1)
    again = json.loads(runner.invoke(main, ["run", str(folder), "--db", db, "--json"]).stdout)
    assert (again["new_documents"], again["exact_copies"], again["near_copies"]) == (0, 0, 0)
    export = json.loads(runner.invoke(main, ["export", "--db", db, "--format", "json"]).stdout)
    [doc] = export["documents"]
    kinds = sorted((c["source_path"].rsplit("/", 1)[-1], c["kind"]) for c in doc["copies"])
    # Folders are read in name order, so copy_exact.txt is the first seen (the original).
    assert kinds == [("copy_exact.txt", "original"), ("copy_near.txt", "near"), ("wire.txt", "exact")]
