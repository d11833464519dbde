"""Rendered exports kept on disk, so each (session, version, format, edition) is rendered once.

A saved version never changes, so its rendering can be reused; the app's version, the session's language and
brand name, and the edition (client or working) are in the key, so a new release or a renamed brand renders
afresh. A deck of a large document takes many seconds of CPU; asking for it again costs a file read.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from assistant import __version__


class ExportCache:
    def __init__(self, root: Path):
        self.root = root

    def path(self, *, session_id: str, version: int, fmt: str, language: str, brand: str, edition: str) -> Path:
        key = json.dumps([__version__, language, brand, fmt, edition])
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.root / hashlib.sha256(session_id.encode()).hexdigest()[:32] / f"v{int(version)}-{digest}"

    def get_or_render(self, path: Path, render: Callable[[], bytes]) -> bytes:
        """The bytes kept at `path`, or `render()`'s, kept there first (written whole, then renamed into place)."""
        if path.exists():
            return path.read_bytes()
        data = render()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as partial:
            partial.write(data)
        os.replace(partial.name, path)
        return data
