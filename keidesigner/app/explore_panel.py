"""The Explore tab: sweep two numeric fields of the design over a grid and see, on a map, where it complies.

The controls choose the two fields (by title, grouped, in the user's units), each one's range and steps, which
rules count (kei and US, US only, kei only) and what the cells show (how many rules fail, or one rule's margin).
Run evaluates the grid off the GUI thread (explore_sweep.py), the map filling in chunk by chunk; Cancel stops it.
The map is of the design as it was when Run was pressed: an edit of any other field (or of the rule settings)
leaves it faded as out of date, and restarts a run that is still going on the design as it now is. Hovering over a
cell describes that variant; clicking it applies its two values to the design as one undo step. The crosshair is
the current design, and follows every edit.

It is made when the tab is first shown (explore_tab.py); while it is out of view an edit costs it one assignment,
and with it in view, the crosshair's move (the rest waits for the edits to pause).
"""

from __future__ import annotations

import sys
import traceback

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..analysis import Analysis
from ..analysis.pedestrian import RULE_PREFIX
from ..batch import BatchResult
from ..design import EditError, get_value
from ..design.edit import plain
from ..design.message import Msg
from ..design.units import METRIC, Formatter, to_display
from ..rules import evaluate
from ..rules.finding import Finding
from .document import Change, DesignDocument
from .explore_axis import field_label
from .explore_colors import count_colors, count_legend, margin_colors, margin_scale
from .explore_controls import ExploreControls
from .explore_fields import current_value, field_by_path, numeric_fields
from .explore_info import describe, describe_design, rule_name
from .explore_legend import Legend
from .explore_map import SweepMap
from .explore_plot import SweepPlot
from .explore_sweep import SweepJob, SweepRequest
from .latest_job import SETTLE_MS
from .quantity import empty_word

DEFAULT_FIELDS = ("dimensions.length_mm", "dimensions.width_mm")
NOTE_STYLE = "background: #fff3c4; border: 1px solid #e0c068; border-radius: 4px; padding: 3px 6px;"
SIDE_WIDTH = 270


class FieldChanges(Msg):
    """The undo text of a variant applied: 'Explore: Length 3,395 → 3,375 mm, Width 1,475 → 1,460 mm', written in
    the units and locale of the moment, as every undo text is."""

    __slots__ = ("changes",)

    def __init__(self, changes: tuple[Change, ...]):
        super().__init__("")
        self.changes = changes

    def render(self, fmt: Formatter = METRIC, **extra) -> str:
        return "Explore: " + ", ".join(change.text(fmt) for change in self.changes)


def _without(data: dict, paths: tuple[str, ...]) -> dict:
    """Plain design data with the fields at `paths` taken out (what a map of those fields does not depend on)."""
    for path in paths:
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node.pop(leaf, None)
    return data


class ExplorePanel(QWidget):
    """The Explore tab. `sweep` is the map shown (None before the first run); `job` runs the sweeps."""

    def __init__(self, document: DesignDocument, analysis: Analysis | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.fmt = document.formatter
        self.analysis = analysis
        self.sweep: SweepMap | None = None
        self.stale = False
        self.in_view = False
        self._sweep_key: object = None  # what the map depends on beyond its two fields
        self._fields_key: object = None  # the powertrain kind and seat structure the field lists were made for
        self._rule_meta: dict[str, Finding] = {}
        self._specs: tuple = (None, None)  # the FieldSpecs of the map's two fields
        self._hover = -1
        self.job = SweepJob(self)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.cancelled.connect(self._cancelled)
        self.job.failed.connect(self._failed)
        # what an edit changes beyond the crosshair (the map out of date or not, the description of the design,
        # a run restarted) waits for the edits to pause: a drag's frames pay for the crosshair alone
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._build()

    def _build(self) -> None:
        body = QHBoxLayout(self)
        body.setContentsMargins(6, 4, 6, 4)
        body.setSpacing(10)

        controls = ExploreControls(self.fmt)
        self.controls = controls
        # the panel's own names for what it reads and sets
        self.x_axis, self.y_axis, self.group, self.colour, self.rule = (
            controls.x_axis, controls.y_axis, controls.group, controls.colour, controls.rule)
        self.run_button, self.cancel_button, self.progress, self.status = (
            controls.run_button, controls.cancel_button, controls.progress, controls.status)
        for axis in (self.x_axis, self.y_axis):
            axis.field_changed.connect(self._axes_changed)
        self.group.currentIndexChanged.connect(self._view_changed)
        self.colour.currentIndexChanged.connect(self._view_changed)
        self.rule.currentIndexChanged.connect(lambda _i: self.recolor())
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.job.cancel)
        body.addWidget(controls)

        middle = QVBoxLayout()
        middle.setSpacing(3)
        self.note = QLabel()
        self.note.setObjectName("explore_note")
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        self.note.hide()
        middle.addWidget(self.note)
        self.plot = SweepPlot(self.fmt)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.hovered.connect(self._hovered)
        self.plot.clicked.connect(self.apply_variant)
        middle.addWidget(self.plot, 1)
        body.addLayout(middle, 1)

        side = QVBoxLayout()
        side.setSpacing(6)
        self.legend = Legend()
        self.legend.setFixedWidth(SIDE_WIDTH)
        side.addWidget(self.legend)
        self.info = QLabel()
        self.info.setObjectName("explore_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroller = QScrollArea()
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setWidget(self.info)
        scroller.setFixedWidth(SIDE_WIDTH)
        side.addWidget(scroller, 1)
        body.addLayout(side)

        design = self.document.design
        analysis = self.analysis
        derived = analysis.derived if analysis is not None and analysis.design is design else None
        groups = numeric_fields(design)
        self._fields_key = self._structure(design)
        self.x_axis.set_fields(groups, DEFAULT_FIELDS[0], design, derived)
        self.y_axis.set_fields(groups, DEFAULT_FIELDS[1], design, derived)
        self._axes_changed()
        self._show_legend()
        self._sync()

    # --- the window's side -------------------------------------------------------------------------------------
    def set_in_view(self, shown: bool) -> None:
        """The tab came to the front (build it the first time, catch up with the design) or went behind."""
        self.in_view = shown
        if shown:
            self._sync()
            self._settle.stop()
            self._settled()  # a map gone out of date meanwhile is faded before it is seen

    def show_analysis(self, analysis: Analysis) -> None:
        """The window's refresh: the design now. Out of view this is one assignment; a run in progress is checked
        all the same (an edit of another field restarts it)."""
        self.analysis = analysis
        if self.in_view or self.job.running:
            self._sync()

    def set_formatter(self, fmt: Formatter) -> None:
        self.fmt = fmt
        self.x_axis.set_formatter(fmt)
        self.y_axis.set_formatter(fmt)
        self.plot.set_formatter(fmt)
        self._axes_changed()
        self._fill_rules()
        if self.sweep is not None:
            self._show_grid(self.sweep.request)
            self.recolor()
        self._sync()
        self._show_summary()

    def close_down(self) -> None:
        """The window closes: stop any run and wait for its slice to end."""
        self._settle.stop()
        self.job.drop()
        self.job.wait()

    # --- keeping up with the design ---------------------------------------------------------------------------
    @staticmethod
    def _structure(design) -> tuple:
        return design.powertrain.kind, tuple(len(row.seats) for row in design.package.rows)

    def _sweep_depends(self, design, settings) -> object:
        request = self.sweep.request if self.sweep is not None else None
        if request is None:
            return None
        try:
            return _without(plain(design), (request.x, request.y)), settings
        except (KeyError, IndexError, TypeError):  # the design has no such field any more: never the map's
            return object()

    def _sync(self) -> None:
        """Follow the design: the field lists (another powertrain or seat layout) and the crosshair now, the rest
        once the edits pause (`_settled`)."""
        design = self.document.design
        analysis = self.analysis if self.analysis is not None and self.analysis.design is design else None
        derived = analysis.derived if analysis is not None else None
        for axis in (self.x_axis, self.y_axis):
            axis.set_context(design, derived)
        structure = self._structure(design)
        if structure != self._fields_key:
            self._fields_key = structure
            groups = numeric_fields(design)
            self.x_axis.set_fields(groups, DEFAULT_FIELDS[0], design, derived)
            self.y_axis.set_fields(groups, DEFAULT_FIELDS[1], design, derived)
            self._axes_changed()
        self._show_marker(design, derived)
        self._settle.start()

    def _settled(self) -> None:
        """Once the edits pause: is the map still of this design (a run going restarts on it if not), and the
        design's description beside the map."""
        if self.sweep is not None:
            stale = self._sweep_depends(self.document.design, self.document.settings) != self._sweep_key
            if stale and self.job.running:
                self._rerun()  # the run goes on the design as it now is, if it still has the map's fields
                stale = self._sweep_depends(self.document.design, self.document.settings) != self._sweep_key
            if stale != self.stale:
                self.stale = stale
                self._show_note()
                self.recolor()
        if self._hover < 0 and self.in_view:
            self._show_current()

    def _map_specs(self):
        """The fields of the map shown (as they were when it was run), or of the axes chosen before the first
        run."""
        if self.sweep is not None:
            return self._specs
        return self.x_axis.spec, self.y_axis.spec

    def _show_marker(self, design, derived) -> None:
        x_spec, y_spec = self._map_specs()
        if x_spec is None or y_spec is None:
            self.plot.set_marker(None, None)
            return
        x = current_value(design, derived, x_spec.path)
        y = current_value(design, derived, y_spec.path)
        system = self.fmt.system
        self.plot.set_marker(None if x is None else to_display(x, x_spec.unit, system),
                             None if y is None else to_display(y, y_spec.unit, system))

    def _axes_changed(self) -> None:
        if self.sweep is None:
            x, y = self.x_axis.spec, self.y_axis.spec
            if x is not None and y is not None:
                self.plot.set_titles(field_label(x, self.fmt), field_label(y, self.fmt))
            self._sync_marker()

    def _sync_marker(self) -> None:
        design = self.document.design
        derived = self.analysis.derived if self.analysis is not None and self.analysis.design is design else None
        self._show_marker(design, derived)

    # --- running --------------------------------------------------------------------------------------------------
    def run(self) -> None:
        """Evaluate the grid the controls describe on the design now; a run still going is superseded."""
        try:
            x_axis, y_axis = self.x_axis.axis(), self.y_axis.axis()
            if x_axis.path == y_axis.path:
                raise ValueError("choose two different fields")
            xs, ys = x_axis.values(self.fmt), y_axis.values(self.fmt)
        except ValueError as exc:
            self._say(str(exc), error=True)
            return
        self._start(x_axis.path, y_axis.path, xs, ys)

    def _rerun(self) -> None:
        """The run in progress again on the design as it now is (its fields and values kept); stopped when the
        design has no such fields any more (another powertrain, a seat row removed)."""
        if self.job.running and self.sweep is not None:
            request = self.sweep.request
            if field_by_path(self.document.design, request.x) is None or \
                    field_by_path(self.document.design, request.y) is None:
                self.job.drop()
                self.cancel_button.setEnabled(False)
                self._say("Stopped: the design no longer has the fields of this map.", error=True)
                return
            self._start(request.x, request.y, request.xs, request.ys)

    def _start(self, x: str, y: str, xs: np.ndarray, ys: np.ndarray) -> None:
        design = self.document.design
        request = SweepRequest(design, self.document.settings, x, y, xs, ys)
        self._specs = (field_by_path(design, x), field_by_path(design, y))
        self.sweep = SweepMap(request)
        self._sweep_key = self._sweep_depends(request.design, request.settings)
        self._rule_meta = {}
        self.stale = False
        self._show_note()
        self._show_grid(request)
        self.progress.setRange(0, len(request))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.job.start(request)
        self._say(f"Evaluating {self.fmt.number(len(request), 0)} variants…")
        self.recolor()

    def _show_grid(self, request: SweepRequest) -> None:
        x_spec, y_spec = self._map_specs()
        system = self.fmt.system
        xs = np.array([to_display(v, x_spec.unit, system) for v in request.xs])
        ys = np.array([to_display(v, y_spec.unit, system) for v in request.ys])
        self.plot.set_grid(xs, ys)
        self.plot.set_titles(field_label(x_spec, self.fmt), field_label(y_spec, self.fmt))
        self._sync_marker()

    def _progress(self, request: SweepRequest, start: int, parts: list[BatchResult]) -> None:
        sweep = self.sweep
        if sweep is None or request is not sweep.request:
            return
        for part in parts:
            sweep.add(start, part)
            start += len(part)
        self.progress.setValue(sweep.count_done)
        self._fill_rules()
        self.recolor()

    def _finished(self, request: SweepRequest, seconds: float) -> None:
        if self.sweep is None or request is not self.sweep.request:
            return
        self.sweep.finished, self.sweep.seconds = True, seconds
        self.cancel_button.setEnabled(False)
        self.progress.setValue(len(request))
        self._fill_rules()
        self.recolor()
        self._show_summary()
        if self._hover < 0:
            self._show_current()

    def _cancelled(self, request: SweepRequest) -> None:
        self.cancel_button.setEnabled(False)
        if self.sweep is not None and request is self.sweep.request:
            done = self.sweep.count_done
            self._say(f"Cancelled: {self.fmt.number(done, 0)} of {self.fmt.number(len(request), 0)} variants "
                      "evaluated.")

    def _failed(self, request: SweepRequest, exc: BaseException) -> None:
        traceback.print_exception(exc, file=sys.stderr)
        self.cancel_button.setEnabled(False)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        self._say(f"The sweep failed: {first}", error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.controls.say(text, error)

    def _show_summary(self) -> None:
        sweep = self.sweep
        if sweep is None or not sweep.finished:
            return
        fmt, group = self.fmt, self.group.currentData()
        compliant = int((sweep.failing(group) == 0).sum())
        refused = int((~sweep.valid).sum())
        text = (f"{fmt.number(len(sweep), 0)} variants in {fmt.number(sweep.seconds or 0.0, 2)} s "
                f"({self.job.engine} engine): {fmt.number(compliant, 0)} compliant")
        if refused:
            text += f", {fmt.number(refused, 0)} refused by the model"
        self._say(text + ".")

    # --- what the map shows ---------------------------------------------------------------------------------------
    def _view_changed(self, _index: int = 0) -> None:
        self.rule.setVisible(self.colour.currentData() == "margin")
        self._fill_rules()
        self.recolor()
        self._show_summary()
        if self._hover >= 0:
            self._hovered(self._hover)
        else:
            self._show_current()

    def _meta(self, rule: str) -> Finding | None:
        """A finding of `rule` (its title and unit): from the base design, else from a variant that has it."""
        sweep = self.sweep
        if rule in self._rule_meta or sweep is None:
            return self._rule_meta.get(rule)
        request = sweep.request
        if not self._rule_meta:
            for finding in evaluate(request.design, None, request.settings).findings:
                self._rule_meta[finding.rule_id] = finding
        if rule not in self._rule_meta:
            rows = np.flatnonzero(sweep.status[rule] >= 0)
            if len(rows):
                for finding in evaluate(request.variants.design(int(rows[0])), None, request.settings).findings:
                    self._rule_meta.setdefault(finding.rule_id, finding)
        return self._rule_meta.get(rule)

    def _fill_rules(self) -> None:
        """The margin choices: the group's rules with a margin, the one that binds first."""
        if self.colour.currentData() != "margin":
            return
        sweep = self.sweep
        group = self.group.currentData()
        rules = sweep.margin_rules(group) if sweep is not None else []
        chosen = self.rule.currentData()
        if [self.rule.itemData(i) for i in range(self.rule.count())] == rules and chosen in rules:
            return
        self.rule.blockSignals(True)
        self.rule.clear()
        for rule in rules:
            meta = self._meta(rule)
            unit = self.fmt.unit(meta.unit) if meta is not None else ""
            text = rule_name(meta) if meta is not None else rule
            self.rule.addItem(f"{text} ({unit})" if unit else text, rule)
        pick = chosen if chosen in rules else (sweep.binding_rule(group) if sweep is not None else None)
        if pick is not None:
            self.rule.setCurrentIndex(self.rule.findData(pick))
        self.rule.blockSignals(False)

    def recolor(self) -> None:
        """The cells in the colours of the current choices; the legend to match."""
        sweep = self.sweep
        if sweep is None:
            self._show_legend()
            return
        rows, columns = sweep.request.shape
        group = self.group.currentData()
        rule = self.rule.currentData() if self.colour.currentData() == "margin" else None
        if rule is not None:
            margin = sweep.margin_of(rule)
            scale = margin_scale(margin)
            rgba = margin_colors(margin, sweep.valid, sweep.done, scale)
        else:
            rgba = count_colors(sweep.failing(group))
        invalid = (sweep.done & ~sweep.valid).reshape(rows, columns)
        self.plot.set_colors(rgba.reshape(rows, columns, 4), invalid, self.stale)
        self._show_legend()

    def _show_legend(self) -> None:
        sweep = self.sweep
        invalid = sweep is not None and bool((sweep.done & ~sweep.valid).any())
        rule = self.rule.currentData() if self.colour.currentData() == "margin" else None
        if sweep is not None and rule is not None:
            meta = self._meta(rule)
            unit = meta.unit if meta is not None else ""
            low, high = margin_scale(sweep.margin_of(rule))
            places = self.fmt.places(unit)
            self.legend.show_margin((f"{self.fmt.signed(-low, unit, places)} fails", "limit",
                                     f"{self.fmt.signed(high, unit, places)} passes"), invalid)
            return
        counts = sweep.failing(self.group.currentData()) if sweep is not None else np.zeros(0, dtype=np.int32)
        swatches = []
        for color, first, last in count_legend(counts):
            if first == 0:
                text = "compliant"
            elif first == last:
                text = f"{self.fmt.number(first, 0)} failing"
            else:
                text = f"{self.fmt.number(first, 0)}–{self.fmt.number(last, 0)} failing"
            swatches.append((color, text))
        self.legend.show_counts(swatches, invalid)

    def _show_note(self) -> None:
        if self.stale and self.sweep is not None:
            x_spec, y_spec = self._map_specs()
            self.note.setText(f"The design has changed in more than {x_spec.title} and {y_spec.title} since this "
                              "map was made: it is shown faded. Run again to see the design as it is now.")
            self.note.show()
        else:
            self.note.hide()

    # --- pointer -----------------------------------------------------------------------------------------------
    def _hovered(self, index: int) -> None:
        self._hover = index
        sweep = self.sweep
        if index < 0 or sweep is None:
            self._show_current()
            return
        specs = self._map_specs()
        heading = "<span style='color:#8a6d00;'>Out of date</span><br>" if self.stale else ""
        usable = not self.stale and sweep.done[index] and sweep.valid[index]
        self.info.setText(describe(sweep, index, specs, self.group.currentData(), self.fmt, heading) +
                          ("<br><span style='color:#666;'>Click to apply these values.</span>" if usable else ""))

    def _show_current(self) -> None:
        specs = self._map_specs()
        if specs[0] is None or specs[1] is None:
            self.info.setText("")
            return
        design = self.document.design
        analysis = self.analysis if self.analysis is not None and self.analysis.design is design else None
        findings = (analysis.evaluation.findings if analysis is not None
                    else evaluate(design, None, self.document.settings).findings)
        findings = tuple(f for f in findings if not f.rule_id.startswith(RULE_PREFIX))  # not on the map
        usable = self.sweep if self.sweep is not None and not self.stale else None
        self.info.setText(describe_design(design, findings, usable, specs, self.group.currentData(), self.fmt))

    # --- applying a variant ------------------------------------------------------------------------------------
    def apply_variant(self, index: int) -> bool:
        """Set the design's two fields to variant `index`'s values as one undo step. Refused (False, said in the
        status line) while the map is out of date, for a cell not evaluated yet and for a variant the model
        refuses."""
        sweep = self.sweep
        if sweep is None:
            return False
        if self.stale:
            self._say("This map is of the design before your last edits: Run again before applying a variant.",
                      error=True)
            return False
        if not sweep.done[index]:
            self._say("That variant is not evaluated yet.", error=True)
            return False
        if not sweep.valid[index]:
            self._say("The model refuses that variant (see beside the map); nothing was applied.", error=True)
            return False
        values = sweep.request.variants.values(index)
        design = self.document.design
        text = FieldChanges(tuple(Change(spec.title, get_value(design, spec.path), values[spec.path], spec.unit,
                                         empty=empty_word(spec.path)) for spec in self._map_specs()))
        try:
            self.document.set_values(values, text=text)
        except EditError as exc:  # the map said valid: the base design must have changed under it
            self._say(f"Not applied: {exc.render(self.fmt)}", error=True)
            return False
        if sweep.finished:
            self._show_summary()
        return True


__all__ = ["DEFAULT_FIELDS", "ExplorePanel"]
