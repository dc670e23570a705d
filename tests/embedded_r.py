"""A hook for the test folders that run R inside this process (rpy2).

pytest-timeout's default method raises from a SIGALRM handler, and Python runs signal handlers only
between bytecodes: while embedded R evaluates (a `Sys.sleep`, a wait in R code), the handler never
runs and a hung test outlives its timeout. Those tests get the thread method instead, which dumps
every stack and ends the run once the timeout passes. Import `pytest_itemcollected` into a conftest.
"""

from __future__ import annotations

import pytest


def pytest_itemcollected(item: pytest.Item) -> None:
    marker = item.get_closest_marker("timeout")
    args = marker.args[:1] if marker is not None else ()
    kwargs = {k: v for k, v in marker.kwargs.items() if k != "method"} if marker is not None else {}
    item.add_marker(pytest.mark.timeout(*args, method="thread", **kwargs), append=False)
