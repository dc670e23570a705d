"""`paws-compat chat`: an interactive terminal chat over a managed websocket session.

Against any endpoint, or (by default) against an emulator started in this process with an echo
agent, so it works with nothing else running. The ParticipantToken is read from the environment or
from a file, never from the command line (where `ps` and shell history would show it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import sys
import threading
import time
from datetime import datetime
from typing import Any, TextIO

from ._display import encodable, safe_text
from ._files import write_private

TOKEN_ENV = "PAWS_COMPAT_PARTICIPANT_TOKEN"
COMMANDS = (
    "/quit      close the session (the chat goes on)",
    "/leave     leave the chat (DisconnectParticipant)",
    "/typing    send a typing event",
    "/attach F  send the file F as an attachment",
    "/history   print the whole transcript",
    "/help      this list",
)


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "chat",
        help="chat from the terminal over a managed websocket (emulator by default)",
        description="Interactive chat. Without --endpoint, an emulator starts in this process with a "
        "chat and an echo agent. With --endpoint, the ParticipantToken comes from the environment "
        f"variable named by --token-env (default {TOKEN_ENV}) or from --token-file; never from the "
        "command line. Lines you type are sent as messages; /help lists commands.",
    )
    parser.add_argument("--endpoint", help="service endpoint (default: start an emulator in-process)")
    parser.add_argument("--region", help="AWS region (default: from the environment / AWS config)")
    parser.add_argument(
        "--allow-http",
        action="store_true",
        help="allow a plain http:// endpoint that is not on this machine (tokens travel unencrypted)",
    )
    parser.add_argument(
        "--token-env", default=TOKEN_ENV, help=f"environment variable holding the token (default {TOKEN_ENV})"
    )
    parser.add_argument("--token-file", help="file holding the ParticipantToken (first line)")
    parser.add_argument(
        "--no-connect-participant",
        action="store_true",
        help="do not send ConnectParticipant=true (for a participant already connected)",
    )
    parser.add_argument("--name", default="Customer", help="your display name in an emulator chat")
    parser.add_argument(
        "--agent-token-file",
        help="emulator only: write the agent's ParticipantToken to this file (mode 600) and do not "
        "run the echo agent, so a second terminal can join as the agent with --token-file",
    )
    parser.add_argument(
        "--linger", type=float, default=1.5, help="seconds to keep printing after input ends (default 1.5)"
    )
    parser.add_argument("--no-history", action="store_true", help="do not print earlier items on join")
    parser.set_defaults(func=run)
    return parser


def read_token(args: argparse.Namespace, environ: Any = os.environ) -> str | None:
    """The ParticipantToken from --token-file, else from the environment variable."""
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as handle:
            return handle.readline().strip() or None
    return (environ.get(args.token_env) or "").strip() or None


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    import paws_compat
    from paws_compat.chat import ChatConfig, ChatSession

    emulator: Any = None
    echo: ChatSession | None = None
    try:
        if args.endpoint:
            if args.agent_token_file:
                print("--agent-token-file works only without --endpoint (with the emulator)", file=sys.stderr)
                return 2
            try:
                token = read_token(args)
            except OSError as error:
                problem = error.strerror or error
                print(f"cannot read --token-file {args.token_file}: {problem}", file=sys.stderr)
                return 2
            if not token:
                print(
                    f"no ParticipantToken: set {args.token_env} or give --token-file "
                    "(tokens are never taken from the command line)",
                    file=sys.stderr,
                )
                return 2
            endpoint = args.endpoint
        else:
            try:
                from paws_compat.emulator import Emulator
            except ImportError as error:
                print(f"chat without --endpoint starts an emulator: {error}", file=sys.stderr)
                return 2

            emulator = Emulator().start_in_thread()
            endpoint = emulator.endpoint
            pair = emulator.start_chat_with_agent(customer_name=args.name)
            token = pair.customer.participant_token
            print(f"* emulator at {endpoint}, chat {pair.contact_id}", file=out)
            if args.agent_token_file:
                write_private(args.agent_token_file, pair.agent.participant_token + "\n")
                print(
                    f"* agent token written to {args.agent_token_file}; join with: paws-compat chat "
                    f"--endpoint {endpoint} --token-file {args.agent_token_file}",
                    file=out,
                )
        try:
            region = args.region or ("us-east-1" if emulator else None)
            client = paws_compat.connectparticipant(
                config={"allow_http": args.allow_http}, endpoint=endpoint, region=region
            )
        except paws_compat.ConfigError as error:
            print(f"paws-compat chat: {error}", file=sys.stderr)
            return 2
        print(f"* joining the chat at {endpoint} ...", file=out, flush=True)
        config = ChatConfig(deliver_history=not args.no_history)
        session = ChatSession(
            client, token, connect_participant=not args.no_connect_participant, config=config
        )
        try:
            session.start(timeout=30)
        except Exception as error:
            print(f"could not join the chat: {error}", file=sys.stderr)
            return 1
        if emulator is not None and not args.agent_token_file:
            echo = ChatSession(client, pair.agent.participant_token, config=ChatConfig(deliver_history=False))
            echo.start(timeout=30)
        print("* connected; type a message, /help for commands", file=out, flush=True)
        return _converse(session, echo, stdin, out, args.linger)
    finally:
        if echo is not None:
            echo.close()
        if emulator is not None:
            emulator.stop_thread()


def _converse(session: Any, echo: Any, stdin: TextIO, out: TextIO, linger: float) -> int:
    """Print what arrives, send what is typed; stdin is read on a thread so neither blocks."""
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(stdin, lines), daemon=True)
    reader.start()
    for kind in ("connection_lost", "connection_regained", "connection_broken"):
        session.on(kind, lambda event: _say(out, _connection_note(event)))
    input_done_at: float | None = None
    status = 0
    while True:
        for item in session.poll(timeout=0.1):
            _say(out, _render(item))
        if echo is not None:
            _echo_back(echo)
        if session.ended:
            _say(out, f"* session {session.state.value}")
            status = 1 if session.state.value == "broken" else 0
            break
        if input_done_at is not None:
            if time.monotonic() - input_done_at >= linger:
                break
            continue
        with contextlib.suppress(queue.Empty):
            while True:
                line = lines.get_nowait()
                if line is None or not _handle(session, line, out):
                    input_done_at = time.monotonic()
                    break
    session.close()  # also when the chat ended: that stops the session's thread
    return status


def _read_lines(stdin: TextIO, lines: queue.Queue[str | None]) -> None:
    try:
        for line in stdin:
            lines.put(line.rstrip("\r\n"))
    finally:
        lines.put(None)


def _handle(session: Any, line: str, out: TextIO) -> bool:
    """Carry out one typed line; False means "stop reading input"."""
    text = line.strip()
    if not text:
        return True
    try:
        if text == "/quit":
            return False
        if text == "/leave":
            session.disconnect()
            _say(out, "* you left the chat")
            return False
        if text == "/help":
            for entry in COMMANDS:
                _say(out, "  " + entry)
        elif text == "/typing":
            session.send_typing()
        elif text.startswith("/attach "):
            attachment_id = session.send_attachment(text[len("/attach ") :].strip())
            _say(out, f"* attachment sent ({attachment_id})")
        elif text == "/history":
            for item in session.transcript_all():
                _say(out, _render(item))
        elif text.startswith("/"):
            _say(out, f"* unknown command {text.split()[0]}; /help lists them")
        else:
            session.send_message(line)
    except Exception as error:  # report and carry on: one failed send must not end the chat
        _say(out, f"* failed: {safe_text(error)}")
    return True


def _echo_back(echo: Any) -> None:
    """The emulator's agent: answers each customer message, while the chat lasts."""
    from paws_compat.errors import PawsCompatError

    for item in echo.poll(timeout=0):
        if item.Type == "MESSAGE" and item.ParticipantRole == "CUSTOMER" and not echo.ended:
            # The customer may have left (and the chat ended) since the message: nothing to answer.
            with contextlib.suppress(PawsCompatError):
                echo.send_message(f"echo: {item.Content}")


def _render(item: Any) -> str:
    stamp = _clock(item.AbsoluteTime)
    who = safe_text(item.DisplayName or item.ParticipantRole or "system")
    content_type = safe_text(item.ContentType or "")
    if item.Type == "MESSAGE":
        return f"[{stamp}] {who}: {safe_text(item.Content)}"
    if item.Type == "ATTACHMENT":
        names = ", ".join(safe_text(a.AttachmentName) for a in item.Attachments)
        return f"[{stamp}] {who} sent an attachment: {names}"
    event = content_type.rsplit("event.", 1)[-1]
    phrases = {
        "participant.joined": "joined",
        "participant.left": "left",
        "typing": "is typing...",
        "chat.ended": "ended the chat",
        "message.read": "read a message",
        "message.delivered": "received a message",
    }
    return f"[{stamp}] * {who} {phrases.get(event, event)}"


def _clock(instant: Any) -> str:
    text = str(instant or "")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return "--:--:--"


def _connection_note(event: Any) -> str:
    notes = {
        "connection_lost": "connection lost, reconnecting",
        "connection_regained": "reconnected",
        "connection_broken": "connection broken",
    }
    reason = f" ({safe_text(event.reason)})" if event.reason else ""
    return f"* {notes.get(event.kind, event.kind)}{reason}"


def _say(out: TextIO, text: str) -> None:
    """One line out; what the stream's encoding cannot hold is backslash-escaped, never a crash."""
    print(encodable(text, getattr(out, "encoding", None)), file=out, flush=True)
