"""How far the porter gets: `python -m tests.port.measure` (run in scripts/env.sh's environment).

Ports every idiom (tests/port/idioms) and corpus script (tests/port/corpus), runs each in R and,
ported, in Python through the differential harness, and reports: how many ported completely with
identical behaviour, how many silent differences (the goal is none), and the UNPORTED
constructs that remain, most frequent first.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from collections.abc import Sequence

from .harness import IDENTICAL, SILENT, UNPORTED, Verdict


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
    """What was carried over as UNPORTED, and the runtime's own named limits a run stopped at."""
    counts: Counter[str] = Counter()
    for v in verdicts:
        if v.port is not None:
            counts.update(u.reason for u in v.port.unported)
            if v.port.complete and v.verdict == UNPORTED and v.py is not None:
                line = v.py.stderr.strip().splitlines()[-1]
                counts[
                    line.removeprefix("UNPORTED ").removesuffix(": not ported; the script stops here")
                ] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.port.measure", description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="show each difference in full")
    options = parser.parse_args(argv)
    from . import test_generated
    from .corpus_cases import corpus_verdicts
    from .harness import compare, load_cases
    from .test_idioms import IDIOMS

    with contextlib.suppress(AssertionError):  # a silent difference is among the verdicts, reported below
        test_generated.test_generated_program_is_never_silently_wrong()
    generated = list(test_generated.SEEN)
    # Hypothesis replays a failing example while shrinking it: count each program once.
    generated = list({v.case.source: v for v in generated}.values())
    groups = {"idioms": compare(load_cases(IDIOMS)), "corpus": corpus_verdicts(), "generated": generated}
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
