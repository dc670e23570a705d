"""`mypy --strict` on a user's code sees the operations, their arguments and their results (the
generated paws_compat/type_defs.pyi): correct code passes, and each mistake is the error it should be.

The user's files live outside the repository and find paws_compat as installed (the venv's editable
install), as a user's project would; the wheel carries the stub and py.typed. pyright (strict, the
pinned npm package in tests/packaging/typecheck, installed by scripts/setup) sees the same.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
import paws_compat
from paws_compat.chat import ChatSession, ConnectionEvent
from paws_compat.type_defs import ConnectionType, GetTranscriptRequest, Item, StartPosition
from paws_compat.type_defs import TypedEmpty, TypedRecord


def chat(token: str) -> list[str]:
    svc = paws_compat.connectparticipant(region="us-east-1")
    kinds: list[ConnectionType] = ["WEBSOCKET", "CONNECTION_CREDENTIALS"]
    connection = svc.create_participant_connection(Type=kinds, ParticipantToken=token)
    url = connection.Websocket.Url
    if url:  # an absent member is a TypedEmpty (falsy): this narrows to str
        print(url.upper())
    credentials = connection["ConnectionCredentials"]["ConnectionToken"]
    assert credentials
    svc.create_participant_connection(Type="WEBSOCKET", ParticipantToken=token, ConnectParticipant=True)
    start: StartPosition = {"MostRecent": 5}
    request: GetTranscriptRequest = {"ConnectionToken": credentials, "StartPosition": start, "MaxResults": 9}
    page = svc.get_transcript(**request)
    svc.get_transcript(ConnectionToken=credentials, ScanDirection="BACKWARD", SortOrder="ASCENDING")
    items: list[Item] = list(page.Transcript)
    texts = [str(item.Content) for item in items if item.Type == "MESSAGE"]
    for attachment in items[0].Attachments:
        texts.append(str(attachment["AttachmentName"]))
    receipts = items[0].MessageMetadata.Receipts
    texts += [str(r.ReadTimestamp) for r in receipts]
    size: int = svc.get_attachment(AttachmentId="a", ConnectionToken=credentials).AttachmentSizeInBytes
    upload = svc.start_attachment_upload(
        ContentType="text/plain", AttachmentSizeInBytes=size, AttachmentName="a", ConnectionToken=credentials
    )
    headers: dict[str, str] = upload.UploadMetadata.HeadersToInclude
    sent = svc.send_message(ContentType="text/plain", Content="hi", ConnectionToken=credentials)
    texts.append(str(sent.Id or "no id"))
    if not isinstance(sent.AbsoluteTime, TypedEmpty):
        texts.append(sent.AbsoluteTime.upper())
    done: TypedRecord = svc.disconnect_participant(ConnectionToken=credentials)
    print(page.to_dict(), page.str(), len(page), dict(page.items()), headers, done.shape)
    with ChatSession(svc, token) as session:
        for polled in session.poll(timeout=1):
            texts.append(str(polled.DisplayName))  # poll() gives typed Items

        def on_lost(event: ConnectionEvent) -> None:
            print(event.kind, event.reason)

        session.on("connection_lost", on_lost)
    return texts
"""

# (a line of a user's file, the error mypy --strict gives for it)
MISTAKES = [
    (
        'svc.create_participant_conection(ParticipantToken="t")',
        '"Client" has no attribute "create_participant_conection"  [attr-defined]',
    ),
    (
        'svc.create_participant_connection(ParticipantTokn="t")',
        'Unexpected keyword argument "ParticipantTokn" for "create_participant_connection" of '
        '"ConnectParticipantOperations"; did you mean "ParticipantToken"?  [call-arg]',
    ),
    (
        'svc.send_message(ContentType="text/plain", ConnectionToken="c")',
        'Missing named argument "Content" for "send_message" of "ConnectParticipantOperations"  [call-arg]',
    ),
    (
        'svc.send_message(ContentType="text/plain", Content=42, ConnectionToken="c")',
        'Argument "Content" to "send_message" of "ConnectParticipantOperations" has incompatible type "int"; '
        'expected "str"  [arg-type]',
    ),
    (
        'svc.get_transcript(ConnectionToken="c", ScanDirection="SIDEWAYS")',
        'Argument "ScanDirection" to "get_transcript" of "ConnectParticipantOperations" has incompatible '
        "type \"Literal['SIDEWAYS']\"; expected \"Literal['FORWARD', 'BACKWARD'] | None\"  [arg-type]",
    ),
    (
        'start: StartPosition = {"MostRecnt": 1}',
        'Extra key "MostRecnt" for TypedDict "StartPosition"  [typeddict-unknown-key]',
    ),
    (
        "page.Transcrpt",
        '"GetTranscriptResponse" has no attribute "Transcrpt"; maybe "Transcript"?  [attr-defined]',
    ),
    ("page.Transcript.upper()", '"list[Item]" has no attribute "upper"  [attr-defined]'),
    (
        'page["NextTokn"]',
        'No overload variant of "__getitem__" of "GetTranscriptResponse" matches argument type "str"'
        "  [call-overload]",
    ),
    (
        "n: int = page.NextToken",
        'Incompatible types in assignment (expression has type "str | TypedEmpty", variable has type "int")'
        "  [assignment]",
    ),
    (
        "page.NextToken.upper()",
        'Item "TypedEmpty" of "str | TypedEmpty" has no attribute "upper"  [union-attr]',
    ),
    ('page.NextToken = "x"', 'Property "NextToken" defined in "GetTranscriptResponse" is read-only  [misc]'),
    (
        "item.Contnt",
        '"Item" has no attribute "Contnt"; maybe "Content"?  [attr-defined]',
    ),
    (
        'ChatSession(svc, "t").poll()[0].Contnt',
        '"Item" has no attribute "Contnt"; maybe "Content"?  [attr-defined]',
    ),
]

# What pyright --strict reports for each mistake, in MISTAKES' order: (rule, the message's first line).
UNKNOWN, ACCESS, CALL, ARGUMENT, ASSIGNMENT = (
    "reportUnknownMemberType",
    "reportAttributeAccessIssue",
    "reportCallIssue",
    "reportArgumentType",
    "reportAssignmentType",
)


def cannot_pass(value: str, parameter: str, kind: str, function: str) -> tuple[str, str]:
    return (
        ARGUMENT,
        f'Argument of type "{value}" cannot be assigned to parameter "{parameter}" of type "{kind}" '
        f'in function "{function}"',
    )


def no_attribute(name: str, owner: str) -> list[tuple[str, str]]:
    return [
        (UNKNOWN, f'Type of "{name}" is unknown'),
        (ACCESS, f'Cannot access attribute "{name}" for class "{owner}"'),
    ]


PYRIGHT = [
    no_attribute("create_participant_conection", "Client"),
    [
        (CALL, 'Argument missing for parameter "ParticipantToken"'),
        (CALL, 'No parameter named "ParticipantTokn"'),
    ],
    [(CALL, 'Argument missing for parameter "Content"')],
    [cannot_pass("Literal[42]", "Content", "str", "send_message")],
    [cannot_pass("Literal['SIDEWAYS']", "ScanDirection", "ScanDirection | None", "get_transcript")],
    [(ASSIGNMENT, 'Type "dict[str, int]" is not assignable to declared type "StartPosition"')],
    no_attribute("Transcrpt", "GetTranscriptResponse"),
    no_attribute("upper", "list[Item]"),
    [
        (CALL, 'No overloads for "__getitem__" match the provided arguments'),
        cannot_pass("Literal['NextTokn']", "key", "Literal['NextToken']", "__getitem__"),
    ],
    [(ASSIGNMENT, 'Type "str | TypedEmpty" is not assignable to declared type "int"')],
    [
        (UNKNOWN, 'Type of "upper" is partially unknown'),
        (ACCESS, 'Cannot access attribute "upper" for class "TypedEmpty"'),
    ],
    [(ACCESS, 'Cannot assign to attribute "NextToken" for class "GetTranscriptResponse"')],
    no_attribute("Contnt", "Item"),
    no_attribute("Contnt", "Item"),
]
PYRIGHT_BIN = ROOT / "tests" / "packaging" / "typecheck" / "node_modules" / ".bin" / "pyright"

BAD_HEAD = """\
import paws_compat
from paws_compat.chat import ChatSession
from paws_compat.type_defs import Item, StartPosition

svc = paws_compat.connectparticipant(region="us-east-1")
page = svc.get_transcript(ConnectionToken="c")
item: Item = page.Transcript[0]
"""


def run_mypy(directory: Path, *files: str) -> subprocess.CompletedProcess[str]:
    cache = str(directory / ".mypy_cache")
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache, *files]
    return subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def user_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    """A user's directory with good.py and bad.py, and the line of each mistake in bad.py."""
    directory = tmp_path_factory.mktemp("user")
    (directory / "good.py").write_text(GOOD, encoding="utf-8")
    lines = BAD_HEAD.splitlines()
    numbers = []
    for code, _ in MISTAKES:
        lines.append(code)
        numbers.append(len(lines))
    (directory / "bad.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory, numbers


@pytest.fixture(scope="module")
def checked(user_files: tuple[Path, list[int]]) -> tuple[subprocess.CompletedProcess[str], list[int]]:
    """One mypy run over both files (a cold mypy takes seconds): its output, the mistakes' lines."""
    directory, numbers = user_files
    return run_mypy(directory, "good.py", "bad.py"), numbers


def errors_in(output: str, name: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for match in re.finditer(rf"^{re.escape(name)}:(\d+): error: (.*)$", output, re.M):
        found.setdefault(int(match[1]), []).append(match[2])
    return found


def test_correct_code_passes_mypy_strict(checked: tuple[subprocess.CompletedProcess[str], list[int]]) -> None:
    run, _ = checked
    assert errors_in(run.stdout, "good.py") == {}, run.stdout
    assert "note: " not in "\n".join(line for line in run.stdout.splitlines() if line.startswith("good.py"))


def test_each_mistake_is_the_error_it_should_be(
    checked: tuple[subprocess.CompletedProcess[str], list[int]],
) -> None:
    run, numbers = checked
    expected = {line: [message] for line, (_, message) in zip(numbers, MISTAKES, strict=True)}
    assert errors_in(run.stdout, "bad.py") == expected, run.stdout
    assert run.returncode == 1
    assert f"Found {len(MISTAKES)} errors in 1 file (checked 2 source files)" in run.stdout


def test_pyright_strict_sees_the_same(user_files: tuple[Path, list[int]]) -> None:
    assert PYRIGHT_BIN.exists(), f"pyright is not installed at {PYRIGHT_BIN} (scripts/setup installs it)"
    directory, numbers = user_files
    config = json.dumps({"typeCheckingMode": "strict"})
    (directory / "pyrightconfig.json").write_text(config, encoding="utf-8")
    run = subprocess.run(
        [PYRIGHT_BIN, "--pythonpath", sys.executable, "--outputjson", "good.py", "bad.py"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stdout)
    found: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for diagnostic in report["generalDiagnostics"]:
        key = (Path(diagnostic["file"]).name, diagnostic["range"]["start"]["line"] + 1)
        found.setdefault(key, []).append((diagnostic.get("rule", ""), diagnostic["message"].splitlines()[0]))
    expected = {("bad.py", line): errors for line, errors in zip(numbers, PYRIGHT, strict=True)}
    assert found == expected, run.stdout[-4000:]
    assert report["summary"]["errorCount"] == sum(len(errors) for errors in PYRIGHT)


def test_the_stubs_are_what_the_model_gives() -> None:
    """The committed stub and its run-time module are the generator's output for the packaged model."""
    check = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_types.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr


def test_the_run_time_names_match_the_stub() -> None:
    import paws_compat.type_defs as runtime
    from paws_compat import Record

    stub = (ROOT / "paws_compat" / "type_defs.pyi").read_text(encoding="utf-8")
    declared = re.findall(r'^    "(\w+)",$', stub.split("]", 1)[0], re.M)
    assert declared == runtime.__all__ and len(declared) > 30
    assert runtime.GetTranscriptResponse is Record and runtime.StartPosition is dict
    for name in declared:
        assert name == "TypedEmpty" or re.search(rf"^(class {name}\(|{name} = )", stub, re.M), name


def test_the_wheel_ships_the_stub_and_py_typed(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    build = subprocess.run(
        [*command, "-w", tmp_path, ROOT],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("paws_compat-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"paws_compat/py.typed", "paws_compat/type_defs.pyi", "paws_compat/type_defs.py"} <= names


def test_the_stub_lists_every_operation_of_the_client() -> None:
    """The operations the stub lists are the client's, one for one (none made up, none missing)."""
    import paws_compat
    from paws_compat._model import load_model

    stub = (ROOT / "paws_compat" / "type_defs.pyi").read_text(encoding="utf-8")
    body = stub.split("class ConnectParticipantOperations:", 1)[1]
    methods = re.findall(r"^    def (\w+)\(", body, re.M)
    assert methods == [op.method_name for op in load_model().operations.values()]
    client = paws_compat.connectparticipant(region="us-east-1", endpoint="http://127.0.0.1:9")
    for name in methods:
        assert callable(getattr(client, name))
