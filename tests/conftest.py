"""Shared fixtures: small layer files written by the tests themselves, and run folders solved once per test run."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

REPO = Path(__file__).resolve().parents[1]


def substations_frame(n: int = 3) -> gpd.GeoDataFrame:
    """A valid substations layer near Inzai, in EPSG:4326."""
    return gpd.GeoDataFrame(
        {
            "substation_id": [f"S{i}" for i in range(1, n + 1)],
            "name": ["新京葉", "印西", "白井", "千葉西", "成田"][:n],
            "voltage_kv": [500.0, 275.0, 154.0, 275.0, 154.0][:n],
            "area": ["Tokyo"] * n,
            "headroom_mw": [100.0, 50.0, 0.0, 10.0, 20.0][:n],
            "headroom_is_estimate": [True] * n,
        },
        geometry=[shapely.Point(140.0 + 0.05 * i, 35.7 + 0.02 * i) for i in range(n)],
        crs="EPSG:4326",
    )


def land_frame() -> gpd.GeoDataFrame:
    """Two valid candidate-site polygons (about 0.01° squares) in Chiba and Hokkaido."""
    return gpd.GeoDataFrame(
        {
            "site_id": ["chiba-1", "hok-1"],
            "name": ["印西テスト", "苫小牧テスト"],
            "area_ha": [40.0, 120.0],
            "pref_code": ["12", "1"],
            "status": ["industrial-park", "vacant"],
        },
        geometry=[shapely.box(140.15, 35.78, 140.16, 35.79), shapely.box(141.70, 42.63, 141.72, 42.64)],
        crs="EPSG:4326",
    )


@pytest.fixture
def tmp_layers(tmp_path: Path) -> Path:
    return tmp_path


# --- maps: run folders built once per test run -- ------------------------------------------------------------
XSS_NAME = "<img src=x onerror=alert(1)>"


def _run_folder(out: Path, *extra: str) -> Path:
    from typer.testing import CliRunner

    from siting.cli.main import app

    res = CliRunner().invoke(app, ["run", "--out", str(out), "--no-map", *extra])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="session")
def reference_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run folder of the bundled reference scenario (solved once per test run)."""
    return _run_folder(tmp_path_factory.mktemp("maps") / "reference")


@pytest.fixture(scope="session")
def xss_run(tmp_path_factory: pytest.TempPathFactory, reference_run: Path) -> Path:
    """A run of the reference scenario whose land layer names every site ``<img src=x onerror=alert(1)>``."""
    import json

    base = tmp_path_factory.mktemp("xss")
    land_path = json.loads((reference_run / "manifest.json").read_text(encoding="utf-8"))["layers"]["land"]
    land = gpd.read_file(land_path)
    land["name"] = XSS_NAME
    if "name_ja" in land:
        land["name_ja"] = XSS_NAME
    land.to_file(base / "land.geojson", driver="GeoJSON")
    return _run_folder(base / "run", "--layer", f"land={base / 'land.geojson'}")
