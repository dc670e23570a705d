"""The shared browser and JS set-up works on this machine: chromium loads the pinned chatjs bundle
from a loopback page and the official client's API is there (what the fidelity tests build on)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import pytest

from tests.browser import CHATJS_BUNDLE, JS_ROOT, NODE_FLAGS, browser_page, serve_js_root


@pytest.fixture
def js_server() -> Iterator[str]:
    """tests/js on a loopback origin of its own."""
    with serve_js_root() as origin:
        yield origin


def test_chatjs_is_installed_at_its_pinned_version() -> None:
    lock = json.loads((JS_ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/amazon-connect-chatjs"]["version"]
    installed = json.loads((JS_ROOT / "node_modules/amazon-connect-chatjs/package.json").read_text())
    assert installed["version"] == pinned == "5.0.0"
    assert CHATJS_BUNDLE.is_file()


def test_chatjs_loads_in_node() -> None:
    # The bundle is built for browsers: it wants `self`, and a WebSocket (Node 20: behind a flag).
    script = (
        "globalThis.self = globalThis; "
        f"const m = require({json.dumps(str(CHATJS_BUNDLE))}); "
        "const c = (globalThis.connect || m).ChatSession; "
        "process.stdout.write([typeof c.create, typeof c.setGlobalConfig, typeof WebSocket].join(' '));"
    )
    done = subprocess.run(["node", *NODE_FLAGS, "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "function function function"


def test_chatjs_loads_in_headless_chromium(js_server: str) -> None:
    with browser_page() as page:
        page.goto(f"{js_server}/")
        page.add_script_tag(url=f"{js_server}/node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js")
        kinds = page.evaluate(
            "[typeof connect.ChatSession.create, typeof connect.ChatSession.setGlobalConfig]"
        )
        assert kinds == ["function", "function"]
        assert page.evaluate("window.isSecureContext") is True  # loopback http counts as secure
