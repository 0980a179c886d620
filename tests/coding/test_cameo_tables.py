"""CAMEO reference tables: names, Goldstein weights, QuadClass, PLOVER and ACLED maps."""

from __future__ import annotations

import pytest

from brinkwatch.coding import acled, cameo_name, goldstein, plover, quad_class
from brinkwatch.coding.tables import is_known_code, plover_mode


def test_all_twenty_roots_are_known_with_names():
    for root in (f"{r:02d}" for r in range(1, 21)):
        assert is_known_code(root)
        assert cameo_name(root)


def test_goldstein_weights_of_well_known_codes():
    assert goldstein("190") == -10.0
    assert goldstein("010") == 0.0
    assert goldstein("057") == 8.0
    assert goldstein("173") == -5.0


def test_unknown_sub_code_falls_back_to_its_root_weight():
    assert goldstein("1999") == goldstein("19")


@pytest.mark.parametrize(
    ("root", "quad"),
    [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4)],
)
def test_quad_class_by_root(root, quad):
    assert quad_class(root) == quad


def test_quad_class_accepts_a_full_code():
    assert quad_class("1823") == 4


def test_cameo_1_1b3_codes_missing_from_some_lists_are_present():
    for code in ("1214", "155", "176", "1834", "1951", "1952"):
        assert cameo_name(code), code


def test_plover_map():
    assert plover("190") == "ASSAULT"
    assert plover("173") == "COERCE"
    assert plover("036") == "AGREE"
    assert plover("163") == "COERCE"
    assert plover("010") is None  # PLOVER dropped CAMEO 01
    assert plover_mode("042") == "visit"


def test_acled_map():
    assert acled("1831") == ("Explosions/Remote violence", "Suicide bomb")
    assert acled("195") == ("Explosions/Remote violence", "Air/drone strike")
    assert acled("145") == ("Riots", "Violent demonstration")
    assert acled("173") == ("Strategic developments", "Arrests")
    assert acled("111") is None
