"""From unadjusted test results to what an EPA fuel economy label would say: the adjustment, the 55/45 combination,
MPGe and range. Every number here has its source in docs/sources.md ("EPA label").

Gasoline and hybrid vehicles: the derived 5-cycle equations of 40 CFR 600.210-12, label = 1 / (intercept +
slope / unadjusted), with EPA's coefficients for model year 2017 on (a new design is a future model year), as NREL
FASTSim carries them (`longparams.json`, "LD_FE_Adj_Coef", "2017"). A maker may instead label from its own five
tests; the label figure here is what the derived method gives.
Electric vehicles: the larger of that and 0.7 × unadjusted (FASTSim `max_epa_adj = 0.3`; every EV in the
calibration set is labelled so).
Combined: the harmonic mean weighted 55 % city, 45 % highway (40 CFR 600.206-86(a)(3), Part 600 Appendix II).
"""

from __future__ import annotations

KWH_PER_GALLON_EQUIVALENT = 33.705  # EPA MPGe (regulations.md B27, R131)
CITY_INTERCEPT, CITY_SLOPE = 0.004091, 1.1601
HIGHWAY_INTERCEPT, HIGHWAY_SLOPE = 0.003191, 1.2945
EV_LABEL_FACTOR = 0.7
CITY_SHARE = 0.55
# Wall-to-battery efficiency of AC charging: "You might pay for 100 kWh ... only see 90 kWh hit your battery"
# (Recurrent; InsideEVs: "around 10 percent more electricity than ... battery capacity"), docs/sources.md [S].
# Only splits the calibrated at-the-wall consumption into the battery's share, which the range uses.
CHARGING_EFFICIENCY = 0.90
LITRES_PER_GALLON = 3.785411784


def combined(city: float, highway: float) -> float:
    """55/45 harmonic combination of two fuel economies (mpg or MPGe); raises ValueError unless both are > 0."""
    if city <= 0 or highway <= 0:
        raise ValueError("fuel economies must be positive to combine")
    return 1.0 / (CITY_SHARE / city + (1 - CITY_SHARE) / highway)


def label_city(unadjusted: float, electric: bool = False) -> float:
    """Label city mpg (or MPGe) from the unadjusted UDDS figure."""
    derived = 1.0 / (CITY_INTERCEPT + CITY_SLOPE / unadjusted)
    return max(derived, EV_LABEL_FACTOR * unadjusted) if electric else derived


def label_highway(unadjusted: float, electric: bool = False) -> float:
    """Label highway mpg (or MPGe) from the unadjusted HWFET figure."""
    derived = 1.0 / (HIGHWAY_INTERCEPT + HIGHWAY_SLOPE / unadjusted)
    return max(derived, EV_LABEL_FACTOR * unadjusted) if electric else derived


def mpge(kwh_per_mi: float) -> float:
    """Miles per gallon equivalent of a consumption in kWh per mile (> 0)."""
    return KWH_PER_GALLON_EQUIVALENT / kwh_per_mi


def kwh_per_mi(mpge_value: float) -> float:
    return KWH_PER_GALLON_EQUIVALENT / mpge_value
