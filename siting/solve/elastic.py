"""Explain an infeasible siting model: which constraint families, regions and years must give way, by how much.

When HiGHS proves the model infeasible, every row of the families that can conflict gets a priced,
non-negative slack (an *elastic* relaxation), the plan's costs are switched off, and the total slack is
minimised. Whatever slack stays positive is the least the data or rules must give: "minimum region size of
pref-01 by 300 MW in 2034". Slack prices are per unit of each family (MW, GWh, m3/day); families measured in
larger units are priced down so one MW-equivalent weighs the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyomo.environ as pyo

from siting.i18n import violation_ja
from siting.model.data import ModelData
from siting.model.linear import at_most, lin
from siting.solve.highs import PersistentSolver, SolveOptions

#: (constraint component, family label, unit, price per unit, how to name an index)
_Name = Callable[[ModelData, Any], str]


def _year(d: ModelData, t: int) -> str:
    return str(d.years[t])


_FAMILIES: tuple[tuple[str, str, str, float, _Name], ...] = (
    ("region_size", "minimum region size", "MW", 1.0, lambda d, g: f"region {d.region_ids[g]}"),
    ("region_count", "maximum number of regions", "regions", 1000.0, lambda d, _i: "national"),
    ("site_land", "site land", "MW", 1.0, lambda d, i: f"site {d.site_ids[i[0]]} in {_year(d, i[1])}"),
    ("connection_draw", "connection", "MW", 1.0, lambda d, i: f"site {d.site_ids[i[0]]} in {_year(d, i[1])}"),
    ("headroom", "substation headroom", "MW", 1.0,
     lambda d, i: f"substation {d.substation_ids[i[0]]} in {_year(d, i[1])}"),
    ("decarbonised", "decarbonised supply", "GWh/yr", 1.0 / 8.76,
     lambda d, i: f"area {d.area_ids[i[0]]} in {_year(d, i[1])}"),
    ("water", "industrial water", "m3/day", 1.0 / 43.0, lambda d, w: f"water system {d.water_ids[w]}"),
    ("area_share", "area share", "MW", 1.0, lambda d, i: f"area {d.area_ids[i[0]]} in {_year(d, i[1])}"),
    ("demand_balance", "demand (no unserved demand allowed)", "MW", 1.0,
     lambda d, i: f"node {d.node_ids[i[0]]} in {_year(d, i[1])}"),
)


#: Rows that only tighten the LP: implied by the rules for every plan that keeps them. Once a rule may give way
#: they are no longer implied and would take its place (kept, the headroom-cover and link rows hold the flows to
#: the headroom where the headroom row has a slack, and the blame fell on "connection", a site drawing less
#: than it hosts); they are switched off for the explanation.
IMPLIED_ROWS = ("capacity_cover", "region_cover", "pair_link", "demand_link", "headroom_cover_connection",
                "headroom_cover_region", "headroom_link", "headroom_link_z", "headroom_link_r")


def _rules_only(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Switch off :data:`IMPLIED_ROWS` and give each connection its physical limit (the site's largest grid draw:
    dry-cooled, beyond committed capacity) instead of the tight big-M, which repeats the headroom its substation
    can reach."""
    for name in IMPLIED_ROWS:
        comp = getattr(m, name, None)
        if comp is not None:
            comp.deactivate()
    if hasattr(m, "connection_capacity"):
        for (a, t), con in m.connection_capacity.items():
            con.set_value(at_most(lin((1.0, -d.max_draw_mw(d.arc_site[a], t)), (m.f[a, t], m.v[a])), 0.0))


@dataclass
class Violation:
    family: str
    where: str
    amount: float
    unit: str

    def __str__(self) -> str:
        return f"{self.family} must give way: {self.where} by {self.amount:,.1f} {self.unit}"

    def text(self, lang: str) -> str:
        """The violation in ``lang`` (``ja`` or ``en``)."""
        if lang != "ja":
            return str(self)
        return violation_ja(self.family, self.where, f"{self.amount:,.1f} {self.unit}")


def explain_infeasibility(m: pyo.ConcreteModel, d: ModelData, options: SolveOptions | None = None,
                          limit: int = 12) -> list[Violation]:
    """Relax the model in place with priced slacks, solve, and list the largest violations.

    The model is changed (its objective replaced); use it only for the explanation.
    """
    _rules_only(m, d)
    m.elastic_slacks = pyo.VarList(domain=pyo.NonNegativeReals)
    owners: list[tuple[pyo.Var, str, str, float, str]] = []
    for comp_name, label, unit, price, name in _FAMILIES:
        comp = getattr(m, comp_name, None)
        if comp is None:
            continue
        for idx, con in comp.items():
            if not con.active:
                continue
            body, lo, up = con.body, con.lower, con.upper
            plus = m.elastic_slacks.add() if up is not None else None
            minus = m.elastic_slacks.add() if lo is not None else None
            new_body = body - (plus if plus is not None else 0) + (minus if minus is not None else 0)
            con.set_value((lo, new_body, up))
            where = name(d, idx)
            for var in (plus, minus):
                if var is not None:
                    owners.append((var, label, where, price, unit))
    for obj in m.component_objects(pyo.Objective, active=True):
        obj.deactivate()
    m.elastic_objective = pyo.Objective(expr=sum(price * var for var, _l, _w, price, _u in owners),
                                        sense=pyo.minimize)
    solver = PersistentSolver(m, options or SolveOptions(time_limit_s=60, mip_gap=1e-6))
    result = solver.solve()
    if not result.has_solution:
        return []
    found = [Violation(label, where, float(var.value), unit) for var, label, where, _p, unit in owners
             if (var.value or 0.0) > 1e-6]
    found.sort(key=lambda v: -v.amount)
    return found[:limit]
