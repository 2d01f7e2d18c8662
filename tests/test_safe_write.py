"""Outputs can never destroy the user's files: every command writes through siting.outputs.

A scenario name is a folder name, never a path; a folder is replaced only when the tool wrote it; files, the
current folder and its parents are refused; a read-only place is reported before the solve; folders follow the
umask; temporary folders of killed runs are cleaned up; two runs into one folder at once both succeed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from siting.bundled import models_dir
from siting.cli.main import app
from siting.outputs import PARTIAL, clean_stale, slug

#: An absolute scenario name outside the test's folders: the machine's shared temporary folder.
TEMP_X = str(Path(tempfile.gettempdir()) / "x")

runner = CliRunner()
TINY = models_dir() / "tiny.toml"
EXAMPLE = models_dir() / "proposals-example.geojson"


def snapshot(root: Path, skip: Path | None = None) -> dict[str, bytes | None]:
    """Every entry under ``root`` (outside ``skip``) with its bytes (None for folders)."""
    out: dict[str, bytes | None] = {}
    for p in sorted(root.rglob("*")):
        if skip is not None and (p == skip or skip in p.parents):
            continue
        out[str(p.relative_to(root))] = None if p.is_dir() else p.read_bytes()
    return out


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder two levels down, with a user's files around it."""
    cwd = tmp_path / "home" / "work"
    cwd.mkdir(parents=True)
    (tmp_path / "home" / "thesis.txt").write_text("my thesis", encoding="utf-8")
    (cwd / "notes.txt").write_text("my notes", encoding="utf-8")
    monkeypatch.chdir(cwd)
    yield cwd


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("name", [TEMP_X, "ABSOLUTE", "../../x", "../thesis.txt", ".."])
def test_scenario_name_never_leaves_runs(name: str, work: Path, tmp_path: Path) -> None:
    name = str(tmp_path / "outside" / "x") if name == "ABSOLUTE" else name
    before = snapshot(tmp_path, skip=work / "runs")
    literal = Path(name) if Path(name).is_absolute() else None  # e.g. <temp folder>/x: whatever is there stays
    literal_before = (snapshot(literal) if literal.is_dir() else literal.exists()) if literal else None
    res = runner.invoke(app, ["run", str(TINY), "--no-map", "--set", f"name={json.dumps(name)}"])
    assert res.exit_code == 0, res.output
    assert snapshot(tmp_path, skip=work / "runs") == before  # nothing outside runs/ changed or deleted
    if literal is not None:
        assert (snapshot(literal) if literal.is_dir() else literal.exists()) == literal_before
    written = [p for p in (work / "runs").iterdir()]
    assert [p.name for p in written] == [slug(name)] and "/" not in slug(name) and slug(name) not in ("", ".", "..")
    assert (written[0] / "summary.json").is_file()


def test_slug() -> None:
    assert slug("/a/x") == "a-x"
    assert slug("../../x") == "x"
    assert slug("千葉 2030") == "千葉-2030"
    assert slug("..") == "unnamed" and slug("") == "unnamed"
    assert slug("a\x1b[31m..b") == "a-31m.b"


@pytest.mark.parametrize("target", ["foreign", "file", ".", "..", "PARENT", "tool-folder-with-foreign-file"])
def test_out_that_would_destroy_user_files_is_refused(target: str, work: Path, tmp_path: Path) -> None:
    foreign = work / "foreign"
    (foreign / "sub").mkdir(parents=True)
    (foreign / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (foreign / "sub" / "keep.txt").write_text("keep", encoding="utf-8")
    if target == "tool-folder-with-foreign-file":
        assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", "mine"]).exit_code == 0
        (work / "mine" / "my-notes.txt").write_text("mine", encoding="utf-8")
    out = {"foreign": "foreign", "file": "notes.txt", ".": ".", "..": "..", "PARENT": str(tmp_path),
           "tool-folder-with-foreign-file": "mine"}[target]
    before = snapshot(tmp_path)
    res = runner.invoke(app, ["run", str(TINY), "--no-map", "--out", out])
    assert res.exit_code == 2, res.output
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "-- fix:" in errors[0], res.stderr
    assert snapshot(tmp_path) == before  # nothing renamed, replaced, deleted or left behind


def test_every_command_refuses_a_foreign_folder(work: Path) -> None:
    foreign = work / "foreign"
    foreign.mkdir()
    (foreign / "data.csv").write_text("a\n1\n", encoding="utf-8")
    before = snapshot(work)
    sweep = work / "s.toml"
    sweep.write_text(f'base = "{TINY.as_posix()}"\n[grid]\n"policy.max_regions" = [1]\n', encoding="utf-8")
    for args in (["evaluate", str(EXAMPLE), "--no-portfolio", "--out", "foreign"],
                 ["sweep", str(sweep), "--workers", "0", "--out", "foreign"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2 and "not written by wattbit-siting" in res.stderr, (args, res.output)
    sweep.unlink()
    assert snapshot(work) == before


def test_a_page_replaces_only_a_page_the_tool_wrote(work: Path) -> None:
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", "r"]).exit_code == 0
    (work / "mine.html").write_text("<p>my page</p>", encoding="utf-8")
    res = runner.invoke(app, ["map", "r", "--out", "mine.html"])
    assert res.exit_code == 2 and "not written by wattbit-siting" in res.stderr
    assert (work / "mine.html").read_text(encoding="utf-8") == "<p>my page</p>"
    for args in (["map", "r", "--out", "notes.txt"], ["map", "r", "--out", "r"], ["compare", "r", "r", "--out", "r"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
    assert (work / "notes.txt").read_text(encoding="utf-8") == "my notes"
    for _ in range(2):  # its own page is replaced
        assert runner.invoke(app, ["map", "r", "--out", "maps/m.html"]).exit_code == 0
    assert runner.invoke(app, ["map", "r"]).exit_code == 0 and (work / "r" / "map.html").is_file()
    # the run folder, with its map added, is still the tool's and replaced by the next run
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", "r"]).exit_code == 0


def test_read_only_place_is_reported_before_the_solve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    if os.access(ro, os.W_OK):  # root ignores modes: the kernel's /sys refuses new folders to everyone
        ro = Path("/sys")

    def no_solve(*_a: object, **_k: object) -> None:
        raise AssertionError("the solve started before the output place was checked")

    monkeypatch.setattr("siting.cli.run.execute", no_solve)
    res = runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(ro / "wattbit-test" / "run")])
    assert res.exit_code == 2, res.output
    assert "cannot write" in res.stderr and "-- fix:" in res.stderr and str(ro) in res.stderr


def test_folders_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        res = runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(tmp_path / "r")])
    finally:
        os.umask(old)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "r" / "summary.json").stat().st_mode & 0o777 == 0o644


def test_stale_temporary_folders_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(out)]).exit_code == 0
    pid = dead_pid()
    stale = tmp_path / f".run.tmp-{pid}-abcd1234"
    stale.mkdir()
    (stale / PARTIAL).touch()
    (stale / "regions.csv").write_text("half", encoding="utf-8")
    alive = tmp_path / f".run.tmp-{os.getpid()}-abcd1234"  # a run still writing: left alone
    alive.mkdir()
    (alive / PARTIAL).touch()
    unrelated = tmp_path / f".run.tmp-{pid}-00000000"  # not the tool's: left alone
    unrelated.mkdir()
    (unrelated / "mine.txt").write_text("mine", encoding="utf-8")
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", str(out)]).exit_code == 0
    assert not stale.exists() and alive.exists() and (unrelated / "mine.txt").exists()
    # a run killed between its two renames: the previous folder was moved aside and comes back
    moved = tmp_path / f".run.old-{pid}-abcd1234"
    out.rename(moved)
    clean_stale(out)
    assert (out / "summary.json").is_file() and not moved.exists()


def test_two_runs_into_one_folder_at_once(tmp_path: Path) -> None:
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    cmd = [sys.executable, "-m", "siting", "run", str(TINY), "--no-map", "--out", str(out)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tool"] == "wattbit-siting" and sorted(p.name for p in out.iterdir()) == manifest["files"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_folders_of_earlier_versions_are_replaced_only_with_their_own_files(work: Path) -> None:
    """Before the marker, a run folder's manifest named the tool's version and an evaluation's its proposals:
    such a folder is replaced when it holds only what those versions wrote."""
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", "old-run"]).exit_code == 0
    manifest = json.loads((work / "old-run" / "manifest.json").read_text(encoding="utf-8"))
    for key in ("tool", "kind", "files"):
        manifest.pop(key)
    (work / "old-run" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    old_eval = work / "old-eval"
    (old_eval / "reports").mkdir(parents=True)
    (old_eval / "manifest.json").write_text('{"proposals": "p.csv", "scenario": {}, "lang": "ja"}', encoding="utf-8")
    (old_eval / "ranking.csv").write_text("rank\n1\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(TINY), "--no-map", "--out", "old-run"]).exit_code == 0
    assert json.loads((work / "old-run" / "manifest.json").read_text(encoding="utf-8"))["tool"] == "wattbit-siting"
    (old_eval / "thesis.docx").write_text("mine", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(EXAMPLE), "--no-portfolio", "--out", "old-eval"])
    assert res.exit_code == 2 and "thesis.docx" in res.stderr
    (old_eval / "thesis.docx").unlink()
    assert runner.invoke(app, ["evaluate", str(EXAMPLE), "--no-portfolio", "--out", "old-eval"]).exit_code == 0
