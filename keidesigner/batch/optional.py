"""The sweep's optional dependencies (the 'sweep' extra): a missing one is one line naming what to install."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from ..common import UserError

INSTALL = "pip install 'keidesigner[sweep]'"


class MissingDependency(UserError):
    """An optional package a sweep needs is not installed."""


def require(module: str, purpose: str) -> ModuleType:
    """`module` imported, or MissingDependency: '<purpose> needs <package>, which is not installed: pip install ...'."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".")[0]
        package = "dask[distributed]" if package in ("dask", "distributed") else package
        if getattr(sys, "frozen", False):  # nothing can be installed into a bundle
            raise MissingDependency(f"{purpose} needs {package}, which this installed program does not carry: "
                                    f"use the Python package ({INSTALL})") from None
        raise MissingDependency(f"{purpose} needs {package}, which is not installed: {INSTALL}") from None

