"""R's missing value, NA: one object per R type (NA, NA_integer_, NA_real_, NA_character_).

Each runtime helper says what NA does in it, as R does (NA in a comparison or arithmetic is NA,
pasted it is "NA", `if (NA)` is an error). A helper that was not taught NA must not guess: used
as a Python bool, number or string, NA stops the script, flagged, instead of behaving as some
Python value R never had.
"""

from __future__ import annotations

from typing import Any, NoReturn

from ._halt import NotPorted


class NAUsed(NotPorted, AttributeError):
    """NA reached Python code with no R rule for it (an AttributeError too, so hasattr() is
    False on NA rather than an error)."""


def _refuse(self: Any, *args: Any) -> NoReturn:
    raise NAUsed("NA used where the port has no R rule for it")


class NAType:
    """NA of one R type ("logical", "integer", "double", "character")."""

    __slots__ = ("r_type",)

    def __init__(self, r_type: str) -> None:
        self.r_type = r_type

    def __repr__(self) -> str:
        return "NA" if self.r_type == "logical" else f"NA_{_SUFFIX[self.r_type]}_"

    def __reduce__(self) -> tuple[Any, ...]:
        return (na_of, (self.r_type,))

    # Equality is identity (a list's `in`, unique()); R's == on NA is compare()'s job.
    __hash__ = object.__hash__


_SUFFIX = {"integer": "integer", "double": "real", "character": "character"}
for _name in [
    "__bool__",
    "__float__",
    "__int__",
    "__index__",
    "__str__",
    "__format__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__floordiv__",
    "__rfloordiv__",
    "__mod__",
    "__rmod__",
    "__pow__",
    "__rpow__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__round__",
]:
    setattr(NAType, _name, _refuse)

NA = NAType("logical")
NA_integer_ = NAType("integer")
NA_real_ = NAType("double")
NA_character_ = NAType("character")
_BY_TYPE = {
    "logical": NA,
    "integer": NA_integer_,
    "double": NA_real_,
    "numeric": NA_real_,
    "character": NA_character_,
}


def na_of(r_type: str) -> NAType:
    """NA of an R type (numeric is double)."""
    return _BY_TYPE[r_type]


def is_na_value(v: Any) -> bool:
    """One element is NA (NaN too, as is.na() says)."""
    return isinstance(v, NAType) or (isinstance(v, float) and v != v)
