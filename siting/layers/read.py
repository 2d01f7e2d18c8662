"""Readers: GeoJSON, GeoPackage, Shapefile, GeoParquet and CSV (UTF-8 or Shift_JIS/CP932) into a frame.

Reading is only about getting bytes into a (Geo)DataFrame with the CRS the file declares; checking the
contract is :mod:`siting.layers.checks`. Files are read by pyogrio (GDAL) and pandas; nothing is guessed
silently: a file without a CRS keeps ``crs=None`` and the checks turn that into an error.

Encodings. Japanese government CSVs and older Shapefiles are often Shift_JIS/CP932. CSVs are decoded as
UTF-8 (with or without BOM) first and as CP932 when that fails; a Shapefile without a ``.cpg`` file is tried
the same way. The encoding used is recorded so ``siting validate`` can show it.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import shapely

from siting.errors import InputError, Problem

#: Column names accepted for coordinates in CSV files (lower-cased, after NFKC normalisation).
LON_NAMES = ("lon", "longitude", "lng", "long", "経度", "x_lon")
LAT_NAMES = ("lat", "latitude", "緯度", "y_lat")

SUFFIX_FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".shp": "Shapefile",
    ".zip": "Shapefile",
    ".parquet": "GeoParquet",
    ".geoparquet": "GeoParquet",
    ".csv": "CSV",
    ".txt": "CSV",
}
ENCODINGS = ("utf-8-sig", "cp932")
#: Files above this size are refused with a clear message (a national layer is a few MB).
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Layers with more features than this are refused (all of Japan's land parcels would be far fewer after
#: screening; a layer this big belongs clipped or aggregated before it enters a planning model).
MAX_FEATURES = 2_000_000
#: GeoJSON files up to this size are parsed whole to find their ``crs`` member; larger ones in their head.
GEOJSON_PARSE_BYTES = 64 * 1024 * 1024


@dataclass
class RawLayer:
    """A file as read, before any check."""

    path: Path
    format: str
    frame: pd.DataFrame  # a GeoDataFrame when the file has geometry
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def _fail(path: Path, what: str, fix: str) -> InputError:
    return InputError(Problem(str(path), what, fix))


def detect_format(path: Path) -> str:
    """Name the reader for ``path`` from its suffix, or raise a clear error."""
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise _fail(path, f"unknown file type '{path.suffix}'", f"use one of {known}")
    return fmt


def read_file(path: str | Path, layer: str | None = None, encoding: str | None = None) -> RawLayer:
    """Read one layer file.

    Parameters
    ----------
    path
        The file. ``.zip`` is read as a zipped Shapefile.
    layer
        Layer name inside a GeoPackage with several layers.
    encoding
        Force a text encoding (CSV and Shapefile); by default UTF-8 is tried, then CP932.

    Raises
    ------
    InputError
        The file does not exist, is empty, too large, or is not what its extension says.
    """
    path = Path(path)
    if not path.exists():
        raise _fail(path, "file does not exist", "check the path (relative paths in a scenario are relative "
                    "to the scenario file)")
    if path.is_dir():
        raise _fail(path, "is a folder, not a file", "name the layer file itself")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "file is empty (0 bytes)", "export the layer again; the file has no content")
    if size > MAX_FILE_BYTES:
        raise _fail(path, f"file is {size / 2**20:.0f} MB, above the {MAX_FILE_BYTES / 2**20:.0f} MB limit",
                    "clip the layer to the study area or simplify its geometry before loading")
    fmt = detect_format(path)
    if fmt == "CSV":
        return _read_csv(path, encoding)
    if fmt == "GeoParquet":
        return _read_parquet(path)
    return _read_ogr(path, fmt, layer, encoding)


def _declared_crs(path: Path) -> object:
    """The top-level ``crs`` member of a GeoJSON file (None when absent); files above
    :data:`GEOJSON_PARSE_BYTES` are searched in their first MiB, where writers put it."""
    if path.stat().st_size <= GEOJSON_PARSE_BYTES:
        try:
            data = json.loads(path.read_bytes())
        except (ValueError, UnicodeDecodeError):
            return None  # not JSON: GDAL says so below
        return data.get("crs") if isinstance(data, dict) else None
    with path.open("rb") as fh:
        head = fh.read(1 << 20).decode("utf-8", "replace")
    m = re.search(r'"crs"\s*:\s*(null|\{)', head)
    if m is None or m.group(1) == "null":
        return None
    name = re.search(r'"name"\s*:\s*"([^"]*)"', head[m.end():m.end() + 400])
    return {"type": "name", "properties": {"name": name.group(1)}} if name else {"type": "unknown"}


def _geojson_crs(path: Path) -> None:
    """A ``crs`` member GDAL cannot use is an error: GDAL would silently read the file as EPSG:4326."""
    crs = _declared_crs(path)
    if crs is None:
        return
    fix = ("write lon/lat degrees with no crs member (GeoJSON's default), or name a known EPSG code, e.g. "
           "\"urn:ogc:def:crs:EPSG::6668\"")
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and crs.get("type") == "name" \
        and isinstance(crs.get("properties"), dict) else None
    if not isinstance(name, str):
        kind = crs.get("type") if isinstance(crs, dict) else type(crs).__name__
        raise _fail(path, f"has a 'crs' member of an unsupported form ({kind!r}; only a named CRS is read)", fix)
    try:
        pyproj.CRS.from_user_input(name)
    except pyproj.exceptions.CRSError:
        raise _fail(path, f"its 'crs' member names an unknown CRS ({name!r})", fix) from None


def _shapefile_parts(path: Path) -> None:
    """A Shapefile is several files: without its .dbf it has no columns, without its .shx it cannot be read.
    Say which file is missing (for a .shp, or each Shapefile inside a .zip)."""
    if path.suffix.lower() == ".zip":
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError):
            return  # GDAL reports an unreadable archive below
        lowered = {n.lower() for n in names}
        stems = [n[:-4] for n in names if n.lower().endswith(".shp")]
        missing = [f"{Path(st).name}{ext}" for st in stems for ext in (".dbf", ".shx")
                   if f"{st}{ext}".lower() not in lowered]
    else:
        present = {p.name.lower() for p in path.parent.iterdir()} if path.parent.is_dir() else set()
        missing = [f"{path.stem}{ext}" for ext in (".dbf", ".shx") if f"{path.stem}{ext}".lower() not in present]
    if missing:
        verb = "are" if len(missing) > 1 else "is"
        raise _fail(path, f"the Shapefile's {' and '.join(missing)} {verb} missing (a Shapefile is several files: "
                    ".shp, .shx with the shapes' index, .dbf with the attribute columns, .prj with the CRS)",
                    "put the missing file(s) next to the .shp, or zip every file of the layer together")


def _read_ogr(path: Path, fmt: str, layer: str | None, encoding: str | None) -> RawLayer:
    if fmt == "Shapefile":
        _shapefile_parts(path)
    if fmt == "GeoJSON":
        _geojson_crs(path)
    source = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        layers = pyogrio.list_layers(source)
    except Exception as exc:  # GDAL's DataSourceError and friends
        raise _fail(path, f"cannot be read as {fmt} ({short_error(exc)})",
                    f"check that the file really is {fmt}: open it in QGIS or re-export it") from exc
    names = [str(n) for n in layers[:, 0]] if len(layers) else []
    if not names:
        raise _fail(path, f"{fmt} file has no layers", "export the layer again")
    if layer is None and len(names) > 1:
        raise _fail(path, f"{fmt} file has {len(names)} layers: {', '.join(names)}",
                    "say which one in the scenario: { path = \"...\", layer = \"NAME\" }")
    if layer is not None and layer not in names:
        raise _fail(path, f"has no layer '{layer}' (layers: {', '.join(names)})", "use one of those names")
    chosen = layer or names[0]
    try:
        count = int(pyogrio.read_info(source, layer=chosen).get("features", -1))
    except Exception:
        count = -1
    if count > MAX_FEATURES:
        raise _fail(path, f"layer has {count:,} features, above the limit of {MAX_FEATURES:,}",
                    "clip the layer to the study area or aggregate it before loading")
    encodings: tuple[str | None, ...]
    if encoding:
        encodings = (encoding,)
    elif fmt == "Shapefile" and not _has_cpg(path):
        encodings = ("utf-8", "cp932")
    else:
        encodings = (None,)
    last: Exception | None = None
    for enc in encodings:
        try:
            with warnings.catch_warnings():
                # a column mixing numbers and text ("50万kW") stays text: the field checks read it, not pyogrio
                warnings.filterwarnings("ignore", message="Could not parse column", category=UserWarning)
                frame = pyogrio.read_dataframe(source, layer=chosen, encoding=enc)
            return RawLayer(path, fmt, frame, encoding=enc or "declared by file")
        except UnicodeDecodeError as exc:
            last = exc
        except Exception as exc:
            raise _fail(path, f"cannot be read as {fmt} ({short_error(exc)})",
                        f"check that the file really is {fmt}: open it in QGIS or re-export it") from exc
    raise _fail(path, f"text is neither UTF-8 nor Shift_JIS/CP932 ({short_error(last)})",
                "add a .cpg file naming the encoding, or re-export the layer as UTF-8")


def _has_cpg(path: Path) -> bool:
    return path.suffix.lower() == ".shp" and path.with_suffix(".cpg").exists()


def _read_parquet(path: Path) -> RawLayer:
    try:
        frame = gpd.read_parquet(path)
    except ValueError as exc:
        # A plain (non-geo) Parquet table: accept it as a table without geometry.
        if "geo" in str(exc).lower():
            try:
                frame = pd.read_parquet(path)
            except Exception as exc2:
                raise _fail(path, f"cannot be read as Parquet ({short_error(exc2)})", "re-export the file") from exc2
            return RawLayer(path, "Parquet", frame)
        raise _fail(path, f"cannot be read as GeoParquet ({short_error(exc)})", "re-export the file") from exc
    except Exception as exc:
        raise _fail(path, f"cannot be read as GeoParquet ({short_error(exc)})",
                    "check that the file really is GeoParquet (geopandas to_parquet)") from exc
    return RawLayer(path, "GeoParquet", frame)


def _read_csv(path: Path, encoding: str | None) -> RawLayer:
    data = path.read_bytes()
    if b"\x00" in data:  # anywhere: a NUL after the first KiB is still a binary file
        raise _fail(path, "is not a text CSV (it contains binary data)",
                    "check the file: a binary file (GeoPackage, Excel…) was given a .csv name")
    text, used = _decode(path, data, encoding)
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                            skipinitialspace=True)
    except pd.errors.EmptyDataError as exc:
        raise _fail(path, "CSV has no header and no rows", "write a header line with the column names") from exc
    except pd.errors.ParserError as exc:
        raise _fail(path, f"CSV cannot be parsed ({short_error(exc)})",
                    "check the delimiter (a comma) and quoting on the line named") from exc
    clashes = clashing_columns(frame.columns, lambda c: unicodedata.normalize("NFKC", c).strip())
    if clashes:
        raise InputError(clash_problem(str(path), clashes))
    frame.columns = [unicodedata.normalize("NFKC", str(c)).strip() for c in frame.columns]
    if len(frame) > MAX_FEATURES:
        raise _fail(path, f"CSV has {len(frame):,} rows, above the limit of {MAX_FEATURES:,}",
                    "split or aggregate the table before loading")
    lon_col = _find(frame.columns, LON_NAMES)
    lat_col = _find(frame.columns, LAT_NAMES)
    notes = []
    if lon_col is None and lat_col is None:
        return RawLayer(path, "CSV", frame, encoding=used, notes=["no lon/lat columns: read as a table"])
    if lon_col is None or lat_col is None:
        missing = "lon" if lon_col is None else "lat"
        raise _fail(path, f"CSV has a {'lat' if missing == 'lon' else 'lon'} column but no {missing} column",
                    "give both 'lon' and 'lat' columns in decimal degrees (WGS 84 / JGD2011)")
    lon = pd.to_numeric(frame[lon_col].map(_nfkc), errors="coerce")
    lat = pd.to_numeric(frame[lat_col].map(_nfkc), errors="coerce")
    bad = frame.index[lon.isna() | lat.isna()]
    if len(bad):
        raise InputError(Problem(str(path), f"'{lon_col}'/'{lat_col}' are empty or not numbers",
                                 "write decimal degrees such as 140.123 / 35.78", tuple(int(i) + 1 for i in bad)))
    geometry = shapely.points(lon.to_numpy(), lat.to_numpy())
    frame = frame.drop(columns=[lon_col, lat_col])
    # lon/lat columns mean geographic coordinates; WGS 84 and JGD2011 agree to centimetres.
    gdf = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    notes.append(f"points from '{lon_col}'/'{lat_col}' as EPSG:4326")
    return RawLayer(path, "CSV", gdf, encoding=used, notes=notes)


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    encodings = (encoding,) if encoding else ENCODINGS
    for enc in encodings:
        try:
            return data.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError:
            continue
        except LookupError as exc:
            raise _fail(path, f"unknown encoding '{enc}'", "use utf-8 or cp932") from exc
    what = "neither UTF-8 nor Shift_JIS/CP932" if encoding is None else f"not {encoding}"
    raise _fail(path, f"text is {what}", "save the CSV as UTF-8 (or Shift_JIS/CP932) text")


def _find(columns: pd.Index, names: tuple[str, ...]) -> str | None:
    lowered = {str(c).lower(): str(c) for c in columns}
    for n in names:
        if n in lowered:
            return lowered[n]
    return None


def clashing_columns(columns: Iterable[object], normalise: Callable[[str], str]) -> list[tuple[str, ...]]:
    """Groups of column names that become the same name once normalised (``Proposal_ID`` / ``proposal_id``,
    ``ａｒｅａ`` / ``area``): the file would hold two values for one field."""
    groups: dict[str, list[str]] = {}
    for c in columns:
        groups.setdefault(normalise(str(c)), []).append(str(c))
    return [tuple(names) for names in groups.values() if len(names) > 1]


def clash_problem(where: str, clashes: list[tuple[str, ...]]) -> Problem:
    shown = "; ".join(" / ".join(f"'{n}'" for n in names) for names in clashes)
    return Problem(where, f"columns differ only by case or character width: {shown}",
                   "keep one column per field (rename or delete the other)")


def _nfkc(value: object) -> object:
    """Normalise full-width digits and signs (１２３．５ → 123.5) before parsing numbers."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def short_error(exc: BaseException | None) -> str:
    text = str(exc).strip().splitlines()[0] if exc is not None and str(exc).strip() else type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."
