"""One analysis per design: everything the program shows about a design, computed once and shared.

`analyse(design, settings)` evaluates the rules and derives the figures at once; the 3-D scene and the drawing
outlines are built on first use and cached. The desktop app builds one Analysis per change, and the viewer, panels,
status bar, command line, self-test and report only read it. Knows nothing of Qt.
"""

from .analysis import Analysis, KeiOverrun, analyse

__all__ = ["Analysis", "KeiOverrun", "analyse"]
