"""The AWS CLI's output formats: json, text, table and yaml, laid out as `aws` lays them out.

text: one line per structure of tab-separated scalars (keys sorted; in a list of structures, the
union of their scalar keys), nested values on later lines headed by their key in capitals.
table: a titled section per structure or list, scalar keys as column headers, a structure of one
row turned vertical, all scaled to one width (the terminal's, else 80 columns); with --color on,
the cells and indentation bars coloured as the AWS CLI colours them. The tests hold both to the AWS
CLI's own formatter. yaml: block style, keys in result order.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

FORMATS = ("json", "text", "table", "yaml", "r")


def as_json(data: Any) -> str:
    return json.dumps(data, indent=4, ensure_ascii=False) + "\n"


def as_yaml(data: Any) -> str:
    import yaml

    return str(yaml.safe_dump(data, default_flow_style=False, sort_keys=False, allow_unicode=True))


# ---- text -------------------------------------------------------------------------------------


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def as_text(data: Any) -> str:
    return "".join(line + "\n" for line in _text_lines(data, None, None))


def _text_lines(value: Any, label: str | None, columns: list[str] | None) -> Iterator[str]:
    if isinstance(value, dict):
        if columns is None:
            ordered = sorted(value)
            cells = [str(value[k]) for k in ordered if _scalar(value[k])]
            nested = [k for k in ordered if not _scalar(value[k])]
        else:
            cells = [str(value.get(k, "")) for k in columns]
            nested = sorted(set(value) - set(columns))
        if cells:
            yield "\t".join(([label.upper()] if label is not None else []) + cells)
        for key in nested:
            yield from _text_lines(value[key], key, None)
    elif isinstance(value, list):
        if not value:
            return
        if any(isinstance(v, dict) for v in value):
            shared = sorted({k for v in value if isinstance(v, dict) for k, x in v.items() if _scalar(x)})
            for element in value:
                yield from _text_lines(element, label, shared)
            return
        scalars = [v for v in value if _scalar(v)]
        if scalars:
            if label is not None:
                yield from (f"{label.upper()}\t{v}" for v in scalars)
            else:
                yield "\t".join(str(v) for v in scalars)
        for element in value:
            if not _scalar(element):
                yield from _text_lines(element, label, None)
    else:
        yield str(value)


# ---- table ------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns a string takes in a terminal (wide and ambiguous East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


# What the AWS CLI's coloured table adds (colorama's codes): each row cell bright blue, each
# indentation bar dim yellow; titles and headers stay plain.
_CELL = ("\x1b[1m\x1b[34m", "\x1b[0m")
_BAR = ("\x1b[2m\x1b[33m", "\x1b[0m")
_PLAIN = ("", "")


class _Section:
    def __init__(self, title: str, indent: int) -> None:
        self.title = title
        self.indent = indent
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.widths: list[int] = []

    def _grow(self, cells: list[str]) -> None:
        sizes = [_width(c) for c in cells]
        self.widths = (
            sizes if not self.widths else [max(a, b) for a, b in zip(self.widths, sizes, strict=False)]
        )

    def header(self, names: list[str]) -> None:
        self.headers = list(names)
        self._grow(self.headers)

    def row(self, cells: list[Any]) -> None:
        shown = [str(c) for c in cells]
        self.rows.append(shown)
        self._grow(shown)

    def natural_width(self) -> int:
        cells = sum(w + 4 for w in self.widths) + 2 + 2 * self.indent
        return max(_width(self.title) + 2 + 2 * self.indent, cells)

    def column_widths(self, total: int) -> list[int]:
        """The columns scaled to fill `total`, rounding errors given back one column at a time."""
        natural = [w + 4 for w in self.widths]
        if not natural:
            return []
        scaled = [round(total / sum(natural) * w) for w in natural]
        off = sum(scaled) - total
        while off:
            order = range(len(scaled)) if off > 0 else reversed(range(len(scaled)))
            for i in order:
                step = 1 if off > 0 else -1
                scaled[i] -= step
                off -= step
                if not off:
                    break
        return scaled

    def vertical(self) -> _Section:
        turned = _Section(self.title, self.indent)
        for name, cell in zip(self.headers, self.rows[0], strict=False):
            turned.row([name, cell])
        return turned


class _Table:
    def __init__(self, clean: Callable[[str], str] | None = None) -> None:
        self.sections: list[_Section] = []
        self.clean = clean

    def section(self, title: str, indent: int) -> _Section:
        self.sections.append(_Section(title, indent))  # a key: cleaned with its value
        return self.sections[-1]

    def _cleaned(self, value: Any) -> Any:
        """A value as shown: the terminal-safe text of a string (a key or a cell), when asked."""
        if self.clean is None:
            return value
        if isinstance(value, dict):
            return {self.clean(str(k)): self._cleaned(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._cleaned(v) for v in value]
        return self.clean(str(value)) if isinstance(value, str) else value

    def build(self, title: str | None, value: Any, indent: int = 0) -> bool:
        if indent == 0 and title is not None:  # the whole result, once
            title, value = self._cleaned(title), self._cleaned(value)
        if not value:
            return False
        current = self.section(title, indent) if title is not None else self.sections[-1]
        if isinstance(value, list):
            if isinstance(value[0], dict):
                self._list_of_structures(current, title, value, indent)
            else:
                for element in value:
                    if _scalar(element):
                        self.sections[-1].row([element])
                    elif all(_scalar(e) for e in element):
                        self.sections[-1].row(element)
                    else:
                        self.build(None, element)
        if isinstance(value, dict):
            self._structure(value, indent)
        return True

    @staticmethod
    def _split(value: dict[str, Any]) -> tuple[list[str], list[str]]:
        return sorted(k for k in value if _scalar(value[k])), sorted(
            k for k in value if not _scalar(value[k])
        )

    def _structure(self, value: dict[str, Any], indent: int) -> None:
        headers, nested = self._split(value)
        if len(headers) == 1:
            self.sections[-1].row([headers[0], value[headers[0]]])
        elif headers:
            self.sections[-1].header(headers)
            self.sections[-1].row([value[k] for k in headers])
        for key in nested:
            self.build(key, value[key], indent + 1)

    def _list_of_structures(
        self, current: _Section, title: str | None, value: list[Any], indent: int
    ) -> None:
        headers: set[str] = set()
        nested: set[str] = set()
        for element in value:
            h, n = self._split(element)
            headers.update(h)
            nested.update(n)
        columns, more = sorted(headers), sorted(nested)
        current.header(columns)
        for number, element in enumerate(value):
            if number and more:
                self.section(title or "", indent).header(columns)
            self.sections[-1].row([element.get(c, "") for c in columns])
            for key in more:
                if key in element:
                    self.build(key, element[key], indent + 1)

    def render(self, terminal_width: int, color: bool = False) -> str:
        total = max(s.natural_width() for s in self.sections)
        if total > terminal_width:
            self.sections = [s.vertical() if len(s.rows) == 1 and s.headers else s for s in self.sections]
            total = max(s.natural_width() for s in self.sections)
        lines = ["-" * total]
        bar = "|".join(_BAR) if color else "|"
        cell = _CELL if color else _PLAIN
        for section in self.sections:
            inner = total - 2 * section.indent
            edge = bar * section.indent
            lines.extend(edge + line + edge for line in _render_section(section, inner, cell))
        return "\n".join(lines) + "\n"


def _centred(text: str, length: int, left: str = "|") -> str:
    start = length // 2 - _width(text) // 2 - 1
    body = left + " " * start + text
    return body + " " * (length - 1 - _width(body)) + "|"


def _left(text: str, length: int, left: str, style: tuple[str, str] = _PLAIN) -> str:
    padding = 2 if length - (_width(text) + 2 + len(left) + 1) >= 0 else 0
    body = left + " " * padding + text
    return left + " " * padding + style[0] + text + style[1] + " " * (length - _width(body) - 1) + "|"


def _rule(widths: list[int]) -> str:
    return "+" + "+".join("-" * (w - 2 if i == 0 else w - 1) for i, w in enumerate(widths)) + "+"


def _render_section(section: _Section, width: int, cell: tuple[str, str] = _PLAIN) -> Iterator[str]:
    if section.title:
        yield _centred(section.title, width)
        if not section.headers and not section.rows:
            yield "+" + "-" * (width - 2) + "+"
    widths = section.column_widths(width)
    if section.headers:
        yield _rule(widths)
        yield "".join(
            _centred(h, w, "|" if i == 0 else "")
            for i, (w, h) in enumerate(zip(widths, section.headers, strict=False))
        )
    if section.rows and widths:
        yield _rule(widths)
        for row in section.rows:
            yield "".join(
                _left(c, w, "|" if i == 0 else "", cell)
                for i, (w, c) in enumerate(zip(widths, row, strict=False))
            )
        yield _rule(widths)


def as_table(
    title: str,
    data: Any,
    terminal_width: int = 80,
    *,
    color: bool = False,
    clean: Callable[[str], str] | None = None,
) -> str:
    """The table; `clean` makes each title, key and string cell safe before it is laid out (for a
    terminal), `color` colours it as `aws --color on` does."""
    table = _Table(clean)
    if not table.build(title, data):
        return ""
    return table.render(terminal_width, color)
