"""An energy estimate as people read it: the rows the app's Energy panel, the command line and the report show,
written by one Formatter (the user's locale and unit system)."""

from __future__ import annotations

from dataclasses import dataclass

from ..design.units import KM_PER_MI, Formatter, UnitSystem, formatter
from . import label
from .estimate import L100KM_MPG, EnergyEstimate


@dataclass(frozen=True, slots=True)
class Row:
    title: str
    value: str
    note: str = ""


def _figure(fmt: Formatter, value: float, unit: str) -> str:
    """An economy's number: whole MPGe, mpg to a tenth."""
    return fmt.number(value, 0 if unit == "MPGe" else 1)


def _economy(fmt: Formatter, value: float, unit: str) -> str:
    return f"{_figure(fmt, value, unit)} {unit}"


def _pair(fmt: Formatter, first: float, second: float, unit: str, separator: str = " / ") -> str:
    """'150 / 124 MPGe' (city / highway), '127–148 MPGe' (a band)."""
    return f"{_figure(fmt, first, unit)}{separator}{_figure(fmt, second, unit)} {unit}"


def _distance(fmt: Formatter, miles: float, low: float | None = None) -> str:
    """'138 km (86 mi)' in metric, '86 mi' in US units; with `low`, a span: '128–149 km (80–92 mi)'."""
    def span(factor: float, unit: str) -> str:
        text = fmt.number(miles * factor, 0)
        return f"{fmt.number(low * factor, 0)}–{text} {unit}" if low is not None else f"{text} {unit}"

    if fmt.system is UnitSystem.us:
        return span(1.0, "mi")
    return f"{span(KM_PER_MI, 'km')} ({span(1.0, 'mi')})"


def _metric_economy(fmt: Formatter, e: EnergyEstimate, mpg: float) -> str:
    """The metric reading of an economy, shown beside EPA's unit when the user works in metric."""
    if e.electric:
        return f"{fmt.number(100 * label.kwh_per_mi(mpg) / KM_PER_MI, 1)} kWh/100 km"
    return f"{fmt.number(L100KM_MPG / mpg, 1)} L/100 km"


def result_rows(e: EnergyEstimate, fmt: Formatter | None = None) -> list[Row]:
    """The figures: label combined with its band, city and highway, consumption, range, the unadjusted results."""
    fmt = fmt or formatter()
    u = e.unit
    metric = fmt.system is UnitSystem.metric
    rows = [Row("Combined (label)", _economy(fmt, e.label_combined, u),
                f"band {_pair(fmt, e.label_band.low, e.label_band.high, u, '–')}"
                + (f" · {_metric_economy(fmt, e, e.label_combined)}" if metric else "")),
            Row("City / highway (label)", _pair(fmt, e.label_city, e.label_highway, u))]
    if e.electric:
        rows.append(Row("Consumption (label)", f"{fmt.number(e.kwh_per_100mi(), 1)} kWh/100 mi",
                        f"at the wall; {fmt.number(e.kwh_per_100mi(at='battery'), 1)} at the battery"))
    band = e.label_range_band
    if e.label_range_mi is not None and band is not None:
        note = f"band {_distance(fmt, band.high, band.low)}"
        if not e.electric:
            note += f" · {fmt.value(e.inputs.fuel_tank_l or 0, 'L')} tank × label combined"  # 34 L, 9.0 gal
        rows.append(Row("Range (label)", _distance(fmt, e.label_range_mi), note))
    rows.append(Row("Unadjusted city / highway", _pair(fmt, e.unadjusted_city, e.unadjusted_highway, u),
                    "UDDS / HWFET test results, calibrated"))
    rows.append(Row("Unadjusted combined", _economy(fmt, e.unadjusted_combined, u), "55 % city, 45 % highway"))
    return rows


_SOURCES = {"typed": "typed", "body style": "body style's typical value", "3-D model": "measured on the 3-D model"}


def _template(e: EnergyEstimate) -> str:
    """'2012 Ford Fusion': the template's file name as words."""
    return e.template.removesuffix(".yaml").replace("_", " ")


def powertrain_rows(e: EnergyEstimate, fmt: Formatter) -> list[Row]:
    """The powertrain figures the model takes: engine power, motor power, battery, as the powertrain has them, and
    what of the design it does not take (displacement, a hybrid's system power)."""
    i = e.inputs
    rows = []
    if i.engine_kw is not None:
        rows.append(Row("Engine power", fmt.value(i.engine_kw, "kW"),
                        "peak; the displacement does not enter the model"))
    if i.motor_kw is not None:
        rows.append(Row("Motor power", fmt.value(i.motor_kw, "kW"),
                        "peak; the system power does not enter the model" if e.powertrain == "hybrid" else "peak"))
    if i.battery_kwh is not None:
        rows.append(Row("Battery", fmt.value(i.battery_kwh, "kWh", places=fmt.exact_places(i.battery_kwh, "kWh")),
                        "usable energy; its mass is whatever the typed curb mass holds"))
    return rows


def assumption_rows(e: EnergyEstimate, fmt: Formatter | None = None) -> list[Row]:
    """What the figures rest on: the test mass, drag, area, tyres, powertrain, accessories, template and calibration."""
    fmt = fmt or formatter()
    i = e.inputs
    accessories = ("typed" if i.accessory_load_w is not None else
                   f"the FASTSim template's ({_template(e)}); it differs by powertrain, which biases a comparison "
                   "between powertrains: set road_load.accessory_load_w to compare them alike")
    rows = [
        Row("Test mass", fmt.value(i.test_mass_kg, "kg"), "curb mass + 300 lb: EPA's loaded vehicle weight"),
        Row("Drag coefficient Cd", fmt.number(i.drag_coefficient, 3), _SOURCES.get(i.drag_source, i.drag_source)),
        Row("Frontal area", fmt.value(i.frontal_area_m2, "m²"),
            _SOURCES.get(i.frontal_area_source, i.frontal_area_source)),
        Row("Drag area Cd·A", fmt.value(i.drag_area_m2, "m²", places=fmt.places("m²") + 1)),  # 0.707 m², 7.61 ft²
        Row("Tyre rolling resistance", f"{fmt.number(i.rolling_resistance_n_per_kn, 1)} N/kN"),
        *powertrain_rows(e, fmt),
        Row("Accessory load", f"{fmt.number(e.accessory_load_w, 0)} W", accessories),
        Row("FASTSim template", _template(e), "efficiency maps, transmission and controls kept"),
        Row("Calibration", " / ".join(f"{fmt.number(e.calibration_factors[c], 3)}" for c in ("udds", "hwfet")),
            f"city / highway factor on {e.calibration_cars} small {e.powertrain} cars; "
            f"{fmt.number(100 * e.calibration_share_within_15pct, 0)} % predicted within ±15 % (leave-one-out)"),
    ]
    return rows


def energy_text(e: EnergyEstimate, title: str, system: UnitSystem = UnitSystem.metric) -> str:
    """The command line's text: the design's title, the figures, the warnings and the assumptions."""
    fmt = formatter(system)
    lines = [f"{title} — EPA cycles ({'electric' if e.electric else e.powertrain}), FASTSim, calibrated"]
    width = max(len(r.title) for r in result_rows(e, fmt) + assumption_rows(e, fmt)) + 2
    for row in result_rows(e, fmt):
        lines.append(f"  {row.title:<{width}}{row.value}" + (f"   · {row.note}" if row.note else ""))
    for warning in e.warnings:
        lines.append(f"  warning: {warning}")
    lines.append("  assumptions:")
    for row in assumption_rows(e, fmt):
        lines.append(f"    {row.title:<{width - 2}}{row.value}" + (f"   · {row.note}" if row.note else ""))
    lines.append(f"  The band: the 10th to 90th percentile of the leave-one-out errors of the {e.calibration_cars} "
                 f"small {e.powertrain} cars the model is calibrated on (docs/calibration-set.md).")
    return "\n".join(lines)
