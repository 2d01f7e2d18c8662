"""``geodata/manifest.json`` and the catalogue table of ``geodata/README.md``: the data vintage and, per bundled
file, its rows, estimated rows, ``as_of`` range and SHA-256 (no build date: the same sources give the same
bytes).

Each compile step (:mod:`geodata.build.compile_grid`, :mod:`geodata.build.compile_sites`) merges the entries of
the files it wrote into the manifest of its output folder and, when that folder holds a ``README.md`` with the
catalogue markers, rewrites the table between them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from siting.layers.vintage import sha256

#: The month the bundled facts were last checked against their sources (geodata/sources/facts/README.md).
VINTAGE = "2026-12"
MANIFEST = "manifest.json"
BEGIN, END = "<!-- catalogue:begin (written by the data build) -->", "<!-- catalogue:end -->"


def _entry(frame: pd.DataFrame, path: Path) -> dict[str, object]:
    named = (frame["estimated"] if "estimated" in frame else pd.Series(None, index=frame.index, dtype=object)) \
        .astype("string").str.strip().fillna("")
    estimated = int((named != "").sum())
    columns = named[named != ""].str.split(",").explode().str.strip().value_counts()
    as_of = frame["as_of"].dropna().astype(str) if "as_of" in frame else pd.Series(dtype=str)
    return {"rows": len(frame), "estimated_rows": estimated,
            "estimated_share": round(estimated / len(frame), 4) if len(frame) else 0.0,
            "as_of_min": min(as_of, default=None), "as_of_max": max(as_of, default=None),
            "rows_without_as_of": int(len(frame) - len(as_of)),
            "estimated_columns": {str(k): int(v) for k, v in sorted(columns.items())},
            "sha256": sha256(path)}


def catalogue(manifest: dict) -> str:
    """The markdown table of the vintage and the files (what the README's catalogue block holds)."""
    lines = [f"**Vintage {manifest['vintage']}**: the facts were checked against their sources for that month "
             "(`manifest.json` records it with each file's SHA-256). `as_of` is the date each row's facts were "
             "true; an estimated row names at least one modelled value in `estimated`.", "",
             "| file | rows | estimated rows | estimated values (rows) | as_of from | as_of to |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, e in sorted(manifest["files"].items()):
        what = ", ".join(f"{col} {n}" for col, n in e["estimated_columns"].items()) or "none"
        lines.append(f"| `{name}` | {e['rows']} | {e['estimated_rows']} ({100 * e['estimated_share']:.0f} %) | "
                     f"{what} | {e['as_of_min']} | {e['as_of_max']} |")
    return "\n".join(lines)


def update_manifest(out: Path, frames: dict[str, pd.DataFrame]) -> dict:
    """Merge the entries of ``frames`` (file name -> the frame written to ``out/name``) into
    ``out/manifest.json``; refresh the catalogue block of ``out/README.md`` if it has the markers."""
    path = out / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    files = dict(manifest.get("files", {}))
    files.update({name: _entry(frame, out / name) for name, frame in frames.items()})
    manifest = {"vintage": VINTAGE, "files": dict(sorted(files.items()))}
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    readme = out / "README.md"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            readme.write_text(f"{head}{BEGIN}\n{catalogue(manifest)}\n{END}{rest.split(END, 1)[1]}",
                              encoding="utf-8")
    return manifest
