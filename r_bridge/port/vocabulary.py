"""The fixed facts the porter translates with: R's operator tokens and their Python spelling, the
calls whose value R does not print, the names the emitted Python keeps for itself, statement tails."""

from __future__ import annotations

from r_bridge import port_runtime

from .emit import P_ADD, P_AND, P_CMP, P_MUL, P_OR, P_POW

RUNTIME_MODULE = "r_bridge.port_runtime"


PAWS_PACKAGES = frozenset({"paws", "paws.customer.engagement", "paws.compat"})

# paws' client constructors the porter knows, each paws_compat's function of the same name.
SERVICES = ("connectparticipant", "connect")


CLIENT_ARGS = ("config", "credentials", "endpoint", "region")


BINARY_OPS: dict[str, tuple[str, int]] = {
    "'+'": ("+", P_ADD),
    "'-'": ("-", P_ADD),
    "'*'": ("*", P_MUL),
    "'/'": ("/", P_MUL),
    "'^'": ("**", P_POW),
    "EQ": ("==", P_CMP),
    "NE": ("!=", P_CMP),
    "LT": ("<", P_CMP),
    "LE": ("<=", P_CMP),
    "GT": (">", P_CMP),
    "GE": (">=", P_CMP),
    "AND": ("and", P_AND),
    "AND2": ("and", P_AND),
    "OR": ("or", P_OR),
    "OR2": ("or", P_OR),
}


SPECIAL_OPS: dict[str, tuple[str, int]] = {"%%": ("%", P_MUL), "%/%": ("//", P_MUL), "%in%": ("in", P_CMP)}


ASSIGN_TOKENS = frozenset({"LEFT_ASSIGN", "EQ_ASSIGN", "RIGHT_ASSIGN"})


# Calls whose value R does not print at top level (they return invisibly or print themselves).
INVISIBLE_CALLS = frozenset(
    {
        "cat",
        "write.csv",
        "unlink",
        "dir.create",
        "stopifnot",
        "message",
        "print",
        "Sys.sleep",
        "invisible",
        "library",
        "require",
        "writeLines",
        "suppressMessages",
        "suppressPackageStartupMessages",
        "Sys.setenv",
        "stop",
        "quit",
        "q",
        "tryCatch",
        "try",
        "return",
        "invokeRestart",
        "warning",
    }
)


# Names the emitted code uses itself (Python's and the runtime's); an R variable with one of these
# names is renamed.
RESERVED = frozenset(port_runtime.__all__) | frozenset(
    {
        "os",
        "sys",
        "time",
        "math",
        "json",
        "paws_compat",
        "max",
        "min",
        "sum",
        "abs",
        "round",
        "range",
        "len",
        "str",
        "list",
        "int",
        "float",
        "isinstance",
        "Exception",
        "RuntimeError",
        "print",
        "reversed",
        "True",
        "False",
        "None",
        "exc",
        "r_call",
    }
)


# R's built-in constants the runtime holds.
CONSTANTS = {"letters": "letters", "LETTERS": "LETTERS", "month.name": "month_name", "month.abb": "month_abb"}


# R's NA of each type: the runtime's objects of the same names.
NA_CONSTANTS = frozenset({"NA", "NA_integer_", "NA_real_", "NA_character_"})


# How a statement's value is used: discarded, auto-printed (R's top level), assigned, returned.
Tail = tuple[str, str]


DISCARD: Tail = ("discard", "")


PRINT: Tail = ("print", "")


RETURN: Tail = ("return", "")


def assign_to(target: str) -> Tail:
    return ("assign", target)
