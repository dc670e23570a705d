"""Files and paths as R's base functions use them, and data frames as far as CSV files take them
(write.csv and read.csv through Python's csv module)."""

from __future__ import annotations

import csv
import os
import tempfile as _tempfile
from typing import Any

from ._halt import NotPorted, RError
from ._text import as_character, format_number
from ._values import elements, vector


def file_path(*parts: Any, fsep: str = "/") -> Any:
    columns = [[as_character(v) for v in elements(p)] for p in parts]
    if any(not c for c in columns):
        return vector([], "character")
    n = max(len(c) for c in columns)
    return vector([fsep.join(c[i % len(c)] for c in columns) for i in range(n)], "character")


_SESSION_DIR: str | None = None


def tempfile(pattern: str = "file", tmpdir: str | None = None, fileext: str = "") -> str:
    """A new name in this session's temporary folder (R's tempdir()), not yet created."""
    global _SESSION_DIR
    if tmpdir is None:
        if _SESSION_DIR is None:
            _SESSION_DIR = _tempfile.mkdtemp(prefix="Rtmp")
        tmpdir = _SESSION_DIR
    return os.path.join(tmpdir, f"{pattern}{os.urandom(6).hex()}{fileext}")


def file_exists(*paths: Any) -> Any:
    return vector([os.path.exists(as_character(p)) for value in paths for p in elements(value)], "logical")


def unlink(x: Any, recursive: bool = False) -> int:
    import shutil

    for p in elements(x):
        path = as_character(p)
        if os.path.isdir(path):
            if recursive:
                shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            os.remove(path)
    return 0


def basename(path: Any) -> Any:
    return vector([os.path.basename(as_character(p).rstrip("/")) for p in elements(path)], "character")


def dirname(path: Any) -> Any:
    return vector([os.path.dirname(as_character(p).rstrip("/")) or "." for p in elements(path)], "character")


def dir_create(path: str, showWarnings: bool = True, recursive: bool = False) -> bool:
    if os.path.exists(path):
        if showWarnings:
            raise NotPorted("dir.create() of an existing folder (R warns)")
        return False
    (os.makedirs if recursive else os.mkdir)(path)
    return True


def read_lines(con: str) -> Any:
    with open(con, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return vector(lines, "character")


class DataFrame(dict[str, Any]):
    """A data frame: named columns of one length (a dict of column vectors, as R's is a list)."""

    __slots__ = ()

    @property
    def rows(self) -> int:
        return len(elements(next(iter(self.values())))) if self else 0


def data_frame(*args: Any, stringsAsFactors: bool = False, **columns: Any) -> DataFrame:
    if args:
        raise NotPorted("data.frame() with unnamed columns")
    if stringsAsFactors:
        raise NotPorted("factors (stringsAsFactors = TRUE)")
    lengths = {len(elements(v)) for v in columns.values()}
    if len(lengths) > 1:
        n = max(lengths)
        if any(n % max(m, 1) for m in lengths):
            raise RError("arguments imply differing number of rows")
        columns = {k: vector([*elements(v)] * (n // len(elements(v)))) for k, v in columns.items()}
    return DataFrame(columns)


def nrow(x: Any) -> int:
    if not isinstance(x, DataFrame):
        raise NotPorted("nrow() of something other than a data frame")
    return x.rows


def ncol(x: Any) -> int:
    if not isinstance(x, DataFrame):
        raise NotPorted("ncol() of something other than a data frame")
    return len(x)


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return format_number(float(value), 15)


def write_csv(x: Any, file: str, row_names: bool = True) -> None:
    """write.csv(): every string quoted (quotes doubled), a header row, row names unless told not."""
    if not isinstance(x, DataFrame):
        raise NotPorted("write.csv() of something other than a data frame")
    names = list(x)
    cols = [elements(x[k]) for k in names]
    lines = [",".join((['""'] if row_names else []) + [_cell(k) for k in names])]
    for i in range(x.rows):
        cells = [_cell(str(i + 1))] if row_names else []
        lines.append(",".join(cells + [_cell(c[i]) for c in cols]))
    with open(file, "w", encoding="utf-8", newline="") as handle:
        handle.write("".join(line + "\n" for line in lines))


def _column(values: list[str]) -> Any:
    if any(v in ("", "NA") for v in values):
        raise NotPorted("read.csv() of a column with missing values (NA)")
    for convert in (int, float):
        try:
            return vector([convert(v) for v in values])
        except ValueError:
            pass
    if all(v in ("TRUE", "FALSE") for v in values):
        return vector([v == "TRUE" for v in values], "logical")
    return vector(values, "character")


def read_csv(file: str, stringsAsFactors: bool = False) -> DataFrame:
    if stringsAsFactors:
        raise NotPorted("factors (stringsAsFactors = TRUE)")
    with open(file, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise RError("no lines available in input")
    header, body = rows[0], rows[1:]
    if header and header[0] == "":
        raise NotPorted("read.csv() of a file with row names")
    return DataFrame({name: _column([r[i] for r in body]) for i, name in enumerate(header)})


def is_data_frame(x: Any) -> bool:
    return isinstance(x, DataFrame)
