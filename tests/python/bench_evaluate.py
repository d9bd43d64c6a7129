"""Timings of the Python path on the built-in sample (not a test: run it).

    python tests/python/bench_evaluate.py [--repeat 5]

Prints the best of N runs, in milliseconds, for: the sample as a wide and a
long DataFrame -> a checked dataset; the same data from a CSV file (core's own
reader, the reference); evaluation of 2023 for the province and for every
unit; the result -> DataFrame. Ratios compare the DataFrame path with core's
CSV reader and the conversion with the evaluation itself.
"""

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import chitieu


def best(fn, repeat):
    times = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    n = ap.parse_args().repeat

    ms_sample, sample = best(chitieu.sample, n)
    wide = sample.to_pandas(wide=True)
    long = sample.to_pandas()
    cells = wide.shape[0] * (wide.shape[1] - 2)
    print(f"sample: {len(sample)} values; wide DataFrame {wide.shape[0]} rows x {wide.shape[1]} columns ({cells} cells); long {len(long)} rows")

    ms_wide, ds = best(lambda: chitieu.Dataset.from_pandas(wide), n)
    ms_long, _ = best(lambda: chitieu.Dataset.from_pandas(long), n)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sample-wide.csv")
        wide.to_csv(path, index=False, float_format="%.15g")  # 1.0 -> 1: yes/no cells
        ms_csv, _ = best(lambda: chitieu.Dataset.from_path(path), n)

    ms_eval_prov, r_prov = best(lambda: chitieu.evaluate(ds, period=2023), n)
    ms_eval_all, r_all = best(lambda: chitieu.evaluate(ds, period=2023, unit="all"), n)
    ms_frame, _ = best(r_all.to_pandas, n)
    ms_end, _ = best(lambda: chitieu.evaluate(wide, period=2023, unit="all").to_pandas(), n)

    def parallel():
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda _: chitieu.evaluate(ds, period=2023, unit="all"), range(2)))

    ms_par, _ = best(parallel, n)

    rows = [
        ("chitieu.sample() (core generates it)", ms_sample),
        ("wide DataFrame -> dataset", ms_wide),
        ("long DataFrame -> dataset", ms_long),
        ("wide CSV file -> dataset (core reader, reference)", ms_csv),
        (f"evaluate 2023, province ({len(r_prov)} outcomes)", ms_eval_prov),
        (f"evaluate 2023, unit='all' ({len(r_all)} outcomes)", ms_eval_all),
        ("result -> DataFrame (unit='all')", ms_frame),
        ("wide DataFrame -> evaluate(all) -> DataFrame, end to end", ms_end),
        ("2 evaluations (all) on 2 threads", ms_par),
    ]
    print(f"best of {n} runs:")
    for label, ms in rows:
        print(f"  {label:<58} {ms:9.2f} ms")
    print("ratios:")
    print(f"  wide DataFrame / CSV file reader              {ms_wide / ms_csv:6.2f}x")
    print(f"  wide DataFrame -> dataset / evaluate(all)     {ms_wide / ms_eval_all:6.2f}x")
    print(f"  result -> DataFrame / evaluate(all)           {ms_frame / ms_eval_all:6.2f}x")
    print(f"  2 threads / 1 evaluation (2.0 = no overlap)   {ms_par / ms_eval_all:6.2f}x")
    print(f"  per cell, wide DataFrame -> dataset           {ms_wide * 1e6 / cells:6.0f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
