"""Write the compact service models that paws_compat reads at run time.

The source of truth is the AWS model shipped in the pinned botocore (a development dependency).
We keep every fact a client, a validator or an emulator needs and drop the documentation, so the
package needs no botocore and loads its model in well under a millisecond.

Run: python tools/generate_model.py          (rewrites paws_compat/_data/*.json and the typed stubs)
     python tools/generate_model.py --check  (exit 1 if the committed files or the stubs differ)
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

import botocore

DATA_OUT = Path(__file__).resolve().parent.parent / "paws_compat" / "_data"

# connect is Amazon Connect's own API; only the operations that start, join, describe and end a
# chat are kept: the emulator serves them and the tests drive them.
SERVICES: dict[str, tuple[str, list[str] | None]] = {
    "connectparticipant": ("2018-09-07", None),
    "connect": (
        "2017-08-08",
        [
            "StartChatContact", "CreateParticipant", "StopContact", "DescribeContact",
            # issue 14: the rest of what a chat's contact uses (paws_compat.connect())
            "StartContactStreaming", "StopContactStreaming", "UpdateContactAttributes",
            "GetContactAttributes", "SendChatIntegrationEvent", "StartOutboundChatContact",
            "UpdateParticipantRoleConfig", "UpdateParticipantAuthentication",
            "CreatePersistentContactAssociation", "TransferContact", "UpdateContact",
            "ListContactReferences",
        ],
    ),
}

METADATA_KEYS = ("apiVersion", "endpointPrefix", "protocol", "serviceId", "signingName", "uid", "jsonVersion")
OPERATION_KEYS = ("name", "http", "input", "output", "errors", "idempotent")
SHAPE_KEYS = (
    "type", "required", "members", "member", "key", "value", "enum", "min", "max", "pattern",
    "sensitive", "error", "exception", "timestampFormat", "fault", "union",
)
MEMBER_KEYS = ("shape", "location", "locationName", "idempotencyToken", "jsonvalue")

# Paging (paws_compat/_paging.py), in botocore's paginators-1.json form. botocore ships an empty one
# for connectparticipant; the service's Smithy model marks GetTranscript @paginated (NextToken in
# and out, MaxResults the page size, Transcript the items), which these entries state.
PAGINATORS: dict[str, dict[str, Any]] = {
    "connectparticipant": {
        "GetTranscript": {
            "input_token": "NextToken",
            "output_token": "NextToken",
            "limit_key": "MaxResults",
            "result_key": "Transcript",
            "non_aggregate_keys": ["InitialContactId"],
        }
    },
}


# What is secret: one list, stamped into every model file and read from there by redaction (reprs,
# logs, errors), the R package, the emulator and the CLI. The model's `sensitive` trait marks only
# some secrets (JoinToken, a view's content); the bearer tokens and the credentials URLs carry are
# named here (wire.md, websocket.md).
SECRET_MEMBERS = ("AuthToken", "ConnectionToken", "JoinToken", "ParticipantToken", "ViewToken")
# Headers whose values are credentials: the Participant Service's bearer token and SigV4's.
SECRET_HEADERS = ("Authorization", "X-Amz-Bearer", "X-Amz-Security-Token")
# Query parameters that carry credentials in a URL the service hands out: the websocket URL's
# AuthToken, the SigV4 fields of a pre-signed upload URL, the signed-URL fields of a download.
SECRET_QUERY = (
    "AuthToken", "X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-Credential", "Signature", "Policy",
    "Key-Pair-Id", "token", "access_token", "sig",
)


def _secret_shape(shapes: dict[str, Any], name: str, seen: frozenset[str] = frozenset()) -> bool:
    """Flagged sensitive, or a list or map of such (ViewActions holds ViewAction)."""
    shape = shapes[name]
    if shape.get("sensitive") or name in seen:
        return bool(shape.get("sensitive"))
    inner = [shape[k]["shape"] for k in ("member", "value") if k in shape]
    return any(_secret_shape(shapes, i, seen | {name}) for i in inner)


def stamp_secrets(model: dict[str, Any]) -> None:
    """Mark `"secret": true` on every member (and shape) whose value must never be shown, and add
    the names that redaction of free text needs as `"secrets"`."""
    shapes = model["shapes"]
    headers = {h.lower() for h in SECRET_HEADERS}

    def named(name: str, member: dict[str, Any]) -> bool:
        in_header = member.get("location") == "header"
        return name in SECRET_MEMBERS or (in_header and member.get("locationName", "").lower() in headers)

    members = [(n, m) for shape in shapes.values() for n, m in shape.get("members", {}).items()]
    # A token's shape is secret wherever it is used (ConnectionToken's shape is ParticipantToken).
    secret_shapes = {name for name in shapes if _secret_shape(shapes, name)}
    secret_shapes |= {m["shape"] for n, m in members if named(n, m)}
    for name, member in members:
        if member["shape"] in secret_shapes or named(name, member):
            member["secret"] = True
    for name in secret_shapes:
        shapes[name]["secret"] = True
    model["secrets"] = {
        "members": list(SECRET_MEMBERS),
        "headers": list(SECRET_HEADERS),
        "query": list(SECRET_QUERY),
    }


def load_botocore_model(service: str, version: str) -> dict[str, Any]:
    path = Path(botocore.__file__).parent / "data" / service / version / "service-2.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def load_paginators(service: str, version: str) -> dict[str, Any]:
    path = Path(botocore.__file__).parent / "data" / service / version / "paginators-1.json"
    found = json.loads(path.read_text(encoding="utf-8")).get("pagination", {}) if path.exists() else {}
    return {**found, **PAGINATORS.get(service, {})}


def compact(service: str, version: str, only: list[str] | None) -> dict[str, Any]:
    src = load_botocore_model(service, version)
    ops = {name: op for name, op in src["operations"].items() if only is None or name in only}
    shapes: dict[str, Any] = {}

    def visit(name: str) -> None:
        if name in shapes:
            return
        raw = src["shapes"][name]
        shape = {k: raw[k] for k in SHAPE_KEYS if k in raw}
        if "members" in shape:
            shape["members"] = {
                m: {k: spec[k] for k in MEMBER_KEYS if k in spec} for m, spec in raw["members"].items()
            }
        for key in ("member", "key", "value"):
            if key in shape:
                shape[key] = {"shape": shape[key]["shape"]}
        shapes[name] = shape
        for member in shape.get("members", {}).values():
            visit(member["shape"])
        for key in ("member", "key", "value"):
            if key in shape:
                visit(shape[key]["shape"])

    out_ops: dict[str, Any] = {}
    for name in sorted(ops):
        op = ops[name]
        entry: dict[str, Any] = {k: op[k] for k in OPERATION_KEYS if k in op}
        for key in ("input", "output"):
            if key in entry:
                entry[key] = entry[key]["shape"]
                visit(entry[key])
        if "errors" in entry:
            entry["errors"] = [e["shape"] for e in entry["errors"]]
            for e in entry["errors"]:
                visit(e)
        out_ops[name] = entry
    compacted = {
        "metadata": {k: src["metadata"][k] for k in METADATA_KEYS if k in src["metadata"]},
        "botocore_version": botocore.__version__,
        "operations": out_ops,
        "shapes": dict(sorted(shapes.items())),
    }
    paginators = {n: p for n, p in load_paginators(service, version).items() if n in out_ops}
    if paginators:
        compacted["paginators"] = paginators
    stamp_secrets(compacted)
    return compacted


def render(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    types = _generate_types()
    models = {
        DATA_OUT / f"{service}.json": render(compact(service, version, only))
        for service, (version, only) in SERVICES.items()
    }
    if types.write_or_check(models, args.check, "model files", "tools/generate_model.py"):
        return 1
    # The typed stubs are made from these model files: written or checked with them, so they
    # cannot drift.
    return int(types.main(["--check"] if args.check else []))


def _generate_types() -> Any:
    """tools/generate_types.py as a module (tools/ is a folder of scripts, not a package)."""
    import importlib.util

    path = Path(__file__).with_name("generate_types.py")
    spec = importlib.util.spec_from_file_location("generate_types", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    sys.exit(main())
