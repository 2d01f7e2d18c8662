"""OR-Library capacitated warehouse location (``cap*``) instances as siting-model data.

With one year, no grid, water or decarbonised layers and demand nodes as customers, the siting model *is*
the classic capacitated facility location problem (CFLP): each facility is a site that is its own region
(fixed cost = the region's designation cost, capacity = the site's land capacity), each customer a demand
node, and the cost of serving all of customer j from facility i becomes a per-MW fibre cost c_ij / d_j.
Unserved demand is not allowed. Solving these through :func:`siting.model.build.build_model` must give the
published optima (Beasley 1988; ``shared/data/orlib-cap/capopt.txt``).

File format (whitespace-separated tokens; lines wrap)::

    m n
    capacity_i fixed_cost_i      (m lines; capa/capb/capc write the word "capacity")
    demand_j cost_1j ... cost_mj (n blocks)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from siting.errors import InputError, Problem
from siting.model.data import ModelData


@dataclass
class OrlibInstance:
    name: str
    capacity: list[float]
    fixed_cost: list[float]
    demand: list[float]
    cost: list[list[float]]  # [customer][facility]: cost of serving all of the customer's demand


def read_orlib(path: str | Path, capacity: float | None = None) -> OrlibInstance:
    """Read an OR-Library ``cap*`` file; ``capacity`` replaces the word ``capacity`` (capa/capb/capc) or
    overrides the capacity written in the file."""
    path = Path(path)
    tokens = path.read_text().split()
    try:
        m, n = int(tokens[0]), int(tokens[1])
        pos = 2
        cap, fixed = [], []
        for _ in range(m):
            raw = tokens[pos]
            if raw.lower() == "capacity" and capacity is None:
                raise InputError(Problem(str(path), "capacities are the word 'capacity'",
                                         "give the capacity to use, e.g. --capacity 8000 (see capopt.txt)"))
            cap.append(float(capacity) if capacity is not None else float(raw))
            fixed.append(float(tokens[pos + 1]))
            pos += 2
        demand, cost = [], []
        for _ in range(n):
            demand.append(float(tokens[pos]))
            cost.append([float(t) for t in tokens[pos + 1: pos + 1 + m]])
            pos += 1 + m
    except (IndexError, ValueError) as exc:
        raise InputError(Problem(str(path), f"not an OR-Library cap file ({exc})",
                                 "give a file from OR-Library capinfo (m n, m capacity/cost lines, n blocks)")) from exc
    return OrlibInstance(path.stem, cap, fixed, demand, cost)


def orlib_model_data(inst: OrlibInstance, **switches: bool) -> ModelData:
    """The CFLP instance as :class:`ModelData` (one year, no grid; costs unscaled)."""
    m, n = len(inst.capacity), len(inst.demand)
    pair_node, pair_site, pair_cost = [], [], []
    for j in range(n):
        for i in range(m):
            pair_node.append(j)
            pair_site.append(i)
            pair_cost.append(inst.cost[j][i] / inst.demand[j] if inst.demand[j] > 0 else 0.0)
    options = {"capacity_cover_cut": True, "strong_linking": True}
    options.update(switches)
    return ModelData(
        years=[1], decision_year=0, end_year=2,
        region_ids=[f"facility-{i + 1}" for i in range(m)], region_fixed_cost_jpy=list(inst.fixed_cost),
        region_min_mw=[0.0] * m,
        site_ids=[f"facility-{i + 1}" for i in range(m)], site_region=list(range(m)), site_cap_mw=list(inst.capacity),
        node_ids=[f"customer-{j + 1}" for j in range(n)], demand_mw=[[d] for d in inst.demand],
        pair_node=pair_node, pair_site=pair_site, pair_cost_jpy_per_mw_year=pair_cost,
        pue=1.0, allow_unserved=False, delay_cost_jpy_per_mw_year=0.0, cost_scale=1.0, **options,
    )
