"""A document's main place can be read from its analysis before the claims step, so the
derive stage need not keep every analysis's places until then."""

from __future__ import annotations

from types import SimpleNamespace

from brinkwatch.claims.context import claim_context, main_places
from brinkwatch.records import Place, Span


def _place(doc: str, start: int, name: str, feature: str = "P.PPL") -> Place:
    return Place(span=Span(doc_id=doc, start=start, end=start + len(name), text=name), name=name,
                 geonameid=None, lat=1.0, lon=1.0, country="XK", feature=feature, sentence=0)


def test_main_places_read_early_equal_the_ones_read_from_the_analyses():
    analyses = {
        "a": SimpleNamespace(places=(_place("a", 0, "Dorfen"), _place("a", 30, "Dorfen"), _place("a", 60, "Bergheim"))),
        "b": SimpleNamespace(places=(_place("b", 0, "Dorfen"), _place("b", 30, "Bergheim"))),
        "c": SimpleNamespace(places=()),
    }
    early = main_places(analyses)
    assert early == {"a": "dorfen"}
    late = claim_context([], {}, analyses=analyses)
    assert claim_context([], {}, main_place=early) == late
    assert late.incident_place("a") == "dorfen" and late.incident_place("b") is None
