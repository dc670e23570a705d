"""Every idiom of tests/port/idioms, in R and ported: the port behaves as R does, or says it is
incomplete and stops, flagged, where it would have to guess. Never a silent difference."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import SILENT, UNPORTED, Verdict, compare, load_cases

# The first test waits for every idiom in R and in Python (a few processes at a time).
pytestmark = pytest.mark.timeout(600)

IDIOMS = Path(__file__).resolve().parent / "idioms"
CASES = load_cases(IDIOMS)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, Verdict]:
    # One pass over all idioms: the R and Python processes run a few at a time.
    return {v.case.name: v for v in compare(CASES)}


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_idiom_is_never_silently_wrong(name: str, verdicts: dict[str, Verdict]) -> None:
    verdict = verdicts[name]
    assert verdict.verdict != SILENT, verdict.explain()
    if verdict.verdict == UNPORTED:
        # Stopped where it says: a statement carried over, or a runtime helper's named limit.
        assert verdict.py is not None and "UNPORTED" in verdict.py.stderr
