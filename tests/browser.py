"""Debian's chromium, headless, driven by Playwright for Python: the one way tests open a browser.

Playwright's own browser download cannot run here (no network but the package registries), so it
drives the system chromium that scripts/setup installs. The flags keep chromium off the network it
would otherwise reach for (updates, sync, field trials); web security stays on, as for a user.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# The binary itself: Debian's /usr/bin/chromium is a shell wrapper that adds nothing headless needs.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--no-sandbox",  # the tests run as root, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
)
# Every wait of a test in the browser is bounded by this (ms), so a broken page fails, never hangs.
DEFAULT_TIMEOUT_MS = 15_000

JS_ROOT = Path(__file__).resolve().parent / "js"
# Node 20 has a global WebSocket only behind this flag (on by default from Node 22).
NODE_FLAGS = ("--experimental-websocket",)
CHATJS_BUNDLE = JS_ROOT / "node_modules" / "amazon-connect-chatjs" / "dist" / "amazon-connect-chat.js"


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise RuntimeError("Debian's chromium is not installed: run scripts/setup (apt-get install chromium)")


@contextmanager
def browser_page(**context_options: Any) -> Iterator[Any]:
    """A fresh page in a fresh headless chromium (empty profile), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            context = browser.new_context(**context_options)
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            page = context.new_page()
            yield page
        finally:
            browser.close()


@contextmanager
def serve_js_root() -> Iterator[str]:
    """tests/js over HTTP on a loopback origin of its own (not the emulator's): the page a browser
    test loads chatjs from, so its calls to the emulator are cross-origin as a real app's are."""

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(JS_ROOT), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
