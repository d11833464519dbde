"""Read an untrusted file in a child process with memory and CPU limits and a deadline.

pypdf, python-docx and lxml have no limits of their own: one crafted file can take minutes or
gigabytes. Here it can only take its child down, and that becomes a one-line reason for that file.
Children are forked from a forkserver that has already imported the parsers, so each starts in
milliseconds, and never from the web server itself (whose threads a fork would copy half-way).
"""

import multiprocessing
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from assistant.config import Settings
from assistant.retrieval.chunking import Passage, passages
from assistant.retrieval.parsers import Caps, UnreadableFile, parser_for

HEARTBEAT_SECONDS = 1.0
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
    """Parse and split in this process: what the child runs."""
    _, parse = parser_for(filename)
    found = passages(parse(data, limits.caps), size=limits.chunk_chars)
    if len(found) > limits.passages:
        raise UnreadableFile(f"yields {len(found):,} passages, over the {limits.passages:,} limit: split it")
    return found


def _child(connection: Connection, filename: str, data: bytes, limits: ReadLimits) -> None:
    memory = limits.memory_mb * 1048576
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    result: tuple[str, Any]
    try:
        result = ("ok", read_passages(filename, data, limits))
    except UnreadableFile as error:
        result = ("error", str(error))
    except MemoryError:
        result = ("error", f"needs more than {limits.memory_mb} MB of memory to read")
    except RecursionError:
        result = ("error", "nests its content too deeply to read")
    except Exception as error:  # a parser bug on odd input is still this file's problem, not the server's
        result = ("error", f"could not be read ({type(error).__name__}: {error})"[:300])
    try:
        connection.send(result)
    except MemoryError:
        connection.send(("error", f"needs more than {limits.memory_mb} MB of memory to read"))


def _death(exitcode: int | None, limits: ReadLimits) -> str:
    if exitcode == -signal.SIGXCPU:
        return f"took more than {limits.seconds:g} s of processing to read"
    if exitcode == -signal.SIGKILL:
        return "stopped the reader (out of memory?)"
    return f"stopped the reader (exit code {exitcode})"


def read_isolated(
    filename: str, data: bytes, limits: ReadLimits, *, heartbeat: Callable[[], None] | None = None
) -> list[Passage]:
    """The file's passages, read in a child process; `UnreadableFile` for any reason it could not be."""
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_child, args=(sender, filename, data, limits), daemon=True)
    child.start()
    sender.close()
    deadline = time.monotonic() + limits.seconds
    try:
        while not receiver.poll(HEARTBEAT_SECONDS):
            if time.monotonic() > deadline:
                raise UnreadableFile(f"took longer than {limits.seconds:g} s to read")
            if heartbeat:
                heartbeat()
        try:
            status, value = receiver.recv()
        except EOFError:
            child.join(5)
            raise UnreadableFile(_death(child.exitcode, limits)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status != "ok":
        raise UnreadableFile(value)
    found: list[Passage] = value
    return found
