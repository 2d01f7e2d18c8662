"""``siting compare A B``: the terminal diff of two runs of models/tiny.toml, checked against the optimum worked
out in the scenario's header, and the runs named by their folders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from siting.cli.main import app

TINY = Path(__file__).resolve().parents[1] / "models" / "tiny.toml"
runner = CliRunner()


def _run(out: Path, *extra: str) -> Path:
    res = runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(out), *extra])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("compare")
    return _run(base / "base"), _run(base / "no-hokkaido", "--set", 'policy.forced_out=["pref-01"]')


def _row(output: str, head: str) -> list[str]:
    """The cells of the table row starting with ``head``."""
    line = next(ln for ln in output.splitlines() if re.match(rf"\W*{re.escape(head)}\s", ln))
    return [c for c in re.split(r"[\s│┃|]+", line.replace(head, "", 1)) if c]


def test_compare_prints_the_differences(runs: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = runs
    res = runner.invoke(app, ["compare", str(a), str(b), "--out", str(tmp_path / "c.html")], env={"COLUMNS": "150"})
    assert res.exit_code == 0, res.output
    out = res.output
    # the runs by their folders, not by their scenario's name (both are 'tiny')
    assert out.splitlines()[0] == "A = base, B = no-hokkaido"
    # the scenario key and the --set override that differ, nothing else
    assert _row(out, "policy.forced_out") == ["[]", '["pref-01"]']
    assert _row(out, "--set") == ["-", 'policy.forced_out=["pref-01"]']
    assert not re.search(r"^\W*(name|policy\.max_regions)\s", out, re.MULTILINE)
    assert "regions: in B only none; in A only Hokkaido (北海道)" in out
    # the header's optimum: A runs 50 / 250 / 600 MW; without A's region only B's 50 / 150 / 150
    assert _row(out, "2028") == ["50", "50", "+0"]
    assert _row(out, "2030") == ["250", "150", "-100"]
    assert _row(out, "2034") == ["600", "150", "-450"]
    # costs, bn JPY: designation 10, connections 5 + 2, steps 5 + 20, delay 300 MW-years x 0.5 = 192;
    # without A: connection 2, step 5, delay (50 x 2 + 150 x 4 + 450 x 2) x 0.5 = 800 -> 807
    assert _row(out, "designation") == ["10.0", "0.0", "-10.0"]
    assert _row(out, "reinforcement") == ["25.0", "5.0", "-20.0"]
    assert _row(out, "delay") == ["150.0", "800.0", "+650.0"]
    assert _row(out, "total") == ["192.0", "807.0", "+615.0"]
    assert "comparison map written to" in out and (tmp_path / "c.html").exists()


def test_compare_same_folder_names_adds_the_parent(runs: tuple[Path, Path]) -> None:
    a, _ = runs
    res = runner.invoke(app, ["compare", str(a), str(a), "--no-map", "--lang", "ja"])
    assert res.exit_code == 0, res.output
    parent = a.parent.name
    assert res.output.splitlines()[0] == f"A = {parent}/base, B = {parent}/base"
    assert "シナリオの違い（キー：A → B）: 違いなし" in res.output
    assert "地域：B で追加 なし、B で外れた なし" in res.output
