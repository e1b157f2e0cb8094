"""The desktop program: PySide6 widgets around one DesignDocument, with a pyqtgraph.opengl 3D view.

The Qt-free core the window uses is imported here, before any submodule imports PySide6: once PySide6 is loaded, its
import hook reads the source of every module imported after it (looking for `from __feature__`), about 0.1 ms a
module, and numpy, pydantic and the core are some 400 modules - about 40 ms of every start (see README, Benchmarks).
"""

from ..common.process import quiet_blas

quiet_blas()  # before numpy loads

from .. import analysis, files, geometry, rules  # noqa: E402, F401 - loaded before PySide6, see above
from ..design import edit  # noqa: E402, F401
