"""Run one scenario of a sweep and return one plain row (a dict): its inputs, outcome and time.

:func:`run_task` is a pure function of its :class:`~siting.sweep.spec.ScenarioTask` (apart from the
``seconds`` it took): the same task gives the same row on any worker, so a task lost with a worker can be run
again elsewhere. It never raises for a scenario's own problem: a scenario that breaks a check, has no
feasible plan or fails otherwise is a row with status ``failed`` or ``infeasible`` and its one-line reason,
and the sweep goes on.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from siting.errors import InfeasibleError, SitingError
from siting.model.objective import TERMS
from siting.sweep.spec import ScenarioTask

SOLVED = ("optimal", "time_limit")
OUTCOME_COLUMNS = (
    "status", "objective_jpy", "cost_jpy", *(f"{t}_jpy" for t in TERMS), "mw_years_delay", "n_gx_regions",
    "designated_regions", "last_year", "designated_mw_last_year", "mip_gap", "error",
)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, SitingError):
        text = " | ".join(str(p) for p in exc.problems)
    else:
        text = f"internal error: {type(exc).__name__}: {exc}"
    return " ".join(text.split())


def empty_outcome(status: str, error: str) -> dict[str, Any]:
    """The outcome columns of a scenario without a plan."""
    row: dict[str, Any] = dict.fromkeys(OUTCOME_COLUMNS)
    row.update(status=status, error=error, designated_regions="", designated_mw_last_year="")
    return row


def failed_row(task: ScenarioTask, status: str, error: str, seconds: float = 0.0) -> dict[str, Any]:
    return {"scenario_id": task.scenario_id, **task.inputs(), **empty_outcome(status, error), "seconds": seconds}


def _outcome(run: Any) -> dict[str, Any]:
    s = run.results.summary
    regions = run.results.regions
    years = run.data.years
    last = years[-1]
    chosen = regions[regions["designated"]].sort_values("region_id")
    terms = s["objective_terms_jpy"]
    row: dict[str, Any] = {"status": s["status"], "objective_jpy": s["objective_jpy"],
                           "cost_jpy": sum(v for k, v in terms.items() if k != "delay")}
    row.update({f"{k}_jpy": terms[k] + 0.0 for k in TERMS})  # + 0.0: no -0.0 in the table
    row["mw_years_delay"] = s["mw_years_delay"]
    row["n_gx_regions"] = int((~chosen["existing"].astype(bool)).sum()) if "existing" in chosen else len(chosen)
    row["designated_regions"] = " ".join(chosen["region_id"])
    row["last_year"] = int(last)
    row["designated_mw_last_year"] = " ".join(f"{v:.1f}" for v in chosen[f"mw_{last}"])
    row["mip_gap"] = s["mip_gap"]
    row["error"] = ""
    return row


#: Layers loaded by this process, keyed by the files' paths, sizes and modification times: the scenarios of a
#: sweep usually share their layer files, and loading them is a third of a reference scenario's time.
_LAYER_CACHE: dict[tuple[tuple[str, str, int, int], ...], Any] = {}


def cached_layers(sc: Any) -> Any:
    """The scenario's layers, loaded once per process for the same unchanged files."""
    from pathlib import Path

    from siting.layers.load import load_layers
    from siting.layers.schema import LAYER_KINDS

    key = []
    for kind in LAYER_KINDS:
        ref = sc.layer_ref(kind)
        if ref is not None:
            stat = Path(ref.path).stat() if Path(ref.path).exists() else None
            key.append((kind, f"{ref.path}|{ref.layer}|{ref.encoding}", stat.st_size if stat else -1,
                        stat.st_mtime_ns if stat else -1))
    k = tuple(key)
    if k not in _LAYER_CACHE:
        _LAYER_CACHE.clear()  # one layer set per worker is enough for a sweep
        _LAYER_CACHE[k] = load_layers(sc)
    return _LAYER_CACHE[k]


def run_task(task: ScenarioTask) -> dict[str, Any]:
    """Solve one scenario of a sweep; the row has the same columns whatever happened.

    Columns: ``scenario_id``, one per override (see :attr:`Override.column`), ``status`` (``optimal``,
    ``time_limit``, ``infeasible``, ``failed``), ``objective_jpy``, ``cost_jpy`` (every term but delay),
    ``<term>_jpy`` per objective term, ``mw_years_delay``, ``n_gx_regions`` (designated, not counting today's
    clusters), ``designated_regions`` (space-separated ids), ``last_year``, ``designated_mw_last_year``
    (IT MW of each designated region in the last year, same order), ``mip_gap``, ``error`` (one line) and
    ``seconds``.
    """
    from siting.pipeline import RunOptions, execute, write_run  # here, so importing the sweep package stays light

    t0 = time.perf_counter()
    row: dict[str, Any] = {"scenario_id": task.scenario_id, **task.inputs()}
    try:
        texts = task.override_texts()
        scenario = task.scenario()
        options = RunOptions(texts, map=None, with_duals=False)
        run = execute(scenario, None, options, layers=cached_layers(scenario))
        if run.solve.status == "interrupted":
            raise KeyboardInterrupt  # Ctrl+C reached HiGHS: stop the sweep, as Ctrl+C anywhere else does
        row.update(_outcome(run))
        if task.runs_dir is not None:
            write_run(run, Path(task.runs_dir) / task.scenario_id, options)
    except InfeasibleError as exc:
        row.update(empty_outcome("infeasible", _one_line(exc)))
    except Exception as exc:  # a scenario's failure is a row, never the end of the sweep
        row.update(empty_outcome("failed", _one_line(exc)))
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row
