"""Words around a name that say it is a town: its municipal use.

Local news rarely says which Lebanon or which Cook it means; the words around the name
often say what kind of place it is: "Berea police", "the city of Dublin", "Mayor of
Portland", "Sen. Tom Bakk, DFL-Cook". Counties and countries are not used that way
("Cook County", "Israeli police"), so such a name's populated places gain
over same-named divisions and countries
(:func:`~brinkwatch.analyze._gazetteer_joint.resolve_jointly`, ``towns``).
"""

from __future__ import annotations

import re

_TOWN_AFTER = re.compile(
    r"\s+(?:city\s+(?:council|commission|hall|manager|officials|schools|police|limits)|police\b|mayor\b|selectmen\b"
    r"|aldermen\b|town\s+(?:council|board|hall|manager)|village\s+(?:board|council|hall)|council(?:wo)?man\b)",
    re.IGNORECASE)
# "the city of Dublin", and the party-and-hometown tag of a US legislator ("R-London", "DFL-Cook")
_TOWN_BEFORE = re.compile(r"(?:\b(?:city|town|village|mayor)\s+of\s+|\b(?:[RDI]|DFL)-)$", re.IGNORECASE)


def municipal(text: str, start: int, end: int) -> bool:
    """Whether the words around a name use it as a town or city ("Berea police")."""
    return bool(_TOWN_AFTER.match(text, end, min(len(text), end + 30))
                or _TOWN_BEFORE.search(text[max(0, start - 20):start]))
