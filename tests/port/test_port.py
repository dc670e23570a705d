"""The porter: R's constructs become Python that behaves the same, and what it cannot port is
carried over visibly. Language-level programs run in Rscript and, ported, in Python: same output."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from r_bridge.port import PortError, port_source, summary

from .conftest import ROOT


def port(source: str) -> str:
    result = port_source(source, "script.R")
    assert result.complete, summary(result, "script.R")
    ast.parse(result.code)
    return result.code


def body(code: str) -> str:
    """The ported statements, without the header and the imports."""
    lines = code.splitlines()
    i = 0
    in_import = False
    while i < len(lines):
        line = lines[i]
        if in_import:
            in_import = line != ")"
        elif line.startswith(("#!", "# Ported", "import ", "from ", "sys.excepthook =")) or not line.strip():
            in_import = line.endswith("(")
        else:
            break
        i += 1
    return "\n".join(lines[i:]).strip()


# Behaviour (the same program in R and, ported, in Python) is pinned by tests/port/idioms, through
# the differential harness (test_idioms.py); these pin how the Python reads.


# ---- paws: clients, operations, conditions ------------------------------------------------------


def test_client_creation_in_every_spelling() -> None:
    code = port(
        "library(paws)\n"
        "a <- paws::connectparticipant()\n"
        'b <- paws.customer.engagement::connectparticipant(config = list(region = "eu-west-2"))\n'
        'd <- connectparticipant(list(), list(), "http://127.0.0.1:9", "us-east-1")\n'
    )
    assert "import paws_compat\n" in code
    assert body(code).splitlines() == [
        "# library(paws): paws_compat is imported above",
        "a = paws_compat.connectparticipant()",
        'b = paws_compat.connectparticipant(config={"region": "eu-west-2"})',
        "d = paws_compat.connectparticipant(",
        '    config={}, credentials={}, endpoint="http://127.0.0.1:9", region="us-east-1"',
        ")",
    ]


def test_operation_arguments_keep_model_names_and_positional_ones_get_them() -> None:
    code = port(
        "svc <- paws::connectparticipant()\n"
        'conn <- svc$create_participant_connection(list("WEBSOCKET"), tok, TRUE)\n'
        'svc$send_message(ContentType = "text/plain", Content = "hi",\n'
        "                 ConnectionToken = conn$ConnectionCredentials$ConnectionToken)\n"
    )
    assert body(code).splitlines() == [
        "svc = paws_compat.connectparticipant()",
        "conn = svc.create_participant_connection(",
        '    Type=["WEBSOCKET"], ParticipantToken=tok, ConnectParticipant=True',
        ")",
        # A visible value at top level is printed, as Rscript prints it.
        "rprint(",
        "    svc.send_message(",
        '        ContentType="text/plain",',
        '        Content="hi",',
        '        ConnectionToken=dollar(dollar(conn, "ConnectionCredentials"), "ConnectionToken"),',
        "    )",
        ")",
    ]


def test_paws_condition_classes_become_exception_tests() -> None:
    code = port(
        "r <- tryCatch(svc$get_transcript(ConnectionToken = tok),\n"
        "  http_404 = function(e) 'gone',\n"
        "  http_500 = function(e) e$error_response$message,\n"
        "  paws_error = function(e) e$status_code,\n"
        "  paws_compat_transport_error = function(e) 'offline',\n"
        "  error = function(e) conditionMessage(e))\n"
    )
    assert "from paws_compat.errors import ParamValidationError, ServiceError, TransportError" in code
    assert body(code).splitlines() == [
        "try:",
        "    r = svc.get_transcript(ConnectionToken=tok)",
        "except Exception as e:",
        "    if isinstance(e, ServiceError) and e.status_code == 404:",
        '        r = "gone"',
        "    elif isinstance(e, ServiceError) and e.status_code // 100 == 5:",
        '        r = dollar(dollar(e, "error_response"), "message")',
        # paws_error is also what the client raises before sending (R's paws.compat does the same).
        "    elif isinstance(e, (ServiceError, ParamValidationError)):",
        '        r = dollar(e, "status_code")',
        "    elif isinstance(e, TransportError):",
        '        r = "offline"',
        "    else:",
        "        r = str(e)",
    ]


def test_plain_handlers_become_except_clauses_in_order() -> None:
    code = port(
        "tryCatch(cat('x'), paws_error = function(e) cat('service'), error = function(e) cat('other'))\n"
    )
    assert body(code).splitlines()[:5] == [
        "try:",
        '    cat("x")',
        # A handler that does not use its condition catches without naming it (lint-clean).
        "except (ServiceError, ParamValidationError):",
        '    cat("service")',
        "except Exception:",
    ]


# ---- Amazon Connect's client (paws::connect) ----------------------------------------------------


def test_connect_client_in_every_spelling() -> None:
    code = port(
        "a <- connect()\n"
        'b <- paws::connect(config = list(region = "eu-west-2"))\n'
        "d <- paws.customer.engagement::connect(list(), list(), endpoint, 'us-east-1')\n"
        "e <- paws.compat::connect(credentials = list(profile = 'ops'))\n"
        "f <- paws.compat::connectparticipant()\n"
    )
    assert body(code).splitlines() == [
        "a = paws_compat.connect()",
        'b = paws_compat.connect(config={"region": "eu-west-2"})',
        'd = paws_compat.connect(config={}, credentials={}, endpoint=endpoint, region="us-east-1")',
        'e = paws_compat.connect(credentials={"profile": "ops"})',
        "f = paws_compat.connectparticipant()",
    ]


def test_connect_operations_are_checked_against_the_connect_model() -> None:
    code = port(
        "cc <- paws::connect()\n"
        'chat <- cc$start_chat_contact("i-1", "f-1", list(order = "7"), list(DisplayName = "Ada"))\n'
        'x <- paws::connect()$stop_contact(ContactId = chat$ContactId, InstanceId = "i-1")\n'
        "f <- cc$describe_contact\n"
    )
    assert body(code).splitlines() == [
        "cc = paws_compat.connect()",
        # Positional arguments take the Connect model's member names, in its order.
        "chat = cc.start_chat_contact(",
        '    InstanceId="i-1",',
        '    ContactFlowId="f-1",',
        '    Attributes={"order": "7"},',
        '    ParticipantDetails={"DisplayName": "Ada"},',
        ")",
        # A constructor call is a client too.
        'x = paws_compat.connect().stop_contact(ContactId=dollar(chat, "ContactId"), InstanceId="i-1")',
        "f = cc.describe_contact",
    ]


def test_an_operation_of_the_other_service_is_not_ported() -> None:
    result = port_source(
        "cc <- paws::connect()\n"
        "svc <- paws::connectparticipant()\n"
        'cc$send_message(ContentType = "text/plain", Content = "x", ConnectionToken = tok)\n'
        'svc$start_chat_contact(InstanceId = "i", ContactFlowId = "f")\n'
        "paws::connect()$get_transcript(ConnectionToken = tok)\n"
        "g <- cc$no_such_operation\n",
        "script.R",
    )
    reasons = [u.reason for u in result.unported]
    assert reasons == [
        "$send_message is a connectparticipant operation, and this is a connect() client"
        " (it has no $send_message)",
        "$start_chat_contact is a connect operation, and this is a connectparticipant() client"
        " (it has no $start_chat_contact)",
        "$get_transcript is a connectparticipant operation, and this is a connect() client"
        " (it has no $get_transcript)",
        "calling $no_such_operation (not a connect operation)",
    ]


def test_a_function_of_the_scripts_own_named_connect_is_not_a_client() -> None:
    code = port("connect <- function(x) x + 1\ny <- connect(1)\nz <- paws::connect()\n")
    assert body(code).splitlines()[-2:] == ["y = connect(1)", "z = paws_compat.connect()"]


def test_http_400_handlers_catch_validation_errors_too() -> None:
    code = port(
        "r <- tryCatch(cc$start_chat_contact(InstanceId = 'i', ContactFlowId = 'f'),\n"
        "  http_404 = function(e) 'gone', http_400 = function(e) e$status_code)\n"
    )
    assert "from paws_compat.errors import ParamValidationError, ServiceError" in code
    lines = body(code).splitlines()
    assert "    if isinstance(e, ServiceError) and e.status_code == 404:" in lines
    assert (
        "    elif isinstance(e, (ServiceError, ParamValidationError)) and e.status_code // 100 == 4:" in lines
    )


def test_no_credentials_has_its_condition_class() -> None:
    code = port(
        "r <- tryCatch(cc$stop_contact(ContactId = 'c', InstanceId = 'i'),\n"
        "  paws_compat_no_credentials_error = function(e) 'no keys')\n"
    )
    assert "from paws_compat.errors import NoCredentialsError" in code
    assert "except NoCredentialsError:" in body(code).splitlines()


def test_comments_and_paragraphs_are_kept() -> None:
    code = port("#!/usr/bin/env Rscript\n# Setup\nx <- 1  # one\n\n# Next\ny <- 2\n")
    assert code.startswith("#!/usr/bin/env python3\n")
    assert body(code) == "# Setup\nx = 1  # one\n\n# Next\ny = 2"


def test_r_names_become_python_identifiers_consistently() -> None:
    code = port("my.value <- 1\nlist.of <- my.value + 1\nlambda <- 3\ncat(my.value, list.of, lambda)\n")
    assert body(code).splitlines() == [
        "my_value = 1",
        "list_of = my_value + 1",
        "lambda_ = 3",
        "cat(my_value, list_of, lambda_)",
    ]


def test_long_calls_are_wrapped_like_a_formatter_would() -> None:
    code = port(
        'sent <- svc$send_message(ContentType = "text/plain", Content = "a fairly long message text here", '
        "ConnectionToken = connection_token_value)\n"
    )
    lines = body(code).splitlines()
    assert lines[0] == "sent = svc.send_message("
    assert lines[-1] == ")"
    assert all(len(line) <= 100 for line in lines)


# ---- what cannot be ported is carried over and reported ------------------------------------------


def test_unsupported_statements_are_commented_out_and_listed() -> None:
    source = (
        "x <- list(1, 2)\n"
        "first <- x[1]\n"
        "names(x) <- c('a', 'b')\n"
        'resp <- httr::PUT("https://example.com", body = "x")\n'
        "cat(length(x), '\\n')\n"
    )
    result = port_source(source, "script.R")
    assert not result.complete
    assert [u.line for u in result.unported] == [2, 3, 4]
    assert "single-bracket" in result.unported[0].reason
    assert "httr::PUT" in result.unported[2].reason
    assert "#     first <- x[1]" in result.code
    assert "#     names(x) <- c('a', 'b')" in result.code
    assert 'cat(length(x), "\\n")' in result.code
    ast.parse(result.code)
    text = summary(result, "script.R")
    assert text.startswith("script.R: 3 statement(s) not ported")
    assert "line 2:" in text


def test_a_block_left_empty_still_compiles() -> None:
    result = port_source("if (TRUE) {\n  y <- x[1]\n}\n", "script.R")
    assert not result.complete
    ast.parse(result.code)
    assert 'unported("script.R:2", "single-bracket indexing x[i]")' in result.code


def test_r_syntax_errors_are_reported_with_the_file_name() -> None:
    with pytest.raises(PortError, match=r"script\.R:2:"):
        port_source("x <- 1\ny <- )\nz <- 3\n", "script.R")


def test_tokens_written_in_a_script_are_not_quoted_on_standard_error() -> None:
    from tests.core.conftest import CANARY

    with pytest.raises(PortError) as raised:
        port_source(f'x <- 1\nsvc$send_message(Content = "hi", ConnectionToken = "{CANARY}" +)\n', "script.R")
    assert "script.R:2:" in str(raised.value)
    assert CANARY not in str(raised.value)
    result = port_source(f'x <- foo::bar(ParticipantToken = "{CANARY}")\n', "script.R")
    assert not result.complete
    text = summary(result, "script.R")
    assert "foo::bar" in text
    assert CANARY not in text


# ---- the ported corpus is formatted, lint-clean Python ------------------------------------------


def test_ported_corpus_is_formatted_and_lint_clean(tmp_path: Path) -> None:
    from .conftest import CORPUS

    for script in sorted(CORPUS.glob("*.R")):
        (tmp_path / f"{script.stem}.py").write_text(
            port(script.read_text(encoding="utf-8")), encoding="utf-8"
        )
    ruff = [sys.executable, "-m", "ruff"]
    options = ["--isolated", "--line-length", "100"]
    fmt = subprocess.run(
        [*ruff, "format", "--check", *options, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    lint = subprocess.run(
        [*ruff, "check", *options, "--select", "E,F,W,I", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_named_then_positional_arguments_follow_r_matching() -> None:
    code = port(
        'send <- function(text, token, kind = "text/plain") paste(kind, text)\nsend(kind = "x", "hi", "t")\n'
    )
    assert 'rprint(send(text="hi", token="t", kind="x"))' in body(code)


def test_list_filled_by_computed_names() -> None:
    code = port(
        'cache <- list()\nfor (key in c("a", "b")) cache[[key]] <- nchar(key)\n'
        "extra <- list()\nextra$x <- 1\n"
    )
    assert body(code).splitlines() == [
        "cache = {}",
        'for key in each(c("a", "b")):',
        "    cache = set_elt(cache, key, nchar(key))",
        "extra = {}",
        'extra = set_elt(extra, "x", 1)',
    ]


def test_calls_to_unknown_functions_are_not_guessed() -> None:
    result = port_source("x <- structure(list(), class = 'thing')\n", "script.R")
    assert [u.reason for u in result.unported] == ["the function structure()"]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("x <- list(a = 1, a = 2)\n", "list() with a name given twice"),
        ("g <- function(x) x\nf <- function(a, b) g(b)\nf(1)\n", "passing on b, which a call may leave out"),
        ("f <- function(value, verbose) value\nf(1, v = 2)\n", "matching no single parameter"),
        ("g <- f\ng(x = 1)\n", "named arguments to a function whose parameters are not known"),
        ("f <- function() {\n  n <- 1\n  n <<- 2\n}\n", "'<<-' to n, also a local variable"),
    ],
)
def test_what_could_mean_something_else_in_python_is_not_ported(source: str, reason: str) -> None:
    result = port_source(source, "script.R")
    assert not result.complete
    assert reason in result.unported[0].reason, result.unported[0].reason
    assert "# UNPORTED" in result.code
    ast.parse(result.code)


def test_scalar_arithmetic_and_loops_stay_ported() -> None:
    code = port(
        "n <- 2\nfor (i in c(1, 2)) n <- n + i\nf <- function(a, b = 2) a * b\n"
        "m <- sapply(list(1, 2), function(q) q^2)\ncat(n, f(3), m, -n, n %% 2, 1:3)\n"
    )
    # n is a number wherever it is assigned, i a loop counter over numbers known when porting: plain
    # Python; a and b could be anything: R's arithmetic at run time.
    assert "n = n + i" not in code and 'return arith("*", a, b)' in code
    assert "for i in each(c(1, 2)):" in code


def test_deleting_an_element_pops_it() -> None:
    code = body(port('l <- list(a = 1)\nl$a <- NULL\nl[["b"]] <- NULL\n'))
    assert code.splitlines()[1:] == ['l = set_elt(l, "a", None)', 'l = set_elt(l, "b", None)']


def test_the_port_command_exits_1_for_the_audit_script(tmp_path: Path) -> None:
    script = tmp_path / "p2.R"
    script.write_text(
        'v <- c(1, 2, 3)\ncat(v * 2, "\\n")\nx <- c()\nfor (i in 1:length(x)) cat("iter", i, "\\n")\n'
        'print(list(a = 1, a = 2))\ncat(identical(1L, 1), "\\n")\nl <- list(a = 1)\nl$a <- NULL\n'
        "print(character(0))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(Path(sys.executable).parent / "paws-compat"), "port", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "1 statement(s) not ported" in done.stderr  # list(a = 1, a = 2)
    assert 'cat(arith("*", v, 2), "\\n")' in done.stdout
    assert "for i in each(colon(1, length(x))):" in done.stdout
    assert 'l = set_elt(l, "a", None)' in done.stdout
    assert 'rprint(typed_empty("character"))' in done.stdout


def test_python_dash_m_r_bridge_port_is_the_port_command(tmp_path: Path) -> None:
    script = tmp_path / "s.R"
    script.write_text('cat(toupper(c("a", "b")), "\\n")\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "r_bridge.port", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert 'cat(toupper(c("a", "b")), "\\n")' in done.stdout
    assert "ported completely" in done.stderr


def test_the_porter_is_split_by_job_into_files_of_at_most_500_lines() -> None:
    package = ROOT / "r_bridge" / "port"
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in package.glob("*.py")}
    assert {
        "tree.py",
        "emit.py",
        "scopes.py",
        "statements.py",
        "expressions.py",
        "conditions.py",
        "registry.py",
    } <= set(sizes)
    assert max(sizes.values()) <= 500, sizes
