"""port_runtime prints what R prints: each case runs in real R (Rscript) and in Python, same output."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from r_bridge import port_runtime as rt

# (R code, the same in Python on port_runtime). Lists of scalars in Python are R's atomic vectors.
CASES: list[tuple[str, str]] = [
    (
        'cat(c("a", "b"), sep = "\\n"); cat("a", character(0), sep = "\\n"); cat(NULL, "a", sep = "|")',
        'rt.cat(rt.c("a", "b"), sep="\\n"); rt.cat("a", E, sep="\\n"); rt.cat(None, "a", sep="|")',
    ),
    (
        'cat(c("a", "b"), c("c", "d"), sep = c(",", ";", ":")); cat(character(0), sep = "x\\n")',
        'rt.cat(rt.c("a", "b"), rt.c("c", "d"), sep=rt.c(",", ";", ":")); rt.cat(E, sep="x\\n")',
    ),
    (
        'cat(1/3, 100000, 123456, 1e-20, 0.1 + 0.2, 2.5, -3, 1e15, 123456789, 1234567.1, "\\n")',
        'rt.cat(1/3, 100000, 123456, 1e-20, 0.1 + 0.2, 2.5, -3, 1e15, 123456789, 1234567.1, "\\n")',
    ),
    (
        'cat(TRUE, FALSE, "a", NULL, character(0), 7, "\\n", sep = "|")',
        'rt.cat(True, False, "a", None, E, 7, "\\n", sep="|")',
    ),
    ('cat(c("x", "y"), 1:2, "\\n")', 'rt.cat(rt.c("x", "y"), rt.c(1, 2), "\\n")'),
    (
        'cat(paste("a", 1, TRUE, 2.5, 1/3, 100000, 1e-3), "\\n")',
        'rt.cat(rt.paste("a", 1, True, 2.5, 1/3, 100000, 1e-3), "\\n")',
    ),
    (
        'cat(paste(c("a", "b"), c(1, 2), sep = "-", collapse = "+"), "\\n")',
        'rt.cat(rt.paste(rt.c("a", "b"), rt.c(1, 2), sep="-", collapse="+"), "\\n")',
    ),
    (
        'cat(paste("a", NULL), paste0("x", character(0)), length(paste0(character(0))), "\\n")',
        'rt.cat(rt.paste("a", None), rt.paste0("x", E), rt.length(rt.paste0(E)), "\\n")',
    ),
    (
        'cat(sprintf("%5.2f|%d|%s|%s|%-6s|%%|%x|%s", 3.14159, 42, 3, TRUE, "ab", 255, 0.5), "\\n")',
        'rt.cat(rt.sprintf("%5.2f|%d|%s|%s|%-6s|%%|%x|%s", 3.14159, 42, 3, True, "ab", 255, 0.5), "\\n")',
    ),
    (
        'cat(sprintf("%s=%d", c("a", "b"), 1:2), "\\n")',
        'rt.cat(rt.sprintf("%s=%d", rt.c("a", "b"), rt.c(1, 2)), "\\n")',
    ),
    ('print("a\\"b\\n\\\\")', 'rt.rprint("a\\"b\\n\\\\")'),
    (
        "print(3); print(2.5); print(1/3); print(TRUE); print(NULL)",
        "rt.rprint(3); rt.rprint(2.5); rt.rprint(1/3); rt.rprint(True); rt.rprint(None)",
    ),
    (
        'print(c(1, 2.5, 10)); print(c("a", "bbb")); print(c(TRUE, FALSE))',
        'rt.rprint(rt.c(1, 2.5, 10)); rt.rprint(rt.c("a", "bbb")); rt.rprint(rt.c(True, False))',
    ),
    ('print(sprintf("item %d", 1:30))', 'rt.rprint(rt.sprintf("item %d", rt.colon(1, 30)))'),
    ("print(1:40 * 1000)", 'rt.rprint(rt.arith("*", rt.colon(1, 40), 1000))'),
    (
        'print(list(a = 1, b = list(c = "x", d = character(0)), e = list()))',
        'rt.rprint({"a": 1, "b": {"c": "x", "d": E}, "e": []})',
    ),
    ('print(list(list(Id = "1"), list(Id = "2")))', 'rt.rprint([{"Id": "1"}, {"Id": "2"}])'),
    (
        'writeLines(c("one", "two")); writeLines("x", sep = "")',
        'rt.write_lines(rt.c("one", "two")); rt.write_lines("x", sep="")',
    ),
    (
        'cat(length(NULL), length(character(0)), length("abc"), length(list(1, 2)), '
        'length(list(a = 1)), "\\n")',
        'rt.cat(rt.length(None), rt.length(E), rt.length("abc"), rt.length([1, 2]), '
        'rt.length({"a": 1}), "\\n")',
    ),
    (
        'cat(unlist(list("a", list("b", "c"))), c(1, 2, c(3, 4)), "\\n")',
        'rt.cat(rt.unlist(["a", ["b", "c"]]), rt.c(1, 2, rt.c(3, 4)), "\\n")',
    ),
]

SEPARATOR = "----8<----"


def _r_output(codes: list[str]) -> list[str]:
    script = f'\ncat("{SEPARATOR}\\n")\n'.join(codes)
    proc = subprocess.run(
        [shutil.which("Rscript") or "Rscript", "-e", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return proc.stdout.split(SEPARATOR + "\n")


def _py_output(codes: list[str]) -> list[str]:
    body = f"\nprint({SEPARATOR!r})\n".join(codes)
    program = (
        f"import sys\nfrom r_bridge import port_runtime as rt\nE = rt.typed_empty('character')\n{body}\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    return proc.stdout.split(SEPARATOR + "\n")


def test_runtime_prints_as_r_prints() -> None:
    r_out = _r_output([r for r, _ in CASES])
    py_out = _py_output([p for _, p in CASES])
    assert len(r_out) == len(py_out) == len(CASES)
    for (r_code, _), expected, got in zip(CASES, r_out, py_out, strict=True):
        assert got == expected, f"R: {r_code}"


def test_message_goes_to_stderr_with_r_formatting(capsys: pytest.CaptureFixture[str]) -> None:
    rt.message("done: ", 3, " of ", 2.5, " ", True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "done: 3 of 2.5 TRUE\n"


def test_sprintf_refuses_fractional_integers_as_r_does() -> None:
    with pytest.raises(rt.RError, match="invalid format"):
        rt.sprintf("%d", 2.5)


def test_elt_indexes_by_name_or_position() -> None:
    assert rt.elt({"a": 1}, "a") == 1
    assert rt.elt(["x", "y"], 2) == "y"
    assert rt.elt(["x", "y"], 2.0) == "y"


# ---- paws' timestamps (Amazon Connect): POSIXct in GMT ------------------------------------------


def _described(contact: dict[str, object]) -> object:
    from paws_compat._model import load_model
    from paws_compat._result import parse_output

    model = load_model("connect")
    return parse_output(model.operations["DescribeContact"].output, {"Contact": contact})


def test_a_timestamp_member_prints_pastes_and_cats_as_r_does(capsys: pytest.CaptureFixture[str]) -> None:
    # R 4.2: x <- ISOdatetime(1970, 1, 1, 0, 0, 0, tz = "GMT") + 1796306993.2994344
    contact = rt.dollar(_described({"InitiationTimestamp": 1796306993.2994344, "Channel": "CHAT"}), "Contact")
    started = rt.dollar(contact, "InitiationTimestamp")
    rt.rprint(started)
    rt.cat(started, "\n")
    rt.rprint(rt.dollar(contact, "DisconnectTimestamp"))
    assert capsys.readouterr().out == '[1] "2026-12-03 14:09:53 GMT"\n1796306993 \nPOSIXct of length 0\n'
    assert rt.paste0("at ", started) == "at 2026-12-03 14:09:53"
    assert rt.nchar(started) == 19
    at_midnight = rt.dollar(_described({"InitiationTimestamp": 1796256000}), "Contact")
    midnight = rt.dollar(at_midnight, "InitiationTimestamp")
    assert rt.paste(midnight) == "2026-12-03"  # R drops a midnight's time
    # What R does otherwise (difftime, comparisons of dates) is not guessed: the script stops, flagged.
    with pytest.raises(rt.NotPorted):
        rt.arith("-", started, 1)
    with pytest.raises(rt.NotPorted):
        str(started)
