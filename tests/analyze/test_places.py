"""Toponyms found in text and resolved against the GeoNames-derived gazetteer."""

from __future__ import annotations

import pytest

from brinkwatch.analyze._gazetteer_resolve import haversine_km
from brinkwatch.analyze.places import Geocoder, geocode, get_geocoder


def _places(nlp, text: str, context: tuple[str, ...] = ()):
    return get_geocoder().resolve_doc(nlp(text), "doc-1", context_countries=context)


def test_country_resolves_to_its_own_point_not_its_capital():
    hit = geocode("France")
    assert hit is not None and hit.country == "FR" and hit.feature == "A.PCLI"
    assert hit.geonameid == 3017382
    assert haversine_km(hit.lat, hit.lon, 48.85, 2.35) > 150  # not Paris


def test_kosovo_has_its_own_country_entry():
    hit = geocode("Kosovo")
    assert hit is not None and (hit.country, hit.feature) == ("XK", "A.PCLI")


def test_village_in_northern_kosovo_resolves_there_not_to_bansko(nlp):
    text = "Armed men occupied a monastery near the village of Banjska in northern Kosovo on Sunday."
    places = {p.span.text: p for p in _places(nlp, text)}
    assert "Banjska" in places
    banjska = places["Banjska"]
    assert banjska.country == "XK"
    assert haversine_km(banjska.lat, banjska.lon, 42.95, 20.8) < 30
    assert text[banjska.span.start:banjska.span.end] == "Banjska"


def test_mitrovica_with_kosovo_context_is_the_kosovo_town(nlp):
    places = _places(nlp, "Police reinforced patrols in Mitrovica after the clashes.", context=("XK",))
    mitrovica = [p for p in places if p.span.text == "Mitrovica"]
    assert mitrovica and mitrovica[0].country == "XK"
    assert mitrovica[0].feature.startswith("P.")


def test_mitrovica_single_name_with_kosovo_context():
    hit = geocode("Mitrovica", context_countries=("XK",))
    assert hit is not None and hit.country == "XK"


def test_demonym_resolves_to_the_country(nlp):
    places = _places(nlp, "The Serbian government denied any role in the attack.")
    serbian = [p for p in places if p.span.text == "Serbian"]
    assert serbian and serbian[0].country == "RS" and serbian[0].feature == "A.PCLI"


def test_town_with_state_abbreviation_takes_that_state(nlp):
    places = _places(nlp, "A fire destroyed a barn outside Alexandria, La., on Tuesday night.")
    by_text = {p.span.text: p for p in places}
    assert by_text["Alexandria"].country == "US"
    assert haversine_km(by_text["Alexandria"].lat, by_text["Alexandria"].lon, 31.31, -92.45) < 50
    assert by_text["La."].feature == "A.ADM1"


def test_spans_point_at_the_text(nlp):
    text = "Talks between Belgrade and Pristina resumed in Brussels."
    places = _places(nlp, text)
    assert {p.span.text for p in places} >= {"Belgrade", "Pristina", "Brussels"}
    for p in places:
        assert text[p.span.start:p.span.end] == p.span.text
    countries = {p.span.text: p.country for p in places}
    assert countries["Belgrade"] == "RS" and countries["Pristina"] == "XK" and countries["Brussels"] == "BE"


@pytest.mark.parametrize("junk", ["", "   ", "\x00\x01", "!!!???", "a" * 5000, "123 456", None, 42, "Ω≈ç√"])
def test_geocode_never_raises_on_junk(junk):
    assert geocode(junk) is None or geocode(junk).lat is not None


def test_resolve_doc_handles_empty_and_odd_documents(nlp):
    geocoder = Geocoder()
    assert geocoder.resolve_doc(nlp(""), "empty") == []
    assert isinstance(geocoder.resolve_doc(nlp("$$$ ,,, ... 12 12 12"), "odd"), list)


def test_small_town_homonym_follows_the_other_local_places(nlp):
    # a suburb that shares its name with a European capital, among its Ohio neighbours
    text = ("The Dublin city council voted on Monday to widen two roads. "
            "Franklin County engineers and officials from Columbus and Hilliard attended.")
    by_text = {p.span.text: p for p in _places(nlp, text)}
    assert by_text["Dublin"].country == "US"
    assert haversine_km(by_text["Dublin"].lat, by_text["Dublin"].lon, 40.10, -83.11) < 30
    assert haversine_km(by_text["Franklin County"].lat, by_text["Franklin County"].lon, 39.97, -83.01) < 50


def test_capital_keeps_its_reading_beside_a_state_full_of_namesakes(nlp):
    places = {p.span.text: p for p in _places(nlp, "Ministers from Belgrade flew to Brussels and then to Paris.")}
    assert places["Belgrade"].country == "RS" and places["Paris"].country == "FR"


def test_place_inside_a_longer_place_entity_and_split_abbreviation(nlp):
    text = "Rain is expected across East Texas, and crews in Charleston, W. Va., cleared the roads."
    spans = {p.span.text: p for p in _places(nlp, text)}
    assert spans["Texas"].feature == "A.ADM1" and spans["Texas"].country == "US"
    assert spans["W. Va."].feature == "A.ADM1"
    assert haversine_km(spans["Charleston"].lat, spans["Charleston"].lon, 38.35, -81.63) < 30


def test_surname_of_a_named_person_is_not_a_place(nlp):
    text = "Pastor Andrew Brunson was released on Friday. Brunson flew home to the United States."
    names = {p.span.text for p in _places(nlp, text)}
    assert "Brunson" not in names and "United States" in names


def _reading(places, name: str):
    hits = [p for p in places if p.span.text == name]
    assert hits, (name, [p.span.text for p in places])
    return hits[0]


def test_washington_in_federal_politics_is_the_capital_not_the_state(nlp):
    text = ("The senator flew back to Washington on Monday to vote on the budget. "
            "Officials in Washington said the White House would sign it.")
    dc = _reading(_places(nlp, text), "Washington")
    assert dc.country == "US" and dc.feature.startswith("P")
    assert haversine_km(dc.lat, dc.lon, 38.9, -77.04) < 30


def test_washington_among_its_own_towns_is_the_state(nlp):
    text = "Wildfires spread near Spokane and Yakima, and Washington declared an emergency on Friday."
    state = _reading(_places(nlp, text), "Washington")
    assert state.feature == "A.ADM1" and state.country == "US"


def test_gaza_beside_israel_and_egypt_is_the_palestinian_city(nlp):
    text = "Aid convoys waited at the border as Israel and Egypt discussed opening the crossings into Gaza."
    gaza = _reading(_places(nlp, text), "Gaza")
    assert gaza.country == "PS"


def test_name_used_as_a_municipality_is_a_town_not_a_province(nlp):
    # without the cue, a bare "Portland" reads as the Jamaican parish (a first-level division)
    text = "The Portland City Council voted on Monday to repave two streets."
    portland = _reading(_places(nlp, text), "Portland")
    assert portland.feature.startswith("P") and portland.country != "JM"


def test_county_and_its_seat_pull_each_other_home(nlp):
    text = "Volunteers in Paris cleaned the courthouse square, and Henry County officials thanked them."
    places = _places(nlp, text)
    paris, county = _reading(places, "Paris"), _reading(places, "Henry County")
    assert paris.country == "US" and (county.country, paris.country) == ("US", "US")
    assert haversine_km(paris.lat, paris.lon, county.lat, county.lon) < 40


def test_state_demonym_resolves_to_the_state(nlp):
    places = _places(nlp, "Thousands of Texans lost power during the storm.")
    texans = _reading(places, "Texans")
    assert texans.feature == "A.ADM1" and texans.name == "Texas"


def test_qualified_town_lends_its_reading_to_every_bare_mention(nlp):
    # "Belgrade, Minn." once makes the dateline and the later bare mentions the Minnesota town
    text = ("Barn burns near Belgrade, Minn. BELGRADE, Minn. -- A barn burned on Sunday. "
            "Firefighters from Belgrade and Paynesville put it out within an hour.")
    places = [p for p in _places(nlp, text) if p.span.text.lower() == "belgrade"]
    assert len(places) >= 2
    for p in places:
        assert p.country == "US" and haversine_km(p.lat, p.lon, 45.45, -95.0) < 40, p


def test_small_town_beside_its_own_county_and_state_beats_the_world_city(nlp):
    text = ("The Laurel County fiscal court met in London on Tuesday. "
            "Kentucky officials promised London more money for roads in Laurel County.")
    london = _reading(_places(nlp, text), "London")
    assert london.country == "US" and haversine_km(london.lat, london.lon, 37.13, -84.08) < 40


def test_historic_alternate_name_gets_no_big_city_bonus(nlp):
    # "Berea" is an old name of Aleppo; a bare Berea with a police cue is the US town
    berea = _reading(_places(nlp, "Berea police arrested two men after a break-in on Friday."), "Berea")
    assert berea.country == "US"


def test_country_after_a_country_is_not_a_qualifier(nlp):
    text = "The sanctions target banks in Russia, U.S. officials said on Wednesday."
    russia = _reading(_places(nlp, text), "Russia")
    assert russia.country == "RU" and russia.feature == "A.PCLI"


def test_qualifier_at_the_end_of_a_sentence_still_counts(nlp):
    text = "A trailer was stolen in Paris, Illinois.\nThe suspect drove north."
    paris = _reading(_places(nlp, text), "Paris")
    assert paris.country == "US" and haversine_km(paris.lat, paris.lon, 39.61, -87.70) < 30


def test_qualified_name_is_the_town_not_its_county(nlp):
    caddo = _reading(_places(nlp, "He bought the dog in Caddo, Okla., three years ago."), "Caddo")
    assert caddo.feature.startswith("P") and caddo.country == "US"


def test_state_named_outright_lifts_its_counties(nlp):
    text = ("Teams from Louisville and Lexington met in Kentucky on Friday. "
            "Madison County won the final, and Montgomery County came third.")
    places = _places(nlp, text)
    for name in ("Madison County", "Montgomery County"):
        county = _reading(places, name)
        assert county.country == "US" and haversine_km(county.lat, county.lon, 37.9, -84.2) < 120, county
