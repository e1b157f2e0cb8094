"""The parameter panel: groups of editors generated from the design's field metadata, and the derived figures, on a
"Vehicle" tab; the occupant package (seat rows and locations) on its own tab beside it (package_panel.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..design import FIGURES, POWERTRAIN_KINDS, Derived, Design, EditError, field_info, get_value
from ..design.derived import figure_text
from ..design.fieldspec import FieldSpec, grouped_fields, section_fields
from ..design.package import SeatKind
from ..design.units import Formatter, UnitSystem
from .document import DesignDocument, where
from .editors import FieldEditor, NumberEditor, make_editor
from .package_edits import bucket_changes
from .package_panel import PackageEditor

# optional fields and the derived figure that estimates them when they are left empty ("auto")
AUTO_FROM = {"mass.cg_height_mm": "cg_height_mm", "mass.rated_gvwr_kg": "min_gvwr_kg",
             "mass.curb_front_axle_pct": "curb_front_axle_pct"}
ERROR_STYLE = "color: #c62828; font-size: 11px;"
FLASH_STYLE = "background: #fff3c4; border-radius: 3px;"
DOCK_WIDTH = 400  # px: the parameters dock's default width, and the narrowest the panel goes


def scroll_page(body: QWidget) -> QScrollArea:
    page = QScrollArea()
    page.setWidgetResizable(True)
    page.setFrameShape(QScrollArea.Shape.NoFrame)
    page.setWidget(body)
    return page


class ParameterPanel(QTabWidget):
    """Every editable field of the design, each editor registered by its path in `editors` (with its `errors`
    label and its form row in `rows`), on two scrolled tabs: the vehicle and the occupant package."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.fmt = document.formatter
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        self.setMinimumWidth(DOCK_WIDTH)
        self.setDocumentMode(True)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setSpacing(8)
        self.powertrain_kind = document.design.powertrain.kind
        self.powertrain_form: QFormLayout | None = None
        for title, specs in grouped_fields(self.powertrain_kind):
            box = QGroupBox(title.replace("&", "&&"))  # a literal '&', not a mnemonic
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            if title == "Powertrain":
                self.powertrain_form = form
                self.kind_combo = QComboBox()
                self.kind_combo.setToolTip("Gasoline, battery-electric or hybrid; shared values are kept.")
                for kind in POWERTRAIN_KINDS:
                    self.kind_combo.addItem(kind.capitalize(), kind)
                self.kind_combo.activated.connect(self._kind_chosen)
                form.addRow("Type", self.kind_combo)
            for spec in specs:
                self._add_row(form, spec)
            if any(spec.path.startswith("occupancy.") for spec in specs):
                form.addRow(self._package_link())  # where the seats went (they were a count here)
            self.column.addWidget(box)
        self.derived_box = QGroupBox("Derived figures")
        self.derived_form = QFormLayout(self.derived_box)
        self.derived_labels: dict[str, QLabel] = {}
        for figure in FIGURES:
            label = QLabel()
            label.setToolTip(figure.formula.render(self.fmt))
            label.setObjectName(f"derived.{figure.key}")
            self.derived_labels[figure.key] = label
            self.derived_form.addRow(figure.title, label)
        self.column.addWidget(self.derived_box)
        self.column.addStretch(1)
        self.vehicle_page = scroll_page(body)
        self.addTab(self.vehicle_page, "Vehicle")
        self.package_page = PackageEditor(self)
        self.addTab(self.package_page, PackageEditor.TITLE)
        self.setTabToolTip(1, PackageEditor.TOOLTIP)
        self.show_design(document.design)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The default dock width, not the widest row's: the first layout then already has the width the default
        layout gives the dock, so a field brought into view before it settles stays in view."""
        return QSize(DOCK_WIDTH, super().sizeHint().height())

    # --- building ---------------------------------------------------------------------------------------------------
    @property
    def system(self) -> UnitSystem:
        return self.fmt.system

    def field(self, spec: FieldSpec) -> QWidget:
        """A field's editor with its error line under it, registered by its path; the caller places it."""
        editor = make_editor(spec, self.fmt)
        editor.setObjectName(spec.path)
        editor.edited.connect(self._edited)
        if isinstance(editor, NumberEditor):
            editor.refused.connect(self.show_error)
        error = self.error_label()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(editor)
        column.addWidget(error)
        self.editors[spec.path] = editor
        self.errors[spec.path] = error
        self.rows[spec.path] = holder
        return holder

    @staticmethod
    def error_label() -> QLabel:
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        return error

    def _add_row(self, form: QFormLayout, spec: FieldSpec) -> None:
        holder = self.field(spec)
        if spec.kind == "bool":
            form.addRow("", holder)
            return
        # Wrapped, so that a long title ('Windscreen base behind front axle') takes two lines, not a wider dock
        label = QLabel(spec.title)
        label.setWordWrap(True)
        label.setBuddy(self.editors[spec.path])
        form.addRow(label, holder)

    def _package_link(self) -> QLabel:
        link = QLabel('Seats, belts, head restraints and LATCH: <a href="package">Occupant package</a> tab')
        link.setObjectName("package_link")
        link.setStyleSheet("font-size: 11px;")
        link.setWordWrap(True)
        link.linkActivated.connect(lambda _href: self.setCurrentWidget(self.package_page))
        return link

    def forget(self, prefix: str) -> None:
        """Drop the registrations of every field under `prefix` (their widgets are being deleted)."""
        for path in [p for p in self.rows if p == prefix or p.startswith(prefix + ".")]:
            self.rows.pop(path)
            self.editors.pop(path, None)
        for path in [p for p in self.errors if p == prefix or p.startswith(prefix + ".")]:
            self.errors.pop(path)

    def _rebuild_powertrain(self, kind: str) -> None:
        form = self.powertrain_form
        assert form is not None
        for path in [p for p in self.editors if p.startswith("powertrain.")]:
            row = self.rows.pop(path)
            self.editors.pop(path)
            self.errors.pop(path)
            form.removeRow(row)
        for spec in section_fields("powertrain", kind):
            self._add_row(form, spec)
        self.powertrain_kind = kind

    # --- edits --------------------------------------------------------------------------------------------------------
    def _edited(self, path: str, value: object) -> None:
        changes = {path: value}
        if path.startswith("package.") and path.endswith(".kind") and value == SeatKind.bucket.value:
            changes.update(bucket_changes(self.document.design, path))  # a bucket seat is for one
        try:
            self.document.set_values(changes, key=path)
        except EditError as exc:
            self.show_error(path, self.refusal(exc, path))
            # the field goes back to the value the design really has
            QTimer.singleShot(0, lambda: self.editors[path].show_value(get_value(self.document.design, path))
                              if path in self.editors else None)
        else:
            self.clear_errors()

    def refusal(self, exc: EditError, path: str | None = None) -> str:
        """Why an edit was refused, for the line under the field edited: the reason, after the title of the field
        refused when that is another one ('Gap between seats (row 1): the row's seats ...')."""
        why = exc.render(self.fmt)
        return why if not exc.path or exc.path == path else f"{self.title_of(exc.path)}: {why}"

    def title_of(self, path: str) -> str:
        try:
            info = field_info(path, self.document.design)
        except (KeyError, AttributeError, TypeError):
            return path
        return (info.title or path) + where(path)

    def _kind_chosen(self, index: int) -> None:
        kind = self.kind_combo.itemData(index)
        try:
            self.document.set_powertrain(kind)
        except EditError as exc:
            self.show_error(next(iter(self.editors)), f"{exc.path}: {exc.render(self.fmt)}")

    def show_error(self, path: str, message: str) -> None:
        label = self.errors.get(path)
        if label is not None:
            label.setText(message)
            label.show()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            if not label.isHidden():
                label.hide()

    # --- views ----------------------------------------------------------------------------------------------------
    def show_design(self, design: Design) -> None:
        if design.powertrain.kind != self.powertrain_kind:
            self._rebuild_powertrain(design.powertrain.kind)
        self.package_page.show_package(design.package)  # rows and seats added or removed: their editors too
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(design.powertrain.kind))
        for path, editor in self.editors.items():
            value = get_value(design, path)
            if value != editor._value or value is None:
                editor.show_value(value)

    def show_derived(self, derived: Derived) -> None:
        self._derived = derived
        for figure in FIGURES:
            label = self.derived_labels[figure.key]
            text = figure_text(figure, derived, self.fmt)
            if label.text() != text:
                label.setText(text)
        for path, key in AUTO_FROM.items():  # an "auto" field steps from what is estimated for it
            editor = self.editors.get(path)
            if isinstance(editor, NumberEditor):
                editor.set_auto_value(getattr(derived, key))
        self.package_page.show_seating(derived.seating)

    def set_formatter(self, fmt: Formatter) -> None:
        """Show every number in another unit system or locale; values stay as they are."""
        self.fmt = fmt
        for figure in FIGURES:
            self.derived_labels[figure.key].setToolTip(figure.formula.render(fmt))
        for editor in self.editors.values():
            if isinstance(editor, NumberEditor):
                editor.set_formatter(fmt)

    def set_units(self, system: UnitSystem) -> None:
        self.set_formatter(Formatter(system, self.fmt.digits, self.fmt.locale_name))

    def focus_field(self, path: str) -> None:
        """Bring a field's editor into view, on its tab, and give it focus (a finding was selected); a field of a
        seat location brings the whole seat into view with it."""
        row = self.rows.get(path)
        if row is None:
            return
        page = self.package_page if path.startswith("package.") else self.vehicle_page
        if self.currentWidget() is not page:
            self.setCurrentWidget(page)
        page.widget().layout().activate()  # a page not shown before has no geometry to scroll to yet
        around = self.package_page.box_around(path) if page is self.package_page else None
        if around is not None:
            page.ensureWidgetVisible(around, 0, 8)
        page.ensureWidgetVisible(row, 0, 60)
        self.editors[path].focus_editor()
        row.setStyleSheet(FLASH_STYLE)
        # the row as context: the timer dies with it if a powertrain switch rebuilds the rows meanwhile
        QTimer.singleShot(900, row, lambda: row.setStyleSheet(""))
