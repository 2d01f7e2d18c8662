"""--lang ja is Japanese everywhere: the terminal, the warnings, rejected.csv and every evaluation output; names
instead of ids, whole MW, yes/no instead of True/False, one money unit (億円), the right threshold source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from siting.cli.main import app

REPO = Path(__file__).resolve().parents[1]


def _feature(pid: str, lon: float, lat: float) -> dict[str, object]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"proposal_id": pid, "name": f"{pid}（第1区画）", "prefecture": "北海道",
                           "site_area_ha": 250, "requested_mw": "100万kW", "fibre_redundant": True}}


@pytest.fixture(scope="module")
def ja_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("ja")
    path = folder / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature("tomakomai", 141.78, 42.665), _feature("swapped", 42.665, 141.78)]}, ensure_ascii=False),
        encoding="utf-8")
    out = folder / "ev"
    res = CliRunner().invoke(app, ["evaluate", str(path), "--out", str(out), "--lang", "ja", "--no-portfolio"])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_terminal_and_warnings_are_japanese(ja_run: tuple[Path, str]) -> None:
    _out, text = ja_run
    assert "GX戦略地域 データセンター集積型 提案" in text and "順位" in text and "評価表" in text
    assert "警告: 却下：p.geojson 提案 'swapped' 2 行目：経度と緯度が逆です" in text
    assert "対処：経度を先に記入" in text and "提案 1 件を却下しました（swapped）" in text
    assert "評価結果の出力先：" in text
    for english in ("rejected:", "rejected (", "warning", "written", "True", "False", "GX data-centre proposals"):
        assert english not in text, english


def test_every_csv_is_japanese_with_names_and_whole_mw(ja_run: tuple[Path, str]) -> None:
    out, _text = ja_run
    for name in ("evaluation.csv", "metrics.csv", "ranking.csv", "rejected.csv"):
        cells = pd.read_csv(out / name, dtype=str, keep_default_na=False).to_numpy().ravel().tolist()
        assert "True" not in cells and "False" not in cells, name
    rows = pd.read_csv(out / "evaluation.csv", dtype=str).set_index("criterion")
    assert set(rows["result"]) <= {"適合", "注意", "不適合"}
    assert re.fullmatch(r"\d+", rows.loc["grid_1gw", "value"]) and rows.loc["grid_1gw", "threshold"] == "1000"
    assert rows.loc["fibre_redundant", ["value", "unit", "threshold"]].tolist() == ["はい", "有無", "はい"]
    assert rows.loc["outside_excluded_area", ["value", "unit", "threshold"]].tolist() == ["北海道", "エリア", "東京"]
    assert rows.loc["in_stated_prefecture", "value"] == "北海道"
    assert rows.loc["rtt_tokyo", "unit"] == "ミリ秒"
    assert rows.loc["hazard_share", ["unit", "threshold"]].tolist() == ["用地面積に占める割合",
                                                                       "注意 > 0.05、不適合 > 0.25"]
    # the water threshold is the water in reach, not the cooling rate water.m3_per_day_per_mw
    assert rows.loc["industrial_water", "threshold_key"].startswith("接続圏内の工業用水")
    assert "エリア" in rows.loc["outside_excluded_area", "reason_ja"] and "Hokkaido" not in rows.loc[
        "decarbonised_share", "reason_ja"]
    metrics = pd.read_csv(out / "metrics.csv", dtype=str).set_index("proposal_id")
    assert metrics.loc["tomakomai", "substation_names"] == "苫小牧"  # osm-681 by its name
    assert re.fullmatch(r"\d+", metrics.loc["tomakomai", "grid_it_mw_max"])
    rejected = pd.read_csv(out / "rejected.csv")
    assert rejected["problem_ja"].iloc[0].startswith("経度と緯度が逆です")
    ranking = pd.read_csv(out / "ranking.csv").set_index("proposal_id")
    assert ranking.loc["tomakomai", "overall"] in {"適合", "注意", "不適合"}
    assert ranking.loc["tomakomai", "requested_mw"] == 1000
    assert ranking.loc["tomakomai", "name"] == "tomakomai（第1区画）"


def test_report_money_and_names(ja_run: tuple[Path, str]) -> None:
    out, _text = ja_run
    page = next((out / "reports").glob("tomakomai-*.html")).read_text(encoding="utf-8")
    assert "億円" in page and "bn JPY" not in page and "十億円" not in page
    assert "<th>利用変電所</th><td>苫小牧</td>" in page
    assert "（申請の都道府県）" not in page and "(stated prefecture)" not in page


def test_ranking_statuses_and_flags() -> None:
    from siting.proposals.localize import ranking_table

    rank = pd.DataFrame({"rank": [1], "overall": ["fail"], "proposal_id": ["p"], "failed": ["site_area, rtt_tokyo"],
                         "selected": [True], "status_in": ["optimal (the optimum)"], "status_out": ["time_limit"]})
    ja = ranking_table(rank, "ja", {"site_area": "用地面積", "rtt_tokyo": "東京IXまでの往復遅延"}).iloc[0]
    assert ja["status_in"] == "最適（要求ギャップ内）（全国最適解そのもの）"
    assert ja["status_out"] == "時間制限到達（最適性未証明）"
    assert (ja["selected"], ja["overall"], ja["failed"]) == ("はい", "不適合", "用地面積、東京IXまでの往復遅延")
    en = ranking_table(rank, "en", {}).iloc[0]
    assert (en["selected"], en["status_in"], en["overall"]) == ("yes", "optimal (the optimum)", "fail")


def test_sweep_tables_in_japanese() -> None:
    from siting.cli.common import console
    from siting.cli.sweep import print_outcome, print_sweep

    rows = pd.DataFrame({"scenario_id": ["s0", "s1"], "policy.excluded_areas": [["Tokyo"], []],
                         "status": ["optimal", "failed"], "cost_jpy": [1.2345e11, None],
                         "mw_years_delay": [1243.0, None], "designated_regions": ["pref-15", ""],
                         "error": ["", "no plan"]})
    rows.attrs["workers_lost"] = ["w1 (tcp://127.0.0.1:4000)"]
    robust = pd.DataFrame({"region_id": ["pref-15"], "name": ["Niigata (新潟県)"], "area": ["Tohoku"],
                           "designated_count": [1], "scenarios_solved": [1], "designated_share": [1.0],
                           "mw_last_year_min": [1243.0], "mw_last_year_median": [1243.0],
                           "mw_last_year_max": [1243.0]})
    with console.capture() as cap:
        print_sweep(rows, robust, ["policy.excluded_areas"], "t", lang="ja")
        print_outcome(rows, 3.0, Path("runs/x"), lang="ja")
    text = cap.get()
    assert "費用（億円）" in text and "1,234" in text and "最適（要求ギャップ内）" in text and "失敗" in text
    assert "[東京]" in text and "新潟県" in text and "東北" in text and "1,243 / 1,243 / 1,243" in text
    assert "1 / 1" in text and "1 / 2 シナリオに計画なし" in text and "ワーカー 1 台がスイープ中に失われました" in text
    assert "1243.0" not in text and "Niigata" not in text and "True" not in text


def test_every_reader_problem_has_its_japanese(tmp_path: Path) -> None:
    from siting.layers.load import load_layers
    from siting.proposals.localize import rejected_table
    from siting.proposals.read import read_proposals
    from siting.scenario import load_scenario

    sc = load_scenario(REPO / "models" / "reference.toml")
    path = tmp_path / "bad.csv"
    path.write_text(
        "proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw,first_year,full_year,fibre_redundant\n"
        ",x,北海道,141.6,42.6,50,100,,,\n"
        "pref,x,Atlantis,141.6,42.6,50,100,,,\n"
        "sea,x,北海道,145.5,41.0,50,100,,,\n"
        "neg,x,北海道,141.6,42.6,50,-5,,,\n"
        "nan,x,北海道,141.6,42.6,50,abc,,,\n"
        "unit,x,北海道,141.6,42.6,50,300 apples,,,\n"
        "big,x,北海道,141.6,42.6,50,1e9,,,\n"
        "kanji,x,北海道,141.6,42.6,50,100,令和十二年,,\n"
        "order,x,北海道,141.6,42.6,50,100,2034,2030,\n"
        "old,x,北海道,141.6,42.6,50,100,1990,,\n"
        "area,x,北海道,141.6,42.6,,100,,,\n"
        "fibre,x,北海道,141.6,42.6,50,100,,,maybe\n"
        "swap,x,北海道,42.6,141.6,50,100,,,\n"
        "empty,x,北海道,141.6,42.6,50,,,,\n", encoding="utf-8")
    props = read_proposals(path, load_layers(sc), sc)
    table = rejected_table(props.rejected)
    assert len(table) >= 14
    for r in table.itertuples():
        assert r.problem_ja != r.problem and not re.search(r"\b(is|the|site|lies|write|give)\b", r.problem_ja), r
        assert r.fix_ja != r.fix and not re.search(r"\b(is|the|write|give|check)\b", r.fix_ja), r
