"""Entry point of the bundled program (PyInstaller): the same `keidesigner` command the wheel installs."""

import sys

from keidesigner.cli import main

if __name__ == "__main__":
    sys.exit(main())
