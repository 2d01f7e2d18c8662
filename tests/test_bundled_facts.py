"""What the bundled layers now say about eligibility, unknown water and committed capacity."""

from __future__ import annotations

import geopandas as gpd
import pytest

from siting.bundled import reference_scenario

GEODATA = reference_scenario().parent.parent / "geodata"


def test_railway_and_research_stations_are_on_the_map_but_not_connectable() -> None:
    subs = gpd.read_file(GEODATA / "substations.geojson").set_index("name")
    for name, reason in (("九州新幹線 新鳥栖変電所", "railway-traction"), ("JR西日本 新門司変電所", "railway-traction"),
                         ("北海道電力 総合研究所", "research"), ("西群馬開閉所", "switching"),
                         ("阿南周波数変換所", "converter")):
        assert not subs.loc[name, "eligible"] and subs.loc[name, "ineligible_reason"] == reason
        assert subs.loc[name, "headroom_mw"] == 0
    assert subs["eligible"].sum() == len(subs) - subs["ineligible_reason"].notna().sum()


def test_water_spare_is_published_or_empty() -> None:
    """No 15 % rule and no 5,000 m3/day placeholder: Fukuoka and Kitakyushu city are unknown, Kanda published."""
    water = gpd.read_file(GEODATA / "water.geojson").set_index("water_id")
    assert water.loc[["w-kyu-fukuoka-city", "w-kyu-kitakyushu-city", "w-kan-kashima"], "spare_m3_per_day"].isna().all()
    assert water.loc["w-kyu-kanda", "spare_m3_per_day"] == pytest.approx(26_870)
    assert not water["notes"].str.contains("15 % of capacity|5,000 m3/day").any()
    assert int(water["spare_is_estimate"].sum()) == 4  # Aichi's four systems: a published total split pro rata


def test_inzai_committed_capacity_follows_tepco_supply() -> None:
    """TEPCO PG's Inzai supply 1.1 -> 1.7 -> 2.3 GW (2022, 2024, 2027) less the FY2024 load 1.1 GW, over PUE 1.4:
    429 IT MW from 2024 and 857 from 2027 over the three Inzai / Shiroi sites."""
    land = gpd.read_file(GEODATA / "land.geojson").set_index("site_id")
    inzai = land.loc[["kan-inzai-cluster", "kan-dpdc-inzai-park", "kan-iij-shiroi"]]
    assert inzai["committed_it_mw_2024"].sum() == pytest.approx(600 / 1.4, abs=0.3)
    assert inzai["committed_it_mw_2027"].sum() == pytest.approx(1200 / 1.4, abs=0.3)
    assert inzai["committed_source"].str.contains("japannews.yomiuri.co.jp").all()
    assert inzai["estimated"].str.contains("committed_it_mw_2027").all()
