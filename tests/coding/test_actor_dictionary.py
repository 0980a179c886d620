"""The actor dictionary: countries, demonyms, metonymy, IGOs, roles and titles."""

from __future__ import annotations

import pytest

from brinkwatch.coding import lookup_actor


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Serbia", "SRB"),
        ("Kosovo", "XKX"),
        ("Belgrade", "SRBGOV"),
        ("Pristina", "XKXGOV"),
        ("the White House", "USAGOV"),
        ("the Kremlin", "RUSGOV"),
        ("Downing Street", "GBRGOV"),
        ("Serbian President Aleksandar Vucic", "SRBGOV"),
        ("Kosovar officials", "XKXGOV"),
        ("Kosovan police", "XKXPOL"),
        ("Serb gunmen", "SRBUAF"),
        ("ethnic Albanian rebels", "ALBREB"),
        ("U.S. troops", "USAMIL"),
        ("the Serbian foreign minister", "SRBGOV"),
    ],
)
def test_lookup_codes_country_and_role(text, code):
    ref = lookup_actor(text)
    assert ref is not None and ref.code == code


def test_kfor_is_the_nato_led_kosovo_force():
    kfor = lookup_actor("KFOR")
    assert kfor is not None and kfor.code == "IGOWSTNATPKO" and kfor.role == "IGO"
    assert lookup_actor("NATO").code.startswith("IGOWSTNAT")
    assert lookup_actor("the European Union").code == "IGOEUREEC"


def test_role_without_country_keeps_the_role():
    ref = lookup_actor("protesters")
    assert ref is not None and ref.country is None and ref.role == "OPP"


def test_unknown_person_is_not_coded():
    assert lookup_actor("Jane Doe") is None


def test_lowercase_us_is_not_the_united_states():
    assert lookup_actor("us") is None


def test_users_extend_the_dictionary_with_their_own_csv(tmp_path, monkeypatch):
    from brinkwatch.coding.actors import load_dictionary

    own = tmp_path / "actors.csv"
    own.write_text("pattern,kind,country,role,code,note\nNorthern Valley League,seat,SRB,PTY,,party\n", encoding="utf-8")
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(own))
    load_dictionary.cache_clear()
    try:
        assert lookup_actor("the Northern Valley League").code == "SRBPTY"
        assert lookup_actor("Belgrade").code == "SRBGOV"  # shipped rows still there
    finally:
        monkeypatch.delenv("BRINKWATCH_ACTORS")
        load_dictionary.cache_clear()
