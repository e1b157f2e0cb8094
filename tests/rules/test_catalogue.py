"""The catalogue of US standards: completeness, citations and applicability at the reference's GVWR breakpoints."""

from __future__ import annotations

import pytest

from keidesigner.design import USClass
from keidesigner.rules.catalogue import RESERVED, SERIES, STANDARDS, applies, by_number

# Current Part 571 sections. No full eCFR table of contents could be read; the set is assembled from:
# - the eCFR table of contents as copied Nov 2015 (101–114 legible):
#   http://www.ecfr.gov/cgi-bin/text-idx?tpl=/ecfrbrowse/Title49/49cfr571_main_02.tpl
# - the FMCSA copy of the Part 571 section list (Aug 2012, 101–117 legible, 107/112/115 reserved):
#   https://webarchive.library.unt.edu/web/20130216030426/http://www.fmcsa.dot.gov/rules-regulations/administration/
#   fmcsr/FmcsrGuideDetails.aspx?menukey=571
# - the section files of the eCFR mirror github.com/MichalOpoka/ecfr (2022–2024 snapshot), cfr/title-49-Transportation/
#   .../part-571-Federal-Motor-Vehicle-Safety-Standards/subpart-B-Federal-Motor-Vehicle-Safety-Standards/
# - Federal Register final rules adding 127 (89 FR 39779), 217a (89 FR 86282) and 305a (FR Doc 2024-28707).
# Numbers recalled but not seen in any of these (103/104 titles only; 111, 113, 114, 117, 118, 120, 124, 125, 216,
# 220–226, 302–305, 401–404) carry mark "M" or "S" in the catalogue.
EXPECTED_FMVSS = {
    "101", "102", "103", "104", "105", "106", "108", "109", "110", "111", "113", "114", "116", "117", "118", "119",
    "120", "121", "122", "123", "124", "125", "126", "127", "129", "131", "135", "136", "138", "139", "141",
    "201", "202", "202a", "203", "204", "205", "206", "207", "208", "209", "210", "212", "213", "213a", "213b",
    "214", "216", "216a", "217", "217a", "218", "219", "220", "221", "222", "223", "224", "225", "226",
    "301", "302", "303", "304", "305", "305a", "401", "403", "404", "500",
}
EXPECTED_PARTS = {"565", "567", "581"}
PC, MPV, TRUCK, LSV = USClass.passenger_car, USClass.mpv, USClass.truck, USClass.lsv


@pytest.mark.parametrize("s", STANDARDS, ids=lambda s: s.number)
def test_every_entry_is_complete(s):
    assert s.title and s.governs and s.citation and s.source
    assert s.mark in {"C", "S", "M"}
    assert s.citation.startswith(f"49 CFR {s.part}")
    assert s.mark == "C" or s.note, "an unconfirmed entry says what is missing"
    assert s.classes or s.other_vehicles, "an entry outside the tool's classes says whom it covers"


def test_numbers_unique_and_match_the_table_of_contents():
    numbers = [s.number for s in STANDARDS]
    assert len(numbers) == len(set(numbers))
    assert {s.number for s in STANDARDS if s.part == "571"} == EXPECTED_FMVSS
    assert {s.number for s in STANDARDS if s.part != "571"} == EXPECTED_PARTS
    assert not set(RESERVED) & set(numbers)


def test_series_cover_every_entry_once():
    grouped = [n for numbers in SERIES.values() for n in numbers]
    assert sorted(grouped) == sorted(s.number for s in STANDARDS)
    assert SERIES["Parts"] == ("565", "567", "581")
    assert "500" in SERIES["400–500 other"]


def test_by_number():
    assert by_number("208").title == "Occupant crash protection"
    assert by_number("FMVSS 216a") is by_number("571.216a") is by_number("216a")
    with pytest.raises(KeyError, match="'999'"):
        by_number("999")
    with pytest.raises(KeyError, match="reserved"):
        by_number("107")


@pytest.mark.parametrize("number", ["216a", "214", "226", "138", "111", "126", "202a"])
def test_truck_scope_ends_at_10000_lb(number):
    s = by_number(number)
    ok, why = applies(s, TRUCK, 4536.0)
    assert ok and "4,536 kg (10,000 lb) or less" in why
    ok, why = applies(s, TRUCK, 4537.0)
    assert not ok and "above its 4,536 kg" in why


def test_135_and_105_split_at_3500_kg():
    assert applies(by_number("135"), TRUCK, 3500.0)[0]
    assert not applies(by_number("135"), TRUCK, 3501.0)[0]
    assert applies(by_number("135"), PC, 5000.0)[0]  # cars are under 135 whatever their GVWR
    assert not applies(by_number("105"), TRUCK, 3500.0)[0]
    assert applies(by_number("105"), MPV, 3501.0)[0]
    assert not applies(by_number("105"), PC, 5000.0)[0]


def test_225_trucks_end_at_8500_lb():
    assert applies(by_number("225"), TRUCK, 3855.0)[0]
    assert not applies(by_number("225"), TRUCK, 3856.0)[0]
    assert applies(by_number("225"), PC, 3856.0)[0]


@pytest.mark.parametrize("us_class", list(USClass))
def test_500_only_lsv_and_581_only_cars(us_class):
    assert applies(by_number("500"), us_class, 1000.0)[0] is (us_class is LSV)
    assert applies(by_number("581"), us_class, 1000.0)[0] is (us_class is PC)


@pytest.mark.parametrize("us_class", [PC, MPV, TRUCK])
def test_208_covers_the_road_classes(us_class):
    assert applies(by_number("208"), us_class, 1200.0)[0]


def test_lsv_gets_500_and_what_names_lsvs():
    lsv = {s.number for s in STANDARDS if applies(s, LSV, 1000.0)[0]}
    # 500 itself; 205 and 141 name LSVs; 500 S5(b) pulls in 111 S6.2, 209 belts and a 565 VIN; 110 covers all
    # motor vehicles of 4,536 kg or less except motorcycles; 567 every certified vehicle
    assert lsv == {"500", "205", "141", "111", "209", "565", "110", "567"}
    ok, why = applies(by_number("208"), LSV, 1000.0)
    assert not ok and why.startswith("does not apply to low-speed vehicles (49 CFR 571.208 S3")


def test_reason_names_conditions():
    ok, why = applies(by_number("121"), TRUCK, 2000.0)
    assert ok and "air brakes" in why
    ok, why = applies(by_number("301"), PC, 1000.0)
    assert ok and "boiling point" in why
    with pytest.raises(ValueError):
        applies(by_number("208"), "bus", 1000.0)


def _applying(us_class, gvwr_kg: float) -> set[str]:
    return {s.number for s in STANDARDS if applies(s, us_class, gvwr_kg)[0]}


# The regulatory reference's B0 breakpoints, for each class the catalogue's applicability crossing each of them.
@pytest.mark.parametrize("us_class", [MPV, TRUCK])
def test_every_light_truck_breakpoint_of_the_reference(us_class):
    # 3,500 kg (7,716 lb): FMVSS 135 up to it, 105 above
    assert {"135"} <= _applying(us_class, 3500.0) - _applying(us_class, 3500.1)
    assert {"105"} <= _applying(us_class, 3500.1) - _applying(us_class, 3500.0)
    # 4,536 kg (10,000 lb): the scope limit of 111, 126, 138, 201, 202a, 214, 216a, 226 and 305 (B0)
    assert {"111", "126", "138", "201", "202a", "214", "216a", "226", "305"} <= \
        _applying(us_class, 4536.0) - _applying(us_class, 4536.1)
    # and nothing changes between the breakpoints
    for low, high in ((1000.0, 2722.0), (2722.1, 3500.0), (3855.1, 4536.0), (4536.1, 11000.0)):  # 136: heavier
        assert _applying(us_class, low) == _applying(us_class, high), (low, high)


@pytest.mark.parametrize("us_class", list(USClass))
def test_the_classes_at_a_kei_gvwr_hold_the_standards_the_rules_screen(us_class):
    # a kei vehicle's GVWR (about 1,400 kg): every standard KeiDesigner screens for the class applies to it
    screened = {"lsv": {"500", "111"}, "passenger_car": {"108", "111", "138", "202a", "208", "214", "216a", "225",
                                                          "226", "581"}}.get(us_class.value,
                                                                              {"108", "111", "138", "208", "214",
                                                                               "216a", "225", "226"})
    assert screened <= _applying(us_class, 1400.0)


def test_a_plan_may_name_exactly_the_catalogues_standards():
    from keidesigner.design.plan import PLANNABLE

    assert PLANNABLE == {s.number for s in STANDARDS}
