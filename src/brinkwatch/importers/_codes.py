"""Actor codes shared by the importers: CAMEO country codes as our alpha-3, actor roles.

Our actor countries are ISO-3166 alpha-3 with Kosovo as XKX (ARCHITECTURE.md). CAMEO, and so
GDELT, uses ISO alpha-3 with a few exceptions, mapped here (CAMEO Conflict and Mediation
Event Observations codebook v1.1b3, country codes): KSV Kosovo, ROM Romania, ZAR Democratic
Republic of the Congo, TMP Timor-Leste. CAMEO's regional codes (EUR, AFR, ...) pass through.
"""

from __future__ import annotations

import functools
import re

CAMEO_COUNTRY_FIXES = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS"}

# CAMEO actor type codes -> our roles (GOV, MIL, POL, REB armed group, IGO); other types
# (CVL, MED, NGO, BUS, OPP, ...) are kept as they are.
CAMEO_ROLES = {
    "GOV": "GOV", "LEG": "GOV", "JUD": "GOV", "MIL": "MIL", "SPY": "MIL", "COP": "POL",
    "REB": "REB", "INS": "REB", "SEP": "REB", "UAF": "REB", "IGO": "IGO", "IMG": "IGO",
}


def cameo_country(code: str | None) -> str | None:
    """A CAMEO country code as our alpha-3 (``KSV`` -> ``XKX``); None when empty."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return CAMEO_COUNTRY_FIXES.get(code, code)


def cameo_role(actor_code: str | None, type_code: str | None) -> str | None:
    """The role of a CAMEO actor from its type code (or an ``IGO...`` actor code)."""
    type_code = (type_code or "").strip().upper()
    if type_code:
        return CAMEO_ROLES.get(type_code, type_code)
    if (actor_code or "").upper().startswith("IGO"):
        return "IGO"
    return None


@functools.lru_cache(maxsize=1)
def _country_alpha3() -> dict[str, str]:
    from brinkwatch.resolve._countries import alpha3, country_names

    return {name: alpha3(code) for name, code in country_names().items() if alpha3(code)}


def country_alpha3(name: str | None) -> str | None:
    """A country name (``Serbia``, ``Kosovo``, ``Bosnia and Herzegovina``) as alpha-3."""
    if not name:
        return None
    from brinkwatch.resolve._names import name_key

    table = _country_alpha3()
    key = name_key(name)
    return table.get(key) or (table.get(key[4:]) if key.startswith("the ") else None)


_OF_COUNTRY = re.compile(r"\bof ([A-Z][\w' .-]+?)(?: \(|$)")
_PAREN_COUNTRY = re.compile(r"\(([A-Z][\w' .-]+?)\)")


def country_in_actor(actor: str | None) -> str | None:
    """The country an ACLED-style actor name states: ``Military Forces of Serbia (2012-)``
    -> SRB, ``Protesters (Kosovo)`` -> XKX; None when it names none."""
    if not actor:
        return None
    for pattern in (_OF_COUNTRY, _PAREN_COUNTRY):
        for match in pattern.finditer(actor):
            code = country_alpha3(match.group(1).strip())
            if code:
                return code
    return None
