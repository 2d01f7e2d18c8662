"""Candidate stage on the bundled layers: sparse arcs, regions by prefecture and by clustering, screening."""

from __future__ import annotations

import numpy as np
import pytest

from siting import load_layers, load_scenario
from siting.bundled import reference_scenario
from siting.candidates import build_candidates, voltage_class


@pytest.fixture(scope="module")
def reference():  # type: ignore[no-untyped-def]
    sc = load_scenario(reference_scenario())
    return sc, load_layers(sc)


def test_arcs_are_sparse_and_within_their_voltage_radius(reference) -> None:  # type: ignore[no-untyped-def]
    sc, layers = reference
    cand = build_candidates(layers, sc)
    arcs = cand.arcs
    n_sites, n_subs = len(cand.candidates), len(layers["substations"])
    assert len(arcs) <= n_sites * (sc.candidates.max_arcs_per_site + 1) < n_sites * n_subs
    radius = {float(k): v for k, v in sc.candidates.connection_radius_km.items()}
    cls = voltage_class(arcs["voltage_kv"], sorted(radius))
    assert (arcs["dist_km"].to_numpy() <= np.array([radius[c] for c in cls]) + 1e-9).all()
    assert arcs.groupby("site_id").size().max() <= sc.candidates.max_arcs_per_site + 1


def test_cluster_regions(reference) -> None:  # type: ignore[no-untyped-def]
    sc, layers = reference
    sc = load_scenario(reference_scenario(), ["candidates.region_by=cluster", "candidates.cluster_km=60"])
    cand = build_candidates(layers, sc)
    live = cand.candidates
    new = live[~live["region_id"].str.startswith("existing-")]
    assert new["region_id"].str.startswith("cluster-").all()
    for rid, group in new.groupby("region_id"):
        largest = group.sort_values("cap_mw", ascending=False).iloc[0]
        row = cand.regions.set_index("region_id").loc[rid]
        assert rid == f"cluster-{largest['site_id']}" and row["area"] == largest["area"]
        if len(group) > 1:  # every member has a neighbour within cluster_km
            pts = group.geometry.representative_point()
            d = np.array([[a.distance(b) for b in pts] for a in pts]) / 1000
            np.fill_diagonal(d, np.inf)
            assert (d.min(axis=1) <= 60).all()


def test_screening_reasons_are_recorded(reference) -> None:  # type: ignore[no-untyped-def]
    sc, layers = reference
    sites = build_candidates(layers, sc).sites
    screened = sites[sites["screened_reason"].notna()]
    assert screened["screened_reason"].str.contains("tsunami:high").any()
    assert not set(screened["site_id"]) & set(build_candidates(layers, sc).arcs["site_id"])
