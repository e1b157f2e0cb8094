"""The compliance panel: a verdict banner per group and every finding with its limit, margin and citation."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
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

from ..design import USClass
from ..design.units import UnitSystem
from ..rules import PATHWAY_TITLES, Basis, Evaluation, Status
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
RULE_COLUMN_WIDTH = 215
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
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
        self.setMinimumHeight(34)
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)

    def show_verdict(self, title: str, verdict: str, fails: int, warns: int) -> None:
        colour = STATUS_COLOUR[Status.fail] if verdict == "fail" else STATUS_COLOUR[Status.pass_]
        detail = f"{fails} fail" if verdict == "fail" else "pass"
        if warns:
            detail += f", {warns} warn"
        text = f"{title}: {detail.upper() if verdict == 'fail' else detail.capitalize()}"
        style = f"background: {colour}; color: white; border-radius: 4px; padding: 4px 10px;"
        if text != self.text():
            self.setText(text)
        if style != self.styleSheet():  # restyling is costly, and this runs on every edit
            self.setStyleSheet(style)


class CompliancePanel(QWidget):
    field_selected = Signal(str)
    pathway_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.system = UnitSystem.metric
        self.evaluation: Evaluation | None = None
        self._icons = {s: status_icon(s) for s in Status}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("US pathway:"))
        self.pathway = QComboBox()
        self.pathway.setObjectName("pathway")
        for cls in USClass:
            self.pathway.addItem(PATHWAY_TITLES[cls], cls.value)
        self.pathway.setToolTip("The US vehicle class (49 CFR 571.3) whose rules apply; stored in the design.")
        self.pathway.activated.connect(lambda i: self.pathway_chosen.emit(self.pathway.itemData(i)))
        top.addWidget(self.pathway, 1)
        layout.addLayout(top)
        banners = QHBoxLayout()
        self.kei_banner = VerdictBanner()
        self.kei_banner.setObjectName("kei_verdict")
        self.us_banner = VerdictBanner()
        self.us_banner.setObjectName("us_verdict")
        banners.addWidget(self.kei_banner)
        banners.addWidget(self.us_banner)
        layout.addLayout(banners)
        self.tree = QTreeWidget()
        self.tree.setObjectName("findings")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # long titles elide so that measured, limit and margin stay in view; the full title is in the tooltip
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, RULE_COLUMN_WIDTH)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setStretchLastSection(True)
        self.tree.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.tree, 1)
        self.detail = QLabel()
        self.detail.setObjectName("finding_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(48)
        self.detail.setStyleSheet("padding: 4px;")
        layout.addWidget(self.detail)
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

    def show_evaluation(self, ev: Evaluation) -> None:
        self.evaluation = ev
        selected = self._selected_rule()
        index = self.pathway.findData(ev.us_class.value)
        if index != self.pathway.currentIndex():
            self.pathway.setCurrentIndex(index)
        for group, parent in self.groups.items():
            counts = ev.counts(group)
            title = group_title(ev, group)
            verdict = ev.verdict(group)
            banner = self.kei_banner if group == "kei" else self.us_banner
            banner.show_verdict("Kei" if group == "kei" else title, verdict, counts[Status.fail],
                                counts[Status.warn])
            heading = f"{title} — {verdict.upper()}"
            if parent.text(0) != heading:
                parent.setText(0, heading)
                parent.setForeground(0, QBrush(QColor(STATUS_COLOUR[Status.fail if verdict == 'fail'
                                                                    else Status.pass_])))
            findings = ev.sorted(group)
            while parent.childCount() > len(findings):
                parent.removeChild(parent.child(parent.childCount() - 1))
            while parent.childCount() < len(findings):
                QTreeWidgetItem(parent)
            for index, f in enumerate(findings):
                item = parent.child(index)
                values = (STATUS_LABEL[f.status], f.title, f.measured_text(self.system),
                          f.limit_text(self.system), f.margin_text(self.system), f.basis.value, f.citation)
                # touch only what changed: every change to an item re-measures the auto-sized columns
                for column, text in enumerate(values):
                    if item.text(column) != text:
                        item.setText(column, text)
                if item.data(0, STATUS_ROLE) != f.status.value:
                    item.setData(0, STATUS_ROLE, f.status.value)
                    item.setIcon(0, self._icons[f.status])
                    item.setForeground(0, QBrush(QColor(STATUS_COLOUR[f.status])))
                    for column in (2, 3, 4):
                        item.setTextAlignment(column, RIGHT)
                if item.data(0, Qt.ItemDataRole.UserRole) != f.rule_id:
                    item.setData(0, Qt.ItemDataRole.UserRole, f.rule_id)
                tip = f"{f.title} ({f.rule_id}): {f.explanation}"
                if item.toolTip(1) != tip:
                    item.setToolTip(1, tip)
                if f.rule_id == selected and not item.isSelected():
                    self.tree.blockSignals(True)
                    item.setSelected(True)
                    self.tree.blockSignals(False)
        self._show_detail()

    def set_units(self, system: UnitSystem) -> None:
        self.system = system
        if self.evaluation is not None:
            self.show_evaluation(self.evaluation)

    def _selected_rule(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _show_detail(self) -> None:
        rule = self._selected_rule()
        if rule is None or self.evaluation is None:
            text = "Select a finding to see what it means and which field it is about."
        else:
            f = self.evaluation.by_id(rule)
            text = (f"<b>{escape(f.title)}</b> — {escape(f.citation)} · {escape(f.rule_id)} · "
                    f"{BASIS_LABEL[f.basis]}<br>{escape(f.explanation)}")
        if text != self.detail.text():
            self.detail.setText(text)

    def _selected(self) -> None:
        self._show_detail()
        rule = self._selected_rule()
        if rule and self.evaluation is not None:
            field = self.evaluation.by_id(rule).field
            if field:
                self.field_selected.emit(field)

    def select_rule(self, rule_id: str) -> None:
        for parent in self.groups.values():
            for index in range(parent.childCount()):
                item = parent.child(index)
                if item.data(0, Qt.ItemDataRole.UserRole) == rule_id:
                    self.tree.setCurrentItem(item)
                    return


__all__ = ["CompliancePanel", "choice_label"]
