"""boto3's "standard" retry mode: which failures are worth resending, and how long to wait.

paws waits and logs but never resends (wire.md); this resends. Pure decisions plus a clock and a
random source that can be swapped, so the policy is tested without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ._errors import ConnectionError, ConnectTimeoutError, ReadTimeoutError, ServiceError, TransportError

THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
TRANSIENT_CODES = frozenset({"RequestTimeout", "RequestTimeoutException", "InternalServerException"})
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})

THROTTLING_BASE = 1.0
TRANSIENT_BASE = 0.05
MAX_BACKOFF = 20.0

# The retry quota: a client that keeps failing stops retrying instead of multiplying the load.
QUOTA_CAPACITY = 500
RETRY_COST = 5
TIMEOUT_RETRY_COST = 10
SUCCESS_REFUND = 1


def classify(error: BaseException) -> str | None:
    """ "throttling", "transient", or None for an error not worth resending."""
    if isinstance(error, ServiceError):
        if error.code in THROTTLING_CODES or error.status_code == 429:
            return "throttling"
        if error.code in TRANSIENT_CODES or error.status_code in TRANSIENT_STATUSES:
            return "transient"
        return None
    if isinstance(error, ConnectionError | ConnectTimeoutError | ReadTimeoutError | TransportError):
        return "transient"
    return None


def retry_after(headers: object) -> float | None:
    """x-amz-retry-after (milliseconds) in seconds, when the server gave a sane one."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    value = get("x-amz-retry-after")
    if value is None:
        return None
    try:
        millis = int(str(value).strip())
    except ValueError:
        return None
    if millis < 0:
        return None
    return min(millis / 1000.0, MAX_BACKOFF)


def _uniform() -> float:
    import random  # only when a retry waits: a process that never retries never loads it

    return random.random()


class StandardRetry:
    """At most `max_attempts` attempts per call; jittered exponential backoff; a shared quota.

    `rand` and `sleep` are the policy's only links to the outside world.
    """

    def __init__(
        self,
        max_attempts: int = 3,
        *,
        rand: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_attempts = max(1, max_attempts)
        self.rand = rand if rand is not None else _uniform
        self.sleep = sleep
        self._quota = QUOTA_CAPACITY
        self._lock = threading.Lock()

    def delay(self, attempt: int, error: BaseException, headers: object = None) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up and raise `error`."""
        if attempt >= self.max_attempts:
            return None
        kind = classify(error)
        if kind is None:
            return None
        cost = TIMEOUT_RETRY_COST if isinstance(error, ReadTimeoutError | ConnectTimeoutError) else RETRY_COST
        with self._lock:
            if self._quota < cost:
                return None
            self._quota -= cost
        hinted = retry_after(headers)
        if hinted is not None:
            return hinted
        base = THROTTLING_BASE if kind == "throttling" else TRANSIENT_BASE
        return self.rand() * min(base * 2.0 ** (attempt - 1), MAX_BACKOFF)

    def succeeded(self) -> None:
        """A call went through: give a little quota back."""
        if self._quota < QUOTA_CAPACITY:
            with self._lock:
                self._quota = min(QUOTA_CAPACITY, self._quota + SUCCESS_REFUND)

    @property
    def quota(self) -> int:
        return self._quota

    def __repr__(self) -> str:
        return f"<StandardRetry max_attempts={self.max_attempts} quota={self._quota}>"
