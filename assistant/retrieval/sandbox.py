"""Read an untrusted file in a reader process with memory and CPU limits and a deadline.

pypdf, python-docx and lxml have no limits of their own: one crafted file can take minutes or
gigabytes. Here it can only take its reader down, and that becomes a one-line reason for that file.

A reader is long-lived: started once (a child of a forkserver that has already imported the parsers,
never of the web server itself, whose threads a fork would copy half-way), it is fed file after file
over a pipe. Starting a process per file cost more than reading a short note: every child first
re-imports the parent's main module. A reader is replaced when it dies, runs out of time, fails a file
(so a file that went wrong leaves nothing behind for the next one), has read `FILES_PER_READER` files, or
has once used more than half its memory (a heap that a large file grew would leave the next file short).
"""

import math
import multiprocessing
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from assistant.config import Settings
from assistant.retrieval.chunking import Passage, passages
from assistant.retrieval.parsers import Caps, UnreadableFile, parser_for

HEARTBEAT_SECONDS = 1.0
FILES_PER_READER = 200  # a long-lived parser's heap only grows; a fresh reader costs a fraction of a second
RETIRE_SHARE = 0.5  # a reader whose peak memory passed this share of its limit reads no more files
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["assistant.retrieval.sandbox"])


@dataclass(frozen=True)
class ReadLimits:
    caps: Caps
    passages: int
    chunk_chars: int
    seconds: float
    memory_mb: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "ReadLimits":
        caps = Caps(
            pages=settings.max_pages,
            paragraphs=settings.max_paragraphs,
            unpacked_bytes=int(settings.max_unpacked_mb * 1048576),
        )
        return cls(caps, settings.max_passages, settings.chunk_chars, settings.parse_seconds, settings.parse_memory_mb)


def read_passages(filename: str, data: bytes, limits: ReadLimits) -> list[Passage]:
    """Parse and split in this process: what the reader runs."""
    _, parse = parser_for(filename)
    found = passages(parse(data, limits.caps), size=limits.chunk_chars)
    if len(found) > limits.passages:
        raise UnreadableFile(f"yields {len(found):,} passages, over the {limits.passages:,} limit: split it")
    return found


def _out_of_memory(limits: ReadLimits) -> tuple[str, str]:
    return ("error", f"needs more than {limits.memory_mb} MB of memory to read")


def _outcome(filename: str, data: bytes, limits: ReadLimits) -> tuple[str, Any]:
    try:
        return ("ok", read_passages(filename, data, limits))
    except UnreadableFile as error:
        return ("error", str(error))
    except MemoryError:
        return _out_of_memory(limits)
    except RecursionError:
        return ("error", "nests its content too deeply to read")
    except Exception as error:  # a parser bug on odd input is still this file's problem, not the server's
        return ("error", f"could not be read ({type(error).__name__}: {error})"[:300])


def _serve(connection: Connection, memory_mb: int) -> None:
    """The reader: one memory limit for its life, a fresh CPU budget for each file, until the pipe closes."""
    memory = memory_mb * 1048576
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        try:
            filename, data, limits = connection.recv()
        except EOFError:
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        budget = math.ceil(used.ru_utime + used.ru_stime) + int(limits.seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (budget, resource.RLIM_INFINITY))
        status, value = _outcome(filename, data, limits)
        del data
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
        retire = peak > memory * RETIRE_SHARE
        try:
            connection.send((status, value, retire))
        except MemoryError:
            connection.send((*_out_of_memory(limits), True))
        if retire:
            return


def _death(exitcode: int | None, limits: ReadLimits) -> str:
    if exitcode == -signal.SIGXCPU:
        return f"took more than {limits.seconds:g} s of processing to read"
    if exitcode == -signal.SIGKILL:
        return "stopped the reader (out of memory?)"
    return f"stopped the reader (exit code {exitcode})"


class Reader:
    """One reader process and its pipe, used by one thread at a time."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.files = 0
        self.retired = False
        self._connection, theirs = _context.Pipe()
        self._process = _context.Process(target=_serve, args=(theirs, memory_mb), daemon=True)
        self._process.start()
        theirs.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def usable(self) -> bool:
        return not self.retired and self._process.is_alive() and self.files < FILES_PER_READER

    def read(self, filename: str, data: bytes, limits: ReadLimits, heartbeat: Callable[[], None] | None) -> Any:
        """(status, value) for the file; the reader is stopped if it failed the file, died reading it or retired."""
        self.files += 1
        self._connection.send((filename, data, limits))
        deadline = time.monotonic() + limits.seconds
        try:
            while not self._connection.poll(HEARTBEAT_SECONDS):
                if time.monotonic() > deadline:
                    raise UnreadableFile(f"took longer than {limits.seconds:g} s to read")
                if heartbeat:
                    heartbeat()
            try:
                result = self._connection.recv()
            except EOFError:
                self._process.join(5)
                raise UnreadableFile(_death(self._process.exitcode, limits)) from None
        except BaseException:
            self.stop()
            raise
        status, value, self.retired = result
        if status != "ok" or self.retired:
            self.stop()
        return status, value

    def stop(self) -> None:
        self._connection.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


class Readers:
    """Idle readers, shared by the threads that read files: each takes one, or starts one, and gives it back."""

    def __init__(self) -> None:
        self._idle: list[Reader] = []
        self._lock = threading.Lock()

    def idle_pids(self) -> list[int | None]:
        with self._lock:
            return [reader.pid for reader in self._idle]

    def close(self) -> None:
        """Stop the idle readers (those at work stop when their thread gives them back)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for reader in idle:
            reader.stop()

    def read(
        self, filename: str, data: bytes, limits: ReadLimits, *, heartbeat: Callable[[], None] | None = None
    ) -> list[Passage]:
        reader = self._take(limits.memory_mb)
        try:
            status, value = reader.read(filename, data, limits, heartbeat)
        except ConnectionError:  # it died while idle, before this file reached it: the file is not to blame
            reader.stop()
            reader = Reader(limits.memory_mb)
            status, value = reader.read(filename, data, limits, heartbeat)
        if reader.usable:
            with self._lock:
                self._idle.append(reader)
        else:
            reader.stop()
        if status != "ok":
            raise UnreadableFile(value)
        found: list[Passage] = value
        return found

    def _take(self, memory_mb: int) -> Reader:
        """An idle reader with this memory limit, else a new one; idle readers that died, or that have another
        limit (the settings changed), are stopped."""
        with self._lock:
            idle, self._idle = self._idle, []
        fit = [reader for reader in idle if reader.memory_mb == memory_mb and reader.usable]
        for reader in idle:
            if reader not in fit:
                reader.stop()
        with self._lock:
            self._idle.extend(fit[1:])
        return fit[0] if fit else Reader(memory_mb)


READERS = Readers()


def read_isolated(
    filename: str, data: bytes, limits: ReadLimits, *, heartbeat: Callable[[], None] | None = None
) -> list[Passage]:
    """The file's passages, read in a reader process; `UnreadableFile` for any reason it could not be."""
    return READERS.read(filename, data, limits, heartbeat=heartbeat)
