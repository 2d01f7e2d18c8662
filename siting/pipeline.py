"""The siting run end to end: layers -> candidates -> model data -> model -> solve -> results -> files.

The same function backs ``siting run`` and the Python API; ``progress`` receives the name of each stage as it
starts, and every stage's wall time lands in the manifest.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyomo.environ as pyo

from siting.candidates import Candidates, build_candidates
from siting.candidates.model_data import Prechecks, build_model_data, prechecks
from siting.errors import InfeasibleError
from siting.layers.load import LayerSet, load_layers
from siting.model.build import build_model
from siting.model.data import ModelData
from siting.results.extract import Results, alternatives_summary, alternatives_table, extract
from siting.scenario import LayerRef, Scenario
from siting.solve.alternatives import Alternatives, near_optimal
from siting.solve.elastic import explain_infeasibility
from siting.solve.highs import PersistentSolver, SolveOptions, SolveResult, raise_for_status
from siting.solve.strategy import solve_with_strategy

Progress = Callable[[str], None]


@dataclass
class Run:
    """Everything a run produced, in memory (the run folder holds the same as files)."""

    scenario: Scenario
    layers: LayerSet
    candidates: Candidates
    data: ModelData
    model: pyo.ConcreteModel
    solve: SolveResult
    solver: PersistentSolver
    results: Results
    checks: Prechecks
    seconds: dict[str, float] = field(default_factory=dict)
    #: Set when a replaced layer screens out more than half of the sites (:func:`screened_by_replaced`).
    screened: ScreenedOut | None = None


def solve_options(sc: Scenario) -> SolveOptions:
    return SolveOptions.from_scenario(sc)


def run_scenario(sc: Scenario, layer_overrides: dict[str, LayerRef] | None = None,
                 progress: Progress | None = None, with_duals: bool = True,
                 layers: LayerSet | None = None) -> Run:
    """Solve the siting problem of ``sc`` and return the results (nothing is written).

    ``layers`` may be given already loaded (e.g. cached by a sweep worker for scenarios that share their layer
    files); the stages after loading never modify them.
    """
    seconds: dict[str, float] = {}
    say = progress or (lambda _stage: None)

    def stage(name: str, fn: Callable[[], Any]) -> Any:
        say(name)
        t0 = time.perf_counter()
        out = fn()
        seconds[name] = time.perf_counter() - t0
        return out

    if layers is None:
        layers = stage("load layers", lambda: load_layers(sc, layer_overrides))
    cand = stage("candidates", lambda: build_candidates(layers, sc))
    screened = screened_by_replaced(cand, list(layer_overrides or {}))
    data = stage("model data", lambda: build_model_data(cand, layers, sc))
    checks = prechecks(data)
    checks.notes[:0] = cand.warnings  # the candidate stage's notes first (arc rules, clusters held)
    model, rows = stage("build model", lambda: build_model(data))

    def solve() -> tuple[SolveResult, PersistentSolver]:
        out = solve_with_strategy(model, data, solve_options(sc), sc.solver.strategy, rows=rows,
                                  progress=lambda line: say(f"solve: {line}"))
        raise_for_status(out[0], checks.notes)
        return out

    try:
        solved = stage("solve", solve)
    except InfeasibleError as exc:
        say("explain infeasibility")
        violations = explain_infeasibility(model, data, solve_options(sc), rows=rows)
        raise InfeasibleError([*exc.problems, *[f"elastic relaxation: {v}" for v in violations],
                               *([f"warning: {screened}"] if screened is not None else [])]) from None
    result, solver = solved
    seconds["hand-off"] = result.handoff_s
    seconds["solve (HiGHS)"] = result.solve_s
    results = stage("results", lambda: extract(model, data, cand, layers, result, solver, with_duals=with_duals))
    results.summary["seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    results.summary["prechecks"] = checks.notes
    results.summary["scenario"] = sc.name
    results.summary["warnings"] = [str(screened)] if screened is not None else []
    results.summary["strategy"] = {k: v for k, v in result.extra.items()}
    return Run(sc, layers, cand, data, model, result, solver, results, checks, seconds, screened)


def add_alternatives(run: Run, n: int, slack: float, progress: Progress | None = None) -> Alternatives:
    """Find up to ``n`` near-optimal plans with other designated new regions (:mod:`siting.solve.alternatives`)
    and put them in the run's results (``alternatives.csv``, ``robust_core`` and ``interchangeable`` in the
    summary). The model keeps the optimum's values."""
    alt = near_optimal(run.model, run.data, run.solver, run.solve, n, slack,
                       time_limit_s=run.scenario.solver.time_limit_s, progress=progress)
    run.results.alternatives = alternatives_table(alt, run.data)
    run.results.summary.update(alternatives_summary(alt))
    names = run.results.regions.set_index("region_id")["name"]
    run.results.summary["region_names"] = {r: str(names.get(r, r)) for r in [*alt.core, *alt.interchangeable]}
    run.seconds["alternatives"] = alt.seconds
    run.results.summary.setdefault("seconds", {})["alternatives"] = round(alt.seconds, 3)
    return alt


@dataclass
class ScreenedOut:
    """Sites screened out when a layer was replaced (``siting run --layer``): counts and the commonest reasons."""

    layers: list[str]
    sites: int
    out: int
    reasons: list[tuple[str, str, int]]  # (reason, reason in Japanese, sites)

    @property
    def share(self) -> float:
        return self.out / self.sites if self.sites else 0.0

    def __str__(self) -> str:
        why = ", ".join(f"{r} ({n})" for r, _ja, n in self.reasons)
        return (f"the replaced layer(s) {', '.join(self.layers)} screen out {self.out} of {self.sites} candidate "
                f"sites ({100 * self.share:.0f} %): {why}; check the layer's columns, coordinates and units")


#: A replaced layer that screens out more than this share of the sites is most likely wrong (units, columns).
SCREENED_WARNING_SHARE = 0.5


def screened_by_replaced(cand: Candidates, replaced: list[str]) -> ScreenedOut | None:
    """The sites screened out, when layers were replaced and more than half of the sites are out; else None."""
    sites = cand.sites
    out = sites["screened_reason"].notna()
    if not replaced or len(sites) == 0 or out.mean() <= SCREENED_WARNING_SHARE:
        return None

    def kind(text: object) -> str:  # the reason without its ids and numbers: "in tsunami:high zone"
        return re.sub(r"\d[\d,.]*", "N", re.sub(r" zone \S+$", " zone", str(text)))

    en = sites.loc[out, "screened_reason"].map(kind)
    ja = sites.loc[out, "screened_reason_ja"].fillna(sites.loc[out, "screened_reason"]).astype(str)
    first_ja = ja.groupby(en).first()
    counts = en.value_counts().head(3)
    return ScreenedOut(sorted(replaced), len(sites), int(out.sum()),
                       [(str(r), str(first_ja[r]), int(n)) for r, n in counts.items()])


def input_paths(run: Run) -> list[Path]:
    return [layer.path for layer in run.layers.layers.values()]
