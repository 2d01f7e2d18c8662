"""The app's one temporary folder: uploads and written outputs live here only while the app runs.

``siting serve`` makes ``<tmp>/wattbit-serve-<pid>-<token>/`` at start and removes it on exit (the app's
shutdown, and ``atexit`` for any other way out); a folder left by an app that was killed is removed by the next
start once its process is gone. Every evaluation gets a subfolder named by an opaque random id. No request path
ever becomes a file path: an upload is stored under a name the app makes from the file name (a slug with the
suffix, never a path), inside a folder the app created; downloads are looked up by id and a fixed file name.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from siting.errors import InputError, Problem
from siting.outputs import _alive, slug

PREFIX = "wattbit-serve-"
_OURS = re.compile(rf"^{PREFIX}(?P<pid>\d+)-[A-Za-z0-9_]+$")
#: What an evaluation id looks like (``secrets.token_urlsafe(12)``): the only form a request may name.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16}$")
MARKER = ".wattbit-serve"


class UploadTooLargeError(InputError):
    """The upload is above the app's size limit (HTTP 413)."""


def new_id() -> str:
    """An opaque id: 16 URL-safe characters (96 random bits)."""
    return secrets.token_urlsafe(12)


def upload_name(name: str) -> str:
    """The stored name of an uploaded file: its stem as a slug and its suffix, never a path.

    ``../../etc/passwd`` -> ``passwd``, ``提案 2026.csv`` -> ``提案-2026.csv``, ``x.GeoJSON`` -> ``x.geojson``.
    """
    base = os.path.basename(name.replace("\\", "/"))
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    clean_suffix = slug(suffix, "")[:12].lower()
    return slug(stem, "proposals")[:60] + (f".{clean_suffix}" if clean_suffix else "")


def clean_stale(parent: Path) -> None:
    """Remove the folders of apps that are no longer running (killed before they could clean up)."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for p in entries:
        m = _OURS.match(p.name)
        if m and p.is_dir() and not p.is_symlink() and (p / MARKER).exists() and not _alive(int(m["pid"])):
            shutil.rmtree(p, ignore_errors=True)


class Workspace:
    """The app's temporary folder and its upload limit."""

    def __init__(self, max_upload_bytes: int, parent: Path | None = None):
        parent = Path(parent or tempfile.gettempdir())
        clean_stale(parent)
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
        (self.root / MARKER).touch()
        self.max_upload_bytes = max_upload_bytes
        atexit.register(self.cleanup)

    def new_folder(self) -> tuple[str, Path]:
        """A fresh id and its empty folder."""
        eid = new_id()
        folder = self.root / eid
        folder.mkdir()
        return eid, folder

    def too_large(self, name: str, size: int | None = None) -> UploadTooLargeError:
        limit_mb = self.max_upload_bytes / 1e6
        what = f"the file is larger than the {limit_mb:g} MB this app accepts" if size is None else \
            f"the file is {size / 1e6:.1f} MB, more than the {limit_mb:g} MB this app accepts"
        return UploadTooLargeError(Problem(name, what, "split the file, or start the app with --max-upload-mb N"))

    async def receive(self, chunks: AsyncIterator[bytes], folder: Path, name: str) -> Path:
        """Write the uploaded bytes into ``folder`` under :func:`upload_name`; stop as soon as the limit is
        passed (the partial file is removed)."""
        path = folder / upload_name(name)
        size = 0
        try:
            with path.open("wb") as fh:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_upload_bytes:
                        raise self.too_large(path.name)
                    fh.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    def shown(self, text: str) -> str:
        """``text`` (an error line) without the app's temporary folder: the file's own name is what the user
        knows."""
        out = text
        for root in {str(self.root), os.path.realpath(self.root)}:
            out = re.sub(re.escape(root) + r"[/\\][A-Za-z0-9_-]{16}[/\\]", "", out)
        return out

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
