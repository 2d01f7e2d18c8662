r"""Each region's share of the objective's cost terms, so that the regions' rows add up to the objective.

* **designation**: :math:`F_g z_g`;
* **connection**: :math:`\sum_{a \text{ of } g} c_a v_a` (a connection belongs to one site, so to one region);
* **reinforcement**: a step at substation b serves every region drawing on b, so its cost is split by the grid MW
  each region draws there: region g pays :math:`\sum_b s_{g,b} \sum_{k \in K(b) \text{ built}} C_k
  \delta_{t_k}` (:math:`\delta_{t_k}` the discount factor of the step's first year in service, as in the
  objective), with :math:`s_{g,b} = F_{g,b} / \sum_{g'} F_{g',b}` and
  :math:`F_{g,b} = \sum_t \sum_{a \text{ of } g \text{ at } b} f_{a,t}` (grid MW drawn, summed over the years).
  ``reinforcement_pv_jpy`` is the share of the objective's term (discounted to the decision year);
  ``reinforcement_jpy`` the same share of the steps' undiscounted costs (what is built). A substation whose steps
  are built but where no region draws (possible only for a plan inside the gap) splits them equally among the
  regions with a built connection to it, and else leaves them ``unallocated``;
* **fibre**: :math:`\sum_{p \text{ of } g} c_p \, dur_t \, y_{p,t}`.

Delay is national (a node's unserved demand belongs to no region) and stays out of the rows.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from siting.model.data import ModelData
from siting.results.values import value
from siting.units import FLOAT_EPS, is_on

COLUMNS = ("designation_jpy", "connection_cost_jpy", "reinforcement_cost_jpy", "reinforcement_pv_jpy",
           "fibre_cost_jpy")



def _step_costs(m: pyo.ConcreteModel, d: ModelData) -> tuple[np.ndarray, np.ndarray]:
    """Per substation: the undiscounted cost of its built steps, and their discounted cost as in the objective."""
    n_t = len(d.years)
    paid = [d.discount(t) - (d.discount(t + 1) if t + 1 < n_t else 0.0) for t in range(n_t)]
    built = np.zeros(len(d.substation_ids))
    present = np.zeros(len(d.substation_ids))
    for k, t in d.index().step_time:
        r = value(m.r[k, t])
        present[d.step_sub[k]] += d.step_cost_jpy[k] * paid[t] * r
        if t == n_t - 1:
            built[d.step_sub[k]] += d.step_cost_jpy[k] * r
    return built, present


def region_costs(m: pyo.ConcreteModel, d: ModelData) -> tuple[pd.DataFrame, dict[str, float]]:
    """One row per region (``region_id`` and :data:`COLUMNS`, JPY) and what no region took (``unallocated``)."""
    n_g = len(d.region_ids)
    out = {c: np.zeros(n_g) for c in COLUMNS}
    out["designation_jpy"] = np.array([d.region_fixed_cost_jpy[g] * value(m.z[g]) for g in range(n_g)])
    dur = d.dur_years
    for p in range(len(d.pair_node)):
        g = d.site_region[d.pair_site[p]]
        out["fibre_cost_jpy"][g] += d.pair_cost_jpy_per_mw_year[p] * sum(dur[t] * value(m.y[p, t])
                                                                         for t in range(len(d.years)))
    unallocated = {"reinforcement_cost_jpy": 0.0, "reinforcement_pv_jpy": 0.0}
    if d.grid:
        ix = d.index()
        for a in range(len(d.arc_site)):
            out["connection_cost_jpy"][d.site_region[d.arc_site[a]]] += d.arc_cost_jpy[a] * value(m.v[a])
        drawn: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        linked: dict[int, set[int]] = defaultdict(set)
        for a, t in ix.arc_time:
            g, b = d.site_region[d.arc_site[a]], d.arc_sub[a]
            drawn[b][g] += value(m.f[a, t])
            if is_on(m.v[a].value):
                linked[b].add(g)
        built, present = _step_costs(m, d)
        for b in np.nonzero(present > 0)[0].tolist():
            total = sum(drawn[b].values())
            if total > FLOAT_EPS:
                shares = {g: f / total for g, f in drawn[b].items()}
            elif linked[b]:
                shares = dict.fromkeys(linked[b], 1.0 / len(linked[b]))
            else:
                unallocated["reinforcement_cost_jpy"] += built[b]
                unallocated["reinforcement_pv_jpy"] += present[b]
                continue
            for g, share in shares.items():
                out["reinforcement_cost_jpy"][g] += share * built[b]
                out["reinforcement_pv_jpy"][g] += share * present[b]
    table = pd.DataFrame({"region_id": d.region_ids, **out})
    return table, unallocated
