"""The documented column lists of GDELT event exports, as data.

Sources: "GDELT Event Database Data Format Codebook V1.03" (2013) and "GDELT 2.0 Event
Database Codebook V2.0" (2015), both published at http://data.gdeltproject.org/documentation/.
GDELT 1.0 daily files carry 58 tab-separated columns (57 without SOURCEURL, as in the
historical back-files before April 2013); GDELT 2.0 15-minute export files carry 61: each of
the three geography blocks gains an ADM2Code, and DATEADDED becomes YYYYMMDDHHMMSS.
Files have no header row.
"""

from __future__ import annotations


def _actor(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]


def _geo(prefix: str, adm2: bool) -> list[str]:
    names = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if adm2 else []) + [
        "Lat", "Long", "FeatureID"]
    return [f"{prefix}Geo_{name}" for name in names]


_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone"]
_HEAD = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]

GDELT1_COLUMNS: list[str] = (_HEAD + _actor("Actor1") + _actor("Actor2") + _EVENT
                             + _geo("Actor1", False) + _geo("Actor2", False) + _geo("Action", False)
                             + ["DATEADDED", "SOURCEURL"])
GDELT1_HISTORICAL_COLUMNS: list[str] = GDELT1_COLUMNS[:-1]
GDELT2_COLUMNS: list[str] = (_HEAD + _actor("Actor1") + _actor("Actor2") + _EVENT
                             + _geo("Actor1", True) + _geo("Actor2", True) + _geo("Action", True)
                             + ["DATEADDED", "SOURCEURL"])

assert len(GDELT1_COLUMNS) == 58 and len(GDELT1_HISTORICAL_COLUMNS) == 57 and len(GDELT2_COLUMNS) == 61

LAYOUTS: dict[int, tuple[str, list[str]]] = {
    57: ("gdelt1", GDELT1_HISTORICAL_COLUMNS),
    58: ("gdelt1", GDELT1_COLUMNS),
    61: ("gdelt2", GDELT2_COLUMNS),
}
