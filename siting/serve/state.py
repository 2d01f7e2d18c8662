"""The app's state, shared by every request: scenario, layers, reference plan, evaluations and the job runner.

Layers and the reference plan are read once at start and only read afterwards. Evaluations are kept by opaque id,
the most recent :attr:`App.keep` of them (an older one's folder is removed; one with an unfinished job is kept).
Screening runs one at a time: the machine's two cores go to one piece of work, and the layers' lazily computed
parts are never computed twice at once.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from siting.errors import InputError, Problem
from siting.layers.load import LayerSet
from siting.proposals.portfolio import Portfolio
from siting.scenario import Scenario
from siting.serve.evaluation import (
    Evaluation,
    payload,
    point_file,
    screen_file,
    substation_table,
)
from siting.serve.jobs import Job, JobRunner
from siting.serve.reference import ReferencePlan, base_map
from siting.serve.workspace import ID_PATTERN, Workspace

#: The most points one set may hold (the form adds one at a time).
MAX_POINTS = 200
_COORDS = {"lon": (122.0, 154.0), "lat": (20.0, 46.0)}


@dataclass
class App:
    """Everything the routes share."""

    sc: Scenario
    layers: LayerSet
    reference: ReferencePlan
    workspace: Workspace
    keep: int = 30
    grace_s: float = 15.0
    closing: bool = False
    evaluations: OrderedDict[str, Evaluation] = field(default_factory=OrderedDict)
    runner: JobRunner = field(init=False)
    subs: pd.DataFrame = field(init=False)
    years: list[int] = field(init=False)
    base_map_json: bytes = field(init=False)
    reference_json: bytes = field(init=False)
    _screen_lock: threading.Lock = field(default_factory=threading.Lock)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.years = [int(y) for y in self.sc.years.planning]
        self.subs = substation_table(self.layers)
        self.base_map_json = json.dumps(base_map(self.layers), ensure_ascii=False).encode("utf-8")
        self.reference_json = json.dumps(self.reference.geojson(), ensure_ascii=False).encode("utf-8")
        self.runner = JobRunner(self.sc, self._attach, self.grace_s)

    # --- evaluations -----------------------------------------------------------------------------------------
    def get(self, eid: str) -> Evaluation | None:
        return self.evaluations.get(eid) if ID_PATTERN.match(eid) else None

    def _store(self, ev: Evaluation) -> None:
        with self._lock:
            self.evaluations[ev.id] = ev
            old = [e for e in self.evaluations.values() if e.id != ev.id]
            for e in old[: max(0, len(self.evaluations) - self.keep)]:
                job = self.runner.latest(e.id)
                if job is None or job.final:
                    del self.evaluations[e.id]
                    shutil.rmtree(e.folder, ignore_errors=True)

    def _screen(self, eid: str, folder: Path, path: Path, kind: str,
                points: list[dict[str, str]] | None = None) -> Evaluation:
        with self._screen_lock:
            try:
                props, screening, problems = screen_file(path, self.layers, self.sc, self.workspace.shown)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        ev = Evaluation(eid, folder, path.name, kind, props, screening, problems, list(points or []))
        self._store(ev)
        return ev

    def from_upload(self, folder: Path, path: Path, eid: str) -> Evaluation:
        """Screen an uploaded file (already stored in ``folder`` by :meth:`Workspace.receive`)."""
        return self._screen(eid, folder, path, "file")

    def from_point(self, base: str | None, point: object) -> Evaluation:
        """A new points evaluation: the points of ``base`` (a points evaluation) and one more."""
        prior = self.get(base) if base else None
        points = list(prior.points) if prior is not None and prior.kind == "points" else []
        if len(points) >= MAX_POINTS:
            raise InputError(Problem("point", f"a set holds at most {MAX_POINTS} points",
                                     "start a new set, or write the sites into a proposals file"))
        points.append(clean_point(point))
        eid, folder = self.workspace.new_folder()
        return self._screen(eid, folder, point_file(folder, points), "points", points)

    def payload(self, ev: Evaluation) -> dict[str, Any]:
        out = payload(ev, self.subs, self.years)
        job = self.runner.latest(ev.id)
        out["job"] = job.snapshot() if job is not None else None
        return out

    # --- jobs ------------------------------------------------------------------------------------------------
    def start_portfolio(self, ev: Evaluation) -> Job:
        if ev.screening is None:
            raise InputError(Problem(ev.source, "no proposal could be evaluated, so there is nothing to value",
                                     "correct the rejected rows and load the file again"))
        return self.runner.submit(ev.id, ev.props)

    def _attach(self, job: Job, portfolio: Portfolio) -> None:
        ev = self.evaluations.get(job.evaluation_id)
        if ev is not None:
            ev.attach(portfolio)

    def info(self) -> dict[str, Any]:
        return {"scenario": self.sc.name, "years": self.years, "reference": self.reference.summary(),
                "max_upload_mb": self.workspace.max_upload_bytes / 1e6}

    def close(self) -> None:
        self.closing = True
        self.runner.shutdown()
        self.workspace.cleanup()


def clean_point(point: object) -> dict[str, Any]:
    """A clicked point's fields as text (the proposal reader parses them, as it parses any file); ``lon`` and
    ``lat`` must be numbers over Japan, the only check made here."""
    if not isinstance(point, dict):
        raise InputError(Problem("point", "the request holds no point", "click the map, then add the point"))
    out: dict[str, Any] = {}
    for key, (lo, hi) in _COORDS.items():
        value = point.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= float(value) <= hi:
            raise InputError(Problem("point", f"{key} is not a number between {lo:g} and {hi:g} ({value!r})",
                                     "click a point on the map of Japan"))
        out[key] = round(float(value), 6)
    for key in ("proposal_id", "name", "prefecture", "site_area_ha", "requested_mw", "full_year"):
        value = point.get(key, "")
        out[key] = "" if value is None else str(value)[:200]
    return out

