"""The closing notes: what the bases and statuses mean, what the report is not, and the settings used."""

from __future__ import annotations

from ..design.units import Formatter, UnitSystem
from ..rules.settings import PairedReading, RuleSettings
from .numbers import locale_example
from .occupants import length_text

READINGS = {
    PairedReading.us: "the US customary figure (25 mph, 3,000 lb), the one NHTSA's own interpretations state",
    PairedReading.metric: "the metric figure (40 km/h, 1,361 kg), written first in the CFR",
    PairedReading.either: "whichever of the two figures lets the vehicle pass",
}


def _drawings_note(settings: RuleSettings, fmt: Formatter, scale_note: str) -> str:
    """What the drawing sheet shows, the occupant package's seats and headroom line with the settings they use."""
    return (
        "The views are orthographic projections of the same 3-D model the program displays, drawn as vectors "
        "at the stated scale (third-angle projection: top view above the side view, front view to its right). "
        "The dashed box is the kei envelope placed at the vehicle's front on its centre line. Dimension values "
        "are the design's parameters. Red marks a limit exceeded: a hatched band where the body leaves the kei "
        "box, and a hatched mark where a lamp or bumper lies outside the green band its regulation allows. "
        "The side view also draws the occupant package: the right-hand seat of each row (cushion, seat back at "
        "its design angle, head restraint at its height along the torso line; the cushion's length and depth "
        "are drawing conventions), the row's H-point (SAE J1100 SgRP) as a circle with a cross, the headliner "
        "dashed over the rows, and each row's effective-headroom line: "
        f"{fmt.number(settings.headroom_line_deg, 1, trim=True)}° behind vertical from "
        f"{length_text(settings.headroom_offset_mm, fmt)} below the H-point up to the headliner, so that its "
        "length is the effective headroom the finding us.fit.headroom measured (SAE J1100 H61; the angle and "
        "the offset are settings)."
        + scale_note
    )


def notes_text(settings: RuleSettings, fmt: Formatter, scale_note: str = "") -> list[tuple[str, str]]:
    units = fmt.system
    g = fmt.number(settings.frontal_decel_limit_g, 1, trim=True)
    default = fmt.number(RuleSettings().frontal_decel_limit_g, 1, trim=True)
    return [
        ("What this report is", (
            "A design screening: it compares the parameters of one design with the limits of Japan's kei class and "
            "of a US Federal Motor Vehicle Safety Standards pathway, as given in KeiDesigner's regulatory reference. "
            "It is not a certification of FMVSS compliance, of a kei type approval or of any test result. In the "
            "United States the manufacturer certifies compliance on the basis of tests of the vehicle; a passing "
            "screening says only that nothing in the design as entered rules it out."
        )),
        ("Basis of a finding", (
            "Every number comes from the project's regulatory reference, with its source and confidence. "
            "A finding has a basis:"
        )),
        ("", "regulation — a limit stated in the rule (confirmed in the CFR text or a secondary copy of it);"),
        ("", "screening — an engineering estimate of whether a test would be passed (crash pulse from crush length, "
             "side airbags and beams for FMVSS 214, curtains for 226); it can fail a design;"),
        ("", "advisory — consumer information (NCAP rollover stars) or an unconfirmed figure; it warns but never "
             "fails."),
        ("Status", (
            "FAIL — outside a regulation or screening limit; the verdict of its group is FAIL.  WARN — inside the "
            "limit but worth attention, or an advisory figure outside its guide value.  PASS — within the limit.  "
            "INFO — a figure reported for information.  N/A — the rule does not apply to this design or class, and "
            "the explanation says why."
        )),
        ("Frontal crash-pulse limit", (
            f"This report used a frontal deceleration limit of {g} g"
            + (" (the default)" if g == default else f" (the default is {default} g)")
            + ". The limit is a setting (keidesigner check --set frontal_decel_limit_g=25), because no regulation "
            "states one: the reference quotes 20–40 g as typical of severe impacts, and 30 g needs about 0.41 m of "
            "crush at 56 km/h. The screening divides the kinetic energy of a 56 km/h barrier impact over the front "
            "crush zone at constant deceleration, a = v² / (2 d); a real pulse is not flat and its peak exceeds "
            "the average."
        )),
        ("Limits stated in two units", (
            "Where the CFR states a limit in metric and US customary units that differ by rounding — the "
            "low-speed vehicle is 'more than 32 km/h (20 mph) and not more than 40 km/h (25 mph)' with a GVWR "
            "'less than 1,361 kg (3,000 lb)'; scopes of 2,722 kg (6,000 lb) and 4,536 kg (10,000 lb) — this report "
            f"applied {READINGS[settings.paired_units]} (setting paired_units"
            + ("" if settings.paired_units is RuleSettings().paired_units else ", not the default")
            + "). No NHTSA text was found that says which figure governs. NHTSA calls its metric figures "
            "'equivalent conversions, not exact conversions' that were not meant to change the standards' "
            "stringency (interpretation 18432.drn; 60 FR 13639, 1995), and writes the LSV limits in its own letters "
            "as 25 mph and 3,000 lb (interpretation 08-006170as). A 25 mph speed governor is therefore inside the "
            "LSV band under the default reading."
        )),
        ("Axle loads and GAWR", (
            "The minimum gross axle weight ratings are the axle loads with the vehicle at its GVWR: the curb mass "
            "split by the weight distribution (entered, or a published split of the layout), 150 lb (68.04 kg) per "
            "seat at its row and the rest of the GVWR at the middle of the cargo area, by the lever rule over the "
            "wheelbase. The load positions are screening estimates. The GAWRs on the Part 567 label (567.4(g)(4)) "
            "must carry at least these, and their sum at least equals the GVWR (NHTSA letter nht74-3.36)."
        )),
        ("Drawings", _drawings_note(settings, fmt, scale_note)),
        ("Units and numbers", (
            f"Numbers are written as in {fmt.locale_name.replace('_', '-')} ({locale_example(fmt)}), whatever the "
            "locale of the computer that wrote the report. Designs are stored in metric units. "
            + ("This report shows US customary units (inches, pounds, horsepower) converted exactly "
               "(1 in = 25.4 mm, 1 lb = 0.45359237 kg, 1 hp = 745.7 W), with millimetres in brackets where a limit "
               "is a length, because the FMVSS state mounting heights in inches and the kei class its size in "
               "millimetres." if units is UnitSystem.us else
               "This report shows them as stored; an inch limit of the FMVSS appears converted exactly "
               "(1 in = 25.4 mm), e.g. 22 in = 558.8 mm.")
        )),
    ]
