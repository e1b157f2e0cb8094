"""The main window: the 3D view in the centre, parameters on the left, compliance below the view, one document.

The default layout at 1,500 × 920 gives the 3D view about 1,100 × 500 px and the findings table every column a
reviewer needs (status, rule, measured, limit, margin, basis, citation) without horizontal scrolling.
"""

from __future__ import annotations

import gc
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from .. import __version__
from ..analysis import Analysis
from ..analysis.pedestrian import RULE_PREFIX, PedestrianZones
from ..common import UserError
from ..design import Design, UnitSystem
from ..design.units import Formatter
from ..files import SUFFIX, DesignFileError, load_preset, preset_names
from ..files.autosave import remove_snapshot, write_snapshot
from ..geometry import Scene, export_scene
from ..geometry.scene import OCCUPANTS
from ..report.numbers import qt_formatter
from ..rules import Evaluation, Status
from .compliance import CompliancePanel
from .document import DesignDocument
from .energy_change import TradeOff, touched_findings, trade_off
from .energy_panel import EnergyPanel
from .energy_worker import EnergyOutcome, EnergyWorker
from .explore_tab import ExploreTab
from .parameters import DOCK_WIDTH, ParameterPanel
from .plan_panel import PlanPanel
from .rule_settings import RuleSettingsDialog, load_rule_settings, save_rule_settings
from .wad_worker import WadWorker

AUTOSAVE_IDLE_MS = 2_000  # a snapshot this long after the last change
AUTOSAVE_EVERY_EDITS = 20
MAX_RECENT = 8
OCCUPANTS_SETTING = "view/occupants"
MEASURED_PREFIX = RULE_PREFIX  # findings measured on the geometry, in the background
PEDESTRIAN_SETTING = "view/pedestrian_zones"
FILE_FILTER = f"KeiDesigner designs (*{SUFFIX})"
BOTTOM_TABS = ("compliance", "plan", "energy", "explore")  # the bottom docks' tabs, by the names --tab takes


class MainWindow(QMainWindow):
    refreshed = Signal()  # after views show the current design (tests and benchmarks wait on it)

    def __init__(self, document: DesignDocument, settings: QSettings, autosave_dir: Path, gl: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.autosave_dir = autosave_dir
        self.analysis: Analysis | None = None
        self.evaluation: Evaluation | None = None
        self.scene: Scene | None = None
        self._refresh_pending = False
        self._edits_since_snapshot = 0
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.resize(1500, 920)

        if gl:
            from .viewer import VehicleView

            self.viewer: VehicleView | None = VehicleView()
            self.setCentralWidget(self.viewer)
        else:
            self.viewer = None
            placeholder = QLabel("The 3D preview needs OpenGL, which this display does not provide.")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCentralWidget(placeholder)

        # the head-zone findings and the WAD lines are measured on the geometry, in the background, for every design
        self.wad_worker = WadWorker(self)
        self.wad_worker.ready.connect(self._wad_measured)
        # the energy estimate too: FASTSim is imported by the worker's first run
        self.energy_worker = EnergyWorker(self)
        self.energy_worker.ready.connect(self._energy_done)
        self.energy_worker.failed.connect(self._energy_failed)
        self._energy_last: EnergyOutcome | None = None  # the last outcome with figures: what an edit is compared to
        self._energy_change: TradeOff | None = None  # the last change of the estimate
        self._energy_change_design: Design | None = None  # the design it led to
        self._energy_touched: frozenset[str] = frozenset()  # the findings the edit behind it changed or touched
        self.front_tab = "compliance"
        document.set_formatter(qt_formatter(document.units))
        document.set_settings(load_rule_settings(settings))
        self.parameters = ParameterPanel(document)
        self.parameters_dock = self._dock("Parameters", self.parameters, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.compliance = CompliancePanel()
        self.compliance.set_formatter(document.formatter)
        # the parameters run the window's full height; the findings sit under the 3D view, as wide as it is
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.compliance_dock = self._dock("Compliance", self.compliance, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.compliance.field_selected.connect(self.parameters.focus_field)
        self.compliance.pathway_chosen.connect(self._pathway_chosen)
        # the plan is a tab behind the findings: it builds its rows only while it is in view
        self.plan = PlanPanel(document)
        self.plan_dock = self._dock("Compliance plan", self.plan, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.compliance_dock, self.plan_dock)
        self.plan.set_in_view(False)  # until its dock says it is shown
        self.plan_dock.visibilityChanged.connect(self.plan.set_in_view)
        # the energy estimate a third tab: its figures come from the worker, and cost an edit nothing more
        self.energy = EnergyPanel(document.formatter)
        self.energy_dock = self._dock("Energy", self.energy, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.plan_dock, self.energy_dock)
        # the Explore map a fourth: made (and the batch engine imported) when first shown; out of view an edit
        # costs it one assignment
        self.explore = ExploreTab(document)
        self.explore_dock = self._dock("Explore", self.explore, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.energy_dock, self.explore_dock)
        self.explore_dock.visibilityChanged.connect(self.explore.set_in_view)
        self.compliance_dock.raise_()

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("status_verdicts")
        self.file_label = QLabel()
        self.file_label.setObjectName("status_file")
        self.statusBar().addWidget(self.verdict_label, 1)
        self.statusBar().addPermanentWidget(self.file_label)

        self._build_actions()
        document.design_changed.connect(self._design_changed)
        document.settings_changed.connect(self._schedule_refresh)
        document.state_changed.connect(self._update_title)
        # a snapshot once the changes pause, and every AUTOSAVE_EVERY_EDITS during a long run of them
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_IDLE_MS)
        self.autosave_timer.timeout.connect(self.autosave)

        self._restore_settings()
        self.refresh()
        self._update_title()
        # What exists once the window is built (modules, models, widgets' wrappers) lives as long as the program:
        # moving it out of the collector's generations keeps every later collection from walking it again, which
        # showed as frames of an edit 3-5 ms late.
        gc.freeze()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower().replace(' ', '_')}_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # --- actions ------------------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, checkable: bool = False, checked: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if checkable:
            action.setCheckable(True)
            action.setChecked(checked)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _=False: slot())
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        presets = file_menu.addMenu("&New from preset")
        for name in preset_names():
            presets.addAction(self._action(name, lambda n=name: self.new_from_preset(n)))
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.save_action = self._action("&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        self.export_action = self._action("Export 3D &model…", self.export_model, "Ctrl+E")
        file_menu.addAction(self.export_action)
        self.report_action = self._action("Export Compliance &Report…", self.export_report, "Ctrl+R")
        file_menu.addAction(self.report_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = menu.addMenu("&Edit")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self.rule_settings_action = self._action("Rule &Settings…", self.edit_rule_settings)
        edit_menu.addAction(self.rule_settings_action)

        view_menu = menu.addMenu("&View")
        for name, key in (("Iso", "Ctrl+0"), ("Front", "Ctrl+1"), ("Side", "Ctrl+2"), ("Top", "Ctrl+3")):
            view = name.lower()
            view_menu.addAction(self._action(f"{name} view", lambda n=view: self.set_view(n), key))
        view_menu.addSeparator()
        self.envelope_action = self._action("Show kei &envelope", self._toggle_envelope, "Ctrl+Shift+E",
                                            checkable=True, checked=True)
        self.wireframe_action = self._action("&Wireframe", self._toggle_wireframe, "Ctrl+Shift+W",
                                             checkable=True)
        occupants = self.settings.value(OCCUPANTS_SETTING, False, type=bool)
        self.occupants_action = self._action("Show &Occupants", self._toggle_occupants, "Ctrl+Shift+O",
                                             checkable=True, checked=occupants)
        self.occupants_action.setToolTip("The people in the seats in the 3D view (the seats are always shown).")
        if self.viewer is not None:
            self.viewer.set_part_visible(OCCUPANTS, occupants)
        pedestrian = self.settings.value(PEDESTRIAN_SETTING, False, type=bool)
        self.pedestrian_action = self._action("Show &Pedestrian Zones", self._toggle_pedestrian, "Ctrl+Shift+P",
                                              checkable=True, checked=pedestrian)
        self.pedestrian_action.setToolTip("The wrap-around distance lines on the front: 1,000 and 1,700 mm bound the "
                                          "child head zone (amber), 1,700 and 2,100 mm the adult one (magenta).")
        view_menu.addActions([self.envelope_action, self.wireframe_action, self.occupants_action,
                              self.pedestrian_action])
        view_menu.addSeparator()
        units_menu = view_menu.addMenu("&Units")
        group = QActionGroup(self)
        self.unit_actions: dict[UnitSystem, QAction] = {}
        for system, label in ((UnitSystem.metric, "&Metric (mm, kg, kW)"),
                              (UnitSystem.us, "&US customary (in, lb, hp)")):
            action = QAction(label, self, checkable=True)
            action.triggered.connect(lambda _=False, s=system: self.set_units(s))
            group.addAction(action)
            units_menu.addAction(action)
            self.unit_actions[system] = action
        view_menu.addSeparator()
        view_menu.addAction(self.parameters_dock.toggleViewAction())
        view_menu.addAction(self.compliance_dock.toggleViewAction())
        view_menu.addAction(self.plan_dock.toggleViewAction())
        view_menu.addAction(self.energy_dock.toggleViewAction())
        view_menu.addAction(self.explore_dock.toggleViewAction())

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About KeiDesigner", self._about))

    # --- the one-way flow: document -> views ----------------------------------------------------------------
    def _design_changed(self, _design: Design) -> None:
        if self.document.edit_count == 0:  # another file or preset: no edit to compare the energy estimate across
            self._energy_last = self._energy_change = self._energy_change_design = None
        self._edits_since_snapshot += 1
        if self._edits_since_snapshot >= AUTOSAVE_EVERY_EDITS:
            self.autosave()
        self.autosave_timer.start()  # restarted by every change: fires when they pause
        self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        if not self._refresh_pending:
            # many edits in one event-loop turn cause one rebuild, of the latest design
            self._refresh_pending = True
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Show the document's analysis everywhere; nothing here computes what the analysis holds."""
        self._refresh_pending = False
        previous = self.analysis
        analysis = self.analysis = self.document.analysis
        self.evaluation = analysis.evaluation
        self.parameters.show_design(analysis.design)
        self.parameters.show_derived(analysis.derived)
        self.compliance.show_evaluation(self._with_last_measured(analysis, previous))
        self.plan.show_analysis(analysis)
        self.explore.show_analysis(analysis)
        self.scene = analysis.scene
        if self.viewer is not None:
            self.viewer.show_scene(self.scene, analysis.kei_overrun.over)
        self.wad_worker.request(analysis)  # the scene is built: the worker only reads it
        self._request_energy(analysis)
        self._update_status()
        self.refreshed.emit()

    def _update_status(self) -> None:
        analysis = self.analysis
        if analysis is None:
            return
        fmt = self.document.formatter
        parts = []
        fails = analysis.counts("kei")[Status.fail]
        parts.append(f"Kei FAIL ({fmt.number(fails, 0)})" if fails else "Kei pass")
        # a US pass speaks for the screened standards only: say so, and how many others are planned or open
        fails = analysis.counts("us")[Status.fail]
        matrix = analysis.matrix
        parts.append(f"US screened: {'FAIL (' + fmt.number(fails, 0) + ')' if fails else 'pass'} · "
                     f"{fmt.number(matrix.count('declared'), 0)} declared · "
                     f"{fmt.number(matrix.count('exempt'), 0)} exempt · {fmt.number(matrix.count('open'), 0)} open")
        d = analysis.design.dimensions
        size = " × ".join(fmt.value(v, "mm", with_unit=False) for v in (d.length_mm, d.width_mm, d.height_mm))
        text = f"{' · '.join(parts)}   |   {size} {fmt.unit('mm')}"
        if self.verdict_label.text() != text:
            self.verdict_label.setText(text)

    def _update_title(self) -> None:
        doc = self.document
        self.setWindowTitle(f"{doc.design.name} — {doc.display_name}[*] — KeiDesigner")
        self.setWindowModified(doc.dirty)
        self.file_label.setText(f"{doc.path or 'Untitled'}{' — modified' if doc.dirty else ''}")
        self._update_status()

    # --- pathway, units, view ------------------------------------------------------------------------------------
    def _pathway_chosen(self, us_class: str) -> None:
        self.document.set_value("us_class", us_class, merge=False)

    def set_units(self, system: UnitSystem) -> None:
        """Show every number in another unit system; never an edit, never an undo step."""
        self.unit_actions[system].setChecked(True)
        self.set_formatter(qt_formatter(system))
        self.settings.setValue("units", system.value)

    def set_formatter(self, fmt: Formatter) -> None:
        """Unit system and locale for every number the window shows: fields, derived figures, findings, status bar,
        undo texts. Stored values are untouched."""
        self.document.set_formatter(fmt)
        self.parameters.set_formatter(fmt)
        if self.analysis is not None:
            self.parameters.show_derived(self.analysis.derived)
        self.compliance.set_formatter(fmt)
        self.plan.set_formatter(fmt)
        self.energy.set_formatter(fmt)
        self.explore.set_formatter(fmt)
        self._show_energy_note()
        self._update_status()

    def edit_rule_settings(self) -> None:
        dialog = RuleSettingsDialog(self.document.settings, self.document.formatter, self)
        if dialog.exec() != RuleSettingsDialog.DialogCode.Accepted or dialog.accepted_rules is None:
            return
        rules = dialog.accepted_rules
        self.document.set_settings(rules)
        save_rule_settings(self.settings, rules)

    def set_view(self, name: str) -> None:
        if self.viewer is not None:
            self.viewer.set_view(name)

    def _toggle_envelope(self, on: bool) -> None:
        if self.viewer is not None:
            self.viewer.set_envelope_visible(on)

    def _toggle_occupants(self, on: bool) -> None:
        """View ▸ Show Occupants: the scene part 'occupants' in the 3D view; remembered for the next start."""
        self.settings.setValue(OCCUPANTS_SETTING, on)
        if self.viewer is not None:
            self.viewer.set_part_visible(OCCUPANTS, on)

    def _toggle_pedestrian(self, on: bool) -> None:
        """View ▸ Show Pedestrian Zones: the WAD lines in the 3D view, measured in the background (WadWorker);
        remembered for the next start."""
        self.settings.setValue(PEDESTRIAN_SETTING, on)
        if self.viewer is None:
            return
        zones = self.analysis.__dict__.get("pedestrian") if self.analysis is not None else None
        self.viewer.show_wad_lines(zones.lines if on and zones is not None else None)

    @staticmethod
    def _with_last_measured(analysis: Analysis, previous: Analysis | None) -> Evaluation:
        """What the table shows until the worker has measured `analysis`: its findings, and the head zones of the
        design before it (one edit behind, about a frame), so that the rows do not vanish and come back on every
        step of a drag."""
        ev = analysis.evaluation
        if previous is None or previous.us_class is not analysis.us_class or previous.settings is not analysis.settings:
            return ev
        carried = tuple(f for f in previous.findings if f.rule_id.startswith(MEASURED_PREFIX))
        return Evaluation(ev.design, ev.us_class, ev.derived, ev.findings + carried) if carried else ev

    def _wad_measured(self, analysis: Analysis, zones: PedestrianZones | None) -> None:
        """The worker's zones for `analysis`: the head-zone findings join the table and the status bar, and the WAD
        lines the 3D view while View ▸ Show Pedestrian Zones is on. The worker drops older requests' results; this
        one may still be of a design the window has since left."""
        shown = self.analysis
        if shown is None or shown.design is not analysis.design or shown.settings is not analysis.settings:
            return
        if zones is not None:
            self.analysis = analysis.complete(zones)
            self.evaluation = self.analysis.evaluation
            self.compliance.show_analysis(self.analysis)
            self.plan.show_analysis(self.analysis)
            self._update_status()
        if self.viewer is not None and self.pedestrian_action.isChecked():
            self.viewer.show_wad_lines(zones.lines if zones is not None else None)

    # --- the energy estimate, from the worker -------------------------------------------------------------------
    def _request_energy(self, analysis: Analysis) -> None:
        """Estimate `analysis` in the background; the panel greys the figures it shows until then. The design in view
        already (rule settings changed, an undo back within the settle time) asks for nothing."""
        shown = self.energy.outcome
        if shown is not None and shown.design is analysis.design:
            self.energy_worker.cancel()  # whatever was asked for since is not in view any more
            if self.energy.stale:
                self.energy.show_outcome(shown, self.energy.change, self.energy.change_current)
        else:
            self.energy.mark_stale()
            self.energy_worker.request(analysis)
        self._show_energy_note()

    def _energy_done(self, analysis: Analysis, outcome: EnergyOutcome) -> None:
        """The worker's outcome for `analysis`: into the panel, and when the estimate changed, what changed it into
        the panel and the findings' detail. The worker drops older requests' results; this one may still be of a
        design the window has since left."""
        shown = self.analysis
        if shown is None or shown.design is not analysis.design:
            return
        estimate = outcome.estimate
        if estimate is not None:
            for done in (analysis, shown):  # what the report and the command line would compute again
                done.__dict__.setdefault("energy", estimate)
                if outcome.measured_area_m2 is not None:
                    done.__dict__.setdefault("frontal_area_m2", outcome.measured_area_m2)
            last = self._energy_last
            if last is not None and last.design is not analysis.design and last.estimate is not None:
                change = trade_off(last.estimate, estimate)
                if change is not None:
                    self._energy_change, self._energy_change_design = change, analysis.design
                    self._energy_touched = touched_findings(last.analysis.evaluation, analysis.evaluation)
            self._energy_last = outcome
        current = self._energy_change is not None and self._energy_change_design is analysis.design
        self.energy.show_outcome(outcome, self._energy_change, current)
        self._show_energy_note()

    def _energy_failed(self, analysis: Analysis, exc: BaseException) -> None:
        """The energy model broke in a way it does not say itself (a bug): one line in the panel, the traceback on
        stderr, never a dialog (it would come back on every edit)."""
        traceback.print_exception(exc, file=sys.stderr)
        shown = self.analysis
        if shown is not None and shown.design is analysis.design:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no message"
            self.energy.show_failure(f"the energy model failed ({type(exc).__name__}: {first})")

    def _show_energy_note(self) -> None:
        """The last change of the estimate under the findings it concerns, while the design it led to is in view."""
        change = self._energy_change
        if change is not None and self.analysis is not None and self._energy_change_design is self.analysis.design:
            self.compliance.set_energy_note(change.text(self.document.formatter), self._energy_touched)
        else:
            self.compliance.set_energy_note(None)

    def _toggle_wireframe(self, on: bool) -> None:
        if self.viewer is not None:
            self.viewer.set_wireframe(on)

    # --- files ---------------------------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current design (saved, discarded, or nothing to lose)."""
        if not self.document.dirty:
            return True
        answer = QMessageBox.warning(
            self, "Unsaved changes", f"Save the changes to {self.document.display_name}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_from_preset(self, name: str) -> None:
        if not self.maybe_save():
            return
        self._drop_snapshot()
        self.document.reset(load_preset(name), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open design", self._last_folder(), FILE_FILTER)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        previous = self.document.path
        try:
            self.document.load(path)
        except DesignFileError as exc:
            from .recovery import recover_unloadable

            # autosaved changes to a file that does not load are offered before the file is refused
            if not recover_unloadable(self, Path(path), exc):
                return False
        else:
            self._drop_snapshot(previous)
        self._remember(Path(path))
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        start = str(self.document.path or Path(self._last_folder()) / f"{self.document.design.name}{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save design as", start, FILE_FILTER)
        target = self._with_suffix(path, SUFFIX)
        return target is not None and self._save_to(target)

    def _with_suffix(self, chosen: str, suffix: str) -> Path | None:
        """The dialog's answer with `suffix` added when it lacks it (in any case); a file the added suffix lands on
        was not the one the dialog asked about overwriting, so that is asked here. None: cancelled."""
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() == suffix or path.is_dir():
            return path  # a folder is refused by the writer, with its name
        path = path.with_name(path.name + suffix)
        if path.exists():
            answer = QMessageBox.question(
                self, "Replace file", f"{path.name} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return path

    def _save_to(self, path: Path) -> bool:
        old_path = self.document.path
        try:
            self.document.save(path)
        except DesignFileError as exc:
            QMessageBox.critical(self, "Cannot save design", f"{exc}\nThe design is still open and unsaved.")
            return False
        self._drop_snapshot(old_path)
        self._drop_snapshot(path)
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def export_model(self) -> None:
        from . import export_dialog

        start = str(Path(self._last_folder()) / f"{self.document.design.name}.glb")
        target = export_dialog.ask_export_target(self, start, self.settings)
        if target is None:
            return
        path, units = target
        try:
            export_scene(self.document.analysis.scene, path, units=units)
        except UserError as exc:
            QMessageBox.critical(self, "Cannot export model", str(exc))
            return
        self.statusBar().showMessage(f"Exported {path}" + (f" in {units}" if units else " (glTF: metres, Y up)"), 4000)

    def export_report(self) -> None:
        from ..report import write_report

        start = str(Path(self._last_folder()) / f"{self.document.design.name} compliance.pdf")
        chosen, _ = QFileDialog.getSaveFileName(self, "Export compliance report", start, "PDF (*.pdf)")
        path = self._with_suffix(chosen, ".pdf")
        if path is None:
            return
        try:
            result = write_report(self.document.analysis, path, source=self.document.path, units=self.document.units)
        except UserError as exc:
            QMessageBox.critical(self, "Cannot write report", str(exc))
            return
        if result.warnings:
            QMessageBox.warning(self, "Report written with warnings", "\n".join(result.warnings))
        self.statusBar().showMessage(f"Wrote {path}", 4000)

    # --- autosave ------------------------------------------------------------------------------------------------
    def autosave(self) -> None:
        self._edits_since_snapshot = 0
        if not self.document.dirty:
            return
        try:
            write_snapshot(self.autosave_dir, self.document.design, self.document.path)
        except UserError as exc:
            self.statusBar().showMessage(f"Autosave failed: {exc}", 6000)

    def _drop_snapshot(self, path: Path | None = None) -> None:
        remove_snapshot(self.autosave_dir, path if path is not None else self.document.path)

    # --- settings ------------------------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:  # first start: the default layout, once the window is laid out
            QTimer.singleShot(0, self.default_layout)
        try:
            system = UnitSystem(self.settings.value("units", UnitSystem.metric.value))
        except ValueError:
            system = UnitSystem.metric
        self.set_units(system)

    def default_layout(self) -> None:
        """Parameters 400 px wide on the left; findings 330 px tall under the 3D view."""
        self.resizeDocks([self.parameters_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.set_bottom_height(330)
        self.bottom_dock(self.front_tab).raise_()  # the findings in front of the plan and the energy, unless asked

    def bottom_dock(self, tab: str) -> QDockWidget:
        """The bottom dock of a tab: 'compliance' (the findings), 'plan', 'energy' or 'explore'. Raises ValueError for
        another name."""
        docks = dict(zip(BOTTOM_TABS, (self.compliance_dock, self.plan_dock, self.energy_dock, self.explore_dock)))
        if tab not in docks:
            raise ValueError(f"unknown tab '{tab}': use one of {', '.join(BOTTOM_TABS)}")
        return docks[tab]

    def show_tab(self, tab: str) -> None:
        """Bring a bottom tab to the front, now and after the default layout (which raises the findings)."""
        dock = self.bottom_dock(tab)
        self.front_tab = tab
        dock.show()
        dock.raise_()

    def set_bottom_height(self, height: int) -> None:
        """The findings dock `height` px tall. QMainWindow.resizeDocks leaves tabbed docks as they are (the findings
        and the plan share the bottom area), so the dock is held at that height for one layout pass instead."""
        dock = self.compliance_dock
        if not self.tabifiedDockWidgets(dock):
            self.resizeDocks([dock], [height], Qt.Orientation.Vertical)
            return
        dock.setFixedHeight(height)
        QTimer.singleShot(0, dock, lambda: (dock.setMinimumHeight(0), dock.setMaximumHeight(16_777_215)))

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.recent_files() if p != entry]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self.settings.setValue("last_folder", str(path.resolve().parent))

    def _last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.home())))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.open_path(p))

    # --- window events ------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.maybe_save():
            event.ignore()
            return
        self._drop_snapshot()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        for worker in (self.wad_worker, self.energy_worker):
            worker.cancel()
            worker.wait()  # a measurement (about 12 ms) or an estimate (up to 70 ms) finishes before the window goes
        self.explore.close_down()  # a sweep stops at the end of its slice (a few ms)
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and urls[0].toLocalFile().endswith(SUFFIX):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_path(urls[0].toLocalFile())
            event.acceptProposedAction()

    def _about(self) -> None:
        QMessageBox.about(
            self, "About KeiDesigner",
            f"<b>KeiDesigner {__version__}</b><p>Design kei-class vehicles for US production and see where they "
            "stand against the kei definition and the FMVSS.</p><p>A design screening tool, not a certification "
            "of FMVSS compliance.</p>",
        )
