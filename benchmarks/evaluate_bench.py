"""Evaluation time per proposal: screening only, and with the portfolio re-solves.

Run: ``python benchmarks/evaluate_bench.py [PROPOSALS] [--set KEY=VALUE ...]`` (default: the bundled example).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from siting.layers.load import load_layers
from siting.proposals.portfolio import evaluate_portfolio
from siting.proposals.read import read_proposals
from siting.proposals.scorecard import screen
from siting.scenario import load_scenario

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv and not argv[0].startswith("--") else REPO / "models" / "proposals-example.geojson"
    overrides = [a.split("=", 1)[1] if a.startswith("--set=") else a for a in argv if "=" in a]
    sc = load_scenario(REPO / "models" / "reference.toml", overrides)
    t0 = time.perf_counter()
    layers = load_layers(sc)
    t_layers = time.perf_counter() - t0
    t0 = time.perf_counter()
    props = read_proposals(path, layers, sc)
    screen(props, layers, sc)
    t_screen = time.perf_counter() - t0
    n = len(props.proposals)
    t0 = time.perf_counter()
    pf = evaluate_portfolio(layers, props, sc)
    t_pf = time.perf_counter() - t0
    print(f"proposals: {n} ({len(props.rejected_ids)} rejected); layers loaded in {t_layers:.2f} s")
    print(f"screening only: {t_screen:.2f} s total, {t_screen / n:.3f} s per proposal")
    print(f"portfolio: {t_pf:.1f} s total ({pf.resolves} re-solves, base {pf.base.describe()}), "
          f"{t_pf / n:.2f} s per proposal")
    statuses = ", ".join(f"{r.proposal_id}: in {r.status_in} / out {r.status_out}" for r in pf.table.itertuples())
    print(f"re-solve statuses: {statuses}")


if __name__ == "__main__":
    main(sys.argv[1:])
