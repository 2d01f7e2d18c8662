"""Map rendering benchmark: the reference run's map, online and offline, R times each.

Usage: ``python benchmarks/map_bench.py [RUN_DIR] [-r R]``; without RUN_DIR the reference scenario is solved
first into a temporary folder (``siting run --no-map``). Prints the median render time and the file size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from siting.maps.render import render_map


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("run_dir", nargs="?", type=Path, help="run folder (default: solve the reference scenario)")
    ap.add_argument("-r", "--repeat", type=int, default=5, help="renders per mode (R)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        run = args.run_dir
        if run is None:
            run = Path(tmp) / "reference"
            subprocess.run([sys.executable, "-m", "siting", "run", "--out", str(run), "--no-map"], check=True,
                           stdout=subprocess.DEVNULL)
        print(f"run folder: {run}  (R = {args.repeat})")
        print(f"{'mode':<8} {'median s':>9} {'min s':>7} {'size MB':>8}")
        for offline in (False, True):
            out = Path(tmp) / f"map-{'offline' if offline else 'online'}.html"
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                render_map(run, out, offline=offline)
                times.append(time.perf_counter() - t0)
            mode = "offline" if offline else "online"
            print(f"{mode:<8} {statistics.median(times):>9.2f} {min(times):>7.2f} {out.stat().st_size / 1e6:>8.2f}")


if __name__ == "__main__":
    main()
