"""The issue's proof runs, as marked tests CI runs in its separate soak step (`scripts/test --soak`).

They assert correctness only (nothing lost, nothing twice, every session held); the figures are
printed for bench/README.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_chat.py"


def _bench() -> ModuleType:
    """bench/bench_chat.py as a module (bench/ is not a package)."""
    if "bench_chat" in sys.modules:
        return sys.modules["bench_chat"]
    spec = importlib.util.spec_from_file_location("bench_chat", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_chat"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.mark.soak
@pytest.mark.timeout(600)
def test_5000_messages_through_drops_every_20_s_and_10_s_urls_lose_nothing() -> None:
    result = _bench().soak(messages=5000, rate=40.0, drop_every=20.0, url_life=10.0)
    print("\n" + result.table())
    assert result.sent == 5000
    assert result.lost == 0
    assert result.duplicated == 0
    assert result.delivered == 5000
    assert result.drops >= 5


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_one_asyncio_process_holds_1000_sessions() -> None:
    result = _bench().scale(sessions=1000, hold=30.0, inject_rate=100.0)
    print("\n" + result.table())
    _assert_held(result, 1000)


@pytest.mark.soak
@pytest.mark.timeout(1200)
def test_one_asyncio_process_holds_10000_sessions() -> None:
    result = _bench().scale(sessions=10_000, hold=60.0, inject_rate=100.0)
    print("\n" + result.table())
    _assert_held(result, 10_000)


def _assert_held(result: Any, sessions: int) -> None:
    """Every session held, and every item the injector tried to add was added and delivered once:
    a refused control call is a failure of the run, not a smaller sample."""
    assert result.connected == sessions
    assert result.injected > 0
    assert result.inject_failed == 0, dict(result.inject_errors)
    assert result.delivered == result.injected
    assert result.duplicated == 0
    assert result.connection_lost == 0
    assert result.loop_errors == 0  # no exception left for the loop's handler (never retrieved)
