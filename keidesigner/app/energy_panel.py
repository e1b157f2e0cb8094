"""The Energy panel: what an EPA fuel economy label would say of the design — combined mpg or MPGe with its band, city
and highway, consumption and range, the unadjusted test results, the model's warnings — what an edit changed, and
the assumptions the figures rest on.

The figures come from the energy worker (energy_worker.py), off the GUI thread; the panel only shows them. Between an
edit and its estimate the figures of the design before stay, greyed, under 'computing…' (never blank); an edit
costs the panel nothing more. A design the model cannot drive shows the model's one-line reason and no figures.
Every number is written by the window's formatter (summary.py's rows), in the user's units and locale.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..design.units import Formatter
from ..rules import Status
from .compliance import STATUS_COLOUR

if TYPE_CHECKING:
    from .energy_change import TradeOff
    from .energy_worker import EnergyOutcome

GREYED = "#a8a8a8"  # a stylesheet colour wins over the disabled palette: the greyed figures say it again


def _style(colour: str) -> str:
    return f"QLabel {{ color: {colour}; }} QLabel:disabled {{ color: {GREYED}; }}"


NOTE_STYLE = _style("#555")
ERROR_STYLE = _style(STATUS_COLOUR[Status.fail])
WARNING_STYLE = _style(STATUS_COLOUR[Status.warn])
CHANGE_STYLE = _style(STATUS_COLOUR[Status.info])
NO_FIGURE = "—"
COMPUTING = "computing…"
METHOD = ("Simulated with NREL FASTSim on EPA's city (UDDS) and highway (HWFET) test cycles, from FASTSim's vehicle "
          "of the powertrain with the design's mass, drag, frontal area, tyres, power and battery, and calibrated on "
          "small cars' EPA test results.")
METHOD_SHORT = "EPA city and highway cycles · FASTSim, calibrated"
POWERTRAIN = {"gas": "Gasoline", "electric": "Electric", "hybrid": "Hybrid"}
BAND_TIP = ("The band: the estimate moved by the 10th to 90th percentile of the errors the model made on the {cars} "
            "small {powertrain} cars it is calibrated on, each predicted from the others (leave-one-out).")
LABEL_TIP = ("What an EPA fuel economy label would say: the unadjusted city and highway test results adjusted by "
             "EPA's derived 5-cycle equations (40 CFR 600.210-12), combined 55 % city, 45 % highway.")


class FigureGrid(QWidget):
    """Rows of (title, value, note) labels, reused from one estimate to the next: only changed texts are set."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(2, 1)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []

    def _row(self, index: int) -> tuple[QLabel, QLabel, QLabel]:
        while len(self.rows) <= index:
            n = len(self.rows)
            title, value, note = QLabel(), QLabel(), QLabel()
            value.setObjectName(f"{self.name}.{n}.value")
            note.setObjectName(f"{self.name}.{n}.note")
            note.setStyleSheet(NOTE_STYLE)
            note.setWordWrap(True)
            for label in (title, value, note):
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(title, n, 0)
            self.grid.addWidget(value, n, 1)
            self.grid.addWidget(note, n, 2)
            self.rows.append((title, value, note))
        return self.rows[index]

    def show_rows(self, rows: list[tuple[str, str, str]]) -> None:
        for index, texts in enumerate(rows):
            for label, text in zip(self._row(index), texts):
                if label.text() != text:
                    label.setText(text)
                if label.isHidden():
                    label.show()
        for labels in self.rows[len(rows):]:
            for label in labels:
                label.hide()

    def texts(self) -> list[tuple[str, str, str]]:
        """The rows shown (tests)."""
        return [tuple(label.text() for label in labels) for labels in self.rows if not labels[0].isHidden()]


class EnergyPanel(QWidget):
    """The energy estimate of the design in view: `show_outcome` when the worker has one, `mark_stale` on every
    edit, `set_formatter` for another unit system or locale."""

    def __init__(self, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt = fmt
        self.outcome: EnergyOutcome | None = None
        self.change: TradeOff | None = None
        self.change_current = False  # the change led to the figures shown (else it is an earlier edit's)
        self.stale = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(8, 4, 8, 4)
        column.setSpacing(4)
        column.addLayout(self._headline())
        self.change_label = QLabel()
        self.change_label.setObjectName("energy_change")
        self.change_label.setWordWrap(True)
        self.change_label.setStyleSheet(CHANGE_STYLE)
        self.change_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_label.hide()
        column.addWidget(self.change_label)
        self.error = QLabel()
        self.error.setObjectName("energy_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        column.addWidget(self.error)
        groups = QHBoxLayout()
        groups.setSpacing(8)
        self.figures_box = QGroupBox("Results")
        self.figures = FigureGrid("energy_figures")
        self.warnings = QLabel()
        self.warnings.setObjectName("energy_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.hide()
        box = QVBoxLayout(self.figures_box)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.figures)
        box.addWidget(self.warnings)
        box.addStretch(1)
        self.assumptions_box = QGroupBox("Assumptions")
        self.assumptions = FigureGrid("energy_assumptions")
        box = QVBoxLayout(self.assumptions_box)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.assumptions)
        box.addStretch(1)
        # the assumptions' notes are the longer ones (sources, the calibration)
        groups.addWidget(self.figures_box, 2)
        groups.addWidget(self.assumptions_box, 3)
        column.addLayout(groups, 1)
        self._show()

    def _headline(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.setSpacing(10)
        self.combined = QLabel(NO_FIGURE)
        self.combined.setObjectName("energy_combined")
        font = self.combined.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.combined.setFont(font)
        self.combined.setToolTip(LABEL_TIP)
        self.combined.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.combined, 0, Qt.AlignmentFlag.AlignBottom)
        self.combined_note = QLabel()
        self.combined_note.setObjectName("energy_combined_note")
        self.combined_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.combined_note, 1, Qt.AlignmentFlag.AlignBottom)
        self.status = QLabel()
        self.status.setObjectName("energy_status")
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.status.setToolTip(METHOD)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        return top

    # --- state --------------------------------------------------------------------------------------------------
    @property
    def figure_widgets(self) -> tuple[QWidget, ...]:
        return (self.combined, self.combined_note, self.change_label, self.figures_box, self.assumptions_box)

    def mark_stale(self) -> None:
        """The design changed: the figures shown are of the design before until the worker's result comes. Costs
        nothing after the first edit of a run."""
        if self.stale:
            return
        self.stale = True
        self._set_status(COMPUTING)
        for widget in self.figure_widgets:
            widget.setEnabled(False)

    def show_outcome(self, outcome: EnergyOutcome, change: TradeOff | None, change_current: bool = False) -> None:
        """The worker's outcome for the design in view, and the last change of the estimate (None: none yet)."""
        self.outcome, self.change, self.change_current = outcome, change, change_current
        self.stale = False
        self._show()

    def show_failure(self, message: str) -> None:
        """The model broke in a way it does not describe itself: said in one line, no figures."""
        self.outcome = None
        self.change = None
        self.stale = False
        self._show(failure=message)

    def set_formatter(self, fmt: Formatter) -> None:
        self.fmt = fmt
        if self.outcome is not None:
            stale, self.stale = self.stale, False
            self._show()
            if stale:
                self.mark_stale()

    # --- showing ------------------------------------------------------------------------------------------------
    def _set_status(self, text: str) -> None:
        if self.status.text() != text:
            self.status.setText(text)

    def _show(self, failure: str | None = None) -> None:
        outcome = self.outcome
        estimate = outcome.estimate if outcome is not None else None
        error = failure or (outcome.error if outcome is not None else None)
        self._set_status("" if outcome is not None or failure else COMPUTING)
        if estimate is not None:
            from ..energy.summary import assumption_rows, result_rows  # imported by the worker already

            rows = result_rows(estimate, self.fmt)
            head, rest = rows[0], rows[1:]
            self._set(self.combined, head.value)
            self._set(self.combined_note, f"{head.title.lower()} · {head.note}")
            tip = BAND_TIP.format(cars=estimate.calibration_cars, powertrain=estimate.powertrain)
            if self.combined_note.toolTip() != tip:
                self.combined_note.setToolTip(tip)
            self.figures.show_rows([(r.title, r.value, r.note) for r in rest])
            self.assumptions.show_rows([(r.title, r.value, r.note) for r in assumption_rows(estimate, self.fmt)])
            self._set_status(f"{POWERTRAIN[estimate.powertrain]} · {METHOD_SHORT}")
        else:  # no figures: the titles stay, so that the panel keeps its shape
            self._set(self.combined, NO_FIGURE)
            self._set(self.combined_note, "")
            for grid in (self.figures, self.assumptions):
                grid.show_rows([(title, NO_FIGURE, "") for title, _, _ in grid.texts()])
        warnings = estimate.warnings if estimate is not None else ()
        text = "<br>".join(f"⚠ {escape(w)}" for w in warnings)
        self._set(self.warnings, text)
        self.warnings.setVisible(bool(text))
        self._set(self.error, f"No estimate: {error}" if error else "")
        self.error.setVisible(bool(error))
        change = self.change
        if change is not None and estimate is not None:
            prefix = "Change" if self.change_current else "Last change"
            self._set(self.change_label, f"{prefix}: {change.text(self.fmt)}")
            self.change_label.setVisible(True)
        else:
            self.change_label.setVisible(False)
        for widget in self.figure_widgets:
            widget.setEnabled(estimate is not None)

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    # --- for tests and the window -------------------------------------------------------------------------------
    @property
    def combined_text(self) -> str:
        return self.combined.text()

    @property
    def change_text(self) -> str:
        return self.change_label.text() if not self.change_label.isHidden() else ""
