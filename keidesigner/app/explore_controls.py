"""The Explore tab's controls: the two axes (a field, its range and steps each), which rules count, what the cells
show, Run / Cancel with a progress bar, and a status line. Layout only: the panel (explore_panel.py) reads them and
acts on their signals."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ..design.units import Formatter
from .explore_axis import AxisChooser

GROUP_CHOICES = (("Kei and US", "all"), ("US only", "us"), ("Kei only", "kei"))
COLOUR_CHOICES = (("Failing rules", "count"), ("Margin of one rule", "margin"))
CONTROLS_WIDTH = 330
ERROR_STYLE = "color: #c62828;"


class ExploreControls(QWidget):
    """x_axis and y_axis (AxisChooser), group and colour (their data: 'all' | 'us' | 'kei', 'count' | 'margin'),
    rule (a margin's rule, shown with the margin colours only), run_button, cancel_button, progress, status."""

    def __init__(self, fmt: Formatter, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedWidth(CONTROLS_WIDTH)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        self.x_axis = AxisChooser(fmt)
        self.y_axis = AxisChooser(fmt)
        self.x_axis.combo.setObjectName("explore_x")
        self.y_axis.combo.setObjectName("explore_y")
        grid.addWidget(QLabel("Across"), 0, 0)
        grid.addWidget(self.x_axis.combo, 0, 1)
        grid.addWidget(self.x_axis.range_row, 1, 0, 1, 2)
        grid.addWidget(QLabel("Up"), 2, 0)
        grid.addWidget(self.y_axis.combo, 2, 1)
        grid.addWidget(self.y_axis.range_row, 3, 0, 1, 2)
        self.group = QComboBox()
        self.group.setObjectName("explore_group")
        for text, data in GROUP_CHOICES:
            self.group.addItem(text, data)
        self.group.setToolTip("Which rules count on the map. The pedestrian head zones, measured on the 3-D body, "
                              "are not part of it.")
        self.colour = QComboBox()
        self.colour.setObjectName("explore_colour")
        for text, data in COLOUR_CHOICES:
            self.colour.addItem(text, data)
        self.colour.setToolTip("Colour the cells by how many rules they fail, or by one rule's margin (in that "
                               "rule's unit: margins of different rules are not comparable).")
        self.rule = QComboBox()
        self.rule.setObjectName("explore_rule")
        self.rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rule.setMinimumContentsLength(16)
        grid.addWidget(QLabel("Rules"), 4, 0)
        grid.addWidget(self.group, 4, 1)
        grid.addWidget(QLabel("Colour"), 5, 0)
        show = QHBoxLayout()
        show.setSpacing(4)
        show.addWidget(self.colour)
        show.addWidget(self.rule, 1)
        grid.addLayout(show, 5, 1)
        self.rule.hide()  # until the colours are a margin's
        buttons = QHBoxLayout()
        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("explore_run")
        self.run_button.setToolTip("Evaluate every variant of the grid (in the background).")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("explore_cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(14)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        grid.addLayout(buttons, 6, 0, 1, 2)
        self.status = QLabel()
        self.status.setObjectName("explore_status")
        self.status.setWordWrap(True)
        grid.addWidget(self.status, 7, 0, 1, 2)
        grid.setRowStretch(8, 1)
        grid.setColumnStretch(1, 1)

    def say(self, text: str, error: bool = False) -> None:
        """A line under the buttons: what the last run did, or why it did not."""
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)


__all__ = ["COLOUR_CHOICES", "CONTROLS_WIDTH", "GROUP_CHOICES", "ExploreControls"]
