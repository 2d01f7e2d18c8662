"""Which requested gap keeps the reference's region choices: solve the reference at several ``solver.mip_gap``
values (now measured on the avoidable cost) and print, per gap, the designated regions, the objective, the
bound, the gap on the avoidable cost and on the total, and the solve time. Each solve runs in a fresh process.

    python -m benchmarks.gap_bench                          # gaps 1e-2 .. 1e-4
    python -m benchmarks.gap_bench --gap 0.001 --repeat 3   # one gap, three runs
    python -m benchmarks.gap_bench --set solver.threads=1 --set demand.multiplier=1.25

Results: benchmarks/RESULTS-gap.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

GAPS = (0.01, 0.005, 0.002, 0.001, 0.0005, 0.0001)


def one(gap: float, overrides: list[str], scenario: str | None) -> dict[str, object]:
    from siting import load_scenario
    from siting.bundled import reference_scenario
    from siting.pipeline import run_scenario

    sc = load_scenario(scenario or reference_scenario(), [*overrides, f"solver.mip_gap={gap}"])
    run = run_scenario(sc, with_duals=False)
    s = run.results.summary
    return {"scenario": sc.name, "gap_requested": gap, "overrides": overrides,
            "regions": [r for r in s["designated_regions"] if not r.startswith("existing-")],
            "objective_bn_jpy": round(s["objective_jpy"] / 1e9, 3), "bound_bn_jpy": round(s["bound_jpy"] / 1e9, 3),
            "avoidable_bn_jpy": round(s["avoidable_cost_jpy"] / 1e9, 3),
            "unavoidable_bn_jpy": round(s["unavoidable_delay_jpy"] / 1e9, 3),
            "gap_avoidable": s["mip_gap"], "gap_total": s["mip_gap_on_total"],
            "solve_s": round(run.solve.solve_s, 2), "status": s["status"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gap", type=float, action="append", help="requested gap(s); default: a ladder")
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="scenario KEY=VALUE")
    parser.add_argument("--scenario", default=None, help="scenario file (default: the reference)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    gaps = args.gap or list(GAPS)
    if args.child:
        print(json.dumps(one(gaps[0], args.overrides, args.scenario)), flush=True)
        return
    for gap in gaps:
        for _ in range(args.repeat):
            cmd = [sys.executable, "-m", "benchmarks.gap_bench", "--child", "--gap", str(gap)]
            cmd += ["--scenario", args.scenario] if args.scenario else []
            for o in args.overrides:
                cmd += ["--set", o]
            subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
