"""Numbers as R writes them: one home for what a result's str() and the porter's runtime both print."""

from __future__ import annotations

import math


def format_number(value: float, digits: int) -> str:
    """`value` as R's format(x, digits = digits) writes it: at most `digits` significant digits,
    no trailing zeros, fixed notation unless the scientific one is shorter (R's formatReal, with
    scipen 0). str() uses 3 digits, print() and cat() 7, as.character() and paste() 15."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    mantissa, _, exponent_text = f"{value:.{digits - 1}e}".partition("e")
    exponent = int(exponent_text)
    figures = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    sign = "-" if value < 0 else ""
    sci_mantissa = figures[0] + ("." + figures[1:] if len(figures) > 1 else "")
    sci = f"{sign}{sci_mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    fixed = f"{value:.{max(0, len(figures) - 1 - exponent)}f}"
    if "." in fixed:
        fixed = fixed.rstrip("0").rstrip(".")
    return fixed if len(fixed) <= len(sci) else sci
