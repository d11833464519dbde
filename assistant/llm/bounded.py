"""Every model call, whatever the adapter: a timeout per attempt, a few retries, then ModelFault."""

import concurrent.futures
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from assistant.llm.port import ModelFault

R = TypeVar("R")


def bounded(
    pool: concurrent.futures.Executor,
    call: Callable[[int, threading.Event], R],
    *,
    timeout: float,
    retries: int,
    backoff: bool = True,
) -> R:
    """Run `call(attempt, cancel)` in `pool`, retrying a bounded number of times; ModelFault at the end.

    A timed-out attempt has `cancel` set: a call that can stop itself (a local generation) checks it;
    a remote one is simply abandoned. Any failure (provider error, rate limit, unusable output) is retried
    alike, after a short exponential pause when `backoff` is set.
    """
    last: Exception | None = None
    for attempt in range(retries + 1):
        if attempt and backoff:
            time.sleep(min(0.25 * 2**attempt, 4.0))
        cancel = threading.Event()
        future = pool.submit(call, attempt, cancel)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            cancel.set()
            future.cancel()
            last = TimeoutError(f"no answer within {timeout:g} s")
        except Exception as error:
            last = error
    raise ModelFault(f"{type(last).__name__}: {last}")
