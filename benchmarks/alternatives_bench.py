"""Time the near-optimal alternatives (``siting run --alternatives N``) on the reference scenario.

Each measurement runs in a fresh process: the reference is solved (not timed here), then ``near_optimal`` finds
up to N alternatives within the slack; the alternatives' seconds, the plans and their costs are printed as one
JSON line. Variants change the alternatives' relative gap or pass extra HiGHS options.

    python -m benchmarks.alternatives_bench --n 5 --slack 0.05 --repeat 3
    python -m benchmarks.alternatives_bench --gap 0.001            # each alternative to the reference's own gap
    python -m benchmarks.alternatives_bench --option mip_heuristic_effort=0.01

Results: benchmarks/RESULTS-alternatives.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time


def one(n: int, slack: float, gap: float | None, options: list[str], overrides: list[str]) -> dict[str, object]:
    from siting import load_scenario
    from siting.bundled import reference_scenario
    from siting.pipeline import run_scenario
    from siting.solve.alternatives import near_optimal

    sc = load_scenario(reference_scenario(), overrides)
    for text in options:
        key, value = text.split("=", 1)
        sc.solver.highs_options[key] = float(value) if "." in value else int(value)
    t0 = time.perf_counter()
    run = run_scenario(sc, with_duals=False)
    optimum_s = time.perf_counter() - t0
    alt = near_optimal(run.model, run.data, run.solver, run.solve, n, slack, mip_gap=gap)
    return {"n": n, "slack": slack, "gap": gap, "options": options, "overrides": overrides,
            "optimum_run_s": round(optimum_s, 2), "optimum_solve_s": round(run.solve.solve_s, 2),
            "alternatives_s": round(alt.seconds, 2), "found": len(alt.plans) - 1, "stopped": alt.stopped,
            "plans": [{"regions": p.regions, "avoidable_bn_jpy": round(p.avoidable / run.data.cost_scale / 1e9, 2),
                       "solve_s": round(p.solve_s, 2)} for p in alt.plans],
            "core": alt.core, "interchangeable": alt.interchangeable}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--slack", type=float, default=0.05)
    parser.add_argument("--gap", type=float, default=None, help="relative gap of each alternative")
    parser.add_argument("--option", action="append", default=[], help="HiGHS option NAME=VALUE")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="scenario KEY=VALUE")
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes, one after the other")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(one(args.n, args.slack, args.gap, args.option, args.overrides)), flush=True)
        return
    for _ in range(args.repeat):
        cmd = [sys.executable, "-m", "benchmarks.alternatives_bench", "--child", "--n", str(args.n),
               "--slack", str(args.slack)]
        cmd += ["--gap", str(args.gap)] if args.gap is not None else []
        for o in args.option:
            cmd += ["--option", o]
        for o in args.overrides:
            cmd += ["--set", o]
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
