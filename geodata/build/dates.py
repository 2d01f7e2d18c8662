"""The ``as_of`` of every bundled row: the date its facts were true, as precise as the source allows.

Rules (``geodata/README.md``, common conventions):

- A fact table's ``as_of`` (or ``status_as_of``, ``data_date``) column is taken as it is.
- A source that gives no date: :data:`READ`, the month its stored copy was read for the compilation. The
  stored copies of public pages end in February 2026 (``geodata/sources/facts/README.md``); a fact from an
  undated page was true then at the latest.
- Layers derived from one dataset take that dataset's date (MLIT N03 boundaries, the OSM grid extract); modelled
  rows take the date of the facts they are calibrated on.
"""

from __future__ import annotations

import pandas as pd

#: The month the stored copies of undated sources were read (as_of of an undated fact).
READ = "2026-02"
#: MLIT 国土数値情報 N03 administrative boundaries (prefectures, municipalities, coastline).
N03 = "2021-01-01"
#: OpenStreetMap power objects as extracted by ComplexNetTSP/Power_grids (Japan files of January 2017).
OSM = "2017-01"
#: OCCTO's demand forecast of 2025-01-22 (+6.16 GW of data-centre peak load by FY2034) behind the demand layer.
OCCTO_DEMAND = "2025-01-22"
#: Reinforcement cost anchors (geodata/sources/facts/grid_costs.csv, by the keys of GRID_COST_SOURCES): Kansai
#: T&D's programme (A2, 2025-07), TEPCO PG's 18 substations (A1, 2025), TEPCO PG Inzai (A3, 2025-07-31).
COST_ANCHOR = {"A1": "2025", "A2": "2025-07", "A3": "2025-07-31"}
#: Industrial-water systems outside industrial_water.csv (site_tables.EXTRA_WATER), dated by their source.
EXTRA_WATER = {"w-toh-soma": READ, "w-toh-mutsu-ogawara": "2024-04", "w-shk-saijo-kurose": "2025-06",
               "w-oki-nakagusuku": READ}


def dated(values: pd.Series) -> pd.Series:
    """ISO dates as text; an empty cell (undated source) becomes :data:`READ`."""
    text = values.astype("string").str.strip()
    return text.where(text.notna() & (text != ""), READ).astype(object)


def water_as_of(facts: pd.DataFrame, water_ids: dict[str, str]) -> dict[str, str]:
    """``as_of`` per water_id: ``data_date`` of industrial_water.csv rows (by ``system_name_en``), else
    :data:`EXTRA_WATER`."""
    out = dict(zip(facts["system_name_en"].map(water_ids), dated(facts["data_date"]), strict=True))
    return {**EXTRA_WATER, **out}
