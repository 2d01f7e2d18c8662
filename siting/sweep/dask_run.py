"""Run every scenario of a sweep on dask.distributed (or serially) and collect one row per scenario.

Where the tasks run:

* ``client``: an existing :class:`dask.distributed.Client` (notebooks; it is left open);
* ``scheduler``: the address of a running scheduler (``tcp://host:port``), e.g. from ``dask scheduler``;
* otherwise a :class:`~dask.distributed.LocalCluster` on loopback with ``workers`` processes of one thread
  each (HiGHS runs one thread per scenario, so N workers use N cores);
* ``workers=0``: serially in this process, for comparison and tests.

Each scenario is one task, a pure function of its inputs (:func:`siting.sweep.runner.run_task`) submitted with
``retries=2``; a task lost with a killed worker is run again on another. Rows come back sorted by scenario id,
so the table is the same however the tasks were scheduled.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pandas as pd

from siting.errors import Problem, SitingError
from siting.sweep.runner import failed_row, run_task
from siting.sweep.spec import ScenarioTask, SweepSpec, load_sweep

OnResult = Callable[[dict[str, Any]], None]


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:  # optional dependency: say how to get it
        raise SitingError(Problem("siting sweep", "dask.distributed is not installed",
                                  "pip install 'wattbit-siting[sweep]' (or pip install distributed), "
                                  "or run serially with --workers 0")) from exc
    return distributed


@contextmanager
def _client(client: Any, workers: int, scheduler: str | None) -> Iterator[Any]:
    """The client to submit to; a cluster or client made here is closed on the way out."""
    if client is not None:
        yield client
        return
    dd = _distributed()
    if scheduler is not None:
        with dd.Client(scheduler, timeout="30s", set_as_default=False) as c:
            yield c
        return
    # silence_logs: workers log connection errors while the cluster shuts down; a scenario's errors are rows
    with dd.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
            dd.Client(cluster, set_as_default=False) as c:
        yield c


def _bar(progress: bool, total: int) -> Any:
    if not progress:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn("sweep"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.description}"),
                    console=Console(stderr=True), transient=True)


def run_tasks(tasks: list[ScenarioTask], client: Any = None, workers: int = 2, scheduler: str | None = None,
              progress: bool = True, on_result: OnResult | None = None,
              timeout_s: float | None = None) -> pd.DataFrame:
    """Run ``tasks`` (see :func:`run_sweep`) and return their rows sorted by scenario id."""
    rows: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    with _bar(progress, len(tasks)) as bar:
        job = bar.add_task("", total=len(tasks)) if bar is not None else None

        def done(row: dict[str, Any]) -> None:
            rows.append(row)
            counts[row["status"]] += 1
            if bar is not None:
                bar.update(job, advance=1, description=f"{row['scenario_id']} {row['status']}  "
                           + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
            if on_result is not None:
                on_result(row)

        if workers == 0 and client is None and scheduler is None:
            for task in tasks:
                done(run_task(task))
        else:
            if workers < 1 and client is None and scheduler is None:
                raise SitingError(Problem("siting sweep", f"workers must be >= 0, got {workers}",
                                          "use --workers 0 (serial) or a positive number"))
            dd = _distributed()
            with _client(client, workers, scheduler) as c:
                by_key = {}
                futures = []
                for task in tasks:
                    fut = c.submit(run_task, task, key=f"sweep-{task.scenario_id}-{_token(task)}", pure=True,
                                   retries=2)
                    by_key[fut.key] = task
                    futures.append(fut)
                try:
                    for fut in dd.as_completed(futures, loop=c.loop, timeout=timeout_s):
                        task = by_key[fut.key]
                        if fut.status == "finished":
                            done(fut.result())
                        else:  # the task itself never raises: this is the cluster giving up on it
                            exc = fut.exception() if fut.status == "error" else None
                            reason = f"dask: {type(exc).__name__}: {exc}" if exc else f"dask: task {fut.status}"
                            done(failed_row(task, "failed", " ".join(reason.split())))
                finally:
                    for fut in futures:
                        fut.release()
    return as_table(rows)


def as_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a DataFrame sorted by scenario id; counts and years as nullable integers."""
    table = pd.DataFrame(rows)
    for col in ("n_gx_regions", "last_year"):
        if col in table:
            table[col] = table[col].astype("Int64")
    return table.sort_values("scenario_id", kind="stable").reset_index(drop=True)


def _token(task: ScenarioTask) -> str:
    from dask.base import tokenize

    return tokenize(task.scenario_id, task.base, task.base_dir, task.overrides, task.fixed, task.runs_dir)


def run_sweep(spec_or_path: SweepSpec | str | Path, client: Any = None, workers: int = 2,
              scheduler: str | None = None, progress: bool = True, time_limit_s: float | None = None,
              runs_dir: Path | None = None, on_result: OnResult | None = None,
              timeout_s: float | None = None) -> pd.DataFrame:
    """Run every scenario of a sweep; one row per scenario, sorted by scenario id.

    Parameters
    ----------
    spec_or_path
        A sweep file (TOML) or a :class:`~siting.sweep.spec.SweepSpec` from :func:`load_sweep`.
    client
        An existing ``dask.distributed.Client`` to submit to (left open).
    workers
        Worker processes of the LocalCluster made when neither ``client`` nor ``scheduler`` is given;
        ``0`` runs serially in this process.
    scheduler
        Address of a running dask scheduler, e.g. ``tcp://127.0.0.1:8786``.
    progress
        Show a progress bar on stderr.
    time_limit_s
        Solver time limit per scenario, s (beats the sweep file's ``time_limit_s``).
    runs_dir
        If given, each scenario's run folder is written to ``runs_dir/<scenario id>``.
    on_result
        Called with each row as it arrives (in completion order).
    timeout_s
        Give up waiting for results after this many seconds (``TimeoutError``).
    """
    spec = spec_or_path if isinstance(spec_or_path, SweepSpec) else load_sweep(spec_or_path)
    tasks = spec.tasks(time_limit_s=time_limit_s, runs_dir=runs_dir)
    return run_tasks(tasks, client=client, workers=workers, scheduler=scheduler, progress=progress,
                     on_result=on_result, timeout_s=timeout_s)
