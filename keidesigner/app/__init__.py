"""The desktop program: PySide6 widgets around one DesignDocument, with a pyqtgraph.opengl 3D view."""
