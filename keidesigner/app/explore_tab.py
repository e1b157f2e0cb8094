"""The Explore tab's place in the window: empty until the tab is first shown, then the Explore panel.

The panel (explore_panel.py) and the batch engine it runs are imported and built only then, so that a window whose
Explore tab is never opened pays nothing for it at start-up, and while the tab is out of view an edit costs it one
assignment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..analysis import Analysis
from ..design.units import Formatter
from .document import DesignDocument

if TYPE_CHECKING:
    from .explore_panel import ExplorePanel


class ExploreTab(QWidget):
    """Holds the Explore panel once it is made (`panel`, None before); the window talks to this."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.panel: ExplorePanel | None = None
        self.analysis: Analysis | None = None
        self.in_view = False
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self.panel is not None

    @property
    def busy(self) -> bool:
        """A sweep is running."""
        return self.panel is not None and self.panel.job.running

    def ensure_built(self) -> ExplorePanel:
        if self.panel is None:
            from .explore_panel import ExplorePanel

            self.panel = ExplorePanel(self.document, self.analysis)
            self.layout().addWidget(self.panel)
        return self.panel

    def set_in_view(self, shown: bool) -> None:
        """The tab came to the front (the panel made the first time) or went behind."""
        self.in_view = shown
        if shown or self.panel is not None:
            self.ensure_built().set_in_view(shown)

    def show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        if self.panel is not None:
            self.panel.show_analysis(analysis)

    def set_formatter(self, fmt: Formatter) -> None:
        if self.panel is not None:
            self.panel.set_formatter(fmt)

    def run(self) -> None:
        """Run the panel's sweep as it is set (its default the first time): what --screenshot --tab explore does."""
        self.ensure_built().run()

    def close_down(self) -> None:
        if self.panel is not None:
            self.panel.close_down()


__all__ = ["ExploreTab"]
