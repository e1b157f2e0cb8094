"""Design files on disk: the .kei format, migrations, atomic saving and the bundled presets."""

from .format import (
    CURRENT_VERSION,
    FORMAT_NAME,
    MIGRATIONS,
    SUFFIX,
    DesignFileError,
    dumps_design,
    json_schema,
    load_design,
    loads_design,
)
from .presets import DEFAULT_PRESET, load_preset, load_source, preset_names
from .save import save_design, write_atomic

__all__ = [
    "CURRENT_VERSION", "DEFAULT_PRESET", "FORMAT_NAME", "MIGRATIONS", "SUFFIX", "DesignFileError", "dumps_design",
    "json_schema", "load_design", "load_preset", "load_source", "loads_design", "preset_names", "save_design",
    "write_atomic",
]
