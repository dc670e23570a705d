"""The embedded R for the r_bridge tests (real R through rpy2), and R-side helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.embedded_r import pytest_itemcollected  # noqa: F401 - a pytest hook


@pytest.fixture(scope="session")
def r() -> Callable[[str], Any]:
    """Evaluate R code in the embedded R (started once, non-interactive as under Rscript)."""
    from r_bridge.run import start_r

    start_r()
    import rpy2.rinterface as ri

    return ri.evalr


@pytest.fixture(scope="session")
def identical(r: Callable[[str], Any]) -> Callable[[Any, str], bool]:
    """identical() in R between a converted value and R code for what paws gives."""
    fn = r("function(x, y) identical(x, y)")

    def check(value: Any, expected_r: str) -> bool:
        return bool(fn(value, r(expected_r))[0])

    return check


@pytest.fixture(scope="session")
def deparse(r: Callable[[str], Any]) -> Callable[[Any], str]:
    """R's own text of a value: shown when identical() fails."""
    fn = r("function(x) paste(deparse(x), collapse = '')")
    return lambda value: str(fn(value)[0])
