"""Every reader, on small files made here: GeoJSON, GeoPackage, Shapefile, GeoParquet, CSV (UTF-8 and CP932),
zipped Shapefile and the MLIT N03 adapter."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from conftest import land_frame, substations_frame

from siting import WORK_CRS, InputError, load_layer
from siting.layers.n03 import n03_municipalities, n03_prefectures
from siting.layers.read import read_file


@pytest.mark.parametrize("suffix,driver", [(".geojson", "GeoJSON"), (".gpkg", "GPKG"), (".shp", "ESRI Shapefile")])
def test_ogr_formats_load_and_reproject(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"subs{suffix}"
    substations_frame().to_file(path, driver=driver)
    layer = load_layer("substations", path)
    assert layer.rows == 3
    assert layer.frame.crs == WORK_CRS
    assert layer.frame["headroom_mw"].tolist() == [100.0, 50.0, 0.0]
    assert layer.frame["name"].tolist() == ["新京葉", "印西", "白井"]
    # The point of Shin-Keiyo reprojected to UTM 53N and back is where it was.
    back = layer.frame.to_crs(4326).geometry.iloc[0]
    assert back.x == pytest.approx(140.0, abs=1e-6) and back.y == pytest.approx(35.7, abs=1e-6)


def test_geoparquet(tmp_path: Path) -> None:
    path = tmp_path / "land.parquet"
    land_frame().to_parquet(path)
    layer = load_layer("land", path)
    assert layer.format == "GeoParquet"
    assert layer.frame["pref_code"].tolist() == ["12", "01"]  # zero-padded


def test_gpkg_with_several_layers_needs_a_name(tmp_path: Path) -> None:
    path = tmp_path / "all.gpkg"
    substations_frame().to_file(path, layer="subs", driver="GPKG")
    land_frame().to_file(path, layer="sites", driver="GPKG")
    with pytest.raises(InputError, match=r"has 2 layers: (subs, sites|sites, subs)"):
        load_layer("land", path)
    assert load_layer("land", path, layer="sites").rows == 2
    with pytest.raises(InputError, match="has no layer 'nope'"):
        load_layer("land", path, layer="nope")


def test_zipped_shapefile(tmp_path: Path) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    land_frame().to_file(folder / "land.shp")
    archive = tmp_path / "land.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in folder.iterdir():
            z.write(f, f.name)
    assert load_layer("land", archive).rows == 2


def test_shapefile_in_cp932_without_cpg(tmp_path: Path) -> None:
    path = tmp_path / "land.shp"
    land_frame().to_file(path, encoding="cp932")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    layer = load_layer("land", path)
    assert layer.frame["name"].tolist() == ["印西テスト", "苫小牧テスト"]
    assert layer.encoding == "cp932"


CSV = (
    "substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
    "S1,新京葉変電所,500,Tokyo,100,true,35.70,140.00\n"
    "S2,印西変電所,275,Tokyo,50,false,35.80,140.10\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "subs.csv"
    path.write_bytes(CSV.encode(encoding))
    layer = load_layer("substations", path)
    assert layer.frame["name"].tolist() == ["新京葉変電所", "印西変電所"]
    assert layer.encoding == ("cp932" if encoding == "cp932" else "utf-8")
    assert layer.frame["headroom_is_estimate"].tolist() == [True, False]


def test_csv_japanese_coordinate_headers_and_fullwidth_digits(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    text = ("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,緯度,経度\n"
            "S1,新京葉,５００,Tokyo,\"1,000\",はい,３５．７,１４０．０\n")
    path.write_bytes(text.encode("cp932"))
    frame = load_layer("substations", path).frame
    assert frame["voltage_kv"].iloc[0] == 500.0
    assert frame["headroom_mw"].iloc[0] == 1000.0
    assert bool(frame["headroom_is_estimate"].iloc[0]) is True


def test_csv_without_coordinates_is_a_table(tmp_path: Path) -> None:
    path = tmp_path / "ic.csv"
    path.write_text("interconnector_id,name,from_area,to_area,capacity_mw\nfc,FC,Tokyo,Chubu,2100\n")
    layer = load_layer("interconnectors", path)
    assert layer.crs_in is None and layer.frame["capacity_mw"].iloc[0] == 2100.0


def test_raw_reader_reports_format(tmp_path: Path) -> None:
    path = tmp_path / "a.geojson"
    land_frame().to_file(path, driver="GeoJSON")
    raw = read_file(path)
    assert raw.format == "GeoJSON" and raw.frame.crs.to_epsg() == 4326


def _n03_frame() -> gpd.GeoDataFrame:
    # Two municipalities of Chiba, one split in two parts, a code stored as a number, and 所属未定地.
    return gpd.GeoDataFrame(
        {
            "N03_001": ["千葉県", "千葉県", "千葉県", "北海道", "千葉県"],
            "N03_002": [None, None, None, "石狩振興局", None],
            "N03_003": [None, None, None, "札幌市", None],
            "N03_004": ["印西市", "白井市", "白井市", "中央区", None],
            "N03_007": ["12231", "12232", "12232", 1101, None],
        },
        geometry=[shapely.box(140.1, 35.7, 140.2, 35.8), shapely.box(140.0, 35.7, 140.1, 35.8),
                  shapely.box(140.0, 35.8, 140.05, 35.85), shapely.box(141.3, 43.0, 141.4, 43.1),
                  shapely.box(140.3, 35.5, 140.31, 35.51)],
        crs="EPSG:6668",
    )


def test_n03_adapter_municipalities_and_prefectures() -> None:
    munis = n03_municipalities(_n03_frame())
    assert sorted(munis["muni_code"]) == ["01101", "12231", "12232"]
    assert set(munis.loc[munis["muni_code"] == "01101", "pref_code"]) == {"01"}
    shiroi = munis.loc[munis["muni_code"] == "12232"].geometry.iloc[0]
    assert shiroi.area == pytest.approx(0.01 + 0.0025)
    prefs = n03_prefectures(_n03_frame())
    assert sorted(prefs["pref_code"]) == ["01", "12"]
    assert prefs.set_index("pref_code").loc["12", "name_en"] == "Chiba"
    assert prefs.set_index("pref_code").loc["12", "grid_area"] == "Tokyo"


def test_n03_file_loads_as_prefectures_layer(tmp_path: Path) -> None:
    path = tmp_path / "N03-21_12_210101.shp"
    _n03_frame().to_file(path, encoding="cp932")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    layer = load_layer("prefectures", path)
    assert layer.rows == 2 and "MLIT N03" in layer.format
    assert set(layer.frame["name_ja"]) == {"千葉県", "北海道"}


def test_points_stay_inside_japan_after_projection(tmp_path: Path) -> None:
    # Japan's far corners survive the round trip through the working CRS.
    corners = gpd.GeoDataFrame(
        {"substation_id": ["n", "s", "e", "w"], "name": list("nsew"), "voltage_kv": [66.0] * 4,
         "area": ["Hokkaido", "Okinawa", "Tokyo", "Okinawa"], "headroom_mw": [1.0] * 4,
         "headroom_is_estimate": [True] * 4},
        geometry=[shapely.Point(141.9, 45.5), shapely.Point(123.8, 24.3), shapely.Point(153.98, 24.28),
                  shapely.Point(122.93, 24.45)], crs=4326)
    path = tmp_path / "c.geojson"
    corners.to_file(path)
    assert load_layer("substations", path).rows == 4
