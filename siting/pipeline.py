"""The siting run end to end: layers -> candidates -> model data -> model -> solve -> results -> files.

The one path through the stages. :func:`execute` backs ``siting run``, every scenario of a sweep and the Python
API: it runs the stages in memory (:func:`run_scenario`), then the optional near-optimal plans and Pareto points,
and writes the run folder (tables, GeoPackage, summary, the one manifest, map, Pareto figure). The proposal
portfolio builds its model through :func:`prepare` and solves it through :func:`solve`, the one solve entry point
(the scenario's ``[solver]`` settings and strategy, the infeasibility explanation). ``progress`` receives the name
of each stage as it starts, and every stage's wall time lands in the summary and the manifest.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyomo.environ as pyo

from siting.candidates import Candidates, build_candidates
from siting.candidates.model_data import Prechecks, build_model_data, prechecks
from siting.errors import InfeasibleError
from siting.layers.load import LayerSet, load_layers
from siting.maps.render import render_map
from siting.model.build import build_model
from siting.model.data import ModelData
from siting.model.linear import RowRecord
from siting.reports.pareto import write_pareto
from siting.results.extract import Results, alternatives_summary, alternatives_table, extract
from siting.results.write import manifest_fields, write_results
from siting.scenario import LayerRef, Scenario
from siting.solve.alternatives import Alternatives, near_optimal
from siting.solve.elastic import explain_infeasibility
from siting.solve.highs import PersistentSolver, SolveOptions, SolveResult, raise_for_status
from siting.solve.pareto import ParetoPoint, pareto_front
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
    #: The cost-delay Pareto points, when asked for (:attr:`RunOptions.pareto`).
    pareto: list[ParetoPoint] = field(default_factory=list)
    #: When the run started (UTC, ISO 8601, seconds), for the manifest.
    started_utc: str = ""


@dataclass
class MapOptions:
    """The run's map (``map.html``): its language and how it is drawn (:func:`siting.maps.render.render_map`)."""

    lang: str = "ja"
    offline: bool = False
    basemap: str = "pale"


@dataclass
class RunOptions:
    """What a run does beyond the plan and what its folder records; the scenario itself holds every model and
    solver setting (``overrides`` are recorded as given, already applied to it)."""

    overrides: list[str] = field(default_factory=list)
    layer_overrides: dict[str, LayerRef] = field(default_factory=dict)
    #: Near-optimal plans with other designated regions (``alternatives.csv``), within ``slack`` of the optimum.
    alternatives: int = 0
    slack: float = 0.05
    #: Epsilon-constraint points of the cost-delay front (``pareto.csv``, ``pareto.png``).
    pareto: int = 0
    #: ``None``: no map.
    map: MapOptions | None = field(default_factory=MapOptions)
    #: Headroom values from the fixed-binary LP's duals (a sweep leaves them out).
    with_duals: bool = True


@dataclass
class Prepared:
    """A scenario's candidates, model data, pre-checks and built model, ready to solve."""

    candidates: Candidates
    data: ModelData
    checks: Prechecks
    model: pyo.ConcreteModel
    rows: RowRecord


def _timed(seconds: dict[str, float], say: Progress) -> Callable[[str, Callable[[], Any]], Any]:
    def stage(name: str, fn: Callable[[], Any]) -> Any:
        say(name)
        t0 = time.perf_counter()
        out = fn()
        seconds[name] = time.perf_counter() - t0
        return out

    return stage


def prepare(sc: Scenario, layers: LayerSet, candidates: Candidates | None = None,
            adjust: Callable[[ModelData], None] | None = None, progress: Progress | None = None,
            seconds: dict[str, float] | None = None) -> Prepared:
    """Candidates (unless given), model data (``adjust`` may change it before the build, e.g. the proposals'
    own minimum sizes and water), pre-checks and the model."""
    stage = _timed(seconds if seconds is not None else {}, progress or (lambda _stage: None))
    cand = candidates if candidates is not None else stage("candidates", lambda: build_candidates(layers, sc))
    data = stage("model data", lambda: build_model_data(cand, layers, sc))
    if adjust is not None:
        adjust(data)
    checks = prechecks(data)
    checks.notes[:0] = cand.warnings  # the candidate stage's notes first (arc rules, clusters held)
    model, rows = stage("build model", lambda: build_model(data))
    return Prepared(cand, data, checks, model, rows)


def solve(sc: Scenario, built: Prepared, progress: Progress | None = None, notes: list[str] | None = None
          ) -> tuple[SolveResult, PersistentSolver]:
    """The one solve entry point: ``built`` with the scenario's ``[solver]`` settings and strategy. Raises
    :class:`InfeasibleError` with the pre-checks, the elastic relaxation's explanation and ``notes``, and
    :class:`~siting.errors.SitingError` when the solver stopped without a plan."""
    say = progress or (lambda _stage: None)
    options = SolveOptions.from_scenario(sc)
    try:
        result, solver = solve_with_strategy(built.model, built.data, options, sc.solver.strategy, rows=built.rows,
                                             progress=lambda line: say(f"solve: {line}"))
        raise_for_status(result, built.checks.notes)
    except InfeasibleError as exc:
        say("explain infeasibility")
        violations = explain_infeasibility(built.model, built.data, options, rows=built.rows)
        raise InfeasibleError([*exc.problems, *[f"elastic relaxation: {v}" for v in violations],
                               *[f"warning: {n}" for n in notes or []]]) from None
    return result, solver


def run_scenario(sc: Scenario, layer_overrides: dict[str, LayerRef] | None = None,
                 progress: Progress | None = None, with_duals: bool = True,
                 layers: LayerSet | None = None) -> Run:
    """Solve the siting problem of ``sc`` and return the results (nothing is written).

    ``layers`` may be given already loaded (e.g. cached by a sweep worker for scenarios that share their layer
    files); the stages after loading never modify them.
    """
    seconds: dict[str, float] = {}
    stage = _timed(seconds, progress or (lambda _stage: None))
    if layers is None:
        layers = stage("load layers", lambda: load_layers(sc, layer_overrides))
    loaded = layers
    cand = stage("candidates", lambda: build_candidates(loaded, sc))
    screened = screened_by_replaced(cand, list(layer_overrides or {}))
    built = prepare(sc, loaded, cand, progress=progress, seconds=seconds)
    result, solver = stage("solve", lambda: solve(sc, built, progress, [str(screened)] if screened else None))
    seconds["hand-off"] = result.handoff_s
    seconds["solve (HiGHS)"] = result.solve_s
    results = stage("results", lambda: extract(built.model, built.data, cand, loaded, result, solver,
                                               with_duals=with_duals))
    results.summary["seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    results.summary["prechecks"] = built.checks.notes
    results.summary["scenario"] = sc.name
    results.summary["warnings"] = [str(screened)] if screened is not None else []
    results.summary["strategy"] = {k: v for k, v in result.extra.items()}
    return Run(sc, loaded, cand, built.data, built.model, result, solver, results, built.checks, seconds, screened)


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


def execute(sc: Scenario, out: Path | None = None, options: RunOptions | None = None,
            progress: Progress | None = None, layers: LayerSet | None = None) -> Run:
    """The whole run: the stages (:func:`run_scenario`), the near-optimal plans and Pareto points asked for in
    ``options`` (skipped after Ctrl+C), and, when ``out`` is given, its folder (:func:`write_run`).

    ``progress`` receives the stage names of :func:`run_scenario` and ``alternatives: <line>``,
    ``Pareto front: <n>`` and ``write``."""
    options = options or RunOptions()
    say = progress or (lambda _stage: None)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    run = run_scenario(sc, options.layer_overrides, progress=progress, with_duals=options.with_duals, layers=layers)
    run.started_utc = started
    if options.alternatives and run.solve.status != "interrupted":
        add_alternatives(run, options.alternatives, options.slack, progress=lambda line: say(f"alternatives: {line}"))
    if options.pareto and run.solve.status != "interrupted":
        say(f"Pareto front: {options.pareto}")
        run.pareto = pareto_front(run.model, run.data, run.solver, options.pareto)
    if out is not None:
        say("write")
        write_run(run, out, options)
    return run


def write_run(run: Run, out: Path, options: RunOptions) -> Path:
    """Write the run folder ``out`` atomically: tables, GeoPackage, summary, the manifest, then the map and the
    Pareto figure when asked for."""
    manifest = manifest_fields(run.scenario, options.overrides,
                               {k: str(v.path) for k, v in run.layers.layers.items()}, run.started_utc,
                               {k: v.path for k, v in options.layer_overrides.items()},
                               status=run.solve.status, mip_gap=run.solve.gap, seconds=run.results.summary["seconds"])

    def extra(folder: Path) -> None:
        if options.map is not None:
            render_map(folder, folder / "map.html", offline=options.map.offline, lang=options.map.lang,
                       basemap=options.map.basemap)
        if run.pareto:
            write_pareto(run.pareto, folder, run.scenario.name)

    return write_results(run.results, out, manifest, input_paths(run), extra=extra)
