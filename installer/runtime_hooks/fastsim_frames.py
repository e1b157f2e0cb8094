"""Bundle runtime hook: stand-ins for the data-frame and plotting packages FASTSim imports but KeiDesigner never calls.

`fastsim/__init__.py` imports pandas, polars and plotly at its top for `to_dataframe` and its plotting helper;
KeiDesigner builds, runs and reads FASTSim vehicles through `to_dict`/`from_dict` only. The bundle leaves the three
packages out (polars' runtime alone is 172 MiB: README, "What each dependency costs") and this hook gives FASTSim's
import modules whose every name is a placeholder: annotations such as `pd.DataFrame | pl.DataFrame` still evaluate,
and any real use raises a RuntimeError naming what is missing. The bundle's self-test runs one estimate per
powertrain through this path.
"""

import sys
import types

ABSENT = ("pandas", "polars", "plotly", "plotly.graph_objs", "plotly.express")


class _Placeholder:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> "_Placeholder":
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Placeholder(f"{self._name}.{attr}")

    def __call__(self, *args, **kwargs):
        raise RuntimeError(f"{self._name} is not part of the KeiDesigner bundle (FASTSim's data-frame and plotting "
                           "helpers are left out)")

    def __or__(self, other):  # `pd.DataFrame | pl.DataFrame` in an annotation
        return self

    __ror__ = __or__


class _Absent(types.ModuleType):
    def __getattr__(self, attr: str) -> _Placeholder:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Placeholder(f"{self.__name__}.{attr}")


for _name in ABSENT:
    if _name not in sys.modules:
        _module = _Absent(_name)
        _module.__path__ = []  # a package, so `import plotly.express` finds its submodule here
        sys.modules[_name] = _module
sys.modules["plotly"].graph_objs = sys.modules["plotly.graph_objs"]
sys.modules["plotly"].express = sys.modules["plotly.express"]
