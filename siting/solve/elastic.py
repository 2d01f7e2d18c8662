"""Explain an infeasible siting model: which constraint families, regions and years must give way, by how much.

When HiGHS proves the model infeasible, every row of the families that can conflict gets a priced,
non-negative slack (an *elastic* relaxation), the plan's costs are switched off, and the total slack is
minimised. Whatever slack stays positive is the least the data or rules must give: "minimum region size of
pref-01 by 300 MW in 2034". Slack prices are per unit of each family (MW, GWh, m3/day); families measured in
larger units are priced down so one MW-equivalent weighs the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from siting.i18n import violation_ja
from siting.model.data import ModelData
from siting.model.families import component, with_role
from siting.model.linear import RowRecord, at_most, lin
from siting.solve.highs import PersistentSolver, SolveOptions
from siting.units import GWH_PER_MW_YEAR, MW_TOL

#: Slack price of one more designated region, in MW-equivalents: the size of a GX region (about 1 GW), so that
#: the explanation loosens the count of regions only where no MW of land, grid or energy can stand in for it.
REGION_PRICE_MW = 1000.0
#: The explanation's own solve when no options are given: a minute, and a gap tight enough that the slack it
#: blames is the least one (a loose gap could blame a rule that a better plan would not loosen).
EXPLAIN_OPTIONS = SolveOptions(time_limit_s=60, mip_gap=1e-6)


def _price(unit: str, d: ModelData) -> float:
    """MW-equivalents of one unit of a rule's slack: 1 GWh a year is 1/8.76 of a MW drawn all year, and 1 m3/day of
    industrial water cools 1/wue IT MW."""
    if unit == "GWh/yr":
        return 1.0 / GWH_PER_MW_YEAR
    if unit == "m3/day":
        return 1.0 / d.water_m3_per_day_per_mw
    if unit == "regions":
        return REGION_PRICE_MW
    return 1.0


def _rules_only(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Switch off the cuts (:func:`siting.model.families.with_role`): they are implied by the rules for every plan
    that keeps them; once a rule may give way they are no longer implied and would take its place (kept, the
    headroom-cover and link rows hold the flows to the headroom where the headroom row has a slack, and the blame
    fell on "connection", a site drawing less than it hosts). Give each connection its physical limit (the site's
    largest grid draw: dry-cooled, beyond committed capacity) instead of the tight big-M, which repeats the
    headroom its substation can reach."""
    for cut in with_role("cut"):
        comp = component(m, cut.name)
        if comp is not None:
            comp.deactivate()
    capacity = component(m, "connection_capacity")
    if capacity is not None:
        for (a, t), con in capacity.items():
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
                          limit: int = 12, *, rows: RowRecord | None = None) -> list[Violation]:
    """Relax the model in place with priced slacks, solve, and list the largest violations.

    The model is changed (its objective replaced); use it only for the explanation. ``rows``: the rows its
    build recorded (the hand-off reads the rows left unchanged from them).
    """
    _rules_only(m, d)
    m.elastic_slacks = pyo.VarList(domain=pyo.NonNegativeReals)
    owners: list[tuple[pyo.Var, str, str, float, str]] = []
    for rule in with_role("rule"):
        comp = component(m, rule.name)
        if comp is None or rule.where is None:
            continue
        price = _price(rule.unit, d)
        for idx, con in comp.items():
            if not con.active:
                continue
            body, lo, up = con.body, con.lower, con.upper
            plus = m.elastic_slacks.add() if up is not None else None
            minus = m.elastic_slacks.add() if lo is not None else None
            new_body = body - (plus if plus is not None else 0) + (minus if minus is not None else 0)
            con.set_value((lo, new_body, up))
            where = rule.where(d, idx)
            for var in (plus, minus):
                if var is not None:
                    owners.append((var, rule.label, where, price, rule.unit))
    for obj in m.component_objects(pyo.Objective, active=True):
        obj.deactivate()
    m.elastic_objective = pyo.Objective(expr=sum(price * var for var, _l, _w, price, _u in owners),
                                        sense=pyo.minimize)
    solver = PersistentSolver(m, options or EXPLAIN_OPTIONS, rows=rows)
    result = solver.solve()
    if not result.has_solution:
        return []
    found = [Violation(label, where, float(var.value), unit) for var, label, where, _p, unit in owners
             if (var.value or 0.0) > MW_TOL]
    found.sort(key=lambda v: -v.amount)
    return found[:limit]
