"""A Server-Sent Events reader for tests: a thread reads the stream, a test takes events as they come."""

import contextlib
import json
import queue
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    data: dict[str, Any]
    received: float  # time.monotonic() when it arrived


class Listener:
    """Opens `url` with `headers` over a plain socket (HTTP/1.0, so the body is not chunked) and keeps every
    event it receives; `close()` drops the connection the way a closed browser tab does."""

    def __init__(self, base: str, url: str, headers: dict[str, str]):
        self.events: queue.Queue[Event] = queue.Queue()
        host, port = base.removeprefix("http://").split(":")
        self._socket = socket.create_connection((host, int(port)), timeout=10)
        lines = [f"GET {url} HTTP/1.0", f"Host: {host}", "Accept: text/event-stream"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self._socket.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self._socket.settimeout(None)
        self._file = self._socket.makefile("rb")
        self.status = int(self._file.readline().split()[1])
        while self._file.readline().strip():  # the response headers
            pass
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            for raw in self._file:
                line = raw.decode().rstrip("\r\n")
                if line == "":
                    if "data" in fields:
                        data = json.loads(fields["data"])
                        event = Event(int(fields.get("id", 0)), fields.get("event", "message"), data, time.monotonic())
                        self.events.put(event)
                    fields = {}
                elif not line.startswith(":") and ": " in line:
                    name, value = line.split(": ", 1)
                    fields[name] = value
        except (OSError, ValueError):
            pass  # closed by the test

    def next(self, kind: str | None = None, *, timeout: float = 5) -> Event:
        """The next event (of `kind`, skipping others) within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no {kind or 'event'} within {timeout} s"
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                raise AssertionError(f"no {kind or 'event'} within {timeout} s") from None
            if kind is None or event.kind == kind:
                return event

    def drain(self, *, quiet: float = 0.5) -> list[Event]:
        """Every event until none came for `quiet` seconds."""
        found = []
        while True:
            try:
                found.append(self.events.get(timeout=quiet))
            except queue.Empty:
                return found

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        self._thread.join(5)
