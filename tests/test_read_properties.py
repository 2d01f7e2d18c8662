"""Property-based tests of the CSV reader: any valid points in Japan, any names, either encoding."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siting import load_layer

# Kanji, kana and ASCII letters: what a Japanese CSV holds and CP932 can encode.
_CHARS = st.sampled_from(list("変電所印西千葉苫小牧石狩北九州あいうえおアイウエオabcXYZ -"))
_NAMES = st.text(_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(_NAMES, st.floats(128.0, 146.0), st.floats(26.0, 45.0), st.floats(0, 5000)),
        min_size=1, max_size=15),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
)
def test_csv_points_round_trip(rows: list[tuple[str, float, float, float]], encoding: str) -> None:
    frame = pd.DataFrame(
        {
            "substation_id": [f"S{i}" for i in range(len(rows))],
            "name": [r[0] for r in rows],
            "voltage_kv": 275.0,
            "area": "Tokyo",
            "headroom_mw": [round(r[3], 3) for r in rows],
            "headroom_is_estimate": True,
            "lon": [round(r[1], 6) for r in rows],
            "lat": [round(r[2], 6) for r in rows],
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        path.write_bytes(frame.to_csv(index=False).encode(encoding))
        layer = load_layer("substations", path)
    back = layer.frame.to_crs(4326)
    assert back["name"].tolist() == frame["name"].tolist()
    assert (back.geometry.x - frame["lon"]).abs().max() < 1e-7
    assert (back.geometry.y - frame["lat"]).abs().max() < 1e-7
    assert back["headroom_mw"].tolist() == frame["headroom_mw"].tolist()


@settings(max_examples=30, deadline=None)
@given(lon=st.floats(128.0, 146.0), lat=st.floats(26.0, 45.0))
def test_swapped_coordinates_are_always_caught(lon: float, lat: float) -> None:
    text = ("substation_id,name,voltage_kv,area,headroom_mw,headroom_is_estimate,lat,lon\n"
            f"S1,a,275,Tokyo,1,true,{lon},{lat}\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        path.write_text(text)
        try:
            load_layer("substations", path)
        except Exception as exc:
            assert "swapped" in str(exc)
        else:
            raise AssertionError("swapped coordinates were accepted")
