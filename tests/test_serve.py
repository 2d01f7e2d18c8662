"""``siting serve`` through Starlette's TestClient: every upload format screened as ``siting evaluate`` screens it,
the CLI's error lines, the size limit, requests that try to reach the file system, user text kept as data, the
portfolio job's progress and its cancel.

The app state is built once (bundled reference scenario, looser solver settings so re-solves are quick): the
reference plan is solved at start exactly as ``siting serve`` does.
"""

from __future__ import annotations

import io
import json
import socket
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from conftest import XSS_NAME
from starlette.testclient import TestClient

from siting.errors import InputError
from siting.layers.load import load_layers
from siting.maps.offline import external_urls
from siting.proposals.read import read_proposals
from siting.proposals.scorecard import screen, verdicts
from siting.scenario import load_scenario
from siting.serve.app import create_app
from siting.serve.reference import load_reference, solve_reference
from siting.serve.state import App
from siting.serve.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "models" / "proposals-example.geojson"
FAST = ["solver.mip_gap=0.05", "evaluation.resolve_time_limit_s=5", "solver.time_limit_s=20"]
POST = {"X-Wattbit-Siting": "1"}
#: Three point proposals of the example file (a point + site_area_ha: every format can carry them).
POINT_IDS = ("ishikari-bay", "akita-port", "niigata-east-port")
COLUMNS = ["proposal_id", "name", "municipality", "prefecture", "requested_mw", "site_area_ha", "full_year",
           "fibre_redundant"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[App, TestClient]]:
    sc = load_scenario(REPO / "models" / "reference.toml", FAST)
    layers = load_layers(sc)
    state = App(sc, layers, solve_reference(sc, layers), Workspace(2_000_000, tmp_path_factory.mktemp("serve")))
    with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
        yield state, client
    state.close()


def _points() -> gpd.GeoDataFrame:
    g = gpd.read_file(EXAMPLE)
    return g[g["proposal_id"].isin(POINT_IDS)][[*COLUMNS, "geometry"]].reset_index(drop=True)


def write_formats(folder: Path) -> dict[str, Path]:
    """The same three proposals in every format ``siting evaluate`` reads."""
    g = _points()
    out = {"geojson": folder / "p.geojson", "gpkg": folder / "p.gpkg", "parquet": folder / "p.parquet",
           "csv": folder / "p.csv", "zip": folder / "p.zip"}
    g.to_file(out["geojson"], driver="GeoJSON")
    g.to_file(out["gpkg"], driver="GPKG")
    g.to_parquet(out["parquet"])
    table = g.drop(columns="geometry").assign(lon=g.geometry.x, lat=g.geometry.y)
    table.to_csv(out["csv"], index=False)
    shp = folder / "shp"
    shp.mkdir()
    with warnings.catch_warnings():  # a .dbf keeps 10 characters of a column name: the reader knows
        warnings.simplefilter("ignore")
        g.to_file(shp / "p.shp")
    with zipfile.ZipFile(out["zip"], "w") as zf:
        for part in sorted(shp.iterdir()):
            zf.write(part, part.name)
    return out


def upload(client: TestClient, path: Path, name: str | None = None) -> Any:
    return client.post("/api/evaluations", params={"name": name or path.name}, content=path.read_bytes(),
                       headers=POST)


def wait_job(client: TestClient, job_id: str, until: tuple[str, ...], timeout_s: float = 240) -> dict[str, Any]:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in until or job["stage"] in until:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not reach {until}: {job}")


def test_every_format_screens_as_the_cli(served: tuple[App, TestClient], tmp_path: Path) -> None:
    state, client = served
    files = write_formats(tmp_path)
    # what siting evaluate finds on the same file
    direct = verdicts(screen(read_proposals(files["geojson"], state.layers, state.sc), state.layers, state.sc).rows)
    expected = dict(zip(direct["proposal_id"], direct["overall"], strict=True))
    assert sorted(expected) == sorted(POINT_IDS)
    for kind, path in files.items():
        res = upload(client, path)
        assert res.status_code == 201, (kind, res.text)
        body = res.json()
        assert {p["proposal_id"]: p["overall"] for p in body["proposals"]} == expected, kind
        assert body["rejected"] == [], kind
        ishikari = next(p for p in body["proposals"] if p["proposal_id"] == "ishikari-bay")
        assert ishikari["requested_mw"] == 500 and ishikari["site_area_ha"] == pytest.approx(150)
        assert [b["year"] for b in ishikari["mw_by_year"]] == state.years
        assert ishikari["criteria"] and all(c["reason"] and c["reason_ja"] for c in ishikari["criteria"])
        assert ishikari["substations"], "the substations in reach are on the map"
        assert len(body["sites"]["features"]) == 3


def test_rejected_row_has_the_cli_line(served: tuple[App, TestClient], tmp_path: Path) -> None:
    state, client = served
    path = tmp_path / "bad.csv"
    path.write_text("proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw\n"
                    "good-1,Tomakomai,北海道,141.78,42.665,100,300\n"
                    "bad-mw,Negative,北海道,141.70,42.66,50,-5\n", encoding="utf-8")
    cli = [str(p) for p in read_proposals(path, state.layers, state.sc).problems]
    assert len(cli) == 1 and "requested_mw" in cli[0] and "bad.csv" in cli[0]
    body = upload(client, path).json()
    assert [p["proposal_id"] for p in body["proposals"]] == ["good-1"]
    assert [(r["proposal_id"], r["line"]) for r in body["rejected"]] == [("bad-mw", cli[0])]


def test_unreadable_file_gets_the_cli_line(served: tuple[App, TestClient], tmp_path: Path) -> None:
    state, client = served
    path = tmp_path / "no-id.csv"
    path.write_text("name,prefecture,lon,lat,site_area_ha,requested_mw\nX,北海道,141.78,42.665,100,300\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as cli:
        read_proposals(path, state.layers, state.sc)
    res = upload(client, path)
    assert res.status_code == 422
    assert res.json()["errors"] == [str(p) for p in cli.value.problems]
    assert "proposal_id" in res.json()["errors"][0]
    # the temporary folder is not named in any line
    assert str(state.workspace.root) not in res.text
    for name in ("x.docx", "x.parquet", "x.gpkg", "x.zip", "x.geojson", "x.csv"):  # not what the name says
        bad = client.post("/api/evaluations", params={"name": name}, content=b"\x00garbage", headers=POST)
        assert bad.status_code == 422, (name, bad.text)
        (line,) = bad.json()["errors"]
        assert line.startswith(name) and " -- fix: " in line, line


def test_upload_size_limit(served: tuple[App, TestClient]) -> None:
    state, client = served
    before = sorted(p.name for p in state.workspace.root.iterdir())
    big = b"x" * (state.workspace.max_upload_bytes + 1)
    res = client.post("/api/evaluations", params={"name": "big.geojson"}, content=big, headers=POST)
    assert res.status_code == 413
    (line,) = res.json()["errors"]
    assert line.startswith("big.geojson:") and "--max-upload-mb" in line

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is checked while the body arrives
        for _ in range(3):
            yield b"y" * (state.workspace.max_upload_bytes // 2)

    res = client.post("/api/evaluations", params={"name": "stream.csv"}, content=chunks(), headers=POST)
    assert res.status_code == 413 and "stream.csv" in res.json()["errors"][0]
    assert sorted(p.name for p in state.workspace.root.iterdir()) == before, "nothing of a refused upload is kept"


def test_no_request_path_reaches_the_file_system(served: tuple[App, TestClient], tmp_path: Path) -> None:
    state, client = served
    outside = state.workspace.root.parent / "evil.geojson"
    res = upload(client, EXAMPLE, name="../evil.geojson")
    assert res.status_code == 201 and res.json()["source"] == "evil.geojson"
    assert not outside.exists()
    eid = res.json()["id"]
    assert (state.workspace.root / eid / "evil.geojson").is_file()
    res = upload(client, EXAMPLE, name="/etc/passwd")
    assert res.status_code == 422 and "/etc" not in res.text
    for url in ["/assets/..%2F..%2Fapp.py", "/assets/../app.py", "/assets/%2E%2E%2Fstate.py",
                f"/api/evaluations/{eid}/files/..%2Fevil.geojson", f"/api/evaluations/{eid}/files/evil.geojson",
                f"/api/evaluations/{eid}/files/%2Fetc%2Fpasswd", f"/api/evaluations/..%2F{eid}/files/evaluation.csv",
                f"/api/evaluations/{eid}/reports/99", "/api/evaluations/..%2F..%2Fetc/files/evaluation.csv",
                "/api/jobs/..%2F..%2Fetc%2Fpasswd"]:
        res = client.get(url)
        assert res.status_code == 404, url
        assert "root:" not in res.text and "import" not in res.text, url
    assert client.get(f"/api/evaluations/{eid}/files/evaluation.csv").status_code == 200


def test_user_text_is_escaped(served: tuple[App, TestClient], tmp_path: Path) -> None:
    _state, client = served
    path = tmp_path / "xss.csv"
    path.write_text("proposal_id,name,municipality,prefecture,lon,lat,site_area_ha,requested_mw,notes\n"
                    f'xss-1,"{XSS_NAME}","{XSS_NAME}",北海道,141.78,42.665,100,300,"{XSS_NAME}"\n'
                    f'"{XSS_NAME}",x,y,Atlantis,141.78,42.665,100,300,z\n', encoding="utf-8")
    res = upload(client, path, name=f"{XSS_NAME}.csv")
    assert res.status_code == 201 and res.headers["content-type"].startswith("application/json")
    body = res.json()
    assert body["proposals"][0]["name"] == XSS_NAME  # data, shown by the page with textContent
    assert body["rejected"][0]["proposal_id"] == XSS_NAME and "prefecture" in body["rejected"][0]["line"]
    assert "<" not in body["source"], "the stored file name is a slug"
    report = client.get(f"/api/evaluations/{body['id']}/reports/0", params={"lang": "en"})
    assert report.status_code == 200
    assert XSS_NAME not in report.text and "&lt;img src=x onerror=alert(1)&gt;" in report.text
    assert "script-src" not in report.headers["content-security-policy"]  # no script at all in a report
    assert report.headers["x-content-type-options"] == "nosniff"
    csv = client.get(f"/api/evaluations/{body['id']}/files/evaluation.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "attachment" in csv.headers["content-disposition"]
    archive = client.get(f"/api/evaluations/{body['id']}/files/evaluation.zip", params={"lang": "ja"})
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        names = zf.namelist()
        assert {"evaluation.csv", "evaluation.json", "ranking.csv", "rejected.csv"} <= set(names)
        (report_page,) = [n for n in names if n.startswith("reports/")]  # the one valid proposal's page
        assert "&lt;img" in zf.read(report_page).decode("utf-8")
        assert external_urls(zf.read("map.html").decode("utf-8")) == []  # the overview works offline too
    page = client.get("/", params={"lang": "en"})
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and "onerror" not in page.text
    pt = client.post("/api/points", json={"base": None, "point": {
        "lon": 141.78, "lat": 42.665, "proposal_id": "p-1", "name": XSS_NAME, "prefecture": "01",
        "site_area_ha": "100", "requested_mw": "30万kW"}}, headers=POST)
    assert pt.status_code == 201 and pt.json()["proposals"][0]["name"] == XSS_NAME
    assert pt.json()["proposals"][0]["requested_mw"] == 300  # parsed as a file would be


def test_point_errors_and_guards(served: tuple[App, TestClient]) -> None:
    _state, client = served
    res = client.post("/api/points", json={"base": None, "point": {"lon": 10, "lat": 42.6}}, headers=POST)
    assert res.status_code == 422 and res.json()["errors"][0].startswith("point: lon is not a number")
    res = client.post("/api/points", json={"base": None, "point": {
        "lon": 141.78, "lat": 42.665, "proposal_id": "p-2", "prefecture": "01", "site_area_ha": "100",
        "requested_mw": "-5"}}, headers=POST)
    assert res.status_code == 201 and res.json()["proposals"] == []
    assert "requested_mw" in res.json()["rejected"][0]["line"]
    # no POST without the page's header (another site's page cannot send it), no foreign Host (DNS rebinding)
    assert client.post("/api/points", json={}).status_code == 403
    assert client.get("/api/info", headers={"Host": "evil.example"}).status_code == 400


def test_portfolio_job_streams_progress_and_cancels(served: tuple[App, TestClient], tmp_path: Path) -> None:
    state, client = served
    path = tmp_path / "one.csv"
    path.write_text("proposal_id,name,prefecture,lon,lat,site_area_ha,requested_mw\n"
                    "one,Tomakomai,北海道,141.78,42.665,100,300\n", encoding="utf-8")
    eid = upload(client, path).json()["id"]
    assert client.get(f"/api/evaluations/{eid}/files/portfolio.json").status_code == 404
    job = client.post(f"/api/evaluations/{eid}/portfolio", headers=POST).json()
    assert job["total"] == 2 and job["state"] in ("queued", "running")
    # a second start finds the same job
    assert client.post(f"/api/evaluations/{eid}/portfolio", headers=POST).json()["id"] == job["id"]
    events = client.get(f"/api/jobs/{job['id']}/events")
    assert events.headers["content-type"].startswith("text/event-stream")
    seen = [json.loads(line[len("data: "):]) for line in events.text.splitlines() if line.startswith("data: ")]
    assert seen[-1]["state"] == "done", seen[-1]
    assert [s["done"] for s in seen] == sorted(s["done"] for s in seen) and seen[-1]["done"] == 2
    assert len({s["stage"] for s in seen}) >= 3, seen  # progress came while the job ran, not only at its end
    body = client.get(f"/api/evaluations/{eid}").json()
    assert body["portfolio"]["objective_jpy"] > 0 and body["proposals"][0]["portfolio"]["rank"] == 1
    assert json.loads(client.get(f"/api/evaluations/{eid}/files/portfolio.json").text)

    # the example file (21 solves): cancel while HiGHS runs
    eid = upload(client, EXAMPLE).json()["id"]
    job = client.post(f"/api/evaluations/{eid}/portfolio", headers=POST).json()
    wait_job(client, job["id"], ("national", "forced_in", "forced_out", "done"))
    t0 = time.monotonic()
    assert client.post(f"/api/jobs/{job['id']}/cancel", headers=POST).status_code == 200
    final = wait_job(client, job["id"], ("done", "cancelled", "failed"), timeout_s=state.grace_s + 30)
    assert final["state"] == "cancelled", final
    assert time.monotonic() - t0 < state.grace_s + 10
    assert client.get(f"/api/evaluations/{eid}").json()["portfolio"] is None
    assert client.post("/api/jobs/AAAAAAAAAAAAAAAA/cancel", headers=POST).status_code == 404


def test_reference_read_from_a_run_folder(reference_run: Path) -> None:
    sc = load_scenario(REPO / "models" / "reference.toml")
    plan = load_reference(reference_run, sc)
    summary = json.loads((reference_run / "summary.json").read_text(encoding="utf-8"))
    regions = pd.read_csv(reference_run / "regions.csv")
    assert plan.source == reference_run.name and plan.status == summary["status"]
    assert plan.objective_jpy == pytest.approx(summary["objective_jpy"])
    assert plan.summary()["n_regions"] == int(regions["designated"].astype(bool).sum()) > 0
    tiny = load_scenario(REPO / "models" / "tiny.toml")
    with pytest.raises(InputError) as exc:
        load_reference(reference_run, tiny)
    (line,) = [str(p) for p in exc.value.problems]
    assert "is a run of scenario 'reference', not of" in line and "--scenario" in line


def test_serve_refuses_a_bad_port_before_the_reference_solve() -> None:
    from typer.testing import CliRunner

    from siting.cli.main import app

    res = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert res.exit_code == 2 and "--port" in res.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        t0 = time.monotonic()
        res = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert res.exit_code == 2 and f"127.0.0.1:{port}" in res.output and "cannot listen" in res.output
    assert time.monotonic() - t0 < 5, "refused at once, not after solving the reference plan"


def test_page_money_unit_is_the_languages_one(served: tuple[App, TestClient]) -> None:
    """The page says money in the unit every other output uses: 億円 in Japanese, bn JPY in English."""
    from siting.serve.text import all_text

    text = all_text()
    assert text["ja"]["money_unit"] == "億円" and text["en"]["money_unit"] == "bn JPY"
    assert not any("十億円" in v for v in text["ja"].values() if isinstance(v, str))
    page = served[1].get("/").text
    assert "十億円" not in page and "価値（億円）" in page
