"""What is secret is one list: tools/generate_model.py stamps it into the model data, and redaction,
the R package, the emulator and the CLI read it from there. No other file names the secrets again."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from paws_compat._connect.credentials import secret_settings
from paws_compat._model import load_model
from paws_compat._redact import MASK, mask, mask_headers, mask_url, secret_words, secrets
from paws_compat.cli import _secret_name
from paws_compat.emulator._validation import InputValidator

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("connectparticipant", "connect")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_model", ROOT / "tools" / "generate_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _secret_members(service: str) -> set[tuple[str, str]]:
    model = load_model(service)
    return {(s.name, m.name) for s in model.shapes.values() for m in s.members.values() if m.secret}


def test_the_generator_stamps_its_one_list_into_every_model() -> None:
    generator = _generator()
    for service in SERVICES:
        stamped = json.loads((ROOT / "paws_compat" / "_data" / f"{service}.json").read_text())["secrets"]
        assert stamped == {
            "members": list(generator.SECRET_MEMBERS),
            "headers": list(generator.SECRET_HEADERS),
            "query": list(generator.SECRET_QUERY),
        }
    assert secrets() == load_model("connect").secrets


def test_the_stamp_marks_the_tokens_and_the_sensitive_members_and_nothing_else() -> None:
    found = _secret_members("connectparticipant")
    bearer = {
        (s.name, "ConnectionToken") for s in load_model().shapes.values() if "ConnectionToken" in s.members
    }
    assert bearer <= found  # every operation's X-Amz-Bearer, and ConnectionCredentials' token
    assert {
        ("CreateParticipantConnectionRequest", "ParticipantToken"),
        ("DescribeViewRequest", "ViewToken"),  # a path member the model does not flag sensitive
        ("Attendee", "JoinToken"),
        ("ViewContent", "Template"),  # flagged sensitive by the model
        ("ViewContent", "Actions"),  # a list of sensitive strings
    } <= found
    names = {member for _, member in found}
    assert not names & {"ClientToken", "NextToken", "ContactId", "Url", "AttachmentId"}
    connect = _secret_members("connect")
    assert {
        ("StartChatContactResponse", "ParticipantToken"),
        ("ParticipantTokenCredentials", "ParticipantToken"),
    } <= connect


def test_redaction_masks_every_stamped_name_and_only_those() -> None:
    listed = secrets()
    for name in listed.members + listed.headers:
        assert mask(f'{{"{name}": "s3cretvalue"}}') == f'{{"{name}": "{MASK}"}}'
        assert "s3cretvalue" not in mask(f"{name}: s3cretvalue")
    for name in listed.query:
        assert mask_url(f"https://h/p?a=1&{name}=s3cretvalue&b=2") == f"https://h/p?a=1&{name}={MASK}&b=2"
    other = {"Content-Type": "application/json"}
    headers = {name: "s3cretvalue" for name in listed.headers} | other
    assert mask_headers(headers) == {name: MASK for name in listed.headers} | other
    plain = '{"NextToken": "page-2", "ClientToken": "c-1"}'
    assert mask(plain) == plain


def test_the_cli_and_the_emulator_read_the_stamp() -> None:
    assert secret_words() == {"token", "bearer", "authorization"}
    assert _secret_name("--conection-token") and _secret_name("--x-amz-bearer")
    assert _secret_name("--aws-secret-access-key")
    assert not _secret_name("--content")
    operation = load_model().operations["DescribeView"]
    problems = InputValidator(operation).problems(
        {}, {"ViewToken": "v" * 1001, "ConnectionToken": "c" * 1001}
    )
    assert problems and not any("vvvv" in p or "cccc" in p for p in problems)
    transcript = load_model().operations["GetTranscript"]
    shown = InputValidator(transcript).problems({"NextToken": "n" * 1001}, {"ConnectionToken": "t"})
    assert any("nnnn" in p for p in shown)  # not a secret: quoted as AWS quotes it


def test_r_reads_the_same_stamp(tmp_path: Path) -> None:
    script = tmp_path / "secrets.R"
    script.write_text(
        f'source("{ROOT / "R" / "model.R"}")\n'
        f'model <- read_model("{ROOT / "paws_compat" / "_data" / "connectparticipant.json"}")\n'
        'for (op in model$operations) cat(op$name, op$secret_args, "\\n")\n',
        encoding="utf-8",
    )
    run = subprocess.run(
        ["Rscript", "--vanilla", str(script)],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    from_r = {line.split()[0]: sorted(line.split()[1:]) for line in run.stdout.splitlines() if line.strip()}
    from_python = {
        op.name: sorted(m.name for m in op.input_members.values() if m.secret)
        for op in load_model().operations.values()
    }
    assert from_r == from_python
    assert from_r["DescribeView"] == ["ConnectionToken", "ViewToken"]


# ---- no second list ------------------------------------------------------------------------------

_HEADERS = {n.lower() for n in secrets().headers}
_NAMES = {n.lower() for n in (*secrets().members, *secrets().query)} | _HEADERS
_NAMES -= {"token", "sig", "policy", "signature"}  # common words: only the distinctive names count


def _names_in(texts: list[str], headers: bool = True) -> set[str]:
    return {t.lower() for t in texts if t.lower() in _NAMES and (headers or t.lower() not in _HEADERS)}


def _python_lists(path: Path, headers: bool = True) -> list[str]:
    """Collections of two or more secret names written in a Python file (a set, tuple, list, or a
    regex alternation in one string)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            texts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(_names_in(texts, headers)) >= 2:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and len(_names_in(re.split(r"[|()?:\[\]\\]", node.value), headers)) >= 2
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


# The names of credentials (paws_compat's one list) and the words of secret names (the model's):
# an R pattern or vector naming two of them is a second list.
_SETTINGS_AND_WORDS = {*secret_settings(), *secret_words(), "secret", "password", "access_key"}


def _r_lists(path: Path, root: Path = ROOT) -> list[str]:
    """Lines of an R file that write down what is secret: a vector or pattern of two or more
    secret names or secret words, or a name given literally to a redact_*() call."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        groups = re.findall(r"c\(([^)]*)\)", code) + re.findall(r'"([^"]*\|[^"]*)"', code)
        listed = any(len(_names_in(re.findall(r"[A-Za-z-]+", group))) >= 2 for group in groups)
        words = any(
            len({w.lower() for w in re.findall(r"[A-Za-z_]+", group)} & _SETTINGS_AND_WORDS) >= 2
            for group in groups
        )
        literal = any(re.search(r'"[^"]*"', args) for args in re.findall(r"redact_\w+\((.*)", code))
        if listed or words or literal:
            found.append(f"{path.relative_to(root)}:{number}")
    return found


def test_the_r_check_sees_a_second_list(tmp_path: Path) -> None:
    """The R files' check finds each way R once wrote the secrets down itself."""
    seen = tmp_path / "R"
    seen.mkdir()
    for number, text in enumerate(
        [
            'pattern <- "(?i)(credentials|creds|secret|token|password|access_key)"',
            'call <- redact_call(sys.call(), "ParticipantToken", sys.function())',
            'hide <- c("ConnectionToken", "ParticipantToken")',
            "call <- redact_call(sys.call(), secret_names()$settings)  # read from Python: fine",
        ]
    ):
        (seen / f"f{number}.R").write_text(text + "\n", encoding="utf-8")
    flagged = [line for path in sorted(seen.glob("*.R")) for line in _r_lists(path, seen)]
    assert flagged == ["f0.R:1", "f1.R:1", "f2.R:1"]


def test_r_reads_the_credential_names_from_python() -> None:
    from r_bridge import dispatch

    names = json.loads(dispatch.secret_names())
    assert names["settings"] == list(secret_settings())
    assert {"credentials", "creds", "secret_access_key", "session_token"} <= set(names["settings"])
    assert names["words"] == sorted(secret_words())


# Lists of header names that are protocol facts, not a judgement of what is secret.
_PROTOCOL_LISTS = {
    "paws_compat/_connect/signer.py",  # the headers SigV4 writes on each attempt
    "paws_compat/emulator/_browser.py",  # CORS: the headers a page may send
}


@pytest.mark.parametrize("part", ["paws_compat", "r_bridge", "R", "tools"])
def test_no_other_file_lists_the_secrets(part: str) -> None:
    generator = ROOT / "tools" / "generate_model.py"
    found: list[str] = []
    for path in sorted((ROOT / part).rglob("*")):
        if path == generator or "node_modules" in path.parts:
            continue
        if str(path.relative_to(ROOT)) in _PROTOCOL_LISTS:
            assert not _python_lists(path, headers=False), path
            continue
        if path.suffix == ".py":
            found += _python_lists(path)
        elif path.suffix == ".R":
            found += _r_lists(path)
    assert found == [], "secrets are listed once, in tools/generate_model.py; read them from the model"
    assert _python_lists(generator)  # the check does see the one list
