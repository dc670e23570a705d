"""How fast the console shows a chat, against a ChatSession (the peer: a client of the same chat).

    python bench/bench_console.py [--messages 40] [--rounds 3]

One emulator (in this process, on its own thread), a chat with the customer on a paws_compat
ChatSession, an agent app on another ChatSession (the peer), and the console in Debian's headless
chromium (Playwright) joined as a second agent. Each message is timed from just before it is sent
to when it is there:

- customer -> console: a MutationObserver in the page stamps the moment its bubble is in the DOM;
- customer -> peer: the peer's poll thread stamps the moment the item comes out of poll();
- console -> customer: from the click on Send (stamped in the page) to the customer's poll;
- peer -> customer: from the peer's send_message to the customer's poll.

Both sessions run ChatConfig.fast(reorder_window=0), so the figures are the path's, not a
session's hold for out-of-order items (50-100 ms by default). Both clocks are the machine's wall
clock (Date.now() and time.time()), in ms. Medians and p90 over all rounds; the ratios console /
peer are what counts on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import paws_compat  # noqa: E402
from paws_compat.chat import ChatConfig, ChatSession  # noqa: E402
from paws_compat.emulator import Emulator  # noqa: E402
from tests.browser import browser_page  # noqa: E402

WATCH = """() => {
  window.seen = {};
  new MutationObserver((records) => {
    const stamp = Date.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        const bubble = node.querySelector && node.querySelector(".bubble");
        if (bubble && !(bubble.textContent in window.seen)) window.seen[bubble.textContent] = stamp;
      }
    }
  }).observe(document.getElementById("transcript"), { childList: true });
}"""
CONFIG = ChatConfig.fast(reorder_window=0.0)
SEND = """(text) => {
  document.getElementById("message").value = text;
  const t = Date.now();
  document.querySelector("#send button").click();
  return t;
}"""


class Stamped:
    """A session whose poll thread stamps each message's arrival (wall clock, ms) by its Content."""

    def __init__(self, session: ChatSession) -> None:
        self.session = session
        self.seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for item in self.session.poll(timeout=0.2):
                if item.Type == "MESSAGE":
                    self.seen.setdefault(str(item.Content), time.time() * 1000)

    def wait(self, text: str, timeout: float = 15.0) -> float:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} not received in {timeout} s")
            time.sleep(0.005)
        return self.seen[text]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def page_wait(page: Any, text: str) -> float:
    page.wait_for_function("(text) => text in window.seen", arg=text, timeout=15_000)
    return float(page.evaluate("(text) => window.seen[text]", text))


def run(messages: int, rounds: int) -> dict[str, list[float]]:
    lags: dict[str, list[float]] = {k: [] for k in ("to console", "to peer", "from console", "from peer")}
    with Emulator() as emu:
        chat = emu.start_chat(display_name="Customer")
        agent = emu.add_participant(chat.contact_id, role="AGENT", display_name="Peer")
        svc = paws_compat.connectparticipant(endpoint=emu.endpoint, region="us-east-1")
        customer = ChatSession(svc, chat.participant_token, config=CONFIG).start()
        peer = ChatSession(svc, agent.participant_token, config=CONFIG).start()
        to_customer, to_peer = Stamped(customer), Stamped(peer)
        try:
            with browser_page(viewport={"width": 1400, "height": 900}) as page:
                page.goto(emu.endpoint + "/")
                page.locator(f"#chat-list li[data-contact-id='{chat.contact_id}']").click()
                page.locator("#join [name=name]").fill("Console")
                page.locator("#join button").click()
                page.locator("#identity option", has_text="· live").wait_for(state="attached")
                page.evaluate(WATCH)
                for round_ in range(rounds):
                    for n in range(messages):
                        text = f"c{round_}-{n}"
                        sent = time.time() * 1000
                        customer.send_message(text)
                        lags["to console"].append(page_wait(page, text) - sent)
                        lags["to peer"].append(to_peer.wait(text) - sent)
                        text = f"k{round_}-{n}"
                        clicked = float(page.evaluate(SEND, text))
                        lags["from console"].append(to_customer.wait(text) - clicked)
                        text = f"p{round_}-{n}"
                        sent = time.time() * 1000
                        peer.send_message(text)
                        lags["from peer"].append(to_customer.wait(text) - sent)
        finally:
            to_customer.stop()
            to_peer.stop()
            customer.close()
            peer.close()
    return lags


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"{statistics.median(ordered):.1f} (p90 {p90:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    lags = run(args.messages, args.rounds)
    print(f"{args.messages * args.rounds} messages each way")
    print("| path | lag, ms median (p90) |\n| --- | --- |")
    for name, values in lags.items():
        print(f"| {name} | {summary(values)} |")
    shown = statistics.median(lags["to console"]) / statistics.median(lags["to peer"])
    sent = statistics.median(lags["from console"]) / statistics.median(lags["from peer"])
    print(f"console / peer: showing a message {shown:.2f}x, sending one {sent:.2f}x")


if __name__ == "__main__":
    main()
