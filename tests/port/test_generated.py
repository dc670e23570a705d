"""Generated programs: hypothesis writes R programs from a grammar of the constructs the porter
supports, each runs in R and, ported, in Python through the harness; never a silent difference.

The grammar is typed (numbers, strings, logicals, vectors, lists) so that most programs run to
the end in R; where R stops (a comparison of NULL in an `if`, say), the port must stop with R's
message. A bounded, derandomised number of examples keeps the suite fast and repeatable.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .harness import SILENT, Case, Verdict, compare

WORDS = st.sampled_from(["a", "bc", "Hello", "x y", "AGENT", "", "q"])
NUM_VARS = ["n1", "n2"]
STR_VARS = ["s1", "s2"]


def r_string(text: str) -> str:
    return '"' + text + '"'


@st.composite
def num(draw: st.DrawFn, depth: int = 2) -> str:
    leaves = [
        st.integers(0, 9).map(str),
        st.sampled_from(["2.5", "0.1", "10", "100000"]),
        st.sampled_from(NUM_VARS),
        st.sampled_from(["length(v1)", "length(l1)", "nchar(s1)", "l1$a", "i_last"]),
    ]
    if depth <= 0:
        return draw(st.one_of(leaves))
    inner = num(depth - 1)
    ops = st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    divide = st.tuples(inner, st.sampled_from(["2", "4"])).map(lambda t: f"{t[0]} / {t[1]}")
    return draw(st.one_of([*leaves, ops, divide]))


@st.composite
def text(draw: st.DrawFn, depth: int = 2) -> str:
    leaves = [WORDS.map(r_string), st.sampled_from(STR_VARS), st.just("l1$b")]
    if depth <= 0:
        return draw(st.one_of(leaves))
    inner = text(depth - 1)
    forms = [
        st.tuples(inner, inner).map(lambda t: f"paste({t[0]}, {t[1]})"),
        st.tuples(inner, num(0)).map(lambda t: f"paste0({t[0]}, {t[1]})"),
        inner.map(lambda t: f"toupper({t})"),
        inner.map(lambda t: f"tolower({t})"),
        st.tuples(inner, st.integers(0, 5)).map(lambda t: f'sprintf("%s-%d", {t[0]}, {t[1]}L)'),
        st.tuples(inner, inner).map(lambda t: f'paste({t[0]}, {t[1]}, sep = "")'),
    ]
    return draw(st.one_of([*leaves, *forms]))


@st.composite
def logical(draw: st.DrawFn, depth: int = 1) -> str:
    leaves = [
        st.sampled_from(["TRUE", "FALSE", "is.null(l1$zz)", "is.null(l1$a)"]),
        st.tuples(num(1), st.sampled_from(["<", "==", ">=", "!="]), num(1)).map(lambda t: " ".join(t)),
        st.tuples(text(1), st.sampled_from(["==", "!="]), text(1)).map(lambda t: " ".join(t)),
        st.tuples(text(0)).map(lambda t: f'{t[0]} %in% c("a", "AGENT", "q")'),
    ]
    if depth <= 0:
        return draw(st.one_of(leaves))
    inner = logical(depth - 1)
    forms = [
        inner.map(lambda t: f"!({t})"),
        st.tuples(inner, st.sampled_from(["&&", "||"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
    ]
    return draw(st.one_of([*leaves, *forms]))


def vector() -> st.SearchStrategy[str]:
    nums = st.lists(num(0), min_size=0, max_size=3).map(lambda xs: f"c({', '.join(xs)})")
    strs = st.lists(text(0), min_size=1, max_size=3).map(lambda xs: f"c({', '.join(xs)})")
    # NA among numbers or strings, and named vectors (names printed above the values).
    with_na = st.lists(st.one_of(num(0), st.just("NA")), min_size=1, max_size=3).map(
        lambda xs: f"c({', '.join(xs)})"
    )
    strs_na = st.lists(st.one_of(text(0), st.just("NA")), min_size=1, max_size=3).map(
        lambda xs: f"c({', '.join(xs)})"
    )
    named = st.lists(st.tuples(st.sampled_from(["a", "bb", "total"]), num(0)), min_size=1, max_size=3).map(
        lambda kv: f"c({', '.join(f'{k}{i} = {v}' for i, (k, v) in enumerate(kv))})"
    )
    return st.one_of(
        nums,
        strs,
        with_na,
        strs_na,
        named,
        st.just("v1"),
        st.just("toupper(c(s1, s2))"),
        st.just("nchar(c(s1, s2))"),
    )


@st.composite
def statement(draw: st.DrawFn, depth: int = 1) -> list[str]:
    simple = [
        st.tuples(st.sampled_from(NUM_VARS), num()).map(lambda t: [f"{t[0]} <- {t[1]}"]),
        st.tuples(st.sampled_from(STR_VARS), text()).map(lambda t: [f"{t[0]} <- {t[1]}"]),
        st.lists(st.one_of(num(1), text(1), logical(0)), min_size=1, max_size=3).map(
            lambda xs: [f'cat({", ".join(xs)}, "\\n")']
        ),
        st.one_of(num(1), text(1), logical(0), vector(), st.just("l1")).map(lambda x: [f"print({x})"]),
        vector().map(
            lambda v: [f"v1 <- c({v}, 1)", "print(v1 * 2)"] if "c(" in v and '"' not in v else [f"print({v})"]
        ),
        num(1).map(lambda x: ["l2 <- l1", f"l2$a <- {x}", 'cat(l1$a, l2$a, "\\n")']),
        text(1).map(lambda x: [f"l1$b <- {x}"]),
        st.just(["print(length(v1))"]),
        vector().map(lambda v: [f"v2 <- {v}", "print(is.na(v2))", "print(v2)", 'cat(paste(v2, "!"), "\\n")']),
        st.just(["print(sum(v1, na.rm = TRUE))", "print(mean(v1, na.rm = TRUE))"]),
        num(1).map(lambda x: [f"twice({x})"]),
        text(0).map(lambda x: [f'cat(greet({x}), greet(punct = "?", {x}), "\\n")']),
        # functions taking ...: passed on to paste and list, ..1, length(list(...))
        st.lists(st.one_of(text(0), num(0)), min_size=1, max_size=3).map(
            lambda xs: [f'cat(joined({", ".join(xs)}), "\\n")', f"print(count_args({', '.join(xs)}))"]
        ),
        st.tuples(num(0), text(0)).map(lambda t: [f"print(first_of({t[0]}, {t[1]}))"]),
        # tryCatch with error and finally; a try() that prints the error and goes on
        st.tuples(logical(0), num(0), text(0)).map(
            lambda t: [
                "r <- tryCatch({",
                f'  if ({t[0]}) stop("failed at ", {t[1]})',
                f"  {t[2]}",
                '}, error = function(e) paste("caught:", conditionMessage(e)), finally = cat("finally\\n"))',
                "print(r)",
            ]
        ),
        st.tuples(num(0), st.booleans()).map(
            lambda t: [
                f"res <- try(checked({t[0]}){', silent = TRUE' if t[1] else ''})",
                'cat(inherits(res, "try-error"), "\\n")',
            ]
        ),
        # switch on a string (fall-through, a block, a default, no match) and on a number
        st.one_of(WORDS.map(r_string), st.sampled_from(['"c"', '"b"', '"none"'])).map(
            lambda k: [f"print(kind_of({k}))", f'cat(is.null(switch({k}, a = "A")), "\\n")']
        ),
        st.integers(0, 4).map(
            lambda i: [
                f'picked <- switch({i}, "one", "two", {{ cat("block\\n"); "three" }})',
                "print(picked)",
            ]
        ),
        # warnings: deferred to the statement's end, caught, muffled, suppressed
        num(0).map(lambda x: [f"warn_big({x})"]),
        num(0).map(
            lambda x: [f"w <- tryCatch(warn_big({x}), warning = function(w) conditionMessage(w))", "print(w)"]
        ),
        num(0).map(
            lambda x: [
                f"v <- withCallingHandlers(warn_big({x}), warning = function(w) {{",
                '  cat("handled:", conditionMessage(w), "\\n")',
                '  invokeRestart("muffleWarning")',
                "})",
                "print(v)",
            ]
        ),
        num(0).map(lambda x: [f"print(suppressWarnings(warn_big({x})))"]),
        # <<- and arguments left out
        st.just(["tick()", 'cat("ticks", ticks, "\\n")']),
        text(0).map(lambda x: ["labelled(1)", f"labelled(2, {x})"]),
    ]
    if depth <= 0:
        return draw(st.one_of(simple))
    inner = st.lists(statement(depth - 1), min_size=1, max_size=2).map(lambda b: [s for x in b for s in x])
    compound = [
        st.tuples(logical(), inner, inner).map(
            lambda t: [
                f"if ({t[0]}) {{",
                *("  " + s for s in t[1]),
                "} else {",
                *("  " + s for s in t[2]),
                "}",
            ]
        ),
        st.tuples(vector(), inner).map(
            lambda t: [
                f"for (item in {t[0]}) {{",
                '  cat("item", item, "\\n")',
                *("  " + s for s in t[1]),
                "}",
            ]
        ),
    ]
    return draw(st.one_of([*simple, *compound]))


PRELUDE = """n1 <- 3
n2 <- 0.5
s1 <- "ab"
s2 <- "Cd"
v1 <- c(1, 2, 3)
l1 <- list(a = 1, b = "x")
i_last <- 0
twice <- function(x) x * 2
greet <- function(name, punct = "!") paste0("Hi ", name, punct)
joined <- function(...) paste(..., sep = "+")
count_args <- function(...) length(list(...))
first_of <- function(...) ..1
checked <- function(x) {
  if (x > 4) stop("too big: ", x)
  x
}
kind_of <- function(k) {
  switch(k,
    a = ,
    bc = "first two",
    c = {
      cat("in c\n")
      "third"
    },
    "other"
  )
}
warn_big <- function(x) {
  if (x > 2) warning("big value ", x)
  x
}
ticks <- 0
tick <- function() ticks <<- ticks + 1
labelled <- function(id, label) {
  if (missing(label)) label <- "none"
  cat(id, label, "\n")
}
"""


def program() -> st.SearchStrategy[str]:
    body = st.lists(statement(), min_size=2, max_size=6).map(lambda xs: "\n".join(s for x in xs for s in x))
    return body.map(lambda b: PRELUDE + b + "\n")


@pytest.mark.timeout(600)
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(program())
def test_generated_program_is_never_silently_wrong(source: str) -> None:
    (verdict,) = compare([Case(f"generated_{len(SEEN) + 1}", source)])
    SEEN.append(verdict)
    assert verdict.verdict != SILENT, verdict.explain()


SEEN: list[Verdict] = []  # every program run, for tests/port/measure.py
