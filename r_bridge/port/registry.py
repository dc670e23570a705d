"""The registry of built-in functions: how each R function the porter knows becomes Python,
most of them a call of the runtime (r_bridge.port_runtime), which implements R's semantics."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import closures, conditions, expressions, scopes, signals, switching
from .builtins import apply, values
from .emit import (
    P_AND,
    P_CMP,
    Py,
    atom,
    bracketed,
    call,
    py_string,
    python_keyword,
    wrap,
)
from .result import Unsupported
from .tree import Node, deparse_r

if TYPE_CHECKING:
    from .porter import Porter


def _runtime(
    name: str, keywords: tuple[str, ...] = (), positional: tuple[str, ...] = ()
) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    """A call of the runtime's helper `name`; `keywords` are R's argument names it takes by
    name, `positional` the ones (leading) it takes by position."""
    keywords = keywords + positional

    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        porter.runtime.add(name)
        slots: dict[str, Py] = {}  # positional parameters, filled by name or in order
        extra: list[tuple[str, Py]] = []  # unnamed arguments past them, and ...
        named: list[tuple[str, Py]] = []
        # The positional parameters left for the unnamed arguments, in order.
        unfilled = [p for p in positional if p not in {k for k, _ in args}]
        for key, value in args:
            if key is not None and key not in keywords:
                raise Unsupported(node, f"{scopes.call_name(porter, node)}() argument {key} =")
            if key in positional:
                # R matches it by name wherever it stands; the helper takes it in its place.
                place = expressions.stream_value if key in ("con", "file") else expressions.expr
                slots[key] = place(porter, value)
            elif key == "file" or key == "con":
                named.append(("file=", expressions.stream_value(porter, value)))
            elif key is not None:
                named.append((f"{python_keyword(key)}=", expressions.expr(porter, value)))
            elif is_dots(value):
                if not porter.dots:
                    raise Unsupported(node, "... outside a function taking ...")
                extra.append(("*", atom("dots")))
                named.append(("**", atom("named_dots")))
            else:
                slot = unfilled.pop(0) if unfilled else None
                place = expressions.stream_value if slot in ("con", "file") else expressions.expr
                if slot is None:
                    extra.append(("", place(porter, value)))
                else:
                    slots[slot] = place(porter, value)
        given = [i for i, p in enumerate(positional) if p in slots]
        upto = given[-1] + 1 if given else 0
        if any(p not in slots for p in positional[:upto]):
            missing = next(p for p in positional[:upto] if p not in slots)
            raise Unsupported(
                node, f"{scopes.call_name(porter, node)}() without {missing} before the ones given"
            )
        items = [("", slots[p]) for p in positional[:upto]] + extra
        return bracketed(name, "(", items + named, ")")

    return translate


def is_dots(node: Node) -> bool:
    leaf = node.kids[0] if node.only("SYMBOL") else node
    return leaf.token == "SYMBOL" and leaf.text == "..."


def _one(porter: Porter, node: Node, args: list[tuple[str | None, Node]], what: str = "") -> Node:
    if len(args) != 1 or args[0][0] not in (None, "x", "object", "text"):
        raise Unsupported(node, f"{scopes.call_name(porter, node)}() with these arguments")
    return args[0][1]


def _print(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    porter.runtime.add("rprint")
    return call("rprint", expressions.expr(porter, _one(porter, node, args)))


def _is_null(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    return atom(
        f"{wrap(expressions.maybe_absent(porter, _one(porter, node, args)), P_CMP + 1)} is None", P_CMP
    )


def _getenv(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    named = {k: v for k, v in args if k is not None}
    positional = [v for k, v in args if k is None]
    if not positional and "x" in named:
        positional.append(named.pop("x"))
    if len(positional) == 2 and "unset" not in named:
        named["unset"] = positional.pop()
    if len(positional) != 1 or set(named) - {"unset"}:
        raise Unsupported(node, "Sys.getenv() with other than one variable")
    porter.stdlib.add("os")
    default = expressions.expr(porter, named["unset"]) if "unset" in named else atom('""')
    return call("os.environ.get", expressions.expr(porter, positional[0]), default)


def _sleep(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    porter.stdlib.add("time")
    return call("time.sleep", expressions.expr(porter, _one(porter, node, args)))


def _condition_message(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    return call("str", expressions.expr(porter, _one(porter, node, args)))


def _inherits(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    if len(args) != 2 or not args[1][1].only("STR_CONST"):
        raise Unsupported(node, "inherits() with other than a class name")
    var = expressions.expr(porter, args[0][1])
    wanted = args[1][1].kids[0].value or ""
    if wanted in VALUE_CLASSES:
        # A value's class (a date, a data frame...): the runtime asks its class().
        porter.runtime.add("inherits_")
        return call("inherits_", var, atom(py_string(wanted)))
    classes, predicate = conditions.condition_test(porter, node, args[1][1].kids[0].value or "", "{e}")
    test = f"isinstance({var.text}, {classes})"
    if predicate:
        test += " and " + predicate.format(e=var.text)
    return atom(test, P_AND)


# Classes of values (not of conditions) that inherits() may ask about.
VALUE_CLASSES = frozenset(
    {
        "Date",
        "POSIXct",
        "POSIXt",
        "difftime",
        "data.frame",
        "list",
        "character",
        "numeric",
        "logical",
        "function",
        "json",
    }
)


def _is_true(value: str) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        return atom(
            f"{wrap(expressions.expr(porter, _one(porter, node, args)), P_CMP + 1)} is {value}", P_CMP
        )

    return translate


def _invisible(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    return expressions.expr(porter, _one(porter, node, args))


def _data_frame(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """data.frame(col = values, ..., stringsAsFactors = FALSE): named columns only."""
    if any(k is None or not python_keyword(k).isidentifier() for k, _ in args):
        raise Unsupported(node, "data.frame() with unnamed columns or names that are not identifiers")
    porter.runtime.add("data_frame")
    items = [(f"{python_keyword(k or '')}=", expressions.expr(porter, v)) for k, v in args]
    return bracketed("data_frame", "(", items, ")")


def _stopifnot(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """stopifnot(a, b): each test with R's own deparsed text of it, which R's message quotes."""
    if not args or any(k is not None for k, _ in args):
        raise Unsupported(node, "stopifnot() with named arguments")
    porter.runtime.add("stopifnot_")
    checks = [
        bracketed(
            "",
            "(",
            [("", expressions.expr(porter, v)), ("", atom(py_string(deparse_r(scopes.snippet(porter, v)))))],
            ")",
        )
        for _, v in args
    ]
    return bracketed("stopifnot_", "(", [("", c) for c in checks], ")")


def _paginate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """paws.common::paginate(svc$op(...), PageSize = ...): paws_compat.paginate(svc.op, ...)."""
    if scopes.call_package(porter, node) not in ("paws.common", None):
        raise Unsupported(node, "paginate() of another package")
    operation = args[0][1] if args and args[0][0] in (None, "Operation") else None
    is_call = operation is not None and len(operation.kids) >= 3 and operation.kids[1].token == "'('"
    ckids = operation.kids[0].kids if operation is not None and is_call else []
    if operation is None or not (
        len(ckids) == 3 and ckids[1].token == "'$'" and scopes.is_client(porter, ckids[0])
    ):
        raise Unsupported(node, "paginate() of something other than a client's operation call")
    options = args[1:]
    if any(k not in ("PageSize", "MaxItems", "StartingToken", "StopOnSameToken") for k, _ in options):
        raise Unsupported(node, "paginate() with these arguments")
    method = ckids[2].text
    if method not in porter.operations:
        raise Unsupported(node, f"paginate() of ${method}")
    porter.uses_paws = True
    inner = expressions.operation_call(
        porter, operation, ckids[0], method, scopes.call_args(porter, operation)
    )
    assert inner.items is not None
    items = [
        ("", atom(inner.head)),
        *((f"{k}=", expressions.expr(porter, v)) for k, v in options),
        *inner.items,
    ]
    return bracketed("paws_compat.paginate", "(", items, ")")


def _json(name: str, options: tuple[str, ...]) -> Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]:
    inner = _runtime(name, options, positional=("x",) if name == "to_json" else ("txt",))

    def translate(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
        return inner(porter, node, args)

    return translate


def _system2(porter: Porter, node: Node, args: list[tuple[str | None, Node]]) -> Py:
    """system2(): stdout given as a literal, so whether R prints its value is known."""
    for key, value in args:
        if key == "stdout" and scopes.snippet(porter, value) not in ("TRUE", "FALSE", "T", "F", '""', "''"):
            raise Unsupported(node, 'system2(stdout = ) other than TRUE, FALSE or ""')
    return _runtime("system2", ("stdout", "stderr", "timeout"), positional=("command", "args"))(
        porter, node, args
    )


# purrr's functions the registry translates (purrr::name() as well as name()).
PURRR = frozenset({"map", "map_chr", "map_int", "map_dbl", "map_lgl", "keep", "discard", "pluck"})


CALLS: dict[str, Callable[[Porter, Node, list[tuple[str | None, Node]]], Py]] = {
    "paste": _runtime("paste", ("sep", "collapse")),
    "paste0": _runtime("paste0", ("collapse",)),
    "sprintf": _runtime("sprintf", positional=("fmt",)),
    "cat": _runtime("cat", ("sep", "file", "append")),
    "message": _runtime("message", ("appendLF",)),
    "warning": lambda porter, node, args: signals.warning_call(porter, node, args),
    "simpleWarning": _runtime("simple_warning", positional=("message",)),
    "invokeRestart": _runtime("invoke_restart", positional=("r",)),
    "geterrmessage": _runtime("geterrmessage"),
    "suppressWarnings": lambda porter, node, args: signals.suppressed_value(porter, node, args),
    "suppressMessages": lambda porter, node, args: signals.suppressed_value(porter, node, args),
    "missing": lambda porter, node, args: closures.missing_test(porter, node, args),
    "writeLines": _runtime("write_lines", ("sep",), positional=("text", "con")),
    "length": _runtime("length", positional=("x",)),
    "unlist": _runtime("unlist", ("use.names",), positional=("x",)),
    "print": _print,
    "is.null": _is_null,
    "Sys.getenv": _getenv,
    "Sys.sleep": _sleep,
    "seq_along": _runtime("seq_along", positional=("along.with",)),
    "seq_len": _runtime("seq_len", positional=("length.out",)),
    "list": values.vector_call,
    "character": values.empty_vector,
    "numeric": values.empty_vector,
    "logical": values.empty_vector,
    "integer": values.empty_vector,
    "c": values.vector_call,
    "lapply": apply.higher_order("lapply", ("X", "FUN"), 1),
    "sapply": apply.higher_order("sapply", ("X", "FUN"), 1),
    "vapply": apply.higher_order("vapply", ("X", "FUN", "FUN.VALUE"), 1),
    "Filter": apply.higher_order("filter_", ("f", "x"), 0),
    "Map": apply.higher_order("map_", ("f",), 0),
    "Reduce": apply.higher_order("reduce_", ("f", "x"), 0),
    "do.call": apply.higher_order("do_call", ("what", "args"), 0),
    "nchar": _runtime("nchar", positional=("x",)),
    "as.numeric": _runtime("as_numeric", ("units",), positional=("x",)),
    "as.integer": _runtime("as_integer", positional=("x",)),
    "as.character": _runtime("as_character", positional=("x",)),
    "toupper": _runtime("toupper", positional=("x",)),
    "tolower": _runtime("tolower", positional=("x",)),
    "trimws": _runtime("trimws", ("which",), positional=("x",)),
    "startsWith": _runtime("starts_with", positional=("x", "prefix")),
    "endsWith": _runtime("ends_with", positional=("x", "suffix")),
    "conditionMessage": _condition_message,
    "inherits": _inherits,
    "identical": values.identical,
    "isTRUE": _is_true("True"),
    "isFALSE": _is_true("False"),
    "nzchar": _runtime("nzchar", positional=("x",)),
    "invisible": _invisible,
    "head": _runtime("head", positional=("x", "n")),
    "tail": _runtime("tail", positional=("x", "n")),
    "rev": _runtime("rev", positional=("x",)),
    "names": _runtime("names", positional=("x",)),
    "ifelse": _runtime("ifelse", positional=("test", "yes", "no")),
    "switch": lambda porter, node, args: switching.switch_value(porter, node, args),
    "substr": _runtime("substr", positional=("x", "start", "stop")),
    "sub": _runtime("sub", ("fixed",), positional=("pattern", "replacement", "x")),
    "gsub": _runtime("gsub", ("fixed",), positional=("pattern", "replacement", "x")),
    "grepl": _runtime("grepl", ("fixed",), positional=("pattern", "x")),
    "strsplit": _runtime("strsplit", ("fixed",), positional=("x", "split")),
    "format": _runtime(
        "format_value", ("nsmall", "width", "big.mark", "trim", "tz", "usetz", "format"), positional=("x",)
    ),
    "formatC": _runtime("format_c", ("width", "digits", "format", "flag", "big.mark"), positional=("x",)),
    "Sys.time": _runtime("sys_time"),
    "Sys.Date": _runtime("sys_date"),
    "as.Date": _runtime("as_date", ("tz",), positional=("x", "format")),
    "as.POSIXct": _runtime("as_posixct", ("format",), positional=("x", "tz")),
    "difftime": _runtime("difftime", ("units",), positional=("time1", "time2")),
    "strftime": _runtime("strftime", positional=("x", "format", "tz", "usetz")),
    "weekdays": _runtime("weekdays", positional=("x",)),
    "months": _runtime("months", positional=("x",)),
    "system2": _system2,
    "shQuote": _runtime("sh_quote", positional=("string",)),
    "mapply": apply.mapply_call,
    "map": apply.higher_order("map", (".x", ".f"), 1, extractor=True),
    "map_chr": apply.higher_order("map_chr", (".x", ".f"), 1, extractor=True),
    "map_int": apply.higher_order("map_int", (".x", ".f"), 1, extractor=True),
    "map_dbl": apply.higher_order("map_dbl", (".x", ".f"), 1, extractor=True),
    "map_lgl": apply.higher_order("map_lgl", (".x", ".f"), 1, extractor=True),
    "keep": apply.higher_order("keep", (".x", ".p"), 1),
    "discard": apply.higher_order("discard", (".x", ".p"), 1),
    "pluck": apply.pluck_call,
    "sqrt": _runtime("sqrt", positional=("x",)),
    "abs": _runtime("abs_", positional=("x",)),
    "round": _runtime("round_", ("digits",), positional=("x",)),
    "floor": _runtime("floor", positional=("x",)),
    "ceiling": _runtime("ceiling", positional=("x",)),
    "seq": _runtime("seq", ("by",), positional=("from", "to")),
    "max": _runtime("r_max", ("na.rm",)),
    "min": _runtime("r_min", ("na.rm",)),
    "sum": _runtime("r_sum", ("na.rm",)),
    "mean": _runtime("r_mean", ("na.rm",), positional=("x",)),
    "is.na": _runtime("is_na", positional=("x",)),
    "class": values.class_of,
    "unique": _runtime("unique", positional=("x",)),
    "sort": _runtime("sort_", ("decreasing",), positional=("x",)),
    "order": _runtime("order", ("decreasing",), positional=("x",)),
    "rep": _runtime("rep", ("times", "each"), positional=("x",)),
    "all": _runtime("all_"),
    "any": _runtime("any_"),
    "is.character": _runtime("is_character", positional=("x",)),
    "is.numeric": _runtime("is_numeric", positional=("x",)),
    "is.logical": _runtime("is_logical", positional=("x",)),
    "is.list": _runtime("is_list", positional=("x",)),
    "is.function": _runtime("is_function", positional=("x",)),
    "stopifnot": _stopifnot,
    "paginate": _paginate,
    "data.frame": _data_frame,
    "write.csv": _runtime("write_csv", ("row.names",), positional=("x", "file")),
    "read.csv": _runtime("read_csv", ("stringsAsFactors",), positional=("file",)),
    "nrow": _runtime("nrow", positional=("x",)),
    "ncol": _runtime("ncol", positional=("x",)),
    "is.data.frame": _runtime("is_data_frame", positional=("x",)),
    "tempfile": _runtime("tempfile", ("pattern", "tmpdir", "fileext")),
    "file.exists": _runtime("file_exists"),
    "file.path": _runtime("file_path", ("fsep",)),
    "unlink": _runtime("unlink", ("recursive",), positional=("x",)),
    "basename": _runtime("basename", positional=("path",)),
    "dirname": _runtime("dirname", positional=("path",)),
    "dir.create": _runtime("dir_create", ("showWarnings", "recursive"), positional=("path",)),
    "readLines": _runtime("read_lines", positional=("con",)),
    "toJSON": _json("to_json", ("auto_unbox", "digits", "pretty")),
    "fromJSON": _json("from_json", ("simplifyVector",)),
}
