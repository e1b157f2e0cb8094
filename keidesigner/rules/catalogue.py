"""Catalogue of the US vehicle standards: every FMVSS in 49 CFR Part 571 (101 to 500) and Parts 565, 567 and 581.

Each `Standard` says what the rule governs, which of the tool's classes (`USClass`: passenger car, MPV, truck, LSV)
it applies to, any GVWR bounds, what other vehicles it covers (buses, trailers, motorcycles: outside the tool's
classes, given as text), and how sure the entry is:

- mark "C": the standard's Application section (S2/S3) was read in CFR text or a verbatim copy of it (the eCFR mirror
  on GitHub, MichalOpoka/ecfr, a 2022–2024 snapshot; or a copy the reference cites as [C]);
- mark "S": taken from a secondary source (the reference's [S] items, Federal Register summaries, trade press);
- mark "M": recalled, not confirmed in a source read for this catalogue; `note` says what is missing.

Reserved numbers are not listed: `RESERVED` holds those read as "[Reserved]" in the mirror. The mirror is third-party
and not the official eCFR; a later amendment there may be missing, so check ecfr.gov before relying on an entry.

`applies(standard, us_class, gvwr_kg)` answers for a design in one of the tool's classes; conditions the catalogue
cannot check (brake type, fuel, powertrain, fitted equipment) are named in `condition` and quoted in the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..design import USClass

PC, MPV, TRUCK, LSV = USClass.passenger_car, USClass.mpv, USClass.truck, USClass.lsv
ROAD = frozenset({PC, MPV, TRUCK})  # "passenger cars, multipurpose passenger vehicles, trucks (and buses)"
LIGHT_TRUCKS = frozenset({MPV, TRUCK})  # classes a "MPVs, trucks and buses with a GVWR of ..." clause limits
NONE: frozenset[USClass] = frozenset()

# GVWR breakpoints as the CFR writes them in kilograms (reference B0)
GVWR_10000_LB = 4536.0
GVWR_8500_LB = 3855.0
GVWR_7716_LB = 3500.0
GVWR_6000_LB = 2722.0
GVWR_26000_LB = 11793.0

MIRROR = ("github:MichalOpoka/ecfr cfr/title-49-Transportation/subtitle-B-Other-Regulations-Relating-Transportation/"
          "chapter-V-National-Highway-Traffic-Safety-Administration-Department-Transportation/"
          "part-571-Federal-Motor-Vehicle-Safety-Standards/subpart-B-Federal-Motor-Vehicle-Safety-Standards/")
REFERENCE = "shared/reference/regulations.md"

# numbers the mirror shows as "[Reserved]" (section-571.107.md, .112.md, .115.md, .128.md; 127 was reserved until
# the 2024 AEB rule, linked there as 89 FR 39779)
RESERVED = ("107", "112", "115", "128")

CLASS_TEXT = {PC: "passenger cars", MPV: "MPVs", TRUCK: "trucks", LSV: "low-speed vehicles"}


@dataclass(frozen=True)
class Standard:
    """One standard or Part.

    `number` is "208", "202a" or a Part ("565"); `part` is "571" for an FMVSS, else the Part itself. `classes` are
    the tool's classes the text covers; `gvwr_max_kg` (inclusive) and `gvwr_min_kg` (exclusive: "greater than")
    bound it, for every class or, when `gvwr_classes` is given, only for those (the CFR's "passenger cars, and MPVs,
    trucks and buses with a GVWR of 4,536 kg or less" limits MPVs and trucks, not cars). `condition` names what must
    also hold and the catalogue cannot check ("" when nothing). `equipment` is True when the standard regulates an
    item of equipment (tyres, belts, glazing ...) and bears on the vehicle through what is fitted.
    """

    number: str
    part: str
    title: str
    governs: str
    classes: frozenset[USClass]
    gvwr_max_kg: float | None
    gvwr_min_kg: float | None
    other_vehicles: str
    citation: str
    mark: str
    note: str
    source: str
    gvwr_classes: frozenset[USClass] | None = None
    condition: str = ""
    equipment: bool = False

    @property
    def label(self) -> str:
        return f"FMVSS {self.number}" if self.part == "571" else f"Part {self.number}"


def _kg(value: float) -> str:
    return f"{value:,.0f} kg"


def gvwr_text(gvwr_kg: float) -> str:
    """'GVWR 1,405 kg': a design's GVWR as the program shows it everywhere, rounded up (a rating must carry the
    load)."""
    return f"GVWR {math.ceil(gvwr_kg - 1e-9):,} kg"


# the pounds the CFR states beside its kilograms (converting back rounds 3,855 kg to 8,499 lb)
STATED_LB = {GVWR_10000_LB: 10_000, GVWR_8500_LB: 8_500, GVWR_7716_LB: 7_716, GVWR_6000_LB: 6_000,
             GVWR_26000_LB: 26_000}


def _lb(value: float) -> str:
    return f"{STATED_LB.get(value, value / 0.45359237):,.0f} lb"


def _scope_text(s: Standard) -> str:
    covered = ", ".join(CLASS_TEXT[c] for c in USClass if c in s.classes) or "none of the tool's classes"
    extra = f"; also {s.other_vehicles}" if s.other_vehicles else ""
    return f"{s.citation}: {covered}{extra}"


def applies(standard: Standard, us_class: USClass | str, gvwr_kg: float) -> tuple[bool, str]:
    """Whether `standard` applies to a vehicle of `us_class` with a GVWR of `gvwr_kg` (kg), and a one-line reason.

    The answer is the catalogue's reading of the Application section; a `condition` the catalogue cannot check
    (brake type, fuel, fitted equipment) is quoted in the reason, and the answer assumes it holds. Raises
    ValueError for an unknown class.
    """
    cls = USClass(us_class)
    name = CLASS_TEXT[cls]
    if cls not in standard.classes:
        return False, f"does not apply to {name} ({_scope_text(standard)})"
    limited = standard.gvwr_classes is None or cls in standard.gvwr_classes
    if limited and standard.gvwr_max_kg is not None and gvwr_kg > standard.gvwr_max_kg:
        return False, (f"{gvwr_text(gvwr_kg)} is above its {_kg(standard.gvwr_max_kg)} "
                       f"({_lb(standard.gvwr_max_kg)}) scope for {name}")
    if limited and standard.gvwr_min_kg is not None and gvwr_kg <= standard.gvwr_min_kg:
        return False, (f"{gvwr_text(gvwr_kg)} is not above its {_kg(standard.gvwr_min_kg)} "
                       f"({_lb(standard.gvwr_min_kg)}) threshold for {name}")
    bounds = []
    if limited and standard.gvwr_max_kg is not None:
        bounds.append(f"a GVWR of {_kg(standard.gvwr_max_kg)} ({_lb(standard.gvwr_max_kg)}) or less")
    if limited and standard.gvwr_min_kg is not None:
        bounds.append(f"a GVWR above {_kg(standard.gvwr_min_kg)} ({_lb(standard.gvwr_min_kg)})")
    reason = f"applies to {name}" + (" with " + " and ".join(bounds) if bounds else "")
    if standard.equipment:
        reason += " (through the equipment fitted)"
    if standard.condition:
        reason += f", {standard.condition}"
    return True, reason


def _s(number: str, title: str, governs: str, classes: frozenset[USClass], *, mark: str, citation: str,
       source: str, note: str = "", other: str = "", gmax: float | None = None, gmin: float | None = None,
       gclasses: frozenset[USClass] | None = None, condition: str = "", equipment: bool = False,
       part: str = "571") -> Standard:
    if mark == "C" and source.startswith(MIRROR):
        # the Application read in a third-party copy of the eCFR, not the eCFR itself: secondary, as the project's
        # earlier readings of the same mirror were marked
        mark = "S"
        note = (note + " " if note else "") + MIRROR_NOTE
    return Standard(number=number, part=part, title=title, governs=governs, classes=classes, gvwr_max_kg=gmax,
                    gvwr_min_kg=gmin, other_vehicles=other, citation=citation, mark=mark, note=note,
                    source=source, gvwr_classes=gclasses, condition=condition, equipment=equipment)


def _mirror(number: str, commit: str) -> str:
    return f"{MIRROR}section-571.{number}.md @ {commit}"


MIRROR_NOTE = "Application read in a third-party copy of the eCFR (2022-2024), not in the eCFR itself."
_UNREAD = ("The Application section was not read: the mirror's index holds no file for this section and no other "
           "copy of the text was found in the time given; classes and scope are recalled.")


STANDARDS: tuple[Standard, ...] = (
    # --- 100 series: crash avoidance ------------------------------------------------------------------------------
    _s("101", "Controls and displays",
       "Location, identification, colour and illumination of the driver's controls, telltales and indicators.",
       ROAD, mark="C", citation="49 CFR 571.101 S3", other="buses", source=_mirror("101", "12a8656"),
       note="S5: telltale and indicator requirements did not apply to vehicles of 4,536 kg GVWR or more made "
            "before 1 Sep 2013."),
    _s("102", "Transmission shift position sequence, starter interlock, and transmission braking effect",
       "Shift pattern and its display, starter interlock and automatic-transmission engine braking.",
       ROAD, mark="C", citation="49 CFR 571.102 S2", other="buses", source=_mirror("102", "4be71cd")),
    _s("103", "Windshield defrosting and defogging systems",
       "Requires a windshield defrosting and defogging system and sets its performance.",
       ROAD, mark="M", citation="49 CFR 571.103 S3", other="buses", note=_UNREAD + " Title from the eCFR table "
       "of contents (Nov 2015 copy).", source="https://www.ecfr.gov/cgi-bin/text-idx?tpl=/ecfrbrowse/Title49/"
       "49cfr571_main_02.tpl (title only)"),
    _s("104", "Windshield wiping and washing systems",
       "Requires windshield wipers and a washer and sets wiped area, frequency and washer performance.",
       ROAD, mark="M", citation="49 CFR 571.104 S3", other="buses", note=_UNREAD + " Title from the eCFR table "
       "of contents (Nov 2015 copy).", source="https://www.ecfr.gov/cgi-bin/text-idx?tpl=/ecfrbrowse/Title49/"
       "49cfr571_main_02.tpl (title only)"),
    _s("105", "Hydraulic and electric brake systems",
       "Service and parking brake performance for heavier vehicles with hydraulic or electric brakes.",
       LIGHT_TRUCKS, gmin=GVWR_7716_LB, mark="C", citation="49 CFR 571.105 S3", other="buses over 3,500 kg",
       condition="when fitted with hydraulic or electric brakes", source=_mirror("105", "4be71cd"),
       note="Passenger cars are under FMVSS 135 (mandatory for cars made on or after 1 Sep 2000, 62 FR 46907); "
            "105 covers MPVs, trucks and buses above 3,500 kg (7,716 lb), the complement of 135's scope."),
    _s("106", "Brake hoses",
       "Construction, labelling and test performance of hydraulic, air and vacuum brake hoses and fittings.",
       ROAD, mark="C", citation="49 CFR 571.106 S3", other="buses, trailers, motorcycles; brake hose equipment",
       equipment=True, source=_mirror("106", "2164c79"),
       note="Regulates the hoses themselves and the vehicles they are fitted to; LSVs are not named."),
    _s("108", "Lamps, reflective devices, and associated equipment",
       "Which lamps and reflectors a vehicle carries, their colour, location, mounting height and photometry.",
       ROAD, mark="C", citation="49 CFR 571.108 S3", source=_mirror("108", "2164c79"),
       other="buses, trailers (except pole trailers and trailer converter dollies), motorcycles; replacement "
             "lighting equipment",
       note="LSVs are not named: FMVSS 500 S5(b) lists the lamps an LSV carries without requiring 108 "
            "conformity. The CHMSL row of Table I-a covers MPVs, trucks and buses only below 2,032 mm width "
            "and 10,000 lb GVWR (reference B25)."),
    _s("109", "New pneumatic and certain specialty tires",
       "Dimensions, strength, endurance, high-speed performance and labelling of bias-ply and specialty tyres.",
       frozenset({PC}), mark="C", citation="49 CFR 571.109 S2", equipment=True, source=_mirror("109", "4be71cd"),
       condition="for bias-ply tyres, T-type temporary spares, ST/FI tyres and tyres of rim diameter code 8-12 "
                 "and below fitted to it",
       note="An equipment standard: it applies to tyres 'for use on passenger cars' (radial tyres made before "
            "1975, bias-ply, T-type spare, ST, FI and '8-12 rim diameter and below'); the vehicle bears it "
            "through 110 S4.1(b), which allows 109 T-type spares on cars. Whether small-rim (10-12 in) radial "
            "tyres on a kei car fall under 109 or 139 needs the two S2 texts read together: 139 S2 excludes "
            "only rims of 8 in and below."),
    _s("110", "Tire selection and rims and motor home/recreation vehicle trailer load carrying capacity "
              "information for motor vehicles with a GVWR of 4,536 kilograms (10,000 pounds) or less",
       "Tyre load limits against vehicle weights, the tyre and loading placard, and rim retention of a deflated "
       "tyre.", ROAD | {LSV}, gmax=GVWR_10000_LB, mark="C", citation="49 CFR 571.110 S2",
       other="buses and trailers of 4,536 kg or less; non-pneumatic spare tyre assemblies",
       source=_mirror("110", "4be71cd"),
       note="S2 covers 'motor vehicles' of 4,536 kg or less except motorcycles, which takes in LSVs though they "
            "are not named; S4.1 requires FMVSS 139 tyres, and 139 excludes LSV tyres, so how S4.1 reads for an "
            "LSV is not settled here."),
    _s("111", "Rear visibility",
       "Rear-view mirrors and, for light vehicles, a rear visibility image of a 10 ft x 20 ft zone behind the "
       "vehicle.", ROAD | {LSV}, gmax=GVWR_10000_LB, mark="S", citation="49 CFR 571.111 S3",
       other="buses, school buses, motorcycles (mirror requirements)",
       source=f"{REFERENCE} B11 (R58, 79 FR 19249; R59) and B18; 571.500 S5(b)(11) in the mirror",
       note="The Application section was not read (no mirror file). The rear-visibility image requirement covers "
            "cars, MPVs, trucks, buses and LSVs under 10,000 lb (79 FR 19249, reference [C]); LSVs need only "
            "S6.2 (500 S5(b)(11), read). Mirror requirements for vehicles above 4,536 kg are outside this "
            "entry's GVWR bound."),
    _s("113", "Hood latch system",
       "A front-opening hood needs a second (fully latched and secondary latched) position.",
       ROAD, mark="M", citation="49 CFR 571.113 S3", other="buses", source="recalled; title from the eCFR table "
       "of contents (Nov 2015 copy)", note=_UNREAD),
    _s("114", "Theft protection and rollaway prevention",
       "Key-locking starting system and protection against rollaway when the key is removed.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="M", citation="49 CFR 571.114 S3",
       source="recalled; title from the eCFR table of contents (Nov 2015 copy)",
       note=_UNREAD + " The 4,536 kg bound for MPVs and trucks, and whether buses are covered, are recalled."),
    _s("116", "Motor vehicle brake fluids",
       "Properties, packaging and labelling of brake fluid, and (S5.3) the vehicle's brake fluid information.",
       ROAD, mark="C", citation="49 CFR 571.116 S3", equipment=True, source=_mirror("116", "2164c79"),
       other="buses, trailers, motorcycles; all brake fluid for hydraulic brakes",
       note="An equipment standard for the fluid; only S5.3 applies to the vehicles named (PC, MPV, truck, bus, "
            "trailer, motorcycle). S5.3 itself was not read."),
    _s("117", "Retreaded pneumatic tires",
       "Requirements for retreaded passenger car tyres.", frozenset({PC}), mark="M", equipment=True,
       citation="49 CFR 571.117 S3", source="recalled", condition="for retreaded tyres fitted to it",
       note=_UNREAD + " An equipment standard: it bears on a new vehicle only if retreads are fitted."),
    _s("118", "Power-operated window, partition, and roof panel systems",
       "Limits when power windows, partitions and roof panels may close and how they must stop or reverse.",
       ROAD, gmax=GVWR_10000_LB, mark="M", citation="49 CFR 571.118 S3", source="recalled", note=_UNREAD),
    _s("119", "New pneumatic tires for motor vehicles with a GVWR of more than 4,536 kilograms (10,000 pounds), "
              "specialty tires, and tires for motorcycles",
       "Endurance, strength, high-speed performance and marking of tyres for heavier vehicles, LT tyres with "
       "deep tread, special trailer tyres and motorcycle tyres.",
       ROAD, gmin=GVWR_10000_LB, mark="C", citation="49 CFR 571.119 S3", equipment=True,
       other="motorcycles, special-use trailers (their tyres)", source=_mirror("119", "12a8656"),
       condition="for the tyres fitted to it",
       note="An equipment standard. S3(b) also covers light-truck tyres with 18/32 in or more of tread on "
            "vehicles of 4,536 kg or less; that case is not expressed by the GVWR bound here."),
    _s("120", "Tire selection and rims and motor home/recreation vehicle trailer load carrying capacity "
              "information for motor vehicles with a GVWR of more than 4,536 kilograms (10,000 pounds)",
       "Tyre and rim selection and rim labelling for heavier vehicles (110's counterpart above 10,000 lb).",
       ROAD, gmin=GVWR_10000_LB, mark="M", citation="49 CFR 571.120 S3", other="buses, trailers, motorcycles",
       source="recalled", note=_UNREAD + " The title is recalled; whether motorcycles of any GVWR are covered is "
       "recalled."),
    _s("121", "Air brake systems",
       "Performance and equipment of air brake systems.", frozenset({TRUCK}), mark="C",
       citation="49 CFR 571.121 S3", other="buses and trailers with air brakes", source=_mirror("121", "4be71cd"),
       condition="only when fitted with air brakes",
       note="MPVs are not named. S3 excludes trucks that cannot exceed 33 mph in 2 miles, axles of 29,000 lb "
            "GAWR or more, and other special vehicles."),
    _s("122", "Motorcycle brake systems", "Service and parking brake requirements for motorcycles.",
       NONE, mark="C", citation="49 CFR 571.122 S3", other="motorcycles of categories 3-1 to 3-5",
       source=_mirror("122", "4be71cd")),
    _s("123", "Motorcycle controls and displays",
       "Location, operation and identification of motorcycle controls and displays; stands and footrests.",
       NONE, mark="C", citation="49 CFR 571.123 S3", other="motorcycles with handlebars (not law enforcement)",
       source=_mirror("123", "4be71cd")),
    _s("124", "Accelerator control systems",
       "The throttle must return to idle when the driver releases it or a component fails.",
       ROAD, mark="M", citation="49 CFR 571.124 S3", other="buses", source="recalled", note=_UNREAD),
    _s("125", "Warning devices",
       "Portable warning triangles carried in trucks and buses.", NONE, mark="M", citation="49 CFR 571.125 S3",
       equipment=True, other="the devices carried on buses and trucks above 10,000 lb", source="recalled",
       note=_UNREAD + " An equipment standard for the triangles; the duty to carry them comes from other rules, "
            "for heavier trucks and buses."),
    _s("126", "Electronic stability control systems for light vehicles",
       "Requires ESC and sets its sine-with-dwell stability and responsiveness criteria and telltales.",
       ROAD, gmax=GVWR_10000_LB, mark="C", citation="49 CFR 571.126 S3", other="buses of 4,536 kg or less",
       source=_mirror("126", "4be71cd"), note="Phase-in per S8, complete."),
    _s("127", "Automatic emergency braking systems for light vehicles",
       "Requires AEB, pedestrian AEB and forward collision warning, with no-contact performance tests.",
       ROAD, gmax=GVWR_10000_LB, mark="S", citation="49 CFR 571.127 S3", other="buses of 4,536 kg or less",
       source="89 FR 39779 (9 May 2024, FR Doc 2024-09054; page as the mirror links it) and "
              "89 FR 93199 (26 Nov 2024, FR Doc 2024-27349), "
              "summaries read at frtracker.app and govinfo.gov; scope 'up to 10,000 lbs' from sema.org eNews "
              "2024/19",
       note="The S3 text was not read (the mirror has only a link to the amendment). Compliance is required by "
            "1 Sep 2029; small-volume and final-stage manufacturers and alterers by 1 Sep 2030 (89 FR 93199). "
            "Bus coverage is assumed from 'light vehicles'."),
    _s("129", "New non-pneumatic tires for passenger cars",
       "Requirements for non-pneumatic temporary spare tyres.", frozenset({PC}), mark="C", equipment=True,
       citation="49 CFR 571.129 S2", source=_mirror("129", "2164c79"),
       condition="only if a non-pneumatic temporary spare is supplied"),
    _s("131", "School bus pedestrian safety devices", "Stop signal arm on school buses.",
       NONE, mark="C", citation="49 CFR 571.131 S3", other="school buses other than multifunction school "
       "activity buses", source=_mirror("131", "4be71cd")),
    _s("135", "Light vehicle brake systems",
       "Service and parking brake equipment and performance (stopping distance, fade, failure modes).",
       ROAD, gmax=GVWR_7716_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.135 S3",
       other="buses of 3,500 kg or less", source=_mirror("135", "4be71cd"),
       note="Cars of any GVWR (made on or after 1 Sep 2000); MPVs, trucks and buses of 3,500 kg (7,716 lb) or "
            "less (on or after 1 Sep 2002). Heavier MPVs and trucks with hydraulic brakes fall under 105."),
    _s("136", "Electronic stability control systems for heavy vehicles",
       "Requires ESC with roll stability control on heavy truck tractors and buses.",
       frozenset({TRUCK}), gmin=GVWR_26000_LB, mark="C", citation="49 CFR 571.136 S3",
       other="buses above 11,793 kg (not school, perimeter-seating or transit buses)",
       condition="only for truck tractors", source=_mirror("136", "4be71cd")),
    _s("138", "Tire pressure monitoring systems",
       "Requires a TPMS warning within 20 minutes of a tyre falling 25 % below placard pressure.",
       ROAD, gmax=GVWR_10000_LB, mark="C", citation="49 CFR 571.138 S2", other="buses of 4,536 kg or less",
       condition="unless it has dual wheels on an axle", source=_mirror("138", "4be71cd")),
    _s("139", "New pneumatic radial tires for light vehicles",
       "Dimensions, endurance, high-speed, low-pressure performance and marking of light-vehicle radial tyres.",
       ROAD, gmax=GVWR_10000_LB, mark="C", citation="49 CFR 571.139 S2", equipment=True,
       other="buses and trailers of 10,000 lb or less (their tyres)", source=_mirror("139", "4be71cd"),
       condition="for the radial tyres fitted to it",
       note="An equipment standard for tyres; 110 S4.1 makes the vehicle carry 139 tyres. S2 excludes tyres for "
            "motorcycles and LSVs, ST and FI tyres, rims of 8 in and below and T-type spares."),
    _s("141", "Minimum sound requirements for hybrid and electric vehicles",
       "Hybrid and electric vehicles must emit an alert sound when stationary in gear, reversing and below "
       "30 km/h.", ROAD | {LSV}, gmax=GVWR_10000_LB, mark="M", citation="49 CFR 571.141 S3",
       other="buses of 4,536 kg or less", condition="only for electric vehicles and hybrids that can move with "
       "the engine off",
       source=f"{REFERENCE} B15 (R66, FR Doc 2016-28804; mirror link 81 FR 90514); "
              "49 CFR 585 subpart N scope as copied at checkoutapi.com",
       note="Classes are confirmed (reference [C]; the Part 585 reporting rule names hybrid and electric cars, "
            "trucks, buses, MPVs and LSVs), but the S3 text was not read (the mirror holds only an amendment "
            "link) and the 4,536 kg ceiling is unconfirmed (reference [M]). Full compliance 1 Sep 2020 "
            "(reference [S])."),
    # --- 200 series: crashworthiness ------------------------------------------------------------------------------
    _s("201", "Occupant protection in interior impact",
       "Energy absorption of the instrument panel, seat backs, visors and armrests, and free-motion headform "
       "tests on pillars, rails and roof (upper interior).",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.201 S2",
       other="buses of 4,536 kg or less (S6 not for buses above 3,860 kg)", source=_mirror("201", "4be71cd")),
    _s("202", "Head restraints; Applicable at the manufacturers option until September 1, 2009",
       "The earlier head restraint standard, kept for vehicles made before 1 Sep 2009.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.202 S2",
       other="buses of 4,536 kg or less", condition="only for vehicles made before 1 Sep 2009 (202a after)",
       source=_mirror("202", "4be71cd"), note="Still in Part 571 but historical: a new design is under 202a."),
    _s("202a", "Head restraints; Mandatory applicability begins on September 1, 2009",
       "Head restraint height, width, backset, gaps and energy absorption, or a dynamic sled test.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.202a S2",
       other="buses of 4,536 kg or less", source=_mirror("202a", "e964cf3") + f"; {REFERENCE} B8 (R47)",
       note="Front outboard restraints mandatory from 1 Sep 2009; rear outboard ones, if fitted, phased in "
            "2010–2011 (S7). School buses: driver's position only."),
    _s("203", "Impact protection for the driver from the steering control system",
       "Body-block impact force limit on the steering control and no snagging of clothing.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.203 S2",
       other="buses of 4,536 kg or less (not walk-in vans)", source=_mirror("203", "4be71cd"),
       condition="unless it meets the 208 S5.1 frontal barrier test by means other than seat belts (air bags)",
       note="A later mirror version (69bd250) exists and was not compared."),
    _s("204", "Steering control rearward displacement",
       "Limits rearward movement of the steering column in a 48 km/h frontal barrier crash.",
       ROAD, mark="C", citation="49 CFR 571.204 S2", other="buses (not walk-in vans)",
       source=_mirror("204", "4be71cd"),
       note="S4.2 sets the requirement only for vehicles of 4,536 kg GVWR or less and 2,495 kg unloaded weight "
            "or less, so heavier vehicles are in scope but carry no requirement."),
    _s("205", "Glazing materials",
       "Glazing must meet ANSI/SAE Z26.1-1996 by location; marking and certification of glazing.",
       ROAD | {LSV}, mark="C", citation="49 CFR 571.205 S3", equipment=True, source=_mirror("205", "4be71cd"),
       other="buses, motorcycles, slide-in campers, pickup covers; glazing materials",
       note="Regulates both the glazing and the vehicles named; an LSV windshield must be AS-1 or AS-4 (S5.4) "
            "and 500 S5(b)(8) requires it."),
    _s("206", "Door locks and door retention components",
       "Latch, hinge and lock strength and inertia requirements for side and back doors.",
       ROAD, mark="C", citation="49 CFR 571.206 S2", other="buses of 4,536 kg or less",
       source=_mirror("206", "12a8656"),
       note="S2 reads 'trucks designed to carry at least one person, and buses with a GVWR of 4,536 kg or less': "
            "the GVWR bound is read as limiting buses only."),
    _s("207", "Seating systems", "Seat and seat anchorage strength, folding seat locks, and the driver's seat.",
       ROAD, mark="C", citation="49 CFR 571.207 S2", other="buses", source=_mirror("207", "4be71cd")),
    _s("208", "Occupant crash protection",
       "Seat belts by seating position, air bags and frontal crash tests with injury criteria.",
       ROAD, mark="C", citation="49 CFR 571.208 S3", other="buses",
       source=_mirror("208", "69bd250") + f" (S3 as quoted in /tmp/research/fmvss-text.md §2); {REFERENCE} B3 "
              "(R21)"),
    _s("209", "Seat belt assemblies",
       "Webbing, hardware, buckle and retractor requirements for seat belt assemblies.",
       ROAD | {LSV}, mark="C", citation="49 CFR 571.209 S2; 571.500 S5(b)(10)", equipment=True,
       other="buses (belt assemblies for use in them)", source=_mirror("209", "4be71cd"),
       note="An equipment standard for the belts; the vehicle bears it through 208 (and 210 anchorages). LSVs "
            "are not named in 209 but 500 S5(b)(10) requires a 209 Type 1 or Type 2 belt at each seat."),
    _s("210", "Seat belt assembly anchorages",
       "Number, location and strength of seat belt anchorages.", ROAD, mark="C", citation="49 CFR 571.210 S2",
       other="buses, school buses", source=_mirror("210", "4be71cd")),
    _s("212", "Windshield mounting",
       "The windshield mounting must retain most of the windshield periphery in a 48 km/h barrier crash.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.212 S3",
       other="buses of 4,536 kg or less", source=_mirror("212", "4be71cd"),
       condition="unless forward-control, a walk-in van, or open-bodied with a fold-down or removable windshield",
       note="A cab-over kei truck may be a forward-control vehicle and so outside 212 (and 219)."),
    _s("213", "Child restraint systems",
       "Design and dynamic performance of child restraint systems.", NONE, mark="M", equipment=True,
       citation="49 CFR 571.213 S3", other="child restraint systems for use in motor vehicles and aircraft",
       source="recalled; mirror file section-571.213.md @ 7d28313 exists but was not read",
       note="An equipment standard for child seats; the vehicle's side is FMVSS 225 (anchorages) and 208/210."),
    _s("213a", "Child restraint systems—side impact protection",
       "Side impact test for child restraint systems.", NONE, mark="M", equipment=True,
       citation="49 CFR 571.213a S3", other="child restraint systems", source="recalled; mirror file "
       "section-571.213a.md @ 5fd4570 exists but was not read",
       note="An equipment standard for child seats (2022 final rule); title recalled."),
    _s("213b", "Child restraint systems",
       "Revised child restraint system standard replacing 213 for seats made after its compliance date.",
       NONE, mark="M", equipment=True, citation="49 CFR 571.213b S3", other="child restraint systems",
       source="recalled; mirror file section-571.213b.md @ 9f2adac exists but was not read",
       note="An equipment standard; title and dates not read."),
    _s("214", "Side impact protection",
       "Moving deformable barrier and oblique pole side-impact tests with ES-2re and SID-IIs dummies.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.214 S2",
       other="buses of 4,536 kg or less (walk-in vans excluded)", source=f"{REFERENCE} B4 (R29, laws9.com copy "
       "of 571.214)",
       note="The MDB test applies to MPVs, trucks and buses only at 2,722 kg (6,000 lb) GVWR or less "
            "(reference [S]); the pole test covers the whole scope."),
    _s("216", "Roof crush resistance; Applicable unless a vehicle is certified to § 571.216a",
       "The earlier roof crush test (1.5 x unloaded weight) for vehicles not certified to 216a.",
       ROAD, gmax=GVWR_6000_LB, gclasses=LIGHT_TRUCKS, mark="M", citation="49 CFR 571.216 S3",
       other="buses of 2,722 kg or less", condition="only if not certified to 216a",
       source="recalled; no mirror file found",
       note="Whether 571.216 is still printed in Part 571 was not confirmed (the mirror's index has 216a only); "
            "216a is mandatory for new vehicles since its phase-in."),
    _s("216a", "Roof crush resistance; Upgraded standard",
       "Two-sided platen roof crush test: 3.0 x unloaded weight up to 2,722 kg GVWR, 1.5 x above.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.216a S3.1",
       other="buses of 4,536 kg or less",
       condition="not convertibles (S3.1(a)(3)), school buses or vehicles meeting 208's rollover test without "
                 "occupant action",
       source=_mirror("216a", "4be71cd"),
       note="S3.1(a): passenger cars, and MPVs, trucks and buses of 4,536 kg (10,000 lb) or less."),
    _s("217", "Bus emergency exits and window retention and release",
       "Emergency exits and window retention in buses.", NONE, mark="C", citation="49 CFR 571.217 S3",
       other="buses (except those carrying persons under physical restraint)", source=_mirror("217", "2164c79")),
    _s("217a", "Bus emergency exits and window retention and release (revised)",
       "A revised bus emergency exit standard added in 2024.", NONE, mark="M", citation="49 CFR 571.217a S3",
       other="buses (scope not read)", source=_mirror("217a", "f563ba0") + " (only a link to 89 FR 86282)",
       note="The mirror holds only a link to the amendment published at 89 FR 86282 (30 Oct 2024); title, scope "
            "and compliance dates were not read. Listed because the amendment adds the section."),
    _s("218", "Motorcycle helmets", "Performance and labelling of motorcycle helmets.", NONE, mark="M",
       equipment=True, citation="49 CFR 571.218 S3", other="helmets for motorcycle riders",
       source="recalled; mirror file section-571.218.md @ e964cf3 exists, not read",
       note="An equipment standard; no bearing on a four-wheeled vehicle."),
    _s("219", "Windshield zone intrusion",
       "No vehicle part may enter the windshield protected zone in a 48 km/h frontal barrier crash.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="M", citation="49 CFR 571.219 S3",
       other="buses of 4,536 kg or less", condition="unless forward-control, a walk-in van, or open-bodied with "
       "a fold-down or removable windshield", source="recalled; mirror file section-571.219.md @ e3428b8 "
       "exists, not read", note="Scope recalled as the same as 212's."),
    _s("220", "School bus rollover protection", "Roof strength of school buses.", NONE, mark="M",
       citation="49 CFR 571.220 S3", other="school buses", source="recalled; mirror file exists, not read",
       note="The mirror file was not read in the time given; scope recalled."),
    _s("221", "School bus body joint strength", "Strength of body panel joints in school buses.", NONE,
       mark="M", citation="49 CFR 571.221 S3", other="school buses above 10,000 lb", source="recalled",
       note=_UNREAD),
    _s("222", "School bus passenger seating and occupant protection",
       "Compartmentalised seating and belts in school buses.", NONE, mark="M", citation="49 CFR 571.222 S3",
       other="school buses", source="recalled", note=_UNREAD),
    _s("223", "Rear impact guards", "Strength and energy absorption of trailer rear underride guards.", NONE,
       mark="M", equipment=True, citation="49 CFR 571.223 S3", other="rear impact guards for trailers",
       source="recalled", note=_UNREAD + " An equipment standard."),
    _s("224", "Rear impact protection", "Trailers must carry a 223 rear impact guard.", NONE, mark="M",
       citation="49 CFR 571.224 S3", other="trailers and semitrailers of 10,000 lb GVWR or more",
       source="recalled", note=_UNREAD),
    _s("225", "Child restraint anchorage systems",
       "Lower anchorages and top tether anchorages (LATCH) at rear seating positions.",
       ROAD, gmax=GVWR_8500_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.225 S2",
       other="buses (including school buses) of 4,536 kg or less",
       source="https://www.govregs.com/regulations/title49_chapterV_part571_subpartB_section571.225 "
              "(/tmp/research/package.md); mirror text quoted in /tmp/research/fmvss-text.md §3",
       condition="not walk-in vans, USPS-only vehicles, shuttle buses or funeral coaches",
       note="Trucks and MPVs only up to 3,855 kg (8,500 lb), not 4,536 kg. Ease-of-use amendments phase in "
            "1 Sep 2028 – 1 Sep 2030 (reference B10)."),
    _s("226", "Ejection mitigation",
       "Side window ejection protection (usually curtain air bags) tested by a propelled headform.",
       ROAD, gmax=GVWR_10000_LB, mark="C", citation="49 CFR 571.226 S2", other="buses of 4,536 kg or less",
       source=f"{REFERENCE} B6 (R40 nhtsa.gov/fmvss/ejection-mitigation; R41)",
       note="Convertibles and walk-in vans excluded (reference [S]). Phase-in complete 1 Sep 2016."),
    # --- 300 series: post-crash -----------------------------------------------------------------------------------
    _s("301", "Fuel system integrity",
       "Limits fuel spillage in frontal, rear and side crash tests and a static rollover.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="C", citation="49 CFR 571.301 S3",
       other="buses of 4,536 kg or less; school buses above 4,536 kg", source=_mirror("301", "4be71cd"),
       condition="only if it uses fuel with a boiling point above 0 °C",
       note="An electric vehicle without such fuel is outside 301 (305/305a cover it). A 2025 NPRM to revise "
            "301 exists (reference B16), not checked."),
    _s("302", "Flammability of interior materials", "Burn rate of occupant compartment materials.", ROAD,
       mark="M", citation="49 CFR 571.302 S3", other="buses", source="recalled", note=_UNREAD),
    _s("303", "Fuel system integrity of compressed natural gas vehicles",
       "Limits CNG pressure loss after crash tests.", ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="M",
       citation="49 CFR 571.303 S3", other="buses of 4,536 kg or less; school buses above 4,536 kg",
       condition="only if it uses CNG", source="recalled", note=_UNREAD),
    _s("304", "Compressed natural gas fuel container integrity",
       "Pressure cycling, burst and bonfire tests of CNG containers.", ROAD, mark="M", equipment=True,
       citation="49 CFR 571.304 S3", other="CNG fuel containers for any motor vehicle",
       condition="only for a CNG fuel container fitted to it", source="recalled",
       note=_UNREAD + " An equipment standard for the containers."),
    _s("305", "Electric-powered vehicles: electrolyte spillage and electrical shock protection",
       "Post-crash electrical isolation and electrolyte spillage limits for high-voltage electric vehicles.",
       ROAD, gmax=GVWR_10000_LB, gclasses=LIGHT_TRUCKS, mark="S", citation="49 CFR 571.305 S3",
       other="buses of 4,536 kg or less", source=f"{REFERENCE} B17 (R75, R76)",
       condition="only with propulsion above 60 V DC or 30 V AC and able to exceed 40 km/h",
       note="Scope from the reference's secondary sources; the S3 text was not read. Replaced by 305a for "
            "vehicles made from its compliance date. LSVs were outside the original 305 (reference [C])."),
    _s("305a", "Electric-powered vehicles: Electric powertrain integrity",
       "305's post-crash electrical safety plus battery performance, documentation and emergency-response "
       "information.", ROAD, mark="S", citation="49 CFR 571.305a S3", other="buses",
       source=f"{REFERENCE} B17 (R80, FR Doc 2024-28707, 20 Dec 2024)",
       condition="only for electric-powered vehicles (voltage threshold as in 305, not read)",
       note="Final rule 20 Dec 2024, effective 18 Feb 2025; compliance 1 Sep 2027 at 4,536 kg or less and "
            "1 Sep 2028 above (reference [C]); so it has no GVWR ceiling. Classes and the LSV position were "
            "not read."),
    # --- 400 and 500 ----------------------------------------------------------------------------------------------
    _s("401", "Interior trunk release", "A trunk must have a release inside it (child entrapment).",
       frozenset({PC}), mark="M", citation="49 CFR 571.401 S3", source="recalled",
       condition="only if it has a trunk compartment", note=_UNREAD),
    _s("403", "Platform lift systems for motor vehicles", "Performance of wheelchair platform lifts.", NONE,
       mark="M", equipment=True, citation="49 CFR 571.403 S3", other="platform lifts for motor vehicles",
       source="recalled", note=_UNREAD + " An equipment standard; 404 covers the vehicle fitted with a lift."),
    _s("404", "Platform lift installations in motor vehicles", "Installation of platform lifts in vehicles.",
       LIGHT_TRUCKS, mark="M", citation="49 CFR 571.404 S3", other="buses and other vehicles fitted with a lift",
       condition="only if fitted with a platform lift", source="recalled",
       note=_UNREAD + " Which classes S3 names was not read."),
    _s("500", "Low-speed vehicles",
       "Top speed of 40 km/h (25 mph) and the equipment a low-speed vehicle must carry.",
       frozenset({LSV}), mark="C", citation="49 CFR 571.500 S3", source=_mirror("500", "2d65f89"),
       note="S5(b) lists lamps, reflectors, mirrors, parking brake, a 205 windshield, a 565 VIN, 209 belts at "
            "every seat and 111 S6.2 rear visibility. LSV definition (571.3): four wheels, more than 32 and not "
            "more than 40 km/h, GVWR under 1,361 kg (reference B18)."),
    # --- Parts outside 571 ----------------------------------------------------------------------------------------
    _s("565", "Vehicle Identification Number (VIN) requirements",
       "Format, content and placement of the 17-character VIN.", ROAD | {LSV}, part="565", mark="M",
       citation="49 CFR 565", other="buses, trailers, motorcycles, incomplete vehicles",
       source="571.500 S5(b)(9) in the mirror (LSV); otherwise recalled",
       note="The LSV case is confirmed (500 S5(b)(9) requires a Part 565 VIN); the Part's own applicability "
            "section was not read."),
    _s("567", "Certification",
       "The manufacturer's certification label: name, date, GVWR, GAWR, VIN and the compliance statement.",
       ROAD | {LSV}, part="567", mark="M", citation="49 CFR 567", other="all motor vehicles, incl. buses, "
       "trailers, motorcycles", source=f"{REFERENCE} B21 (567.4(g)(3) via R94); otherwise recalled",
       note="Applicability section not read; every motor vehicle certified to the FMVSS carries the label."),
    _s("581", "Bumper standard",
       "Front and rear bumper damage limits in 2.5 mph pendulum and barrier impacts and 1.5 mph corner impacts.",
       frozenset({PC}), part="581", mark="C", citation="49 CFR 581.3", source=f"{REFERENCE} B2 (R18, R19)",
       note="Applies to passenger motor vehicles other than MPVs and LSVs, so in practice passenger cars; not a "
            "safety standard (Part 581, under the bumper provisions)."),
)


SERIES: dict[str, tuple[str, ...]] = {
    "100 crash avoidance": tuple(s.number for s in STANDARDS if s.part == "571" and s.number.startswith("1")),
    "200 crashworthiness": tuple(s.number for s in STANDARDS if s.part == "571" and s.number.startswith("2")),
    "300 post-crash": tuple(s.number for s in STANDARDS if s.part == "571" and s.number.startswith("3")),
    "400–500 other": tuple(s.number for s in STANDARDS if s.part == "571" and s.number[0] in "45"),
    "Parts": tuple(s.number for s in STANDARDS if s.part != "571"),
}

_BY_NUMBER = {s.number: s for s in STANDARDS}


def by_number(number: str) -> Standard:
    """The catalogue entry for an FMVSS number ("208", "202a") or a Part ("581"); KeyError naming it if absent.

    A leading "FMVSS", "Part" or "571." is ignored, so "FMVSS 208" and "571.208" find 208.
    """
    key = number.strip()
    for prefix in ("FMVSS", "Part", "571."):
        if key.startswith(prefix):
            key = key[len(prefix):].strip()
    try:
        return _BY_NUMBER[key]
    except KeyError:
        reserved = " (a reserved number in Part 571)" if key in RESERVED else ""
        raise KeyError(f"no standard {number!r} in the catalogue{reserved}") from None
