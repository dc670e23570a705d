"""Gap fills (part of ChatProtocol): GetTranscript FORWARD from a known item or BACKWARD from the
newest (the service refuses FORWARD without a StartPosition), its retries, the history read, and
the last read before a chat that ended while we were away ends the session."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._state import ProtocolState, _Fill
from ._values import Failure, FetchTranscript


class FillRules(ProtocolState):
    """The gap-fill part of ChatProtocol."""

    def transcript_received(
        self, now: float, request_id: int, items: Iterable[Mapping[str, Any]], next_token: str | None
    ) -> None:
        self._observe(now)
        fill = self._fill
        if fill is None or fill.request_id != request_id:
            return
        fill.request_id = None
        fill.pages += 1
        fill.attempts = 0
        self.stats["fill_pages"] += 1
        page = [
            dict(item)
            for item in items
            if isinstance(item, Mapping) and isinstance(item.get("Id"), str) and item["Id"]
        ]
        if fill.history:
            for item in page:
                self.delivery.note_history(item)
        elif fill.start_id is None:
            fill.held.append(page)
        else:
            self.delivery.accept_page(now, page)
        if next_token and next_token != fill.next_token and fill.pages < self.config.fill_max_pages:
            fill.next_token = next_token
            self._fetch(fill)
        else:
            self._fill_done(now)
        self._after_change(now)

    def transcript_failed(self, now: float, request_id: int, failure: Failure, reason: str = "") -> None:
        self._observe(now)
        fill = self._fill
        if fill is None or fill.request_id != request_id:
            return
        fill.request_id = None
        fill.attempts += 1
        if fill.final or (fill.attempts > 6 and not fill.history):
            # (The history read is never given up: without it, later fills could not tell the
            # history from the gap. It does not hold live items back while it retries.)
            self._fill_done(now)
        elif failure is Failure.FATAL and fill.start_id is not None:
            # The anchor is unknown to the service: read the whole transcript instead (dedup copes).
            fill.start_id = None
            fill.next_token = None
            fill.retry_at = now
        elif failure is Failure.DENIED:
            # The ConnectionToken may have lapsed: a fresh one (or a 403 meaning "ended") comes next.
            if self._connection_request is None and self._connection_retry_at is None:
                self._request_connection(now)
        else:
            fill.retry_at = now + self._backoff(fill.attempts)
        self._after_change(now)

    def _chat_ended_remotely(self, now: float, reason: str) -> None:
        """403 after a drop: fetch what we missed with the token we have, then end."""
        self.end_reason = reason
        if self.connection_token is None or (self._fill is not None and self._fill.final):
            self._end_with_synthetic(now, reason)
            return
        self._fill = _Fill(request_id=None, start_id=self.delivery.fill_start(), started_at=now, final=True)
        self._fetch(self._fill)

    def _start_fill(self, now: float, *, history: bool = False) -> None:
        """Read the transcript forward from the best anchor, or all of it backward from the newest
        item when there is none (FetchTranscript). `history`: the first connection
        without deliver_history reads the whole transcript once, only to note what was there (and
        the anchors for later fills); live items are not held back for it."""
        if self._fill is not None:
            self._fill_again = True
            return
        if history:
            self._fill = _Fill(request_id=None, start_id=None, started_at=now, history=True)
        else:
            self.stats["fills"] += 1
            self._fill = _Fill(request_id=None, start_id=self.delivery.fill_start(), started_at=now)
        self._fetch(self._fill)

    def _fetch(self, fill: _Fill) -> None:
        if self.connection_token is None:
            return
        fill.request_id = self._new_id()
        self._actions.append(
            FetchTranscript(fill.request_id, fill.start_id, fill.next_token, self.config.fill_page_size)
        )

    def _fill_done(self, now: float) -> None:
        if self._fill is not None:
            for page in reversed(self._fill.held):
                self.delivery.accept_page(now, page)
            self._fill.held.clear()
        final = self._fill is not None and self._fill.final
        self._fill = None
        if final:
            self._end_with_synthetic(now, self.end_reason)
            return
        if self.delivery.chat_ended_waiting():
            self._release(now, force=True)
            return
        if self._fill_again and not self.state.terminal:
            self._fill_again = False
            self._start_fill(now)
