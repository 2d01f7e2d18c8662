"""Portfolio value of each proposal: what the national optimum gains or loses with it forced in or out.

The proposals' sites join the land layer as their own candidate regions (``prop-<proposal_id>``), the
national model is built and solved ONCE, and then, for each proposal, re-solved with its designation variable
``z`` fixed to 1 (forced in) and to 0 (forced out) through the persistent solver's targeted
:meth:`~siting.solve.highs.PersistentSolver.fix_variables` -- no rebuild, no new hand-off to HiGHS. When the
optimum already selects a proposal, its forced-in solve *is* the optimum (and likewise forced out for one it
leaves out), so only the informative re-solve is run.

A proposal region's minimum size is its own capacity (requested MW, or what its land allows) when that is
below ``policy.min_region_mw``: a proposal is valued at the size it asks for.

``portfolio_value_jpy = cost(forced out) - cost(forced in)``: positive when the nation is better off with
the proposal. Each re-solve's status and gap are recorded as HiGHS returned them, and the absolute gaps (JPY)
make differences inside them ties (:mod:`siting.proposals.ranks`). A proposal that cannot be forced in
(the model is infeasible with it) gets the rules that must give way, from the elastic relaxation
(:func:`siting.solve.elastic.explain_infeasibility`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from siting.candidates import Candidates, build_candidates
from siting.candidates.build import region_table
from siting.i18n import tr
from siting.layers.load import LayerSet
from siting.model.build import build_model
from siting.model.data import ModelData
from siting.pipeline import prepare, solve
from siting.proposals.grid import land_frame
from siting.proposals.ranks import rank_within_gaps
from siting.proposals.read import Proposals
from siting.scenario import Scenario
from siting.solve.elastic import explain_infeasibility
from siting.solve.highs import PersistentSolver, SolveOptions, SolveResult
from siting.units import is_on

#: Progress: what is being solved, and how many steps are done (0: the national optimum; 1 + i: proposal i).
Tick = Callable[[str, int], None]


@dataclass
class Portfolio:
    """The unconstrained optimum and one row per proposal (see :func:`evaluate_portfolio`)."""

    base: SolveResult
    base_cost_jpy: float
    base_delay_mw_years: float
    table: pd.DataFrame
    resolves: int


def with_proposals(layers: LayerSet, props: Proposals, sc: Scenario) -> tuple[LayerSet, Candidates]:
    """The layer set with the proposal sites added to the land layer, and its candidates with each
    proposal's sites grouped into region ``prop-<proposal_id>``."""
    land = layers.layers["land"]
    extra = land_frame(props.sites, sc).to_crs(land.frame.crs)
    merged = pd.concat([land.frame, extra], ignore_index=True)
    new = LayerSet(dict(layers.layers), list(layers.warnings))
    new.layers["land"] = dataclasses.replace(land, frame=merged)
    cand = build_candidates(new, sc)
    sites = cand.sites
    is_prop = sites["proposal_id"].notna()
    sites.loc[is_prop, "region_id"] = "prop-" + sites.loc[is_prop, "proposal_id"].astype(str)
    names = dict(zip(cand.regions["region_id"], cand.regions["name"], strict=True))
    names.update({f"prop-{pid}": name for pid, name in
                  zip(props.proposals["proposal_id"], props.proposals["name"], strict=True) if isinstance(name, str)})
    cand.regions = region_table(sites[sites["screened_reason"].isna()], names)
    return new, cand


def add_committed_water(data: ModelData, props: Proposals) -> None:
    """Industrial water a municipality commits (``water_m3_per_day``) adds to the spare supply of the water
    system its proposal's sites draw on (the first, if they draw on several; a system of unknown spare then has
    at least that much); sites outside every system get a system of their own with that supply. Without it
    they cool dry (:mod:`siting.candidates.cooling`)."""
    committed = props.proposals.set_index("proposal_id")["water_m3_per_day"].fillna(0.0)
    if not data.site_water:
        data.site_water = [-1] * len(data.site_ids)
    ix = data.index()
    for g, rid in enumerate(data.region_ids):
        amount = float(committed.get(rid[5:], 0.0)) if rid.startswith("prop-") else 0.0
        if amount <= 0:
            continue
        sites = ix.sites_of_region[g]
        systems = sorted({data.site_water[s] for s in sites if data.site_water[s] >= 0})
        if systems:
            data.water_spare_m3_per_day[systems[0]] = (data.water_spare_m3_per_day[systems[0]] or 0.0) + amount
            continue
        data.water_ids.append(f"own-{rid}")
        data.water_spare_m3_per_day.append(amount)
        for s in sites:
            data.site_water[s] = len(data.water_ids) - 1
    data.idx = None  # systems and spares changed: index again


def proposal_rules(data: ModelData, cand: Candidates, props: Proposals) -> None:
    """A proposal region's minimum size is at most its own capacity, and the water its municipality commits
    adds to its system (:func:`add_committed_water`)."""
    caps = cand.regions.set_index("region_id")["cap_mw"]
    for g, rid in enumerate(data.region_ids):
        if rid.startswith("prop-"):
            data.region_min_mw[g] = min(data.region_min_mw[g], float(caps[rid]))
    add_committed_water(data, props)


def _state(m: pyo.ConcreteModel, res: SolveResult, scale: float) -> tuple[float | None, float | None]:
    if not res.has_solution:
        return None, None
    return res.objective / scale, float(pyo.value(m.delay_mw_years))  # type: ignore[operator]


def why_infeasible(data: ModelData, g: int, opts: SolveOptions) -> dict[str, str]:
    """The rules that must give way for region ``g`` to be designated (``z = 1``), from the elastic relaxation
    of a fresh copy of the model, ``;``-joined, the largest first: ``infeasible_in_because`` and its Japanese
    ``infeasible_in_because_ja``."""
    model, rows = build_model(data)
    model.z[g].fix(1.0)
    found = explain_infeasibility(model, data, opts, limit=3, rows=rows)
    if not found:
        return {"infeasible_in_because": "no rule found to give way (the explanation's solve has no plan)",
                "infeasible_in_because_ja": "緩めるべき制約を特定できません（原因分析の求解に解なし）"}
    return {"infeasible_in_because": "; ".join(v.text("en") for v in found),
            "infeasible_in_because_ja": "；".join(v.text("ja") for v in found)}


def evaluate_portfolio(layers: LayerSet, props: Proposals, sc: Scenario, tick: Tick | None = None,
                       lang: str = "en") -> Portfolio:
    """Solve the national model with the proposals once (the scenario's ``[solver]`` settings and strategy, as a
    run), then re-solve each proposal forced in and out.

    Returns
    -------
    Portfolio
        ``table`` columns: ``proposal_id``, ``region_id``, ``candidate`` (false: screened out, with
        ``screened_reason``), ``selected`` (by the unconstrained optimum), ``cost_in_jpy``, ``cost_out_jpy``,
        ``delta_cost_in_jpy`` / ``delta_cost_out_jpy`` (against the optimum), ``delta_delay_in_mw_years`` /
        ``delta_delay_out_mw_years``, ``status_in`` / ``status_out``, ``gap_in`` / ``gap_out``,
        ``abs_gap_in_jpy`` / ``abs_gap_out_jpy`` (objective - bound), ``infeasible_in_because`` (when forced in
        is infeasible: the rules that must give way), ``mw_last_forced_in``, ``portfolio_value_jpy``,
        ``value_low_jpy`` / ``value_high_jpy`` (what the gaps allow), ``rank`` (1 = most valuable; equal within
        the gaps) and ``tied_with`` (:func:`siting.proposals.ranks.rank_within_gaps`).
    """
    say = tick or (lambda _msg, _done: None)
    layers2, cand = with_proposals(layers, props, sc)
    built = prepare(sc, layers2, cand, adjust=lambda data: proposal_rules(data, cand, props))
    model, data = built.model, built.data
    say(tr("ev.national", lang), 0)
    base, solver = solve(sc, built)  # the run's own solve: [solver] settings, strategy, explanation
    base_cost, base_delay = _state(model, base, data.cost_scale)
    assert base_cost is not None and base_delay is not None
    forced = _Forced(model, data, solver, base, base_cost, base_delay,
                     min(sc.evaluation.resolve_time_limit_s, sc.solver.time_limit_s), SolveOptions.from_scenario(sc))
    rows = []
    proposed = cand.sites[cand.sites["proposal_id"].notna()].groupby("proposal_id")
    screened, screened_ja = proposed["screened_reason"].first(), proposed["screened_reason_ja"].first()
    for i, pid in enumerate(props.proposals["proposal_id"]):
        rid = f"prop-{pid}"
        row: dict[str, object] = {"proposal_id": pid, "region_id": rid, "candidate": rid in forced.pos}
        if rid not in forced.pos:
            row["screened_reason"] = screened.get(pid) or "not a candidate"
            row["screened_reason_ja"] = screened_ja.get(pid) or "候補外"
        else:
            row.update(forced.row(rid, _Say(say, pid, 1 + i, lang)))
        rows.append(row)
    return Portfolio(base, base_cost, base_delay, _ranked(pd.DataFrame(rows)), forced.resolves)


@dataclass
class _Say:
    """Progress lines of one proposal's re-solves, in ``lang``."""

    say: Tick
    pid: str
    done: int
    lang: str

    def forced(self, side: str) -> None:
        self.say(tr("ev.forced", self.lang, pid=self.pid, side=tr(f"ev.side_{side}", self.lang)), self.done)

    def why(self) -> None:
        self.say(tr("ev.why", self.lang, pid=self.pid), self.done)


class _Forced:
    """Re-solves of the national model with one proposal's region forced in or out (``z`` fixed in HiGHS)."""

    def __init__(self, model: pyo.ConcreteModel, data: ModelData, solver: PersistentSolver, base: SolveResult,
                 base_cost: float, base_delay: float, limit_s: float, options: SolveOptions) -> None:
        self.model, self.data, self.solver, self.base = model, data, solver, base
        self.base_cost, self.base_delay, self.limit_s = base_cost, base_delay, limit_s
        self.options = options
        self.z_base = {rid: is_on(model.z[g].value) for g, rid in enumerate(data.region_ids)}
        self.pos = {rid: g for g, rid in enumerate(data.region_ids)}
        self.resolves = 0

    def _mw_last(self, g: int) -> float:
        last = len(self.data.years) - 1
        return sum((self.model.x[si, last].value or 0.0) for si in self.data.index().sites_of_region[g])

    def row(self, rid: str, say: _Say) -> dict[str, object]:
        """Costs, deltas against the optimum, statuses and gaps of region ``rid`` forced in and out; the optimum
        itself stands for the side it already chose."""
        g, model = self.pos[rid], self.model
        row: dict[str, object] = {"selected": self.z_base[rid]}
        cost: float | None
        delay: float | None
        for side, value in (("in", 1.0), ("out", 0.0)):
            if self.z_base[rid] == is_on(value):
                cost, delay, res = self.base_cost, self.base_delay, self.base
                status = f"{self.base.status} (the optimum)"
                mw = self._mw_last(g) if side == "in" else 0.0
            else:
                say.forced(side)
                self.solver.fix_variables(ComponentMap([(model.z[g], value)]))
                res = self.solver.solve(time_limit_s=self.limit_s)
                self.resolves += 1
                cost, delay = _state(model, res, self.data.cost_scale)
                mw = self._mw_last(g) if (side == "in" and res.has_solution) else 0.0
                self.solver.unfix_variables([model.z[g]])
                status = res.status
                if side == "in" and status == "infeasible":
                    say.why()
                    row.update(why_infeasible(self.data, g, self.options))
            row[f"cost_{side}_jpy"] = cost
            row[f"delta_cost_{side}_jpy"] = None if cost is None else cost - self.base_cost
            row[f"delta_delay_{side}_mw_years"] = None if delay is None else delay - self.base_delay
            row[f"status_{side}"] = status
            row[f"gap_{side}"] = res.gap
            row[f"abs_gap_{side}_jpy"] = None if res.absolute_gap is None else res.absolute_gap / self.data.cost_scale
            if side == "in":
                row["mw_last_forced_in"] = mw
        return row


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """``portfolio_value_jpy`` (cost forced out - cost forced in), then ``rank`` with ties inside the re-solves'
    gaps (:func:`siting.proposals.ranks.rank_within_gaps`)."""
    for col in ("cost_in_jpy", "cost_out_jpy", "abs_gap_in_jpy", "abs_gap_out_jpy", "selected", "screened_reason",
                "screened_reason_ja", "infeasible_in_because", "infeasible_in_because_ja"):
        if col not in table:
            table[col] = np.nan
    table["portfolio_value_jpy"] = table["cost_out_jpy"] - table["cost_in_jpy"]
    return rank_within_gaps(table)
