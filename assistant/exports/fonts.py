"""The font the PDFs embed: Noto Sans (Latin, Greek, Cyrillic), from the `fontpkg-noto-sans` package on PyPI.

The package ships one variable font. Its default instance is the regular weight; the bold weight is cut from it once
with fontTools and kept in a cache folder (a few seconds, the first time on a machine). Characters the font lacks
(CJK, for instance) are drawn as U+FFFD and the PDF says so: they degrade visibly, never crash, never vanish.
"""

import hashlib
import os
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_PACKAGE = "fontpkg_noto_sans"
FONT_FILE = "NotoSans[wdth,wght].ttf"
FAMILY = "NotoSans"
REPLACEMENT = "\ufffd"
_lock = threading.Lock()


def regular_path() -> Path:
    return Path(str(resources.files(FONT_PACKAGE).joinpath("files", FONT_FILE)))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brandplan" / "fonts"


def _write_bold(source: Path, target: Path) -> None:
    from fontTools.varLib import instancer

    font = TTFont(source)
    instancer.instantiateVariableFont(font, {"wght": 700, "wdth": 100}, inplace=True, static=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@cache
def bold_path() -> Path:
    """The bold instance, cut once and cached (in the user's cache folder, else the temporary folder)."""
    source = regular_path()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    name = f"NotoSans-Bold-{digest}.ttf"
    with _lock:
        for folder in (_cache_dir(), Path(tempfile.gettempdir()) / "brandplan-fonts"):
            target = folder / name
            if target.exists():
                return target
            try:
                _write_bold(source, target)
                return target
            except OSError:
                continue
    return source  # no writable folder: bold text comes out regular, still readable


@dataclass(frozen=True)
class Metrics:
    cmap: dict[int, str]
    advances: dict[str, int]
    units_per_em: int

    def advance(self, char: str) -> int:
        glyph = self.cmap.get(ord(char)) or self.cmap[ord(REPLACEMENT)]
        return self.advances.get(glyph, self.units_per_em // 2)


@cache
def metrics(bold: bool = False) -> Metrics:
    font = TTFont(bold_path() if bold else regular_path(), lazy=True)
    cmap = dict(font.getBestCmap())
    advances = {glyph: advance for glyph, (advance, _lsb) in font["hmtx"].metrics.items()}
    return Metrics(cmap, advances, int(font["head"].unitsPerEm))


def advance(text: str, *, bold: bool = False) -> float:
    """Width of `text` in em (no kerning, as fpdf2 sets it)."""
    m = metrics(bold)
    return sum(m.advance(char) for char in text) / m.units_per_em


def drawable(text: str) -> tuple[str, bool]:
    """`text` with each character the font cannot draw replaced by U+FFFD (invisible format characters dropped),
    and whether anything was replaced."""
    cmap = metrics().cmap
    out = []
    replaced = False
    for char in text:
        if ord(char) in cmap or char in "\n\t ":
            out.append(char)
        elif unicodedata.category(char) in ("Cf", "Mn", "Me", "Cc"):
            continue
        else:
            out.append(REPLACEMENT)
            replaced = True
    return "".join(out), replaced


def all_drawable(texts: Iterable[str]) -> bool:
    """Whether the font can draw every character of these texts (else the PDF says some show as U+FFFD)."""
    cmap = metrics().cmap
    return all(
        ord(char) in cmap or char in "\n\t " or unicodedata.category(char) in ("Cf", "Mn", "Me", "Cc")
        for text in texts
        for char in text
    )
