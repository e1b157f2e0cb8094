"""The compliance panel: the pathway, a verdict banner per group, every finding with its measured value, limit,
margin, basis and citation, and the selected finding explained.

Every number comes from `Finding.show(formatter)`: the table, the detail pane and the report read the same figures
at the same precision, in the user's unit system and locale. The table's columns are sized once (and again when the
units or locale change), not on every edit; selection follows the finding the user chose, whatever row it moves to.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis import Analysis
from ..design import USClass
from ..design.units import Formatter, UnitSystem
from ..rules import PATHWAY_TITLES, Basis, Evaluation, Status
from ..rules.finding import Finding, Shown
from ..rules.summary import STATUS_LABEL, group_title
from .editors import choice_label

STATUS_COLOUR = {
    Status.fail: "#c62828", Status.warn: "#ef8f00", Status.pass_: "#2e7d32", Status.info: "#1565c0",
    Status.not_applicable: "#9e9e9e",
}
BASIS_LABEL = {
    Basis.regulation: "regulatory limit", Basis.screening: "engineering screening", Basis.advisory: "advisory",
}
COLUMNS = ("Status", "Rule", "Measured", "Limit", "Margin", "Basis", "Citation")
STATUS, RULE, MEASURED, LIMIT, MARGIN, BASIS, CITATION = range(len(COLUMNS))
# Widths as samples of the widest text a column shows: the table is sized once, not on every edit.
COLUMN_SAMPLES = {STATUS: "WARN  ", RULE: "Child restraint anchorages (LA…", MEASURED: "1,336.08 kg ",
                  LIMIT: "558.8 – 1,371.6 mm ", MARGIN: "-2,924 lbf ", BASIS: "regulation "}
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
RULE_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def status_icon(status: Status, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(STATUS_COLOUR[status]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class VerdictBanner(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(30)
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)

    def show_verdict(self, title: str, verdict: str, fails: int, warns: int, fmt: Formatter) -> None:
        colour = STATUS_COLOUR[Status.fail] if verdict == "fail" else STATUS_COLOUR[Status.pass_]
        detail = f"{fmt.number(fails, 0)} fail" if verdict == "fail" else "pass"
        if warns:
            detail += f", {fmt.number(warns, 0)} warn"
        text = f"{title}: {detail.upper() if verdict == 'fail' else detail.capitalize()}"
        style = f"background: {colour}; color: white; border-radius: 4px; padding: 3px 10px;"
        if text != self.text():
            self.setText(text)
        if style != self.styleSheet():  # restyling is costly, and this runs on every edit
            self.setStyleSheet(style)


class CompliancePanel(QWidget):
    field_selected = Signal(str)
    pathway_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt = Formatter()
        self.evaluation: Evaluation | None = None
        self._icons = {s: status_icon(s) for s in Status}
        self._sized_for: tuple | None = None
        # a finding that did not change reads the same: most rows of an edit are rendered once, not per edit
        self._shown: dict[Finding, Shown] = {}
        self._shown_next: dict[Finding, Shown] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(self._top_row())
        self.tree = self._tree()
        layout.addWidget(self.tree, 1)
        self.detail = QLabel()
        self.detail.setObjectName("finding_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(40)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail.setStyleSheet("padding: 2px 4px;")
        layout.addWidget(self.detail)
        # what the last edit did to the energy estimate, and the findings that edit touched (set by the window)
        self._energy_note: tuple[str, frozenset[str]] | None = None
        self.groups: dict[str, QTreeWidgetItem] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for group in ("kei", "us"):
            item = QTreeWidgetItem(self.tree)
            item.setFirstColumnSpanned(True)
            item.setFont(0, bold)
            item.setExpanded(True)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.groups[group] = item

    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel("US pathway:"))
        self.pathway = QComboBox()
        self.pathway.setObjectName("pathway")
        for cls in USClass:
            self.pathway.addItem(PATHWAY_TITLES[cls], cls.value)
        self.pathway.setToolTip("The US vehicle class (49 CFR 571.3) whose rules apply; stored in the design.")
        self.pathway.activated.connect(lambda i: self.pathway_chosen.emit(self.pathway.itemData(i)))
        top.addWidget(self.pathway)
        self.kei_banner = VerdictBanner()
        self.kei_banner.setObjectName("kei_verdict")
        self.us_banner = VerdictBanner()
        self.us_banner.setObjectName("us_verdict")
        top.addWidget(self.kei_banner, 1)
        top.addWidget(self.us_banner, 2)
        return top

    def _tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("findings")
        tree.setColumnCount(len(COLUMNS))
        tree.setHeaderLabels(COLUMNS)
        tree.setRootIsDecorated(False)
        tree.setIndentation(8)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the citation takes what is left, elided, in full in its tooltip
        tree.itemSelectionChanged.connect(self._selected)
        return tree

    def _size_columns(self) -> None:
        """Column widths for the widest text each column shows in this unit system and locale."""
        key = (self.fmt.system, self.fmt.locale_name, self.font().key())
        if key == self._sized_for:
            return
        self._sized_for = key
        metrics = QFontMetrics(self.tree.font())
        for column, sample in COLUMN_SAMPLES.items():
            self.tree.header().resizeSection(column, metrics.horizontalAdvance(sample) + 28)

    # --- showing an analysis ----------------------------------------------------------------------------------
    def show_analysis(self, analysis: Analysis) -> None:
        self.show_evaluation(analysis.evaluation)

    def show_evaluation(self, ev: Evaluation) -> None:
        self.evaluation = ev
        self._size_columns()
        selected = self._selected_rule()
        index = self.pathway.findData(ev.us_class.value)
        if index != self.pathway.currentIndex():
            self.pathway.setCurrentIndex(index)
        self._shown_next = {}
        for group, parent in self.groups.items():
            self._show_group(ev, group, parent)
        self._shown = self._shown_next
        self._order_groups(ev)
        self._reselect(selected)
        self._show_detail()

    def _show_group(self, ev: Evaluation, group: str, parent: QTreeWidgetItem) -> None:
        counts = ev.counts(group)
        title = group_title(ev, group)
        verdict = ev.verdict(group)
        banner = self.kei_banner if group == "kei" else self.us_banner
        # the US verdict speaks for the standards KeiDesigner screens; the plan tab has the rest
        banner.show_verdict("Kei" if group == "kei" else f"{title} (screened)", verdict, counts[Status.fail],
                            counts[Status.warn], self.fmt)
        heading = f"{title} — {verdict.upper()}"
        if parent.text(0) != heading:
            parent.setText(0, heading)
            parent.setForeground(0, QBrush(QColor(STATUS_COLOUR[Status.fail if verdict == "fail" else Status.pass_])))
        findings = ev.sorted(group)
        while parent.childCount() > len(findings):
            parent.removeChild(parent.child(parent.childCount() - 1))
        while parent.childCount() < len(findings):
            QTreeWidgetItem(parent)
        for index, f in enumerate(findings):
            self._show_row(parent.child(index), f)

    def _show_row(self, item: QTreeWidgetItem, f: Finding) -> None:
        shown = self._shown.get(f)
        if shown is None:
            shown = f.show(self.fmt)
        self._shown_next[f] = shown
        values = (STATUS_LABEL[f.status], f.title, shown.measured, shown.limit, shown.margin, f.basis.value,
                  f.citation)
        # touch only what changed: every change to an item costs a repaint
        for column, text in enumerate(values):
            if item.text(column) != text:
                item.setText(column, text)
        if item.data(0, STATUS_ROLE) != f.status.value:
            item.setData(0, STATUS_ROLE, f.status.value)
            item.setIcon(0, self._icons[f.status])
            item.setForeground(0, QBrush(QColor(STATUS_COLOUR[f.status])))
            for column in (MEASURED, LIMIT, MARGIN):
                item.setTextAlignment(column, RIGHT)
        if item.data(0, RULE_ROLE) != f.rule_id:
            item.setData(0, RULE_ROLE, f.rule_id)
        tip = f"{f.title} ({f.rule_id}): {shown.explanation}"
        if item.toolTip(RULE) != tip:
            item.setToolTip(RULE, tip)
        if item.toolTip(CITATION) != f.citation:
            item.setToolTip(CITATION, f.citation)

    def _order_groups(self, ev: Evaluation) -> None:
        """A failing group first, so that what needs attention is in view; Kei first when both stand alike."""
        wanted = sorted(self.groups, key=lambda g: (ev.verdict(g) != "fail", g != "kei"))
        current = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        if current == [self.groups[g] for g in wanted]:
            return
        self.tree.blockSignals(True)
        for group in wanted:
            item = self.groups[group]
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)
            item.setExpanded(True)
        self.tree.blockSignals(False)

    def _reselect(self, rule_id: str | None) -> None:
        """Keep exactly the chosen finding selected: rows are reused in a new order after every edit."""
        if rule_id is None:
            return
        item = self._item_for(rule_id)
        if item is None:
            return
        if self.tree.selectedItems() == [item] and self.tree.currentItem() is item:
            return
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.blockSignals(False)

    def _item_for(self, rule_id: str) -> QTreeWidgetItem | None:
        for parent in self.groups.values():
            for index in range(parent.childCount()):
                item = parent.child(index)
                if item.data(0, RULE_ROLE) == rule_id:
                    return item
        return None

    def set_formatter(self, fmt: Formatter) -> None:
        self.fmt = fmt
        self._shown = {}
        if self.evaluation is not None:
            self.show_evaluation(self.evaluation)

    def set_units(self, system: UnitSystem) -> None:
        self.set_formatter(Formatter(system, self.fmt.digits, self.fmt.locale_name))

    # --- selection -------------------------------------------------------------------------------------------------
    def _selected_rule(self) -> str | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            items = self.tree.selectedItems()
            item = items[0] if items else None
        return item.data(0, RULE_ROLE) if item is not None else None

    def _show_detail(self) -> None:
        rule = self._selected_rule()
        if rule is None or self.evaluation is None:
            text = "Select a finding to see what it means and which field it is about."
        else:
            f = self.evaluation.by_id(rule)
            text = (f"<b>{escape(f.title)}</b> — {escape(f.citation)} · {escape(f.rule_id)} · "
                    f"{BASIS_LABEL[f.basis]}<br>{escape(f.explain(self.fmt))}")
            note = self._energy_note
            if note is not None and rule in note[1]:
                text += f"<br><span style='color:{STATUS_COLOUR[Status.info]}'>Energy: {escape(note[0])}</span>"
        if text != self.detail.text():
            self.detail.setText(text)

    def set_energy_note(self, text: str | None, rule_ids: frozenset[str] = frozenset()) -> None:
        """What the last edit did to the energy estimate ('+45 kg curb mass → -0.8 mpg combined (label)'), shown
        under the explanation of a finding in `rule_ids` (those the edit changed or whose field it changed); None:
        nothing to say."""
        note = (text, rule_ids) if text else None
        if note == self._energy_note:
            return
        self._energy_note = note
        self._show_detail()

    @property
    def detail_text(self) -> str:
        return self.detail.text()

    def _selected(self) -> None:
        self._show_detail()
        rule = self._selected_rule()
        if rule and self.evaluation is not None:
            field = self.evaluation.by_id(rule).field
            if field:
                self.field_selected.emit(field)

    def select_rule(self, rule_id: str) -> None:
        item = self._item_for(rule_id)
        if item is not None:
            self.tree.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                     | QItemSelectionModel.SelectionFlag.Rows)


__all__ = ["CompliancePanel", "choice_label"]
