"""tests/port runs R inside this process (the porter parses with R's parser, through rpy2)."""

from __future__ import annotations

from pathlib import Path

from tests.embedded_r import pytest_itemcollected  # noqa: F401 - a pytest hook

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
