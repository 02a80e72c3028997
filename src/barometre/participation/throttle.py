"""A rate limit for sending: at most ``per_minute`` messages in any minute, evenly spaced."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable


class Throttle:
    """Call :meth:`wait` before each message; it sleeps just enough to keep the rate."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute < 1:
            raise ValueError("Le débit d'envoi doit être d'au moins un message par minute.")
        self.per_minute = per_minute
        self.interval = 60.0 / per_minute
        self._clock = clock
        self.sleep = sleep
        self._next: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._next is not None and now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def window_delay(
    counted: int, nth_latest: dt.datetime | None, per_minute: int, now: dt.datetime
) -> float:
    """Seconds to wait so that no minute holds more than ``per_minute`` messages, all senders
    together: ``counted`` messages went out in the last minute, the ``per_minute``-th latest at
    ``nth_latest``.
    """
    if counted < per_minute or nth_latest is None:
        return 0.0
    return max(0.0, (nth_latest + dt.timedelta(minutes=1) - now).total_seconds())
