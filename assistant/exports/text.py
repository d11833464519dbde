"""Text helpers shared by the renderers: cleaning, Markdown escaping, measuring, wrapping and fitting in a box.

Measuring uses the metrics of the font the PDFs embed (Noto Sans, shipped by the `fontpkg-noto-sans` package),
so what fits in a PDF box fits there exactly, and in an SVG or slide (drawn with the viewer's sans-serif) closely.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.exports import fonts

# Characters XML 1.0 forbids (and lone surrogates, which no encoder accepts).
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!$])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))", re.MULTILINE)
PT_TO_MM = 25.4 / 72


def clean(text: str) -> str:
    """Text safe for every format: NFC, `\\n` line ends, no control characters XML cannot carry."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    """All whitespace, newlines included, collapsed to single spaces."""
    return " ".join(text.split())


def md(text: str, *, inline: bool = True) -> str:
    """The team's text as literal Markdown: every character that Markdown (or HTML in it) would act on is escaped."""
    text = one_line(text) if inline else "\n".join(line.strip() for line in text.strip().splitlines())
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, bullet, number, delimiter = match.groups()
    return indent + ("\\" + bullet if bullet else number + "\\" + delimiter)


# --- Measuring and wrapping ----------------------------------------------------------------------------------


def width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in millimetres of `text` set in Noto Sans at `size` points."""
    return fonts.advance(text, bold=bold) * size * PT_TO_MM


def _break_word(word: str, limit: float, size: float, bold: bool, hyphen: bool) -> list[str]:
    """A word wider than the line, cut into pieces that fit (long URLs, text without spaces); with `hyphen`, each
    piece but the last ends in a hyphen, so a reader sees the word goes on."""
    pieces: list[str] = []
    start, used = 0, 0.0
    room = limit - (width("-", size, bold=bold) if hyphen else 0.0)
    for index, char in enumerate(word):
        char_width = width(char, size, bold=bold)
        if index > start and used + char_width > room:
            pieces.append(word[start:index] + ("-" if hyphen else ""))
            start, used = index, 0.0
        used += char_width
    pieces.append(word[start:])
    return pieces


def wrap(text: str, limit: float, size: float, *, bold: bool = False, hyphen: bool = False) -> list[str]:
    """Greedy word wrap to `limit` mm, at spaces; a word wider than the line alone is cut (hyphenated with
    `hyphen`); explicit line breaks kept; nothing dropped. Linear in the text's length."""
    lines: list[str] = []
    space = width(" ", size, bold=bold)
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split():
            word_width = width(word, size, bold=bold)
            if current and used + space + word_width <= limit:
                current.append(word)
                used += space + word_width
                continue
            if current:
                lines.append(" ".join(current))
            if word_width <= limit:
                current, used = [word], word_width
            else:
                *full, last = _break_word(word, limit, size, bold, hyphen)
                lines.extend(full)
                current, used = [last], width(last, size, bold=bold)
        if current:
            lines.append(" ".join(current))
    return lines


def longest_word(text: str, size: float, *, bold: bool = False) -> float:
    """Width in mm of the widest word of `text` (0 for no text): the narrowest a column can be without cutting."""
    return max((width(word, size, bold=bold) for word in text.split()), default=0.0)


def widest_line(text: str, size: float, *, bold: bool = False) -> float:
    """Width in mm of `text`'s longest line, unwrapped: as wide as a column would ever need to be."""
    return max((width(line, size, bold=bold) for line in text.split("\n")), default=0.0)


def table_widths(rows: list[list[str]], size: float, total: float, padding: float) -> list[float]:
    """Widths in mm, summing to `total`, of a table's columns (the first row its bold headers) set at `size`
    points with `padding` mm around each cell's text: see `column_widths`."""
    columns = []
    for index in range(len(rows[0])):
        texts = [(row[index], number == 0) for number, row in enumerate(rows)]
        low = max(longest_word(text, size, bold=bold) for text, bold in texts)
        natural = max(widest_line(text, size, bold=bold) for text, bold in texts)
        columns.append((low + padding, natural + padding))
    return column_widths(columns, total)


def column_widths(columns: list[tuple[float, float]], total: float) -> list[float]:
    """Widths summing to `total` for columns given as (narrowest, natural) widths: every column gets its
    narrowest (its longest word fits, so words wrap only at spaces), the room left goes to the columns that want
    more, in proportion to how much more. Only when even the narrowest widths do not fit do the widest columns
    share what the narrow ones leave equally (and then a word in them may have to be hyphenated)."""
    least = [max(low, 0.1) for low, _ in columns]
    wants = [max(natural - low, 0.0) for (_, natural), low in zip(columns, least, strict=True)]
    if sum(least) >= total:
        shares, left = list(least), total
        for count, index in enumerate(sorted(range(len(least)), key=least.__getitem__)):
            shares[index] = min(least[index], left / (len(least) - count))
            left -= shares[index]
        return shares
    room = total - sum(least)
    if sum(wants) <= room:  # everything fits on one line: share the slack by natural width
        natural = [low + want for low, want in zip(least, wants, strict=True)]
        return [w * total / sum(natural) for w in natural]
    return [low + room * want / sum(wants) for low, want in zip(least, wants, strict=True)]


# --- Fitting a list of entries in a box ----------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One paragraph of a box's content."""

    text: str
    bold: bool = False
    muted: bool = False
    scale: float = 1.0  # relative to the box's font size
    bullet: bool = False  # one item of a list: a slide draws it as a bulleted paragraph


Entry = Sequence[Para]  # an item shown whole or hidden whole (a KPI's name and its details)


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    bold: bool = False
    muted: bool = False
    marker: bool = False  # a "(+N more)" or "…continued" line
    bullet: bool = False
    entry: int = -1
    para: int = -1
    top: float = 0.0  # mm from the top of the box
    column: int = 0


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[Line]
    hidden: int  # entries left out, counted in a marker
    cut: bool  # an entry shown only in part, with a marker
    column_width: float
    gutter: float

    def column_x(self, column: int) -> float:
        return column * (self.column_width + self.gutter)


LEADING = 1.3
ENTRY_GAP = 0.35  # in lines, between entries
Spacing = tuple[float, float]  # (leading, gap between entries), in lines


BULLET_INDENT = 1.2  # in ems: the room a bulleted paragraph leaves for its bullet


def _lines_of(entry: Entry, index: int, limit: float, size: float) -> list[Line]:
    out = []
    for p_index, para in enumerate(entry):
        para_size = size * para.scale
        room = limit - (BULLET_INDENT * para_size * PT_TO_MM if para.bullet else 0.0)
        for text in wrap(para.text, room, para_size, bold=para.bold):
            out.append(Line(text, para_size, para.bold, para.muted, bullet=para.bullet, entry=index, para=p_index))
    return out


def _height(blocks: list[list[Line]], spacing: Spacing) -> float:
    total = 0.0
    for index, block in enumerate(b for b in blocks if b):
        if index:
            total += spacing[1] * block[0].size * PT_TO_MM * spacing[0]
        total += sum(line.size * PT_TO_MM * spacing[0] for line in block)
    return total


def _place(columns: list[list[list[Line]]], spacing: Spacing) -> list[Line]:
    placed: list[Line] = []
    for number, blocks in enumerate(columns):
        top = 0.0
        for index, block in enumerate(b for b in blocks if b):
            if index:
                top += spacing[1] * block[0].size * PT_TO_MM * spacing[0]
            for line in block:
                placed.append(
                    Line(
                        line.text,
                        line.size,
                        line.bold,
                        line.muted,
                        line.marker,
                        line.bullet,
                        line.entry,
                        line.para,
                        round(top, 3),
                        number,
                    )
                )
                top += line.size * PT_TO_MM * spacing[0]
    return placed


def _flow(
    blocks: list[list[Line]], columns: int, height: float, spacing: Spacing
) -> tuple[list[list[list[Line]]], int]:
    """Blocks poured into columns in order; returns the columns and the index of the first block left over."""
    filled: list[list[list[Line]]] = [[]]
    for index, block in enumerate(blocks):
        if _height([*filled[-1], block], spacing) <= height + 0.01:
            filled[-1].append(block)
            continue
        if len(filled) == columns or not filled[-1]:
            return filled, index
        filled.append([block])
        if _height(filled[-1], spacing) > height + 0.01:
            return [*filled[:-1], []], index
    return filled, len(blocks)


def fit(
    entries: Sequence[Entry],
    box_width: float,
    box_height: float,
    *,
    max_size: float,
    min_size: float,
    more: Callable[[int], str],
    continued: str,
    columns: int = 1,
    gutter: float = 4.0,
    step: float = 0.5,
    leading: float = LEADING,
    entry_gap: float = ENTRY_GAP,
) -> Fitted:
    """Lay `entries` out in a box (in `columns` columns): the largest font size at which all fit; at `min_size`, as
    many as fit and then a visible marker (`more(n)` for entries left out, `continued` for an entry cut short).
    Nothing is dropped silently."""
    column_width = (box_width - gutter * (columns - 1)) / columns
    spacing = (leading, entry_gap)
    size = max_size
    while True:
        blocks = [_lines_of(entry, index, column_width, size) for index, entry in enumerate(entries)]
        filled, left = _flow(blocks, columns, box_height, spacing)
        if left == len(blocks):
            return Fitted(size, _place(filled, spacing), 0, False, column_width, gutter)
        if size - step < min_size - 1e-9:
            break
        size = round(size - step, 2)
    return _elide(blocks, filled, left, column_width, gutter, box_height, size, more, continued, spacing)


def _elide(
    blocks: list[list[Line]],
    filled: list[list[list[Line]]],
    left: int,
    column_width: float,
    gutter: float,
    box_height: float,
    size: float,
    more: Callable[[int], str],
    continued: str,
    spacing: Spacing,
) -> Fitted:
    def marker(text: str) -> list[Line]:
        return [Line(t, size, muted=True, marker=True) for t in wrap(text, column_width, size)]

    last = filled[-1]

    def cut(block: list[Line], rest: int) -> Fitted:
        """Show the start of `block`, then say it continues (and how many entries follow it)."""
        tail = continued + (" " + more(rest) if rest else "")
        partial: list[Line] = []
        for line in block:
            if _height([*last, [*partial, line], marker(tail)], spacing) > box_height + 0.01:
                break
            partial.append(line)
        last.extend([partial, marker(tail)])
        return Fitted(size, _place(filled, spacing), rest, True, column_width, gutter)

    if not last:  # the next entry alone is taller than a column
        return cut(blocks[left], len(blocks) - left - 1)
    hidden = len(blocks) - left
    while _height([*last, marker(more(hidden))], spacing) > box_height + 0.01:
        if len(last) == 1:  # rather than an empty column, the start of its one entry
            return cut(last.pop(), hidden)
        last.pop()
        hidden += 1
    last.append(marker(more(hidden)))
    return Fitted(size, _place(filled, spacing), hidden, False, column_width, gutter)
