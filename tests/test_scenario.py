"""Scenario files: unknown keys and wrong types are errors naming the key; --set overrides are validated too."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from siting import ScenarioError, load_scenario
from siting.bundled import reference_scenario


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reference_scenario_is_valid() -> None:
    sc = load_scenario(reference_scenario())
    assert sc.name == "reference"
    assert sc.years.planning == [2028, 2030, 2034, 2040]
    assert Path(sc.layer_ref("land").path).name == "land.geojson"


def test_unknown_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, "[policy]\nmax_region = 3\n"))
    msg = str(info.value)
    assert "unknown key 'policy.max_region'" in msg and str(tmp_path / "s.toml") in msg


def test_wrong_type_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"'solver.time_limit_s': .*number.*got 'soon'"):
        load_scenario(write(tmp_path, "[solver]\ntime_limit_s = \"soon\"\n"))


def test_unknown_layer_kind_and_area(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="unknown layer kind"):
        load_scenario(write(tmp_path, "[layers]\nsubstation = \"x.csv\"\n"))
    with pytest.raises(ScenarioError, match="unknown grid area"):
        load_scenario(write(tmp_path, "[policy]\nexcluded_areas = [\"Kanto\"]\n"))


def test_years_must_increase(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="increase strictly"):
        load_scenario(write(tmp_path, "[years]\nplanning = [2030, 2028]\n"))


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(write(tmp_path, "[policy\n"))
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(tmp_path / "none.toml")


def test_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "name = 'x'\n")
    sc = load_scenario(path, ["policy.max_regions=3", "policy.excluded_areas=[\"Tokyo\"]", "name=other"])
    assert sc.policy.max_regions == 3 and sc.policy.excluded_areas == ["Tokyo"] and sc.name == "other"
    with pytest.raises(ScenarioError, match=r"policy\.max_regions"):
        load_scenario(path, ["policy.max_regions=many"])
    with pytest.raises(ScenarioError, match="not KEY=VALUE"):
        load_scenario(path, ["policy.max_regions"])


def test_layer_paths_are_relative_to_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "s.toml"
    path.write_text("[layers]\nland = \"../data/land.gpkg\"\nwater = { path = \"w.gpkg\", layer = \"systems\" }\n")
    sc = load_scenario(path)
    assert Path(sc.layer_ref("land").path) == (tmp_path / "data" / "land.gpkg").resolve()
    assert sc.layer_ref("water").layer == "systems"


def test_base_scenario_inheritance(tmp_path: Path) -> None:
    child = tmp_path / "child.toml"
    child.write_text(f'base = "{reference_scenario().as_posix()}"\nname = "child"\n[policy]\nmax_regions = 2\n')
    sc = load_scenario(child)
    ref = load_scenario(reference_scenario())
    assert sc.name == "child" and sc.policy.max_regions == 2
    assert sc.policy.min_region_mw == ref.policy.min_region_mw  # merged key by key
    assert sc.layer_ref("land").path == ref.layer_ref("land").path  # base's paths stay the base's
    loop = tmp_path / "loop.toml"
    loop.write_text('base = "loop.toml"\n')
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(loop)


def test_reference_screens_new_tokyo_sites_and_holds_tokyo_clusters_to_committed_capacity() -> None:
    """The reference applies the GX rule: new Tokyo-area sites are screened out; today's clusters there run their
    committed capacity only (Inzai has some, West Tokyo none and stops growing); the unconstrained variant
    screens nothing for policy and lets them grow."""
    from siting.candidates import build_candidates
    from siting.layers import load_layers

    sc = load_scenario(reference_scenario())
    assert sc.policy.excluded_areas == ["Tokyo"] and sc.policy.existing_in_excluded_areas == "committed"
    cand = build_candidates(load_layers(sc), sc)
    sites = cand.sites
    tokyo = sites[sites["area"] == "Tokyo"]
    new = tokyo[~tokyo["status"].isin(sc.candidates.existing_statuses)]
    assert len(new) and new["screened_reason"].str.contains("excluded by policy").all()
    assert (new["screened_reason_ja"] == "政策で除外された系統エリア（Tokyo）").all()
    inzai = sites.set_index("site_id").loc["kan-inzai-cluster"]
    assert pd.isna(inzai["screened_reason"]) and inzai["cap_mw"] == inzai["committed_mw_2040"] > 0
    assert "no committed capacity" in sites.set_index("site_id").loc["kan-west-tokyo", "screened_reason"]
    assert not cand.arcs["site_id"].isin(tokyo["site_id"]).any()  # no new connection in the Tokyo area
    assert any("run only their committed capacity" in w for w in cand.warnings)
    free = load_scenario(reference_scenario().parent / "reference-unconstrained.toml")
    assert free.policy.excluded_areas == [] and free.policy.existing_in_excluded_areas == "grow"
    sites = build_candidates(load_layers(free), free).sites
    assert not sites["screened_reason"].fillna("").str.contains("excluded|committed").any()
