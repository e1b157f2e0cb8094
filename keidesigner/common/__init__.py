"""What every layer shares and that knows nothing of vehicles: the root error type and the one atomic file writer.

Imports nothing of ours; every other package may import it.
"""

from .atomic import atomic_path, path_error, write_atomic
from .errors import PathError, UserError, one_line_path

__all__ = ["PathError", "UserError", "atomic_path", "one_line_path", "path_error", "write_atomic"]
