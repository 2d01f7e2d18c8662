"""The one way the tool writes a folder or a file, so that no output can destroy the user's own files.

Every command that writes (``siting run``, ``evaluate``, ``sweep``, ``map``, ``compare``) goes through here:

* A folder is written into a temporary sibling (``.<name>.tmp-<pid>-<token>``) that replaces the target only when
  complete, in two renames; a run killed at any point leaves the previous folder complete. The next write beside
  it removes the temporary folders of runs that are no longer alive (and puts back a previous folder a killed run
  had moved aside).
* An existing folder is replaced only when the tool wrote it: its ``manifest.json`` says
  ``"tool": "wattbit-siting"`` and lists every entry of the folder (``files``). An empty folder may be used. A
  file, ``.``, ``..``, the current folder or any folder containing it, the home folder, a symbolic link and a
  folder holding anything else are refused, naming what is in the way.
* A file (an HTML map) replaces an existing file only when the tool wrote it (its generator tag).
* :func:`check_folder` / :func:`check_file` make these checks, and prove the place writable, before any work, so
  a read-only folder is reported before the solve, not after it.
* Filesystem errors are :class:`~siting.errors.OutputError` (exit code 2) naming the path and the fix.
* Folders and files get the mode the umask gives (``os.mkdir``, never ``mkdtemp``'s 700).
* A scenario or sweep name becomes a folder name through :func:`slug`: never a path.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from siting.errors import OutputError, Problem

TOOL = "wattbit-siting"
MANIFEST = "manifest.json"
#: In the <head> of every HTML page the tool writes: what lets a later write replace the page.
GENERATOR_META = f'<meta name="generator" content="{TOOL}">'
#: Pages a command may add to a folder it did not write itself (``siting map`` / ``compare`` into a run folder).
ADDED_PAGES = ("map.html", "compare.html")
#: What the folders of earlier versions (no marker yet) hold: (file that identifies it, its files). A run folder's
#: manifest names the tool's version; an evaluation's manifest names its proposals and language; a sweep's
#: sweep.json names the tool's version.
LEGACY = {
    "run": (MANIFEST, frozenset({"results.gpkg", "regions.csv", "sites.csv", "connections.csv", "reinforcements.csv",
                                 "substations.csv", "demand.csv", "summary.json", MANIFEST, "map.html", "pareto.csv",
                                 "pareto.png", "compare.html"})),
    "evaluation": (MANIFEST, frozenset({"evaluation.csv", "evaluation.json", "metrics.csv", "ranking.csv",
                                        "rejected.csv", "portfolio.json", "reports", "map.html", MANIFEST})),
    "sweep": ("sweep.json", frozenset({"scenarios.csv", "scenarios.parquet", "robustness.csv", "cost_delay.png",
                                       "map.html", "sweep.json", "runs"})),
}
PARTIAL = ".wattbit-siting-partial"
_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<what>tmp|old|runs)-(?P<pid>\d+)-[0-9a-f]+$")


def slug(name: str, default: str = "unnamed") -> str:
    """``name`` as one folder name: letters, digits (any script), ``-``, ``_`` and ``.``; never a path.

    ``/a/x`` -> ``a-x``, ``../../x`` -> ``x``, ``千葉 2030`` -> ``千葉-2030``.
    """
    text = unicodedata.normalize("NFKC", str(name))
    text = re.sub(r"[^\w.-]+", "-", text).strip("-._")
    text = re.sub(r"\.{2,}", ".", text)[:80].strip("-._")
    return text or default


def _fix(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose a folder you may write to with --out, or change its permissions"
    if exc.errno == errno.ENOSPC:
        return "free some disk space or choose another disk with --out"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder: choose another path with --out"
    if exc.errno == errno.ENAMETOOLONG:
        return "choose a shorter path with --out"
    return "check the path, or choose another with --out"


def fs_error(exc: OSError, path: Path) -> OutputError:
    """An OSError as one line for the user: the path, what the system said, the fix."""
    where = exc.filename if isinstance(exc.filename, str) else str(path)
    return OutputError(Problem(where, f"cannot write ({exc.strerror or exc})", _fix(exc)))


def _refuse(path: Path, what: str, fix: str) -> OutputError:
    return OutputError(Problem(str(path), what, fix))


def _guarded_place(out: Path) -> None:
    """Refuse ``.``, ``..``, the current folder or a folder containing it, the home folder and a symlink."""
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        raise _refuse(out, "is the current folder or contains it: replacing it would delete your files",
                      "give a new folder inside it, e.g. --out runs/my-run")
    if out == Path.home().resolve():
        raise _refuse(out, "is the home folder", "give a new folder inside it, e.g. --out runs/my-run")


def _json_dict(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _listed(folder: Path) -> set[str] | None:
    """The entries the tool's manifest in ``folder`` lists, or None when the tool did not write the folder."""
    manifest = _json_dict(folder / MANIFEST)
    if manifest is not None and manifest.get("tool") == TOOL and isinstance(manifest.get("files"), list):
        return {str(f) for f in manifest["files"]} | {MANIFEST, *ADDED_PAGES}
    for kind, (name, files) in LEGACY.items():  # a folder of an earlier version, before the marker
        data = manifest if name == MANIFEST else _json_dict(folder / name)
        if data is None:
            continue
        versions = data.get("versions")
        ours = isinstance(versions, dict) and TOOL in versions
        if ours or (kind == "evaluation" and {"proposals", "lang"} <= set(data)):
            return set(files)
    return None


def check_replaceable(out: Path) -> None:
    """Raise :class:`OutputError` unless ``out`` is absent, empty, or a folder the tool wrote and nothing else."""
    if out.is_symlink():
        raise _refuse(out, "is a symbolic link", "give the real folder, or a new folder, with --out")
    if not out.exists():
        return
    if not out.is_dir():
        raise _refuse(out, "is a file, not a folder", "give a new folder with --out; the file is left as it is")
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    listed = _listed(out)
    if listed is None:
        raise _refuse(out, "exists and was not written by wattbit-siting (no manifest.json of the tool); "
                      "nothing was changed", "give a new folder with --out, or move the folder away yourself")
    foreign = [e for e in entries if e not in listed]
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise _refuse(out, f"holds files wattbit-siting did not write ({shown}); nothing was changed",
                      "move those files out of the folder, or give a new folder with --out")


def _probe(parent: Path) -> None:
    """Create ``parent`` (umask modes) and prove a folder can be made in it."""
    existing = next((p for p in (parent, *parent.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise _refuse(existing, "is a file, so no folder can be made in it", "choose another path with --out")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        probe = parent / f".wattbit-siting-probe-{os.getpid()}-{secrets.token_hex(4)}"
        os.mkdir(probe)
        os.rmdir(probe)
    except OSError as exc:
        raise fs_error(exc, parent) from None


def check_folder(out: Path | str) -> Path:
    """Check that ``out`` may be written and replaced, before any work; return it resolved."""
    out = Path(os.path.abspath(Path(out).expanduser()))
    _guarded_place(out.resolve())
    check_replaceable(out)
    _probe(out.parent)
    if out.is_dir() and any(out.iterdir()) and not os.access(out, os.W_OK | os.X_OK):
        raise _refuse(out, "cannot be replaced (no write permission)", _fix(OSError(errno.EACCES, "")))
    return out


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ours(folder: Path) -> bool:
    return (folder / PARTIAL).exists() or _listed(folder) is not None


def clean_stale(out: Path) -> None:
    """Remove the temporary folders of dead runs beside ``out``; put back a folder a killed run moved aside."""
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return
    for p in siblings:
        m = _STALE.match(p.name)
        if not m or m["name"] != out.name or not p.is_dir() or p.is_symlink() or _alive(int(m["pid"])):
            continue
        if not _ours(p):
            continue
        try:
            if m["what"] == "old" and not out.exists():
                os.rename(p, out)
            else:
                shutil.rmtree(p)
        except OSError:
            continue


def scratch(out: Path, what: str) -> Path:
    """A new hidden folder beside ``out`` (``tmp``: the folder being written; ``runs``: a sweep's run folders)."""
    path = out.parent / f".{out.name}.{what}-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.mkdir(path)
        (path / PARTIAL).touch()
    except OSError as exc:
        raise fs_error(exc, path) from None
    return path


def _seal(folder: Path, kind: str) -> None:
    """Give ``folder`` the tool's marker: its manifest says the tool, the kind and every entry."""
    (folder / PARTIAL).unlink(missing_ok=True)
    path = folder / MANIFEST
    data: Any = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    body = data if isinstance(data, dict) else {"content": data}
    body = {k: v for k, v in body.items() if k not in ("tool", "kind", "files")}
    files = sorted({p.name for p in folder.iterdir()} | {MANIFEST})
    manifest = {"tool": TOOL, "kind": kind, **body, "files": files}
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def _replace(tmp: Path, out: Path) -> None:
    """Put ``tmp`` in place of ``out`` (re-checked: another run may have written it meanwhile)."""
    for _attempt in range(5):
        check_replaceable(out)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError as exc:
            if old is not None and not out.exists():
                os.rename(old, out)
                old = None
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            continue  # a run beside this one wrote the folder in between: replace that
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        return
    raise OSError(errno.EEXIST, "another run keeps writing this folder", str(out))


@contextmanager
def safe_folder(out: Path | str, kind: str) -> Iterator[Path]:
    """Yield an empty temporary folder; when the block ends without error it replaces ``out``.

    ``kind`` (``run``, ``evaluation``, ``sweep``) goes into the manifest with the marker. Raises
    :class:`OutputError` when ``out`` may not be replaced or the filesystem refuses.
    """
    out = check_folder(out)
    clean_stale(out)
    tmp = scratch(out, "tmp")
    try:
        yield tmp
        _seal(tmp, kind)
        _replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise fs_error(exc, out) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --- single files (HTML maps) ------------------------------------------------------------------------------------
def _tool_page(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(8192).decode("utf-8", "replace")
    except OSError:
        return False
    if GENERATOR_META in head:
        return True
    # a page an earlier version wrote into a run folder
    return path.name in ADDED_PAGES and _listed(path.parent) is not None


def check_file(out: Path | str, suffixes: tuple[str, ...] = (".html", ".htm")) -> Path:
    """Check that the page ``out`` may be written, before any work; return it as an absolute path."""
    out = Path(os.path.abspath(Path(out).expanduser()))
    if out.suffix.lower() not in suffixes:
        raise _refuse(out, f"is not a {' or '.join(suffixes)} file name", f"give a file name ending {suffixes[0]}")
    if out.is_symlink():
        raise _refuse(out, "is a symbolic link", "give the real file, or a new file name, with --out")
    if out.is_dir():
        raise _refuse(out, "is a folder", f"give a file name ending {suffixes[0]}, e.g. {out / ('map' + suffixes[0])}")
    if out.exists() and not _tool_page(out):
        raise _refuse(out, "exists and was not written by wattbit-siting; nothing was changed",
                      "give a new file name with --out, or move the file away yourself")
    _probe(out.parent)
    return out


def with_generator(html: str) -> str:
    """``html`` with the tool's generator tag in its <head> (added once)."""
    if GENERATOR_META in html:
        return html
    i = html.find("<head>")
    return html.replace("<head>", "<head>\n    " + GENERATOR_META, 1) if i >= 0 else GENERATOR_META + "\n" + html


def write_page(out: Path | str, html: str) -> Path:
    """Write an HTML page atomically (temporary file, then rename); refuse what :func:`check_file` refuses."""
    out = check_file(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp.write_text(with_generator(html), encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise fs_error(exc, out) from None
    return out
