"""Write the typed view of the Participant Service client (paws_compat/type_defs.pyi and .py).

Client methods are made from the model at run time, so a type checker sees nothing of them; this
writes, from the same packaged model (paws_compat/_data/connectparticipant.json), what it should
see: each operation's keyword arguments with their types and required-ness, each result as a class
whose members are read-only attributes and literal mapping keys, a member the response may lack
typed with the empty it then holds (`str | TypedEmpty`: truthiness narrows it to `str`), and the
model's enums as Literal types for arguments (results say `str`: the service adds values).
type_defs.py gives the same names at run time (a result type is Record, an argument dict is dict).

Run: python tools/generate_types.py          (rewrites the two files)
     python tools/generate_types.py --check  (exit 1 if they differ; generate_model.py --check runs it)
"""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paws_compat._model import Member, Operation, ServiceModel, Shape, load_model  # noqa: E402

SERVICE = "connectparticipant"
STUB_OUT = ROOT / "paws_compat" / "type_defs.pyi"
RUNTIME_OUT = ROOT / "paws_compat" / "type_defs.py"
BASE = "TypedRecord"

# What a caller may pass (validation's rules, paws_compat/_validate.py) and what a result holds
# (the parser's, paws_compat/_result.py), per scalar type of the model.
ARGUMENT_TYPES = {
    "string": "str", "boolean": "bool", "integer": "int", "long": "int", "double": "float",
    "float": "float", "blob": "bytes | str", "timestamp": "datetime | str | float",
}  # fmt: skip
RESULT_TYPES = {
    "string": "str", "boolean": "bool", "integer": "int", "long": "int", "double": "float",
    "float": "float", "blob": "str", "timestamp": "str | float",
}  # fmt: skip
# Names a result's member cannot have as an attribute (TypedRecord's own) or that the stub uses.
TAKEN = {"shape", "to_dict", "str", "keys", "values", "items", "get", "int", "float", "bool", "bytes",
         "list", "dict", "tuple", "datetime", "Any", "Literal", "Mapping", "TypedEmpty", BASE}  # fmt: skip

HEADER = '''\
"""Types of the Participant Service client for mypy and pyright, generated from the packaged model
by tools/generate_types.py (do not edit; `python tools/generate_model.py --check` fails when stale).

Results are Records (attribute and mapping access); a member the response may lack is typed with
the empty it then holds, so `if resp.Websocket.Url:` narrows it to `str`.
"""
'''


def _identifier(name: str) -> str:
    if not name.isidentifier() or keyword.iskeyword(name) or name in TAKEN:
        raise ValueError(f"model name {name!r} cannot be a name in the stub")
    return name


class _Writer:
    def __init__(self, model: ServiceModel) -> None:
        self.model = model
        self.enums: dict[str, Shape] = {}  # argument enums, by alias name
        self.arguments: dict[str, Shape] = {}  # argument structures, by TypedDict name
        self.results: dict[str, Shape] = {}  # result structures, by class name
        self.argument_scalars: set[str] = set()
        for operation in model.operations.values():
            if operation.output is not None:
                self._collect_results(operation.output)
        for operation in model.operations.values():
            if operation.input is not None:
                self.argument_type(operation.input)
        # In a class body a member's name hides a module name after it (a property `Websocket`
        # returning the class `Websocket`): such classes are named through a private alias.
        members = {name for shape in self.results.values() for name in shape.members}
        self.aliased = sorted(members & set(self.results))

    # -- names --------------------------------------------------------------------------------------

    def _collect_results(self, shape: Shape) -> None:
        if shape.type == "structure":
            if shape.name in self.results:
                return
            self.results[_identifier(shape.name)] = shape
            for member in shape.members.values():
                self._collect_results(member.shape)
        for part in (shape.member, shape.value):
            if part is not None:
                self._collect_results(part)

    def argument_name(self, shape: Shape) -> str:
        """A TypedDict's name: the shape's, or with `Input` if a result class has that name."""
        return shape.name + "Input" if shape.name in self.results else _identifier(shape.name)

    # -- types --------------------------------------------------------------------------------------

    def argument_type(self, shape: Shape) -> str:
        if shape.type == "structure":
            name = self.argument_name(shape)
            if name not in self.arguments:
                self.arguments[name] = shape
                for member in shape.members.values():
                    self.argument_type(member.shape)
            return name
        if shape.type == "list" and shape.member is not None:
            item = self.argument_type(shape.member)
            return f"list[{item}] | tuple[{item}, ...] | {item}"
        if shape.type == "map" and shape.key is not None and shape.value is not None:
            return f"Mapping[str, {self.argument_type(shape.value)}]"
        if shape.enum:
            self.enums[_identifier(shape.name)] = shape
            return shape.name
        self.argument_scalars.add(shape.type)
        return ARGUMENT_TYPES[shape.type]

    def result_type(self, shape: Shape) -> str:
        """The type of a present value of `shape` in a result."""
        if shape.type == "structure":
            return "_" + shape.name if shape.name in self.aliased else shape.name
        if shape.type == "list" and shape.member is not None:
            return f"list[{self.result_type(shape.member)}]"
        if shape.type == "map" and shape.value is not None:
            return f"dict[str, {self.result_type(shape.value)}]"
        return RESULT_TYPES[shape.type]

    def member_type(self, owner: Shape, member: Member) -> str:
        """A result member's type: an absent scalar is a TypedEmpty unless the model requires it
        (an absent list, map or structure is an empty one of its own type)."""
        text = self.result_type(member.shape)
        if member.shape.is_scalar and member.name not in owner.required:
            text += " | TypedEmpty"
        return text

    # -- the stub -----------------------------------------------------------------------------------

    def stub(self) -> str:
        lines = [HEADER]
        lines += [
            "import builtins",
            "from collections.abc import Iterator, Mapping",
            *(["from datetime import datetime"] if "timestamp" in self.argument_scalars else []),
            "from typing import Any, Literal, TypeAlias, TypedDict, overload",
            "",
            "from typing_extensions import Never, NotRequired",
            "",
            "from ._model import Shape",
            "from ._result import TypedEmpty",
            "",
            *_names_list(self.public_names()),
            "",
            "# ---- enums of the arguments: the values the pinned model lists",
            "",
        ]
        for name, shape in sorted(self.enums.items()):
            lines.append(f"{name} = Literal[{', '.join(_quoted(v) for v in shape.enum or ())}]")
        lines += ["", "# ---- structures the arguments take (plain dicts)", ""]
        for name, shape in self.arguments.items():
            lines += self._typed_dict(name, shape)
        lines += ["# ---- results", "", *self._base(), ""]
        for name, shape in sorted(self.results.items()):
            lines += self._record(name, shape)
        lines += [f"_{name}: TypeAlias = {name}" for name in self.aliased]
        lines += [""]
        lines += ["# ---- the client's operations (paws_compat.Client)", "", *self._operations()]
        return "\n".join(lines).rstrip("\n") + "\n"

    def public_names(self) -> list[str]:
        return sorted([*self.enums, *self.arguments, *self.results, BASE, "TypedEmpty"])

    def _typed_dict(self, name: str, shape: Shape) -> list[str]:
        lines = [f"class {name}(TypedDict):"]
        if not shape.members:
            lines.append("    pass")
        for member_name, member in shape.members.items():
            kind = self.argument_type(member.shape)
            required = member_name in shape.required and not member.idempotency_token
            lines.append(f"    {_identifier(member_name)}: {kind if required else f'NotRequired[{kind}]'}")
        return [*lines, ""]

    @staticmethod
    def _base() -> list[str]:
        return [
            f"class {BASE}(Mapping[str, Any]):",
            '    """A Record as type checkers see it (at run time every result is a paws_compat.Record)."""',
            "",
            "    @property",
            "    def shape(self) -> Shape | None: ...",
            "    def to_dict(self) -> dict[builtins.str, Any]: ...",
            "    def __getitem__(self, key: builtins.str) -> Any: ...",
            "    def __iter__(self) -> Iterator[builtins.str]: ...",
            "    def __len__(self) -> int: ...",
            "    def str(self) -> builtins.str: ...",
        ]

    def _record(self, name: str, shape: Shape) -> list[str]:
        lines = [f"class {name}({BASE}):"]
        members = shape.members
        for member_name, member in members.items():
            kind = self.member_type(shape, member)
            lines += ["    @property", f"    def {member_name}(self) -> {kind}: ..."]
        if not members:
            lines.append("    def __getitem__(self, key: Never) -> Never: ...  # type: ignore[override]")
        elif len(members) == 1:
            ((member_name, member),) = members.items()
            lines.append(
                f"    def __getitem__(self, key: Literal[{_quoted(member_name)}]) -> "
                f"{self.member_type(shape, member)}: ...  # type: ignore[override]"
            )
        else:
            for index, (member_name, member) in enumerate(members.items()):
                ignore = "  # type: ignore[override]" if index == 0 else ""
                lines += [
                    f"    @overload{ignore}",
                    f"    def __getitem__(self, key: Literal[{_quoted(member_name)}]) -> "
                    f"{self.member_type(shape, member)}: ...",
                ]
        return [*lines, ""]

    def _operations(self) -> list[str]:
        lines = [
            "class ConnectParticipantOperations:",
            '    """The operation methods of paws_compat.Client (made from the model at run time)."""',
            "",
        ]
        for operation in self.model.operations.values():
            lines += self._method(operation)
        return lines

    def _method(self, operation: Operation) -> list[str]:
        members = operation.input_members
        required = {n for n in operation.required if not members[n].idempotency_token}
        result = operation.output.name if operation.output is not None else BASE
        if not members:
            head = [f"    def {operation.method_name}(self) -> {result}:"]
        else:
            head = [f"    def {operation.method_name}(", "        self,", "        *,"]
            for name, member in members.items():
                kind = self.argument_type(member.shape)
                default = "" if name in required else " | None = None"
                head.append(f"        {_identifier(name)}: {kind}{default},")
            head.append(f"    ) -> {result}:")
        return [*head, f'        """{operation.name}: {operation.http_method} {operation.request_uri}"""', ""]

    # -- the run-time module ------------------------------------------------------------------------

    def runtime(self) -> str:
        lines = [
            '"""Run-time names for paws_compat/type_defs.pyi, generated by tools/generate_types.py (do',
            "not edit): type checkers read the .pyi; here a result type is Record, an argument structure",
            'dict and an enum str, so the names can be imported and used in annotations and isinstance()."""',
            "",
            "from ._result import Record, TypedEmpty",
            "",
            *_names_list(self.public_names()),
            "",
            f"{BASE} = Record",
        ]
        lines += [f"{name} = str" for name in sorted(self.enums)]
        lines += [f"{name} = dict" for name in self.arguments]
        lines += [f"{name} = Record" for name in sorted(self.results)]
        return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _names_list(names: list[str]) -> list[str]:
    return ["__all__ = [", *(f"    {_quoted(n)}," for n in names), "]"]


def render() -> dict[Path, str]:
    writer = _Writer(load_model(SERVICE))
    return {STUB_OUT: writer.stub(), RUNTIME_OUT: writer.runtime()}


def write_or_check(outputs: dict[Path, str], check: bool, what: str, tool: str) -> int:
    """Write each generated file, or (check) exit status 1 naming those the tree has stale: the
    one loop of both generators (generate_model.py calls it for the model files)."""
    stale = []
    for path, text in outputs.items():
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale {what} (run {tool}):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    return write_or_check(render(), args.check, "typed stubs", "tools/generate_types.py")


if __name__ == "__main__":
    sys.exit(main())
