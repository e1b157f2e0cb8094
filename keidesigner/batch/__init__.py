"""Many variants of a design at once: the variants, the scalar reference, the vectorised engine (engine.py), the
results as arrays, and sweeps (spec, chunk, backends, table, summary, sweep; the `keidesigner sweep` command). Knows
nothing of Qt; scipy is imported only to sample, pyarrow only to write a table (Parquet or CSV), Dask only to run on
a cluster."""

from .engine import evaluate_batch
from .result import BatchResult, differences
from .scalar import evaluate_scalar
from .variants import Variants, grid, product_count, sample

__all__ = ["BatchResult", "Variants", "differences", "evaluate_batch", "evaluate_scalar", "grid", "product_count",
           "sample"]
