"""One evaluation: a proposals file (uploaded, or written by the app from points clicked on the map) read and
screened exactly as ``siting evaluate`` does, and what the page and the downloads need from it.

:func:`screen_file` calls :func:`siting.proposals.read.read_proposals` and
:func:`siting.proposals.scorecard.screen` on the shared layers; the rejected proposals keep their CLI error line
(:class:`siting.errors.Problem`), without the app's temporary folder in it. :func:`payload` turns the result into
plain JSON for the page; :func:`write_outputs` writes the CLI's files with
:func:`siting.proposals.report.write_evaluation`, once per language and portfolio state.
"""

from __future__ import annotations

import json
import math
import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from siting.errors import InputError, Problem
from siting.layers.load import LayerSet
from siting.maps.features import to_map_crs
from siting.maps.render import PageOptions
from siting.proposals.portfolio import Portfolio
from siting.proposals.read import Proposals, read_proposals
from siting.proposals.report import safe_name, write_evaluation
from siting.proposals.scorecard import Screening, screen, verdicts
from siting.scenario import Scenario

POINTS_FILE = "map-points.geojson"
#: The point form's fields, written into the points file as the user typed them (read like any proposal file).
POINT_FIELDS = ("proposal_id", "name", "prefecture", "site_area_ha", "requested_mw", "full_year")
METRICS = ("area", "water_ids", "land_it_mw", "in_service_year", "requested_year", "target_year_reached",
           "grid_it_mw_by_target_year", "grid_it_mw_max", "connection_cost_jpy", "reinforcement_cost_jpy",
           "substations")
PORTFOLIO = ("candidate", "selected", "delta_cost_in_jpy", "delta_cost_out_jpy", "delta_delay_in_mw_years",
             "delta_delay_out_mw_years", "status_in", "status_out", "gap_in", "gap_out", "portfolio_value_jpy",
             "rank", "screened_reason", "screened_reason_ja")


@dataclass
class Evaluation:
    """A screened proposals file and, once its job is done, its portfolio value."""

    id: str
    folder: Path
    source: str
    kind: str  # "file" or "points"
    props: Proposals
    screening: Screening | None
    problems: list[str]
    points: list[dict[str, str]] = field(default_factory=list)
    portfolio: Portfolio | None = None
    written: dict[str, Path] = field(default_factory=dict)
    serial: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, portfolio: Portfolio) -> None:
        with self.lock:
            self.portfolio = portfolio
            for folder in self.written.values():
                shutil.rmtree(folder, ignore_errors=True)
            self.written.clear()


def clean(value: Any) -> Any:
    """``value`` as plain JSON: numpy numbers as Python numbers, NaN / NA / inf as null."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return str(value) if not isinstance(value, str) else value


def screen_file(path: Path, layers: LayerSet, sc: Scenario, shown: Any) -> tuple[Proposals, Screening | None,
                                                                                  list[str]]:
    """Read and screen one proposals file as ``siting evaluate`` does.

    Raises :class:`InputError` (lines as the CLI prints them) when nothing in the file can be evaluated; a file
    whose every proposal is rejected is not an error here: its proposals are shown with their lines.
    """
    try:
        props = read_proposals(path, layers, sc)
    except InputError as exc:
        raise InputError([shown(str(p)) for p in exc.problems]) from None
    if props.proposals.empty and not props.problems:
        raise InputError(f"{path.name}: the file has no proposals -- fix: add one row per site")
    screening = screen(props, layers, sc) if not props.proposals.empty else None
    return props, screening, [shown(str(p)) for p in props.problems]


def point_file(folder: Path, points: list[dict[str, str]]) -> Path:
    """The clicked points as a GeoJSON proposals file: every field as the user wrote it, so the reader parses
    and rejects it like any file (``30万kW``, ``令和12年``...). ``lon`` / ``lat`` are already numbers."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                 "properties": {k: p.get(k, "") for k in POINT_FIELDS}} for p in points]
    path = folder / POINTS_FILE
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), "utf-8")
    return path


def _substations(screening: Screening, subs: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Per proposal: the substations in reach (nearest arc first), with whether the requested MW uses them."""
    arcs = screening.reach.arcs
    if arcs.empty:
        return {}
    near = arcs.groupby(["proposal_id", "substation_id"], sort=False)["dist_km"].min().reset_index()
    near = near.sort_values(["proposal_id", "dist_km"], kind="stable")
    used = {pid: {s.strip() for s in str(m).split(",") if s.strip()}
            for pid, m in zip(screening.metrics["proposal_id"], screening.metrics["substations"], strict=True)}
    out: dict[str, list[dict[str, Any]]] = {}
    for r in near.itertuples(index=False):
        if r.substation_id not in subs.index:
            continue
        s = subs.loc[r.substation_id]
        out.setdefault(r.proposal_id, []).append({
            "id": r.substation_id, "name": s["name"], "voltage_kv": s["voltage_kv"], "headroom_mw": s["headroom_mw"],
            "dist_km": r.dist_km, "lat": s["lat"], "lon": s["lon"],
            "used": r.substation_id in used.get(r.proposal_id, ())})
    return out


def substation_table(layers: LayerSet) -> pd.DataFrame:
    """The substations as the page shows them (name, kV, headroom, lat / lon), by ``substation_id``."""
    if "substations" not in layers:
        return pd.DataFrame(columns=["name", "voltage_kv", "headroom_mw", "lat", "lon"])
    g = layers.geo("substations").to_crs(4326)
    out = pd.DataFrame({"name": g["name"].where(g["name"].notna(), g["substation_id"]).astype(str),
                        "voltage_kv": g["voltage_kv"], "headroom_mw": g["headroom_mw"],
                        "lat": g.geometry.y.round(5), "lon": g.geometry.x.round(5)})
    out.index = g["substation_id"].astype(str)
    return out[~out.index.duplicated()]


def _proposals(ev: Evaluation, subs: pd.DataFrame, years: list[int]) -> list[dict[str, Any]]:
    props, sc = ev.props, ev.screening
    if sc is None:
        return []
    rows_of = {pid: g.drop(columns="proposal_id") for pid, g in sc.rows.groupby("proposal_id", sort=False)}
    m_by = sc.metrics.set_index("proposal_id").to_dict("index")
    v_by = verdicts(sc.rows).set_index("proposal_id").to_dict("index")
    subs_of = _substations(sc, subs)
    pf = ev.portfolio.table.set_index("proposal_id") if ev.portfolio is not None else None
    out = []
    for i, p in enumerate(props.proposals.to_dict("records")):
        pid, m, v = p["proposal_id"], m_by[p["proposal_id"]], v_by[p["proposal_id"]]
        item = {k: p[k] for k in ("proposal_id", "name", "municipality", "pref_code", "located_pref_code", "n_sites",
                                  "requested_mw", "site_area_ha", "first_year", "full_year", "notes")}
        item.update(index=i, overall=v["overall"], counts={k: v[k] for k in ("pass", "warn", "fail")},
                    failed=[c for c in str(v["failed"]).split(", ") if c],
                    criteria=rows_of[pid].to_dict("records"), metrics={k: m.get(k) for k in METRICS},
                    mw_by_year=[{"year": y, "mw": m.get(f"mw_{y}")} for y in years],
                    substations=subs_of.get(pid, []), report=i)
        if pf is not None and pid in pf.index:
            item["portfolio"] = {k: pf.at[pid, k] for k in PORTFOLIO if k in pf.columns}
        out.append(item)
    return out


def sites_geojson(ev: Evaluation) -> dict[str, Any]:
    """The proposals' sites in EPSG:4326, each with its proposal's ``index`` (no text: the page has it)."""
    sites = ev.props.sites
    if sites.empty:
        return {"type": "FeatureCollection", "features": []}
    index = {pid: i for i, pid in enumerate(ev.props.proposals["proposal_id"])}
    g = gpd.GeoDataFrame({"index": sites["proposal_id"].map(index).to_numpy()}, geometry=sites.geometry.values,
                         crs=sites.crs)
    return json.loads(to_map_crs(g, 5.0).to_json(drop_id=True))


def payload(ev: Evaluation, subs: pd.DataFrame, years: list[int]) -> dict[str, Any]:
    """Everything the page shows of an evaluation, as plain JSON."""
    rej = ev.props.rejected
    rejected = [{"proposal_id": r["proposal_id"], "row": r["row"], "field": r["field"], "line": line}
                for r, line in zip(rej.to_dict("records"), ev.problems, strict=True)]
    base = None
    if ev.portfolio is not None:
        b = ev.portfolio.base
        base = {"status": b.status, "status_text": b.describe(), "gap": b.gap,
                "objective_jpy": ev.portfolio.base_cost_jpy, "resolves": ev.portfolio.resolves}
    return clean({"id": ev.id, "source": ev.source, "kind": ev.kind, "years": years,
                  "proposals": _proposals(ev, subs, years), "rejected": rejected, "sites": sites_geojson(ev),
                  "portfolio": base})


def write_outputs(ev: Evaluation, layers: LayerSet, sc: Scenario, lang: str) -> Path:
    """The CLI's evaluation files for ``lang`` (with the portfolio once computed), written once and kept."""
    with ev.lock:
        if lang in ev.written:
            return ev.written[lang]
        if ev.screening is None:
            raise InputError(Problem(ev.source, "no proposal could be evaluated", "correct the rejected rows"))
        ev.serial += 1
        folder = ev.folder / f"out-{lang}-{ev.serial}"
        folder.mkdir()
        # the downloaded pages work where the app does, with no web access (Leaflet inlined, prefectures as base map)
        write_evaluation(folder, ev.props, ev.screening, ev.portfolio, layers, list(sc.years.planning), lang, sc.name,
                         PageOptions(offline=True))
        with zipfile.ZipFile(folder / "evaluation.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.name != "evaluation.zip":
                    zf.write(path, path.relative_to(folder).as_posix())
        ev.written[lang] = folder
        return folder


def report_path(ev: Evaluation, folder: Path, index: int) -> Path | None:
    """The report page of proposal number ``index`` in a written folder (None for no such proposal)."""
    ids = ev.props.proposals["proposal_id"]
    if not 0 <= index < len(ids):
        return None
    return folder / "reports" / f"{safe_name(str(ids.iloc[index]))}.html"
