"""The root of every error a user can cause: a bad value, a bad file, a place that cannot be written.

Every CLI command catches `UserError` (one line on stderr, exit 2) and every GUI action shows it in one dialog; anything
else escaping is a bug. `str(error)` is always one line, whatever a file name or a file's content smuggled into it.
"""

from __future__ import annotations

import os


def one_line_path(path: str | os.PathLike[str]) -> str:
    """A path as it may appear in a one-line message: quoted when it holds line breaks or other controls."""
    text = str(path)
    return text if text.isprintable() else repr(text)


class UserError(Exception):
    """Something the user can cause and fix; str() is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).splitlines()))


class PathError(UserError):
    """A file or folder that cannot be read or written: 'path: problem', naming the user's path (never a temporary
    file's)."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = " ".join(problem.splitlines())
        super().__init__(f"{one_line_path(self.path)}: {self.problem}")
