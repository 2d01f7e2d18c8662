"""Wall time of a sweep run serially and on a LocalCluster, and the speed-up.

Runs ``models/reference-sweep.toml`` (16 scenarios, one HiGHS thread each) once in this process and once on a
LocalCluster of ``--workers`` processes (cluster start-up included, as a user sees it), checks both give the
same rows (timings aside) and prints one line per mode and the speed-up.

    python benchmarks/sweep_bench.py
    python benchmarks/sweep_bench.py models/reference-sweep.toml --workers 2 --time-limit 60
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from siting.sweep import load_sweep, run_sweep

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sweep", nargs="?", default=str(REPO / "models" / "reference-sweep.toml"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=None, help="solver time limit per scenario, s")
    args = ap.parse_args()
    spec = load_sweep(args.sweep)
    print(f"sweep {spec.name}: {len(spec.scenarios)} scenarios; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    serial = run_sweep(spec, workers=0, progress=False, time_limit_s=args.time_limit)
    serial_s = time.perf_counter() - t0
    print(f"serial      : {serial_s:7.1f} s wall, {serial['seconds'].sum():7.1f} s in scenarios, "
          f"statuses {serial['status'].value_counts().to_dict()}")
    t0 = time.perf_counter()
    dist = run_sweep(spec, workers=args.workers, progress=False, time_limit_s=args.time_limit)
    dist_s = time.perf_counter() - t0
    print(f"{args.workers} workers   : {dist_s:7.1f} s wall, {dist['seconds'].sum():7.1f} s in scenarios "
          f"(LocalCluster start-up included)")
    same = True
    try:
        pd.testing.assert_frame_equal(serial.drop(columns="seconds"), dist.drop(columns="seconds"),
                                      check_exact=False, rtol=1e-9)
    except AssertionError:
        same = False
    print(f"speed-up    : {serial_s / dist_s:5.2f}x; same rows: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":  # the guard matters: LocalCluster workers are spawned and re-import this file
    raise SystemExit(main())
