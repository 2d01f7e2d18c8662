"""Which cooling each site uses in the plan and where its water comes from (``sites.csv``)."""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from siting.candidates.cooling import spare_table, water_source
from siting.layers.load import LayerSet
from siting.model.data import ModelData
from siting.results.values import value
from siting.units import MW_TOL


def cooling_table(m: pyo.ConcreteModel, d: ModelData, sites: pd.DataFrame, layers: LayerSet) -> pd.DataFrame:
    """Per candidate site: IT MW cooled evaporatively and dry in the last year (committed capacity counted as
    evaporative: its cooling was arranged with it), ``cooling`` (evaporative, dry, mixed; empty if the site does
    not run) and ``water_source`` (the system and its spare, or why the site cools dry)."""
    last = len(d.years) - 1
    y = d.years[last]
    spares = spare_table(layers.get("water"))
    water_of = sites.set_index("site_id")["water_id"] if "water_id" in sites.columns else pd.Series(dtype=object)
    rows = []
    for s, sid in enumerate(d.site_ids):
        total = value(m.x[s, last])
        committed = d.committed(s, last)
        if d.pue_dry is None or d.pue_dry <= d.pue:  # no cooling choice: everything counts as evaporative
            evap = total
        else:
            evap = committed + (value(m.xe[s, last]) if (s, last) in m.xe else 0.0)
        dry = max(0.0, total - evap)
        kind = "" if total <= MW_TOL else ("mixed" if evap > MW_TOL and dry > MW_TOL else "dry" if dry > MW_TOL else
                                         "evaporative")
        rows.append({"site_id": sid, f"mw_evap_{y}": evap, f"mw_dry_{y}": dry, "cooling": kind,
                     "water_source": water_source(water_of.get(sid), spares).describe()})
    return pd.DataFrame(rows, columns=["site_id", f"mw_evap_{y}", f"mw_dry_{y}", "cooling", "water_source"])
