"""Connections only to eligible substations of the site's own grid area, over land: hand-made layers whose
optimum is worked out in each docstring."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from siting.bundled import reference_scenario
from siting.candidates.arc_rules import ineligible_counts
from siting.pipeline import run_scenario
from siting.scenario import scenario_from_dict

PREFECTURES = str(reference_scenario().parent.parent / "geodata" / "prefectures.geojson")


def layers(tmp_path: Path, land: list[dict], subs: list[dict]) -> dict[str, str]:
    """Write the land, substation and demand CSVs (one Osaka node, 100 IT MW in 2028, 2030, 2034)."""
    pd.DataFrame(land).assign(status="industrial-park", source="hand-made").to_csv(tmp_path / "land.csv",
                                                                                  index=False)
    pd.DataFrame(subs).assign(headroom_is_estimate=True, source="hand-made").to_csv(tmp_path / "subs.csv",
                                                                                   index=False)
    pd.DataFrame([{"node_id": "osaka", "name": "Osaka", "it_mw_2028": 100, "it_mw_2030": 100, "it_mw_2034": 100,
                   "lon": 135.49, "lat": 34.70, "source": "hand-made"}]).to_csv(tmp_path / "demand.csv", index=False)
    return {"land": str(tmp_path / "land.csv"), "substations": str(tmp_path / "subs.csv"),
            "demand": str(tmp_path / "demand.csv")}


def scenario(files: dict[str, str], **extra: object):  # type: ignore[no-untyped-def]
    data = {"name": "arc-rules", "layers": files,
            "years": {"decision_year": 2026, "planning": [2028, 2030, 2034], "end_year": 2036},
            "demand": {"pue": 1.0, "pue_dry": 1.0},
            "candidates": {"connection_cost_jpy_per_km": {"220": 0.0, "275": 0.0},
                           "connection_fixed_jpy": {"220": 3e9, "275": 5e9},
                           "connection_radius_km": {"220": 50.0, "275": 50.0}, "connection_lead_years": 3.0,
                           "connection_lead_years_per_km": 0.0, "max_arcs_per_site": 3},
            "network": {"latency_limit_ms": 50.0, "fibre_cost_jpy_per_mw_km_year": 0.0},
            "policy": {"max_regions": 1, "min_region_mw": 0.0, "max_area_share": 1.0, "region_fixed_cost_jpy": 10e9},
            "weights": {"delay_jpy_per_mw_year": 0.5e9, "discount_rate": 0.0},
            "solver": {"time_limit_s": 30, "mip_gap": 1e-6, "threads": 1}}
    data.update(extra)
    return scenario_from_dict(data)


def test_no_arc_across_a_grid_area_border_or_to_an_ineligible_substation(tmp_path: Path) -> None:
    """An Okayama site (Chugoku area) has three substations within 50 km, all with 500 MW of headroom: a railway
    traction station 3 km away (ineligible), a Shikoku station 22 km across the Seto Inland Sea (another TSO), and
    a Chugoku station 30 km inland. Only the last is an arc. Optimum: designation 10 + connection 5 (275 kV) bn
    JPY; the connection is in service from 2030 (3 years), so 2028's 100 MW wait 2 years: 100 bn JPY of delay,
    the unavoidable floor. 115 bn JPY, 15 avoidable."""
    files = layers(tmp_path,
                   [{"site_id": "O", "name": "Okayama test park", "area_ha": 50, "pref_code": "33",
                     "lon": 133.93, "lat": 34.55}],
                   [{"substation_id": "R1", "name": "JR test traction", "voltage_kv": 220, "area": "Chugoku",
                     "headroom_mw": 500, "lon": 133.96, "lat": 34.56, "eligible": False,
                     "ineligible_reason": "railway-traction"},
                    {"substation_id": "K1", "name": "Kagawa test", "voltage_kv": 275, "area": "Shikoku",
                     "headroom_mw": 500, "lon": 133.95, "lat": 34.35, "eligible": True},
                    {"substation_id": "C1", "name": "Chugoku test", "voltage_kv": 275, "area": "Chugoku",
                     "headroom_mw": 500, "lon": 133.93, "lat": 34.82, "eligible": True}])
    run = run_scenario(scenario(files))
    arcs = run.candidates.arcs
    assert arcs["substation_id"].tolist() == ["C1"]
    assert run.candidates.arcs_removed == {"other grid area": 1, "ineligible substation": 1, "sea crossing": 0,
                                           "arcs without the rules": 3}
    conns = run.results.connections
    assert conns[["site_id", "substation_id", "site_area", "substation_area", "built"]].values.tolist() == [
        ["O", "C1", "Chugoku", "Chugoku", True]]
    s = run.results.summary
    assert s["objective_jpy"] == pytest.approx(115e9, rel=1e-6)
    assert s["unavoidable_delay_jpy"] == pytest.approx(100e9, rel=1e-6)
    assert s["avoidable_cost_jpy"] == pytest.approx(15e9, rel=1e-6)
    assert any("connection rules removed 2 of the 3 arcs" in n for n in run.checks.notes)
    assert ineligible_counts(run.layers["substations"]) == {"railway-traction": 1}


def test_no_arc_across_a_bay(tmp_path: Path) -> None:
    """A Kisarazu site (Chiba) and a Kawasaki substation 16 km away across Tokyo Bay, both in the Tokyo area: the
    line would cross more than 5 km of sea, so the farther inland Chiba station (24 km) is the only arc."""
    files = layers(tmp_path,
                   [{"site_id": "K", "name": "Kisarazu test park", "area_ha": 50, "pref_code": "12",
                     "lon": 139.93, "lat": 35.38}],
                   [{"substation_id": "W1", "name": "Kawasaki test", "voltage_kv": 275, "area": "Tokyo",
                     "headroom_mw": 500, "lon": 139.76, "lat": 35.49},
                    {"substation_id": "E1", "name": "Chiba test", "voltage_kv": 275, "area": "Tokyo",
                     "headroom_mw": 500, "lon": 140.10, "lat": 35.55}])
    files["prefectures"] = PREFECTURES
    run = run_scenario(scenario(files))
    assert run.candidates.arcs["substation_id"].tolist() == ["E1"]
    assert run.candidates.arcs_removed["sea crossing"] == 1
