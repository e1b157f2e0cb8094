"""The compliance plan panel: the compliance matrix as a table (every catalogue standard, its status against the
design and its plan), filtered by status, with the plan's status, method and reference edited in place, and the
plan's Part 555 fields with what an exemption would have to cover.

The table only shows; every edit goes through the document as one undo step (a new `plan.entries`, or one plan
field), and the table follows the design that comes back. An edit the design refuses is said under the table and
changes nothing. While the panel is hidden (its dock tabbed behind the findings) it keeps the latest analysis and
builds its rows when it is shown: an edit of the design costs it nothing then.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..analysis import Analysis
from ..design import EditError
from ..design.plan import ExemptionBasis, PlanEntry, PlanStatus, ShownBy
from ..design.units import Formatter
from ..rules import Evaluation, Status
from ..rules.exemption import BASIS_TEXT, ExemptionAssessment, assess_exemption
from ..rules.matrix import NOT_APPLICABLE, SCREENED, STATUSES, Matrix, MatrixRow
from ..rules.summary import STATUS_LABEL
from .compliance import STATUS_COLOUR
from .parameters import ERROR_STYLE
from .quantity import NOT_STATED

COLUMNS = ("Standard", "Title", "Series", "Status", "Result", "Shown by", "Reference / note", "Applies")
STANDARD, TITLE, SERIES, STATUS, RESULT, SHOWN_BY, REFERENCE, APPLIES = range(len(COLUMNS))
# Widths as samples of the widest text a column shows; the reference takes what is left.
COLUMN_SAMPLES = {STANDARD: "FMVSS 213a ", TITLE: "Windshield wiping and was",
                  SERIES: "Series", STATUS: "screened ", RESULT: "Result", SHOWN_BY: "certificate ", APPLIES: "Applies"}
STATUS_TEXT = {SCREENED: "screened", "declared": "declared", "exempt": "exempt", "open": "open",
               NOT_APPLICABLE: "n/a"}  # as the findings panel writes it; the filter and the tooltip say it in full
# the findings panel's colours: screened reads as information, declared as a pass, open as what still needs work
PLAN_COLOUR = {SCREENED: STATUS_COLOUR[Status.info], "declared": STATUS_COLOUR[Status.pass_], "exempt": "#6a1b9a",
               "open": STATUS_COLOUR[Status.warn], NOT_APPLICABLE: STATUS_COLOUR[Status.not_applicable]}
FILTERS = (("All", None), ("Screened", SCREENED), ("Declared", "declared"), ("Exempt", "exempt"), ("Open", "open"),
           ("Not applicable", NOT_APPLICABLE))
SHOWN_BY_TEXT = {ShownBy.test: "test", ShownBy.certificate: "certificate", ShownBy.analysis: "analysis",
                 ShownBy.none: "—"}
BASIS_NAME = {ExemptionBasis.economic_hardship: "Economic hardship", ExemptionBasis.new_safety_feature:
              "New safety feature", ExemptionBasis.low_emission: "Low-emission vehicle",
              ExemptionBasis.equal_safety: "Equal overall safety"}
CHECK_MARK = {True: ("ok", STATUS_COLOUR[Status.pass_]), False: ("not met", STATUS_COLOUR[Status.fail]),
              None: ("cannot be checked", "#616161")}
REFERENCE_MAX = 500  # PlanEntry.reference

# What an edit sets, as (status, shown_by): a choice of the Status column. None keeps the row's method.
DECLARED_CHOICES = tuple((f"declared · {SHOWN_BY_TEXT[m]}", ("declared", m))
                         for m in (ShownBy.test, ShownBy.certificate, ShownBy.analysis))
PLAN_CHOICES = (*DECLARED_CHOICES, ("exempt", ("exempt", ShownBy.none)), ("open", ("open", ShownBy.none)))
SCREENED_CHOICES = (("screened", (SCREENED, ShownBy.none)), ("exempt", ("exempt", ShownBy.none)))
SHOWN_BY_CHOICES = tuple((SHOWN_BY_TEXT[m] if m is not ShownBy.none else "none", m) for m in ShownBy)

CHOICES_ROLE = Qt.ItemDataRole.UserRole + 10  # [(label, value)] for a combo-box editor; absent: a text editor
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 11  # the value the cell's combo box starts at
STATUS_ROLE = Qt.ItemDataRole.UserRole + 12  # the row's matrix status, for the filter


def dot_icon(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def planned(entries: tuple[PlanEntry, ...], standard: str, status: str | None = None,
            shown_by: ShownBy | None = None, reference: str | None = None) -> list[dict[str, Any]]:
    """The plan's entries with `standard`'s entry changed: the given fields replaced, the rest kept; a standard set
    back to screened is planned 'open'. An entry that says nothing (open, no method, no reference) is dropped, as is
    one of a standard set back to screened without a note: the plan names only what the designer said."""
    old = next((e for e in entries if e.standard == standard), None)
    entry = {"standard": standard, "status": old.status.value if old else PlanStatus.open.value,
             "shown_by": old.shown_by.value if old else ShownBy.none.value, "reference": old.reference if old else ""}
    if status is not None:
        entry["status"] = PlanStatus.open.value if status == SCREENED else status
    if shown_by is not None:
        entry["shown_by"] = shown_by.value
    if reference is not None:
        entry["reference"] = reference
    empty = (entry["status"] == PlanStatus.open.value and entry["shown_by"] == ShownBy.none.value
             and not entry["reference"].strip())
    out = [e.model_dump(mode="json") for e in entries if e.standard != standard]
    if not empty:
        index = next((i for i, e in enumerate(entries) if e.standard == standard), len(out))
        out.insert(index, entry)
    return out


def edit_text(label: str, status: str, shown_by: ShownBy) -> str:
    """'Plan FMVSS 208: declared (test)' for the undo menu."""
    method = f" ({SHOWN_BY_TEXT[shown_by]})" if status == "declared" else ""
    return f"Plan {label}: {STATUS_TEXT.get(status, status)}{method}"


class MatrixModel(QAbstractTableModel):
    """The matrix's rows in catalogue order; a new matrix signals only the rows that changed. `edit(row, column,
    value)` is the panel's: the model never changes its rows itself."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: tuple[MatrixRow, ...] = ()
        self.edit = None
        self._icons = {status: dot_icon(colour) for status, colour in PLAN_COLOUR.items()}
        self._result_icons = {status: dot_icon(colour) for status, colour in STATUS_COLOUR.items()}
        self._brushes = {status: QBrush(QColor(colour)) for status, colour in PLAN_COLOUR.items()}
        self._result_brushes = {status: QBrush(QColor(colour)) for status, colour in STATUS_COLOUR.items()}

    def set_matrix(self, matrix: Matrix) -> None:
        rows = matrix.rows
        if len(rows) != len(self.rows):
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        old, self.rows = self.rows, rows
        changed = [i for i, (a, b) in enumerate(zip(old, rows)) if a != b]
        # one signal per run of changed rows: a plan edit touches one, a class change a few dozen
        runs: list[list[int]] = []
        for i in changed:
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        last = len(COLUMNS) - 1
        for first, end in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.rows[index.row()]
        # a standard that does not apply has nothing to plan
        if row.applies and index.column() in (STATUS, SHOWN_BY, REFERENCE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == STATUS_ROLE:
            return row.status
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS:
                return self._brushes[row.status]
            if column == RESULT and row.result is not None:
                return self._result_brushes[row.result]
            if not row.applies:
                return self._brushes[NOT_APPLICABLE]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == STATUS:
                return self._icons[row.status]
            if column == RESULT and row.result is not None:
                return self._result_icons[row.result]
        if role == CHOICES_ROLE:
            if column == STATUS:
                return SCREENED_CHOICES if row.result is not None else PLAN_CHOICES
            if column == SHOWN_BY:
                return SHOWN_BY_CHOICES
        if role == CURRENT_ROLE:
            shown_by = row.entry.shown_by if row.entry is not None else ShownBy.none
            if column == STATUS:
                return (row.status, shown_by if row.status == "declared" else ShownBy.none)
            if column == SHOWN_BY:
                return shown_by
        return None

    @staticmethod
    def _text(row: MatrixRow, column: int) -> str:
        entry = row.entry
        if column == STANDARD:
            return row.standard.label
        if column == TITLE:
            return row.standard.title
        if column == SERIES:
            return row.series.split(" ", 1)[0]  # '200': the series' name is in the tooltip
        if column == STATUS:
            return STATUS_TEXT[row.status]
        if column == RESULT:
            return STATUS_LABEL[row.result] if row.result is not None else ""
        if column == SHOWN_BY:
            return SHOWN_BY_TEXT[entry.shown_by] if entry is not None and entry.shown_by is not ShownBy.none else ""
        if column == REFERENCE:
            return entry.reference if entry is not None else ""
        return "yes" if row.applies else "no"

    @staticmethod
    def _tip(row: MatrixRow, column: int) -> str | None:
        if column in (STANDARD, TITLE):
            s = row.standard
            return f"{s.label} {s.title}: {s.governs}\n{s.citation} [{s.mark}]" + (f"\n{s.note}" if s.note else "")
        if column == SERIES:
            return row.series
        if column == APPLIES:
            return row.reason
        if column == RESULT and row.findings:
            return "Screened by " + ", ".join(row.findings)
        if column == REFERENCE and row.entry is not None and row.entry.reference:
            return row.entry.reference
        if column == STATUS:
            return {SCREENED: "KeiDesigner's rules check it; the result is the worst of their findings.",
                    "declared": "Compliance will be shown by a test, a certificate or an analysis.",
                    "exempt": "To be exempted under 49 CFR Part 555.",
                    "open": "Applies, is not screened, and the plan says nothing yet of how it will be shown.",
                    NOT_APPLICABLE: row.reason}[row.status]
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.edit is None:
            return False
        return bool(self.edit(self.rows[index.row()], index.column(), value))


class StatusFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status: str | None = None

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self.status is None:
            return True
        return self.sourceModel().index(source_row, 0, source_parent).data(STATUS_ROLE) == self.status


class PlanDelegate(QStyledItemDelegate):
    """A combo box for a cell that offers choices (status, method), a line edit of at most 500 characters for the
    reference; a choice is committed as soon as it is made."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if choices is None:
            line = QLineEdit(parent)
            line.setMaxLength(REFERENCE_MAX)
            line.setPlaceholderText("test report, certificate, drawing, or a note")
            return line
        combo = QComboBox(parent)
        for label, value in choices:
            combo.addItem(label, value)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            current = index.data(CURRENT_ROLE)
            position = next((i for i in range(editor.count()) if editor.itemData(i) == current), -1)
            if position >= 0:
                editor.setCurrentIndex(position)
            QTimer.singleShot(0, editor, editor.showPopup)  # one click to choose, as a combo box in a form
        else:
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        value = editor.currentData() if isinstance(editor, QComboBox) else editor.text()
        if isinstance(editor, QComboBox) and value == index.data(CURRENT_ROLE):
            return
        if isinstance(editor, QLineEdit) and value == (index.data(Qt.ItemDataRole.EditRole) or ""):
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class CountBox(QWidget):
    """A whole number that may be left unstated: a check box 'stated' and a spin box, which the box enables."""

    changed = Signal(object)  # int or None

    def __init__(self, minimum: int, maximum: int, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.stated = QCheckBox()
        self.stated.setToolTip("Stated in the plan; unchecked: not stated.")
        self.spin = QSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setGroupSeparatorShown(True)
        self.spin.setKeyboardTracking(False)  # typed digits commit on Enter or leaving the box, not per key
        self.spin.setToolTip(tip)
        self.spin.setSpecialValueText("")
        self.not_stated = QLabel(NOT_STATED)
        self.not_stated.setStyleSheet("color: #777;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stated)
        layout.addWidget(self.spin, 1)
        layout.addWidget(self.not_stated, 1)
        self.stated.toggled.connect(self._toggled)
        self.spin.valueChanged.connect(lambda v: self.changed.emit(int(v)))
        self._showing = False

    def _toggled(self, on: bool) -> None:
        if self._showing:
            return
        self.changed.emit(int(self.spin.value()) if on else None)

    def show_value(self, value: int | None) -> None:
        self._showing = True
        self.spin.blockSignals(True)
        self.stated.setChecked(value is not None)
        if value is not None:
            self.spin.setValue(value)
        self.spin.blockSignals(False)
        self.spin.setVisible(value is not None)
        self.not_stated.setVisible(value is None)
        self._showing = False

    def value(self) -> int | None:
        return int(self.spin.value()) if self.stated.isChecked() else None


class PlanPanel(QWidget):
    """The compliance plan of the document's design; `show_analysis` on every change, cheap while hidden."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.fmt: Formatter = document.formatter
        self.evaluation: Evaluation | None = None
        self.matrix: Matrix | None = None
        self.assessment: ExemptionAssessment | None = None
        self._pending: Analysis | None = None
        self._in_view: bool | None = None  # None: as visible as the widget; else what the dock says (set_in_view)
        self._sized_for: tuple | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        self.filter = QComboBox()
        self.filter.setObjectName("plan_filter")
        for label, status in FILTERS:
            self.filter.addItem(label, status)
        self.filter.setToolTip("Only the standards of one status.")
        self.filter.currentIndexChanged.connect(self._filter_chosen)
        top.addWidget(self.filter)
        self.summary = QLabel()
        self.summary.setObjectName("plan_summary")
        top.addWidget(self.summary, 1)
        layout.addLayout(top)

        self.model = MatrixModel(self)
        self.model.edit = self._edit_cell
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._table()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self._exemption_box())
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 290])
        layout.addWidget(splitter, 1)
        self.error = QLabel()
        self.error.setObjectName("plan_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("plan_table")
        table.setModel(self.proxy)
        table.setItemDelegate(PlanDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.SelectedClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(QFontMetrics(table.font()).height() + 8)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REFERENCE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        return table

    def _exemption_box(self) -> QWidget:
        box = QGroupBox("Part 555 exemption")
        box.setObjectName("plan_exemption")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.basis = QComboBox()
        self.basis.setObjectName("plan.exemption_basis")
        self.basis.addItem("None", None)
        for basis in ExemptionBasis:
            self.basis.addItem(BASIS_NAME[basis], basis.value)
            self.basis.setItemData(self.basis.count() - 1, BASIS_TEXT[basis], Qt.ItemDataRole.ToolTipRole)
        self.basis.setToolTip("The basis of 49 CFR 555.6 the standards planned exempt (and the screened failures) "
                              "would be petitioned under.")
        self.basis.activated.connect(lambda i: self._set_plan("plan.exemption_basis", self.basis.itemData(i)))
        form.addRow("Basis", self.basis)
        self.sales = CountBox(1, 10_000_000, "Vehicles of this design to be sold in the US in any 12 months.")
        self.sales.setObjectName("plan.us_sales_per_year")
        self.sales.changed.connect(lambda v: self._set_plan("plan.us_sales_per_year", v, merge=True))
        form.addRow("US sales a year", self.sales)
        self.production = CountBox(0, 100_000_000, "Vehicles the manufacturer produced in its most recent "
                                   "production year, all models, worldwide.")
        self.production.setObjectName("plan.maker_production_per_year")
        self.production.changed.connect(lambda v: self._set_plan("plan.maker_production_per_year", v, merge=True))
        form.addRow("Maker's production", self.production)
        self.checks = QLabel()
        self.checks.setObjectName("plan_checks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 4, 6, 4)
        column.addLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.checks)
        column.addWidget(scroll, 1)
        box.setMinimumWidth(260)
        return box

    # --- showing -----------------------------------------------------------------------------------------------------
    def show_analysis(self, analysis: Analysis) -> None:
        """Show the analysis's matrix now if the panel is in view, else when it comes into view."""
        if not self.in_view:
            self._pending = analysis
            return
        self._pending = None
        if analysis.evaluation is self.evaluation:
            return
        self.evaluation = analysis.evaluation
        self._show(analysis.evaluation, analysis.matrix)

    @property
    def in_view(self) -> bool:
        return self.isVisible() if self._in_view is None else self._in_view

    def set_in_view(self, shown: bool) -> None:
        """Whether the panel can be seen: a dock tabbed behind another stays 'visible' to Qt, and says so by its
        visibilityChanged."""
        self._in_view = shown
        if shown and self._pending is not None:
            self.show_analysis(self._pending)

    def _show(self, ev: Evaluation, matrix: Matrix) -> None:
        self._size_columns()
        self.matrix = matrix
        self.model.set_matrix(matrix)
        self._show_counts(matrix)
        plan = ev.design.plan
        self._show_plan_fields(plan)
        self.assessment = assess_exemption(matrix, plan.exemption_basis, plan.us_sales_per_year,
                                           plan.maker_production_per_year)
        text = self._checks_html(self.assessment)
        if text != self.checks.text():
            self.checks.setText(text)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._pending is not None and self.in_view:
            self.show_analysis(self._pending)

    def _show_counts(self, matrix: Matrix) -> None:
        summary = matrix.summary
        if summary != self.summary.text():
            self.summary.setText(summary)
        for i, (label, status) in enumerate(FILTERS):
            n = len(matrix.rows) if status is None else matrix.count(status)
            text = f"{label} ({self.fmt.number(n, 0)})"
            if self.filter.itemText(i) != text:
                self.filter.setItemText(i, text)

    def _show_plan_fields(self, plan) -> None:
        index = self.basis.findData(plan.exemption_basis.value if plan.exemption_basis is not None else None)
        if index != self.basis.currentIndex():
            self.basis.setCurrentIndex(index)
        self.sales.show_value(plan.us_sales_per_year)
        self.production.show_value(plan.maker_production_per_year)

    @staticmethod
    def _checks_html(assessment: ExemptionAssessment) -> str:
        parts = []
        if assessment.standards:
            parts.append(f"<b>A petition would name</b> ({len(assessment.standards)}): "
                         + escape(", ".join(assessment.standards), quote=False))
        for check in assessment.checks:
            word, colour = CHECK_MARK[check.ok]
            what = escape(check.what, quote=False)
            parts.append(f"<span style='color:{colour}; font-weight:bold'>{word}:</span> {what}")
        parts += [escape(fact, quote=False) for fact in assessment.facts]
        return "".join(f"<p style='margin:0 0 4px 0'>{p}</p>" for p in parts)

    def _size_columns(self) -> None:
        key = (self.fmt.locale_name, self.font().key())
        if key == self._sized_for:
            return
        self._sized_for = key
        metrics = QFontMetrics(self.table.font())
        for column, sample in COLUMN_SAMPLES.items():
            icon = 18 if column in (STATUS, RESULT) else 0
            self.table.horizontalHeader().resizeSection(column, metrics.horizontalAdvance(sample) + 14 + icon)

    def set_formatter(self, fmt: Formatter) -> None:
        self.fmt = fmt
        if self.matrix is not None:
            self._show_counts(self.matrix)

    def _filter_chosen(self, index: int) -> None:
        self.proxy.set_status(self.filter.itemData(index))

    def set_filter(self, status: str | None) -> None:
        """Show only the standards of `status` (one of the matrix's), or all of them (None)."""
        if status is not None and status not in STATUSES:
            raise ValueError(status)
        self.filter.setCurrentIndex(self.filter.findData(status))

    # --- edits --------------------------------------------------------------------------------------------------------
    def _edit_cell(self, row: MatrixRow, column: int, value: Any) -> bool:
        entries = self.document.design.plan.entries
        label, number = row.standard.label, row.standard.number
        # Qt hands enum values back as their strings
        if column == STATUS:
            status, method = value[0], ShownBy(value[1])
            if status == row.status and (status != "declared" or row.entry is None or method is row.entry.shown_by):
                return False
            changes = planned(entries, number, status=status, shown_by=method)
            text = edit_text(label, status, method)
        elif column == SHOWN_BY:
            value = ShownBy(value)
            changes = planned(entries, number, shown_by=value)
            text = (edit_text(label, row.status, value) if row.status == "declared"
                    else f"Plan {label}: shown by {SHOWN_BY_TEXT[value] if value is not ShownBy.none else 'none'}")
        elif column == REFERENCE:
            changes = planned(entries, number, reference=str(value)[:REFERENCE_MAX])
            text = f"Plan {label}: reference"
        else:
            return False
        return self._apply({"plan.entries": changes}, text, about=label)

    def _set_plan(self, path: str, value: Any, merge: bool = False) -> None:
        """One of the plan's own fields: the undo step is named by the field ('Planned US sales a year 2,000 →
        3,000'); steps of a spin box held down merge."""
        self._apply({path: value}, None, key=path if merge else None)

    def _apply(self, changes: dict[str, Any], text: str | None, key: str | None = None, about: str = "") -> bool:
        """One undo step; a refusal is said under the table and the plan's editors go back to the design's values."""
        try:
            self.document.set_values(changes, text=text, key=key)
        except EditError as exc:
            # the path of a refused entry indexes the list refused, not the design's: the standard names it
            self.error.setText(f"Not changed: {about + ': ' if about else ''}{exc.render(self.fmt)}")
            self.error.show()
            QTimer.singleShot(0, self, lambda: self._show_plan_fields(self.document.design.plan))
            return False
        if not self.error.isHidden():
            self.error.hide()
        return True
