"""The data vintage: ``geodata/manifest.json``, ``as_of`` on every bundled row, the catalogue, ``siting layers``
and the run's manifest; land per MW by site; what the wheel installs."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from typer.testing import CliRunner

import siting
from geodata.build.manifest import VINTAGE, catalogue
from siting.bundled import geodata_dir, models_dir, reference_scenario
from siting.candidates import build_candidates
from siting.cli.main import app
from siting.layers.vintage import bundled_manifest, data_vintage, sha256

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_manifest_names_every_bundled_layer_with_its_hash() -> None:
    manifest = bundled_manifest()
    assert manifest["vintage"] == VINTAGE == "2026-12"
    sc = siting.load_scenario(reference_scenario())
    names = {Path(sc.layer_ref(k).path).name for k in sc.layers}  # type: ignore[union-attr]
    assert set(manifest["files"]) == names
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == sha256(geodata_dir() / name), name


def test_every_bundled_row_is_dated() -> None:
    for name, entry in bundled_manifest()["files"].items():
        path = geodata_dir() / name
        frame = pd.read_csv(path, dtype=str) if name.endswith(".csv") else gpd.read_file(path)
        as_of = frame["as_of"].astype("string").str.strip()
        assert as_of.notna().all() and (as_of != "").all(), name
        assert as_of.str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all(), name  # ISO 8601, as precise as the source
        named = frame["estimated"].astype("string").str.strip().fillna("") if "estimated" in frame else None
        assert entry["rows"] == len(frame)
        assert entry["estimated_rows"] == (0 if named is None else int((named != "").sum()))


def test_catalogue_states_the_vintage_and_estimated_shares() -> None:
    text = (REPO / "geodata" / "README.md").read_text(encoding="utf-8")
    assert catalogue(bundled_manifest()) in text
    assert "| `lines.geojson` | 816 | 0 (0 %) |" in text


def _row(output: str, kind: str) -> str:
    (line,) = [ln for ln in output.splitlines() if ln.startswith(f"│ {kind} ")]
    return line


def test_layers_prints_vintage_and_estimated_share(tmp_path: Path) -> None:
    res = runner.invoke(app, ["layers"], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "bundled data vintage 2026-12" in res.output
    assert "│ 2026-12 │ 0 %" in _row(res.output, "prefectures") and "│ 2026-12 │ 100 %" in _row(res.output, "hazards")
    # a user's layer: no vintage, its own estimated share (2 of 4 rows), or 'not stated' without the column
    land = gpd.read_file(geodata_dir() / "land.geojson").head(4)
    land["estimated"] = ["area_ha", None, "geometry", None]
    land.to_file(tmp_path / "land.geojson")
    land.drop(columns="estimated").to_file(tmp_path / "bare.geojson")
    for name, share in (("land.geojson", "50 %"), ("bare.geojson", "not stated")):
        res = runner.invoke(app, ["layers", "--layer", f"land={tmp_path / name}"], env={"COLUMNS": "250"})
        assert res.exit_code == 0, res.output
        assert f"│ user file │ {share}" in _row(res.output, "land")
        assert "│ 2026-12 " in _row(res.output, "water")


def test_run_manifest_records_the_data_vintage(tmp_path: Path) -> None:
    out = tmp_path / "run"
    res = runner.invoke(app, ["run", str(models_dir() / "tiny.toml"), "--out", str(out), "--no-map",
                              "--layer", f"decarbonised_supply={geodata_dir() / 'decarbonised_supply.geojson'}"])
    assert res.exit_code == 0, res.output
    vintage = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["data_vintage"]
    assert vintage["vintage"] == "2026-12"
    assert vintage["bundled_inputs"] == ["decarbonised_supply.geojson"]
    assert vintage["other_inputs"] and all("tiny" in p for p in vintage["other_inputs"])
    # a changed copy of a bundled file is not the bundled vintage
    copy = tmp_path / "land.geojson"
    copy.write_bytes((geodata_dir() / "land.geojson").read_bytes() + b"\n")
    assert data_vintage({str(copy): sha256(copy)})["bundled_inputs"] == []


def test_site_density_is_the_projects_own_else_the_default() -> None:
    sc = siting.load_scenario(reference_scenario())
    layers = siting.load_layers(sc)
    land = layers["land"].set_index("site_id")
    stated = land["ha_per_mw"].dropna()
    # DPDC states IT MW (23.5 ha / 600 IT MW); Itoshima states 300 MW receiving on 12.2 ha -> x PUE 1.4
    assert stated["kan-dpdc-inzai-park"] == 0.039 and stated["kyu-apl-itoshima"] == 0.057
    assert "ha_per_mw" in land.loc["kyu-apl-itoshima", "estimated"]
    assert len(stated) == 8 and land["ha_per_mw_basis"].notna().sum() == 8
    # Itoshima's land allows 12.2 / 0.057 = 214 IT MW, its announced cap 300 / 1.4 = 214; with the default
    # density alone it would be 12.2 / 0.23 = 53 MW (or 24 MW at 0.5 ha/MW)
    for default in (sc.candidates.ha_per_mw, 0.5):
        other = siting.load_scenario(reference_scenario(), [f"candidates.ha_per_mw={default}"])
        sites = build_candidates(layers, other).sites.set_index("site_id")
        assert sites.loc["kyu-apl-itoshima", "cap_mw"] == pytest.approx(214.0)
        assert sites.loc["hok-tomakomai-east", "cap_mw"] == pytest.approx(5500 / default)


def test_wheel_installs_the_layers_not_the_build(tmp_path: Path) -> None:
    """Build the wheel as pip does and read its file list: the package and the bundled layers a run reads,
    byte for byte; no data build, sources, research tools, tests or benchmarks."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("wattbit_siting-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        bundled = {n.rsplit("/", 1)[1]: zf.read(n) for n in names
                   if n.startswith("siting/_bundled/geodata/") and n.count("/") == 3}
    for part in ("geodata/build", "geodata/sources", "siting/tools", "tests/", "benchmarks/"):
        assert not [n for n in names if part in n], part
    layers = set(bundled_manifest()["files"])
    assert layers | {"manifest.json"} <= set(bundled)
    for name in layers | {"manifest.json"}:
        assert bundled[name] == (geodata_dir() / name).read_bytes(), name
