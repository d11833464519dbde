"""Per-link token buckets for the expensive routes (exports, uploads): 429 with `Retry-After` beyond the rate.

The buckets live in this process's memory: with several app processes a link gets the rate once per process.
That is enough for what they are for, keeping one link from occupying the server's CPU, and needs no shared
store; a team server behind a proxy can rate-limit there as well.
"""

import math
import threading
import time
from collections.abc import Callable
from typing import Any, Literal

from fastapi import Depends, HTTPException, Request

from web.deps import VisitorDep

Kind = Literal["exports", "uploads"]


class TokenBucket:
    """`per_minute` tokens, refilled evenly over a minute; a full bucket allows a burst of `per_minute`."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self.clock = clock
        self._levels: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take a token for `key`: 0 when granted, else the seconds until one is available."""
        with self._lock:
            now = self.clock()
            tokens, at = self._levels.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.refill)
            if tokens >= 1:
                self._levels[key] = (tokens - 1, now)
                return 0.0
            self._levels[key] = (tokens, now)
            return (1 - tokens) / self.refill


def buckets(per_minute: dict[Kind, int]) -> dict[Kind, TokenBucket]:
    return {kind: TokenBucket(rate) for kind, rate in per_minute.items()}


def limited(kind: Kind) -> Any:
    """A route dependency: one token of `kind` per request, counted per set of links the visitor holds."""

    def take(request: Request, visitor: VisitorDep) -> None:
        key = ",".join(sorted(link.id for link in visitor.links))
        if not key:
            return  # opens nothing: the route itself answers 403 or 404
        wait = request.app.state.rate_limits[kind].take(key)
        if wait:
            seconds = math.ceil(wait)
            raise HTTPException(
                429,
                f"too many {kind} from this link: try again in {seconds} s",
                headers={"Retry-After": str(seconds)},
            )

    return Depends(take)
