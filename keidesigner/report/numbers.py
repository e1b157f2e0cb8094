"""Numbers through Qt's QLocale: the digits half of the one formatter (design.units.Formatter), for the app and
the report.

The app formats with the user's locale (QLocale()); the report fixes its own, `REPORT_LOCALE`, and says so on its
cover, so that a report reads the same wherever it is printed.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

from ..design.units import Formatter, UnitSystem

REPORT_LOCALE_NAME = "en_US"


def locale_digits(locale: QLocale):
    """`Digits` for a Formatter: QLocale's own fixed-point digits with its decimal and group separators."""

    def digits(value: float, places: int) -> str:
        return locale.toString(float(value), "f", places)

    return digits


def user_locale() -> QLocale:
    """The user's locale; the C/POSIX locale (LANG=C, a bare server) reads as en_US, since 'C' writes 1005 for
    1,005 and is nobody's written convention."""
    locale = QLocale()
    return QLocale(REPORT_LOCALE_NAME) if locale.language() == QLocale.Language.C else locale


def qt_formatter(system: UnitSystem, locale: QLocale | None = None) -> Formatter:
    """The formatter for `system` writing digits as `locale` (the user's, by default) does."""
    locale = user_locale() if locale is None else locale
    return Formatter(UnitSystem(system), locale_digits(locale), locale.name())


def report_formatter(system: UnitSystem) -> Formatter:
    return qt_formatter(system, QLocale(REPORT_LOCALE_NAME))


def locale_example(fmt: Formatter) -> str:
    """'1,234.5': how the formatter writes a number, for a report to state."""
    return fmt.digits(1234.5, 1)
