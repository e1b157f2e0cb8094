"""pyqtgraph's 3D view as a native QOpenGLWindow, for embedding with QWidget.createWindowContainer.

Why not GLViewWidget (a QOpenGLWidget): a window holding a QOpenGLWidget is composed through OpenGL as a whole, for
every update of any widget in it. On a machine without a GPU (Mesa llvmpipe, e.g. under Xvfb) that composition
dominates: the kei truck in a 1,094 × 520 view of a 1,500 × 920 window took 11.7-19.8 ms a frame in a GLViewWidget
and 4.2-6.9 ms in this window (tests/benchmarks/bench_app.py, two runs). A native GL window draws only itself, and
the widgets around it go back to the raster backing store.

The price, handled here: a widget grab (QWidget.grab) does not contain a native window's pixels (see
`VehicleView.grab_into` in viewer.py), and grabFramebuffer() renders into an offscreen framebuffer rather than
reading back a swapped buffer.
"""

from __future__ import annotations

from OpenGL import GL
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QImage, QSurfaceFormat
from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLFramebufferObjectFormat, QOpenGLWindow

PAINT_EVENTS = (QEvent.Type.Expose, QEvent.Type.Paint, QEvent.Type.UpdateRequest)
DEPTH_BITS = 24  # what QOpenGLWidget's own framebuffer has; a native window's default format may carry none


class GLWindow(GLViewMixin, QOpenGLWindow):
    """GLViewWidget's camera, items, mouse orbit/pan/zoom and arrow keys, on a QOpenGLWindow (no partial updates).

    Qt's QOpenGLWindow uses the application's global share context when Qt.AA_ShareOpenGLContexts is set, so
    pyqtgraph's per-process shader cache stays valid across windows.
    """

    frame_drawn = Signal()  # a frame is on screen and the paint that made it has returned

    def __init__(self) -> None:
        super().__init__(QOpenGLWindow.UpdateBehavior.NoPartialUpdate)
        fmt = QSurfaceFormat.defaultFormat()
        fmt.setDepthBufferSize(DEPTH_BITS)
        self.setFormat(fmt)
        self._swapped = False
        self.frameSwapped.connect(self._note_swap)

    def _note_swap(self) -> None:
        self._swapped = True

    def event(self, ev: QEvent) -> bool:
        # An expose the window system queued before the window was closed still arrives after its GL surface is
        # gone, and QOpenGLWindow paints it with no context: a crash when a frame_drawn slot quits the application
        # (QGuiApplication.quit closes every window). A hidden window has nothing to show.
        if ev.type() in PAINT_EVENTS and not self.isVisible():
            return True
        # frame_drawn once the paint has returned (frameSwapped fires inside it): a queued signal would wait behind
        # every other pending event, 20 ms at start-up.
        self._swapped = False
        handled = super().event(ev)
        if self._swapped:
            self._swapped = False
            self.frame_drawn.emit()
        return handled

    def grabFramebuffer(self) -> QImage:  # noqa: N802 - Qt API
        """The view as it draws now, rendered into an offscreen framebuffer of the window's size.

        (QOpenGLWindow's own grabFramebuffer reads the back buffer, which is undefined after a swap.)
        Returns an empty QImage before the window has a GL context (never shown).
        """
        if not self.isValid():
            return QImage()
        self.makeCurrent()
        try:
            fbo_format = QOpenGLFramebufferObjectFormat()
            fbo_format.setAttachment(QOpenGLFramebufferObject.Attachment.CombinedDepthStencil)
            width, height = self.deviceWidth(), self.deviceHeight()
            fbo = QOpenGLFramebufferObject(width, height, fbo_format)
            fbo.bind()
            GL.glViewport(0, 0, width, height)
            region = self.getViewport()
            self.paint(region=region, viewport=region)
            image = fbo.toImage()
            fbo.release()
        finally:
            self.doneCurrent()
        image.setDevicePixelRatio(self.devicePixelRatio())
        return image
