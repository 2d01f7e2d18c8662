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
from siting.sweep.spec import ScenarioTask, SweepError, SweepSpec, load_sweep

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
        with _connect(dd, scheduler) as c:
            yield c
        return
    # silence_logs: workers log connection errors while the cluster shuts down; a scenario's errors are rows
    with dd.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
            dd.Client(cluster, set_as_default=False) as c:
        yield c


#: Seconds to wait for a scheduler given by address before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5


def _connect(dd: Any, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``; unreachable or malformed, a user error (exit 2) within
    :data:`CONNECT_TIMEOUT_S` naming the address."""
    try:
        return dd.Client(scheduler, timeout=f"{CONNECT_TIMEOUT_S}s", set_as_default=False)
    except Exception as exc:  # refused, silent, malformed, or something else answering (not a dask scheduler)
        raise _unreachable(scheduler, exc) from None


def _unreachable(scheduler: str, exc: BaseException) -> SweepError:
    why = " ".join(str(exc).split()) or type(exc).__name__
    return SweepError(Problem("--scheduler", f"cannot reach the dask scheduler at {scheduler} within "
                              f"{CONNECT_TIMEOUT_S} s ({why[:160]})",
                              "start it first (`dask scheduler` prints its address, e.g. tcp://HOST:8786) and "
                              "check the host, port and firewall; or leave out --scheduler to run on local workers"))


def check_scheduler(scheduler: str) -> None:
    """Say at once (before any layer is loaded) when nothing listens at a ``tcp://`` or ``tls://`` scheduler
    address: a refused connection fails immediately, a silent host after :data:`CONNECT_TIMEOUT_S`."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if parts.scheme not in ("tcp", "tls"):
        return  # other transports: the client's own connection says
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise _unreachable(scheduler, exc) from None
    if not host or port is None:
        raise _unreachable(scheduler, ValueError("the address has no host:port"))
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise _unreachable(scheduler, exc) from None


class WorkerWatch:
    """The workers a cluster had while the sweep ran: those gone by the end were lost (killed, out of memory,
    restarted by their nanny under a new address), those that came later joined (restarts, scaling). Their
    tasks run again elsewhere (``retries=2``); the end of the sweep says what happened."""

    def __init__(self, client: Any):
        self.client = client
        self.now: dict[str, str] = {}
        self.first: dict[str, str] = {}
        self.seen: dict[str, str] = {}
        self.poll()
        self.first = dict(self.seen)

    def poll(self) -> None:
        try:
            workers = self.client.scheduler_info(n_workers=-1)["workers"]
        except Exception:  # a scheduler busy or gone: the rows say what became of the tasks
            return
        self.now = {addr: str(info.get("name", addr)) for addr, info in workers.items()}
        self.seen.update(self.now)

    def report(self) -> dict[str, list[str]]:
        self.poll()
        lost = [f"{name} ({addr})" for addr, name in sorted(self.seen.items()) if addr not in self.now]
        joined = [f"{name} ({addr})" for addr, name in sorted(self.seen.items()) if addr not in self.first]
        return {"workers_lost": lost, "workers_joined": joined}


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
    """Run ``tasks`` (see :func:`run_sweep`) and return their rows sorted by scenario id; on dask, the table's
    ``attrs`` say which workers were lost and which joined (:class:`WorkerWatch`)."""
    rows: list[dict[str, Any]] = []
    workers_seen: dict[str, list[str]] = {}
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
                watch = WorkerWatch(c)
                by_key = {}
                futures = []
                for task in tasks:
                    fut = c.submit(run_task, task, key=f"sweep-{task.scenario_id}-{_token(task)}", pure=True,
                                   retries=2)
                    by_key[fut.key] = task
                    futures.append(fut)
                try:
                    for fut in dd.as_completed(futures, loop=c.loop, timeout=timeout_s):
                        watch.poll()
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
                workers_seen = watch.report()
    table = as_table(rows)
    table.attrs.update(workers_seen)
    return table


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
