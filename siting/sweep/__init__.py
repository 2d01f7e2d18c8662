"""Scenario sweeps and robustness analysis: many scenarios around a base, run on dask.distributed.

A sweep file (:mod:`siting.sweep.spec`) lists the overrides of each scenario as a grid or Monte Carlo draws;
:func:`run_sweep` solves them (serially, on a LocalCluster, or on a running scheduler) into one row per
scenario; :func:`write_sweep` writes the scenario table, each region's robustness, the cost-delay cloud and a
map. ``siting sweep`` is the command::

    from siting.sweep import run_sweep
    rows = run_sweep("models/reference-sweep.toml", workers=2)   # pandas.DataFrame, one row per scenario
"""

from siting.sweep.dask_run import run_sweep, run_tasks
from siting.sweep.report import region_footprints, robustness, write_sweep
from siting.sweep.runner import run_task
from siting.sweep.spec import Override, ScenarioTask, SweepError, SweepSpec, load_sweep, parse_sweep

__all__ = [
    "Override",
    "ScenarioTask",
    "SweepError",
    "SweepSpec",
    "load_sweep",
    "parse_sweep",
    "region_footprints",
    "robustness",
    "run_sweep",
    "run_task",
    "run_tasks",
    "write_sweep",
]
