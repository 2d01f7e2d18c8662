"""Show that model build time (and the hand-off to HiGHS) grows linearly with the number of arcs.

One fresh process per size builds the synthetic national instance (:mod:`tests.synthetic`) with
``build_model`` and hands it to HiGHS (``PersistentSolver``: standard-form compiler + ``passModel``); this prints
arcs, build s, hand-off s, µs per arc, CPU seconds (robust to other processes on a shared machine), peak RSS and
the log-log slopes (1.0 = linear).

    python benchmarks/build_scaling.py                  # 300x100 ... 5000x1000
    python benchmarks/build_scaling.py --with-20k       # adds 10000x2000 and 20000x3000
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SIZES = [(300, 100), (1000, 300), (2000, 500), (5000, 1000)]
LARGE = [(10000, 2000), (20000, 3000)]


def one(n_sites: int, n_subs: int) -> dict[str, float]:
    from siting.model.build import build_model
    from siting.solve.highs import PersistentSolver
    from tests.synthetic import model_data

    build_model(model_data(30, 10, seed=1))  # warm-up: imports and first-call costs are not timed
    d = model_data(n_sites, n_subs)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    m, rows = build_model(d)
    build_s, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    PersistentSolver(m, rows=rows)
    handoff_s, handoff_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"arcs": len(d.arc_site), "build_s": build_s, "handoff_s": handoff_s, "build_cpu_s": build_cpu,
            "handoff_cpu_s": handoff_cpu, "build_mb": rss_build - rss0, "total_mb": rss - rss0,
            "load": os.getloadavg()[0]}


def main(sizes: list[tuple[int, int]]) -> None:
    import numpy as np

    rows = []
    print(f"{'size':>12} {'arcs':>8} {'build s':>8} {'hand-off s':>10} {'build µs/arc':>12} {'hand-off µs/arc':>15} "
          f"{'build cpu s':>11} {'hand-off cpu s':>14} {'build MB':>9} {'+hand-off MB':>12} {'load':>5}")
    for n_s, n_b in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n_s), str(n_b)], capture_output=True,
                             text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        rows.append(r)
        print(f"{f'{n_s}x{n_b}':>12} {r['arcs']:>8} {r['build_s']:>8.2f} {r['handoff_s']:>10.2f} "
              f"{1e6 * r['build_s'] / r['arcs']:>12.0f} {1e6 * r['handoff_s'] / r['arcs']:>15.0f} "
              f"{r['build_cpu_s']:>11.2f} {r['handoff_cpu_s']:>14.2f} "
              f"{r['build_mb']:>9.0f} {r['total_mb']:>12.0f} {r['load']:>5.1f}", flush=True)
    x = np.log([r["arcs"] for r in rows])
    for key in ("build_s", "handoff_s", "build_cpu_s", "handoff_cpu_s", "build_mb", "total_mb"):
        y = np.log([max(r[key], 1e-3) for r in rows])
        print(f"log-log slope of {key} vs arcs: {np.polyfit(x, y, 1)[0]:.2f}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        main(SIZES + (LARGE if "--with-20k" in sys.argv else []))
