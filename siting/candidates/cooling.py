"""The cooling rule, shared by the model's data, the results and the proposal scorecard.

A site cools evaporatively only with industrial water from a system in reach whose spare supply is known, and
only as far as that spare supply goes (``water.m3_per_day_per_mw`` per IT MW); everything else cools dry /
closed-loop at ``demand.pue_dry``, which draws no industrial water but more grid MW and energy. A site outside
every system, or in a system whose spare is unknown (an empty ``spare_m3_per_day``), cools dry: unknown water is
never unlimited, and never a reason to drop a site either.

The model decides the split itself (:mod:`siting.model.constraints.cooling`, from :func:`water_options`); the
scorecard, which judges one proposal alone, applies :func:`split` directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from siting.scenario import Scenario
from siting.units import GWH_PER_MW_YEAR


@dataclass(frozen=True)
class WaterSource:
    """Where a site's industrial water would come from, and whether evaporative cooling may use it."""

    water_id: str | None
    spare_m3_per_day: float | None  # known spare supply, None: unknown or no system

    @property
    def evaporative(self) -> bool:
        return self.water_id is not None and self.spare_m3_per_day is not None

    def describe(self) -> str:
        if self.water_id is None:
            return "no industrial-water system in reach: dry cooling"
        if self.spare_m3_per_day is None:
            return f"{self.water_id}: spare supply unknown: dry cooling"
        return f"{self.water_id} (spare {self.spare_m3_per_day:,.0f} m3/day)"

    def describe_ja(self) -> str:
        if self.water_id is None:
            return "接続圏内に工業用水道なし：ドライ冷却"
        if self.spare_m3_per_day is None:
            return f"{self.water_id}：余裕水量が不明：ドライ冷却"
        return f"{self.water_id}（余裕 {self.spare_m3_per_day:,.0f} m3/日）"


def spare_table(water: pd.DataFrame | None) -> dict[str, float | None]:
    """Known spare supply by water system id (None where the layer leaves it empty)."""
    if water is None:
        return {}
    spare = water["spare_m3_per_day"].astype(float)
    return {w: (None if np.isnan(v) else float(v)) for w, v in zip(water["water_id"], spare, strict=True)}


def water_source(water_id: object, spares: dict[str, float | None]) -> WaterSource:
    """The source of a site whose nearest system in reach is ``water_id`` (None / NaN: none in reach)."""
    if not isinstance(water_id, str) or water_id not in spares:
        return WaterSource(None, None)
    return WaterSource(water_id, spares[water_id])


@dataclass(frozen=True)
class Split:
    """IT MW cooled each way, and what dry cooling costs beyond evaporative cooling of the same load."""

    evaporative_mw: float
    dry_mw: float
    grid_mw: float
    extra_grid_mw: float
    extra_gwh_per_year: float


def split(it_mw: float, spare_m3_per_day: float | None, sc: Scenario) -> Split:
    """Evaporative as far as the known spare supply goes, the rest dry (the rule of one site or proposal alone)."""
    wue = sc.water.m3_per_day_per_mw
    if spare_m3_per_day is None:
        evap = 0.0
    elif wue <= 0:
        evap = it_mw
    else:
        evap = min(it_mw, max(0.0, spare_m3_per_day) / wue)
    dry = it_mw - evap
    pue, pue_dry = sc.demand.pue, sc.demand.pue_dry
    extra = dry * (pue_dry - pue)
    return Split(evap, dry, evap * pue + dry * pue_dry, extra, extra * GWH_PER_MW_YEAR * sc.demand.load_factor)
