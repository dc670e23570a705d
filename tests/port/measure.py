"""How far the porter gets: `python -m tests.port.measure` (run in scripts/env.sh's environment).

Ports every idiom (tests/port/idioms) and corpus script (tests/port/corpus), runs each in R and,
ported, in Python through the differential harness, and reports: how many ported completely with
identical behaviour, how many silent differences (the goal is none), and the UNPORTED
constructs that remain, most frequent first.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence

from .harness import IDENTICAL, SILENT, Verdict


def report(title: str, verdicts: Sequence[Verdict]) -> list[str]:
    total = len(verdicts)
    complete = sum(1 for v in verdicts if v.verdict == IDENTICAL and v.port is not None and v.port.complete)
    silent = [v for v in verdicts if v.verdict == SILENT]
    pct = 100.0 * complete / total if total else 0.0
    lines = [
        f"{title}: {total} programs; ported completely with identical behaviour: {complete} ({pct:.0f}%);"
        f" silent differences: {len(silent)}"
    ]
    lines += [f"  SILENT {v.case.name}: {v.why}" for v in silent]
    return lines


def unported_constructs(verdicts: Sequence[Verdict]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for v in verdicts:
        if v.port is not None:
            counts.update(u.reason for u in v.port.unported)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.port.measure", description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="show each difference in full")
    options = parser.parse_args(argv)
    from .corpus_cases import corpus_verdicts
    from .harness import compare, load_cases
    from .test_idioms import IDIOMS

    groups = {"idioms": compare(load_cases(IDIOMS)), "corpus": corpus_verdicts()}
    out: list[str] = []
    everything: list[Verdict] = []
    for title, verdicts in groups.items():
        out += report(title, verdicts)
        everything += verdicts
    out += report("all", everything)
    out.append("UNPORTED constructs, most frequent first:")
    out += [f"  {n:3d}  {reason}" for reason, n in unported_constructs(everything).most_common()]
    if options.verbose:
        out += [v.explain() for v in everything if v.verdict == SILENT]
    print("\n".join(out))
    return 1 if any(v.verdict == SILENT for v in everything) else 0


if __name__ == "__main__":
    sys.exit(main())
