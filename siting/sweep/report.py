"""Sweep outputs: the scenario table, the robustness of each region, the cost-delay cloud and a map.

Files (written atomically with :func:`siting.outputs.safe_folder`):

``scenarios.csv`` / ``scenarios.parquet``
    one row per scenario (inputs, status, objective terms, delay, designated regions), plus
    ``cost_delay_front``: no other solved scenario of the same demand level is at most as costly and at most
    as late, up to float noise (:mod:`siting.sweep.front`).
``robustness.csv``
    per candidate region (new regions first, today's clusters after them): scenarios in which it is
    designated, their share of the solved scenarios, and the smallest, median and largest last-year IT MW when
    designated.
``cost_delay.png``
    the cost-delay cloud of the scenarios with one non-dominated front per demand level.
``map.html``
    regions (convex hull of their candidate sites) coloured by how often they are designated.
``sweep.json``
    the sweep as resolved, status counts, versions.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from siting.maps.render import PageOptions
from siting.maps.sweep import write_map
from siting.outputs import PARTIAL, safe_folder
from siting.sweep.front import cost_delay_front, demand_level
from siting.sweep.runner import SOLVED
from siting.sweep.spec import SweepSpec
from siting.text import write_csv


def region_footprints(spec: SweepSpec) -> gpd.GeoDataFrame:
    """Candidate regions of the base scenario with a footprint: the convex hull of their screened-in sites,
    buffered by 3 km so one-site regions show (EPSG:6690). No grid area is excluded here: a sweep that varies
    ``policy.excluded_areas`` designates regions the base scenario excludes, and they need a footprint too."""
    from siting.candidates import build_candidates
    from siting.layers.load import load_layers

    sc = spec.base_scenario()
    sc = sc.model_copy(update={"policy": sc.policy.model_copy(update={"excluded_areas": []})})
    cand = build_candidates(load_layers(sc), sc)
    live = cand.sites[cand.sites["screened_reason"].isna()]
    hulls = live.dissolve(by="region_id").geometry.convex_hull.buffer(3000)
    regions = cand.regions.set_index("region_id")
    return gpd.GeoDataFrame(regions, geometry=hulls.reindex(regions.index).values, crs=cand.sites.crs).reset_index()


def _prefectures(spec: SweepSpec) -> gpd.GeoDataFrame | None:
    """The base scenario's prefecture outlines for the map (none when the scenario names no such layer)."""
    from siting.layers.load import load_layer

    ref = spec.base_scenario().layer_ref("prefectures")
    return None if ref is None else load_layer("prefectures", ref.path, ref.layer, ref.encoding).frame


def solved(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["status"].isin(SOLVED)]


def robustness(rows: pd.DataFrame, regions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per region: how often it is designated and its last-year IT MW when designated."""
    ok = solved(rows)
    mw: dict[str, list[float]] = {}
    for ids, mws in zip(ok["designated_regions"], ok["designated_mw_last_year"], strict=True):
        for rid, v in zip(str(ids).split(), str(mws).split(), strict=True):
            mw.setdefault(rid, []).append(float(v))
    known = list(regions["region_id"]) if regions is not None else []
    ids = known + sorted(set(mw) - set(known))
    n = len(ok)
    table = pd.DataFrame({
        "region_id": ids,
        "designated_count": [len(mw.get(r, [])) for r in ids],
        "scenarios_solved": n,
    })
    table["designated_share"] = table["designated_count"] / n if n else np.nan
    table["mw_last_year_min"] = [min(mw[r]) if r in mw else np.nan for r in ids]
    table["mw_last_year_median"] = [float(np.median(mw[r])) if r in mw else np.nan for r in ids]
    table["mw_last_year_max"] = [max(mw[r]) if r in mw else np.nan for r in ids]
    if regions is not None:
        info = pd.DataFrame(regions).drop(columns=["geometry"], errors="ignore")
        cols = [c for c in ("region_id", "name", "area", "existing") if c in info]
        table = info[cols].merge(table, on="region_id", how="right")
    # new regions first (the answer to the question), today's clusters after them (designated by definition)
    existing = table["existing"].fillna(False).astype(bool) if "existing" in table else pd.Series(False, table.index)
    table = table.assign(_existing=existing)
    return table.sort_values(["_existing", "designated_count", "region_id"], ascending=[True, False, True]) \
        .drop(columns="_existing").reset_index(drop=True)


def write_cost_delay_png(rows: pd.DataFrame, path: Path, title: str) -> None:
    """Scatter of cost (every term but delay) against MW-years of delay; the non-dominated front joined."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = solved(rows)
    on_front = cost_delay_front(rows)[ok.index]
    levels = demand_level(ok)
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ax.scatter(ok["mw_years_delay"], ok["cost_jpy"] / 1e9, color="#9aa7b4", zorder=2, label="scenario")
    # one front per demand level: scenarios serving different demand are never compared
    for k, (level, group) in enumerate(ok[on_front].groupby(levels[on_front], sort=True)):
        front = group.sort_values("mw_years_delay")
        ax.plot(front["mw_years_delay"], front["cost_jpy"] / 1e9, "-o", color=f"C{k}", zorder=3,
                label="non-dominated" + ("" if level == "base" else f" ({level})"))
    for r in ok.itertuples():
        ax.annotate(str(r.scenario_id), (r.mw_years_delay, r.cost_jpy / 1e9), textcoords="offset points",
                    xytext=(4, 3), fontsize=6)
    failed = len(rows) - len(ok)
    ax.set_xlabel("connection delay (MW-years of unserved IT demand)")
    ax.set_ylabel("designation + connection + reinforcement + fibre (bn JPY)")
    ax.set_title(f"Cost-delay cloud: {title} ({len(ok)} solved" + (f", {failed} without a plan)" if failed else ")"),
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _round(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    floats = out.select_dtypes("float").columns
    out[floats] = out[floats].round(6)
    return out


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns holding mixed types (e.g. a choice of numbers and strings) become text."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col].dtype) and not all(isinstance(v, str) or v is None for v in out[col]):
            out[col] = [None if v is None else str(v) for v in out[col]]
    return out


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("wattbit-siting", "pyomo", "highspy", "dask", "distributed", "pandas"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def write_sweep(rows: pd.DataFrame, out: Path, spec: SweepSpec, footprints: gpd.GeoDataFrame | None = None,
                runs_dir: Path | None = None, info: dict[str, Any] | None = None, lang: str = "ja",
                page: PageOptions | None = None) -> Path:
    """Write the sweep folder ``out`` atomically; ``runs_dir`` (per-scenario run folders) is moved inside;
    ``lang`` and ``page`` (offline or the GSI tiles) for the map."""
    table = rows.copy()
    table["cost_delay_front"] = cost_delay_front(table)
    robust = robustness(table, footprints)
    with safe_folder(out, "sweep") as tmp:
        write_csv(_round(table), tmp / "scenarios.csv")
        _parquet_safe(table).to_parquet(tmp / "scenarios.parquet", index=False)
        write_csv(_round(robust), tmp / "robustness.csv")
        write_cost_delay_png(table, tmp / "cost_delay.png", spec.name)
        if footprints is not None:
            write_map(robust, footprints, tmp / "map.html", spec.name, lang=lang, page=page,
                      prefectures=_prefectures(spec))
        meta = {"name": spec.name, "description": spec.description, "sweep_file": str(spec.path),
                "base": str(spec.base_path), "scenarios": len(table),
                "status": table["status"].value_counts().sort_index().to_dict(),
                "fixed": spec.fixed, "time_limit_s": spec.time_limit_s, **spec.design,
                **(info or {}), "versions": _versions()}
        (tmp / "sweep.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False, default=str) + "\n",
                                        encoding="utf-8")
        if runs_dir is not None and Path(runs_dir).exists():
            (Path(runs_dir) / PARTIAL).unlink(missing_ok=True)
            shutil.move(str(runs_dir), str(tmp / "runs"))
    return out
