"""Portfolio jobs in the background: one at a time, in a child process, with progress and a cancel that stops
HiGHS the way Ctrl+C does.

A job runs :func:`siting.proposals.portfolio.evaluate_portfolio` -- the national model solved with the proposals,
then each proposal forced in and out -- in a child process started with ``spawn`` (a fresh interpreter: no
HiGHS thread pool or lock copied from the app). The child loads the scenario's layers itself and reports every
step through a pipe (``tick`` of :func:`evaluate_portfolio`: the national optimum, then each re-solve).

Cancel sends the child SIGINT, which is Ctrl+C to it: :meth:`siting.solve.highs.PersistentSolver.run` catches
the KeyboardInterrupt and calls ``cancelSolve``, so HiGHS stops at its next check (seconds at most) and the
child reports ``cancelled`` at the next step instead of going on. Only if the child has not ended
``grace_s`` seconds after the signal is it terminated. One worker thread in the app feeds the child one job
at a time (two cores: a second solve beside the first would slow both).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from siting.proposals.portfolio import Portfolio
from siting.proposals.read import Proposals
from siting.scenario import Scenario
from siting.serve.workspace import new_id

FINAL = ("done", "cancelled", "failed")


@dataclass
class Job:
    """A portfolio job and its progress (``done`` of ``total`` steps: the national optimum, then one per
    proposal)."""

    id: str
    evaluation_id: str
    total: int
    ids: list[str]
    state: str = "queued"  # queued, running, done, cancelled, failed
    stage: str = "queued"  # queued, preparing, national, forced_in, forced_out, then the final state
    done: int = 0
    proposal: str | None = None
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    errors: list[str] = field(default_factory=list)
    version: int = 0
    cancel_requested: bool = False

    @property
    def final(self) -> bool:
        return self.state in FINAL

    def snapshot(self) -> dict[str, Any]:
        end = self.finished or time.monotonic()
        return {"id": self.id, "evaluation": self.evaluation_id, "state": self.state, "stage": self.stage,
                "done": self.done, "total": self.total, "proposal": self.proposal, "errors": list(self.errors),
                "elapsed_s": round(end - (self.started or end), 1), "version": self.version}


def _stage(message: str, done: int) -> str:
    if done == 0:
        return "national"
    return "forced_in" if message.endswith("forced in") else "forced_out"


def portfolio_child(sc: Scenario, props: Proposals, conn: Connection) -> None:
    """The child process: load the layers, run :func:`evaluate_portfolio`, send progress and the result.

    Messages: ``("progress", message, done)``, then one of ``("done", Portfolio)``, ``("cancelled",)``,
    ``("failed", [lines])``."""
    cancelled = False

    def on_sigint(_signum: int, _frame: Any) -> None:
        nonlocal cancelled
        cancelled = True
        raise KeyboardInterrupt  # what Ctrl+C raises: PersistentSolver.run turns it into cancelSolve

    signal.signal(signal.SIGINT, on_sigint)
    try:
        from siting.errors import SitingError
        from siting.layers.load import load_layers
        from siting.proposals.portfolio import evaluate_portfolio

        conn.send(("progress", "preparing", -1))
        layers = load_layers(sc)

        def tick(message: str, done: int) -> None:
            if cancelled:  # HiGHS stopped early: go no further
                raise KeyboardInterrupt
            conn.send(("progress", message, done))

        try:
            result = evaluate_portfolio(layers, props, sc, tick)
        except SitingError as exc:
            conn.send(("cancelled",) if cancelled else ("failed", [str(p) for p in exc.problems]))
            return
        conn.send(("cancelled",) if cancelled else ("done", result))
    except KeyboardInterrupt:
        conn.send(("cancelled",))
    except Exception as exc:  # a bug: one line, as the CLI says it
        conn.send(("failed", [f"internal error: {type(exc).__name__}: {exc} (this is a bug; please report it)"]))
    finally:
        conn.close()


class JobRunner:
    """The queue of portfolio jobs and the one thread that runs them (see the module docstring)."""

    def __init__(self, sc: Scenario, on_done: Callable[[Job, Portfolio], None], grace_s: float = 15.0):
        self.sc = sc
        self.on_done = on_done
        self.grace_s = grace_s
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, Proposals] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._thread = threading.Thread(target=self._loop, name="portfolio-jobs", daemon=True)
        self._thread.start()

    def submit(self, evaluation_id: str, props: Proposals) -> Job:
        """Queue the portfolio job of an evaluation (its unfinished job if it has one)."""
        with self._lock:
            for job in self._jobs.values():
                if job.evaluation_id == evaluation_id and not job.final:
                    return job
            ids = [str(p) for p in props.proposals["proposal_id"]]
            job = Job(new_id(), evaluation_id, len(ids) + 1, ids)
            self._jobs[job.id] = job
        self._queue.put((job, props))
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def latest(self, evaluation_id: str) -> Job | None:
        jobs = [j for j in self._jobs.values() if j.evaluation_id == evaluation_id]
        return max(jobs, key=lambda j: j.created) if jobs else None

    def _update(self, job: Job, **changes: Any) -> None:
        with self._lock:
            for k, v in changes.items():
                setattr(job, k, v)
            job.version += 1

    def cancel(self, job_id: str) -> Job | None:
        """Ask a job to stop: a queued job is dropped, a running one gets Ctrl+C (SIGINT)."""
        job = self._jobs.get(job_id)
        if job is None or job.final:
            return job
        self._update(job, cancel_requested=True)
        if job.state == "queued":
            self._update(job, state="cancelled", stage="cancelled", finished=time.monotonic())
        elif self._pid is not None:
            self._signal(signal.SIGINT)
        return job

    def _signal(self, sig: int) -> None:
        pid = self._pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def shutdown(self) -> None:
        """Cancel every job and wait for the running one to end (the app is closing)."""
        for job in list(self._jobs.values()):
            self.cancel(job.id)
        self._queue.put(None)
        self._thread.join(timeout=self.grace_s + 10)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, props = item
            if job.final:
                continue
            try:
                self._run(job, props)
            except Exception as exc:  # the runner itself must outlive any job
                self._update(job, state="failed", stage="failed", finished=time.monotonic(),
                             errors=[f"internal error: {type(exc).__name__}: {exc}"])

    def _run(self, job: Job, props: Proposals) -> None:
        ctx = mp.get_context("spawn")
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=portfolio_child, args=(self.sc, props, writer), name=f"portfolio-{job.id}",
                           daemon=True)
        self._update(job, state="running", stage="preparing", started=time.monotonic())
        proc.start()
        writer.close()
        self._pid = proc.pid
        if job.cancel_requested:
            self._signal(signal.SIGINT)
        outcome: tuple[Any, ...] | None = None
        try:
            outcome = self._follow(job, proc, reader)
        finally:
            self._pid = None
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
            reader.close()
        self._finish(job, outcome, proc.exitcode)

    def _follow(self, job: Job, proc: Any, reader: Connection) -> tuple[Any, ...] | None:
        """Relay the child's messages until its result; escalate a cancel the child does not answer."""
        signalled: float | None = None
        while True:
            if job.cancel_requested and signalled is None:
                signalled = time.monotonic()
            if signalled is not None and time.monotonic() - signalled > self.grace_s:
                proc.terminate()
                return ("cancelled",)
            try:
                if not reader.poll(0.2):
                    if not proc.is_alive() and not reader.poll(0):
                        return None
                    continue
                msg = reader.recv()
            except (EOFError, OSError):
                return None
            if msg[0] != "progress":
                return msg
            _, message, done = msg
            if done < 0:
                self._update(job, stage="preparing")
            else:
                self._update(job, stage=_stage(message, done), done=done,
                             proposal=job.ids[done - 1] if 0 < done <= len(job.ids) else None)

    def _finish(self, job: Job, outcome: tuple[Any, ...] | None, exitcode: int | None) -> None:
        now = time.monotonic()
        if outcome is not None and outcome[0] == "done":
            self.on_done(job, outcome[1])
            self._update(job, state="done", stage="done", done=job.total, proposal=None, finished=now)
        elif job.cancel_requested or (outcome is not None and outcome[0] == "cancelled"):
            self._update(job, state="cancelled", stage="cancelled", proposal=None, finished=now)
        elif outcome is not None and outcome[0] == "failed":
            self._update(job, state="failed", stage="failed", errors=list(outcome[1]), finished=now)
        else:
            self._update(job, state="failed", stage="failed", finished=now,
                         errors=[f"portfolio: the worker process ended without a result (exit code {exitcode}) "
                                 "-- fix: run 'siting evaluate' on the file to see the error"])
