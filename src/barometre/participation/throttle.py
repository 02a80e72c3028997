"""A rate limit for sending: at most ``per_minute`` messages in any minute, evenly spaced."""

from __future__ import annotations

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
        self.interval = 60.0 / per_minute
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._next is not None and now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval
