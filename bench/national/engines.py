"""One engine, one job, in its own process (so its peak memory is its own).

    python engines.py ENGINE --data DIR --catalogue DIR --out verdicts.csv

ENGINE is one of ``pandas-float``, ``pandas-exact``, ``duckdb-float``,
``duckdb-exact`` (the subset job of ``subset.py``), ``chitieu-py`` (the
chitieu Python package on the catalogue given: a wide DataFrame in, a result
DataFrame out) or ``chitieu-py-arrow`` (the same with a pyarrow Table in, read
by ``pyarrow.csv``, and a pyarrow Table out, ``Result.to_arrow()``). Writes ``target,unit,status`` and prints one JSON line:
``{"job_s": ..., "read_s": ..., "outcomes": ...}``. ``job_s`` is the job
itself, imports excluded: from the CSV files to the result DataFrame for
pandas and DuckDB; from the DataFrame (already read, ``read_s``) to the
result DataFrame for chitieu-py.

Run by ``run.py`` with the benchmark's virtual environment.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from subset import PERIOD  # noqa: E402

ENGINES = ("pandas-float", "pandas-exact", "duckdb-float", "duckdb-exact", "chitieu-py", "chitieu-py-arrow")


def chitieu_py(registry: str, figures: str, catalogue: str):
    import chitieu
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(figures, dtype={"unit_code": str})
    t1 = time.perf_counter()
    cat = chitieu.Catalogue.from_path(catalogue, replace=True)
    units = chitieu.Units.from_csv(registry)
    out = chitieu.evaluate(df, period=PERIOD, unit="all", catalogue=cat, units=units).to_pandas()
    t2 = time.perf_counter()
    return out, t1 - t0, t2 - t1


def chitieu_py_arrow(registry: str, figures: str, catalogue: str):
    import chitieu
    import pyarrow as pa
    from pyarrow import csv

    t0 = time.perf_counter()
    table = csv.read_csv(figures, convert_options=csv.ConvertOptions(column_types={"unit_code": pa.string()}))
    t1 = time.perf_counter()
    cat = chitieu.Catalogue.from_path(catalogue, replace=True)
    units = chitieu.Units.from_csv(registry)
    out = chitieu.evaluate(table, period=PERIOD, unit="all", catalogue=cat, units=units).to_arrow()
    t2 = time.perf_counter()
    return out.to_pandas(), t1 - t0, t2 - t1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("engine", choices=ENGINES)
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--catalogue", type=Path, help="for chitieu-py: the catalogue directory")
    ap.add_argument("--out", required=True, type=Path)
    a = ap.parse_args()
    registry, figures = str(a.data / "registry.csv"), str(a.data / "figures.csv")
    read_s = None
    if a.engine.startswith("chitieu-py"):
        job = chitieu_py_arrow if a.engine == "chitieu-py-arrow" else chitieu_py
        out, read_s, job_s = job(registry, figures, str(a.catalogue))
    else:
        family, arithmetic = a.engine.split("-")
        if family == "pandas":
            from job_pandas import job
        else:
            from job_duckdb import job
        t0 = time.perf_counter()
        out = job(registry, figures, exact=arithmetic == "exact")
        job_s = time.perf_counter() - t0
    out[["target", "unit", "status"]].to_csv(a.out, index=False)
    print(json.dumps({"job_s": job_s, "read_s": read_s, "outcomes": len(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
