"""`brinkwatch gazetteer import FILE`: a GeoNames dump becomes the gazetteer the geocoder uses."""

from __future__ import annotations

from click.testing import CliRunner

from brinkwatch.cli import main

# Two invented villages in GeoNames dump columns (19 tab-separated fields).
ROWS = [
    ["9900001", "Velika Testna", "Velika Testna", "Testna,Velika Testna", "43.1000", "20.5000", "P", "PPL",
     "RS", "", "00", "", "", "", "350", "", "600", "Europe/Belgrade", "2024-01-01"],
    ["9900002", "Mala Probna", "Mala Probna", "", "42.9000", "20.9000", "P", "PPL",
     "XK", "", "00", "", "", "", "120", "", "700", "Europe/Belgrade", "2024-01-01"],
]


def test_import_writes_a_gazetteer_the_geocoder_reads(tmp_path):
    from brinkwatch.analyze._gazetteer import load_gazetteer
    from brinkwatch.analyze.places import Geocoder

    dump = tmp_path / "XX.txt"
    dump.write_text("\n".join("\t".join(r) for r in ROWS) + "\n", encoding="utf-8")
    out = tmp_path / "gaz.tsv.gz"
    result = CliRunner().invoke(main, ["gazetteer", "import", str(dump), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    geocoder = Geocoder(load_gazetteer(out))
    hit = geocoder.geocode("Mala Probna")
    assert hit is not None and hit.country == "XK"
    assert abs(hit.lat - 42.9) < 0.01 and abs(hit.lon - 20.9) < 0.01


def test_import_of_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["gazetteer", "import", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_gazetteer_index_is_built_once_into_the_cache_and_reopened(tmp_path, monkeypatch):
    from brinkwatch.analyze._gazetteer import load_gazetteer
    from brinkwatch.analyze._gazetteer_build import build_gazetteer

    monkeypatch.setenv("BRINKWATCH_CACHE_DIR", str(tmp_path / "cache"))
    dump = tmp_path / "XX.txt"
    dump.write_text("\n".join("\t".join(r) for r in ROWS) + "\n", encoding="utf-8")
    out = build_gazetteer(dump, tmp_path / "gaz.tsv.gz")
    first = load_gazetteer(out)
    built = sorted((tmp_path / "cache").glob("gazetteer-*.sqlite"))
    assert len(built) == 1 and first.path == built[0]
    mtime = built[0].stat().st_mtime_ns
    again = load_gazetteer(out)
    assert again.path == built[0] and built[0].stat().st_mtime_ns == mtime  # opened, not rebuilt
    # same answers as the table: the import's villages and the shipped supplement's Banjska
    assert [(e.name, e.country) for e in again.lookup("mala probna")] == [("Mala Probna", "XK")]
    assert again.has("Velika Testna") and again.has("Testna") and not again.has("Nowhere Town")
    assert any(e.country == "XK" and e.fclass == "P" for e in again.lookup("Banjska"))
    assert again.by_geonameid(9900001).name == "Velika Testna"


def test_a_failed_index_build_leaves_no_temporary_file(tmp_path):
    """A gazetteer that is not gzip fails the index build; its half-written index is removed."""
    import gzip

    import pytest

    from brinkwatch.analyze._gazetteer_cache import _build

    source = tmp_path / "broken.tsv.gz"
    source.write_bytes(b"not gzip at all")
    target = tmp_path / "index" / "gazetteer-x.sqlite"
    target.parent.mkdir()
    with pytest.raises(gzip.BadGzipFile):
        _build(target, source, str.casefold)
    assert list(target.parent.iterdir()) == []
