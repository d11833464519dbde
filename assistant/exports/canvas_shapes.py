"""What the strategy canvas is made of: boxes and text labels in millimetres, and cells whose text is fitted.

`assistant.exports.canvas` places these on the page; the SVG, the PDF and the deck's slide draw them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.exports.context import Labels
from assistant.exports.text import PT_TO_MM, Entry, Fitted, Para, fit

INK = "#1d2433"
MUTED = "#5d6677"
ACCENT = "#1f5f8b"
LINE = "#c5cedb"
SOFT = "#eef3f8"
PAPER = "#ffffff"
PROMPT = "#8a93a3"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str = PAPER
    stroke: str = LINE
    radius: float = 1.6
    stroke_width: float = 0.3


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float  # points
    bold: bool = False
    color: str = INK
    anchor: str = "start"  # start | middle | end


@dataclass(frozen=True)
class Cell:
    key: str
    title: str
    x: float
    y: float
    w: float
    h: float
    content_x: float
    content_y: float
    fitted: Fitted
    prompt: bool = False


@dataclass
class Canvas:
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    """Type sizes (points) and spacing (mm); `scale` shrinks everything for a smaller page."""

    scale: float = 1.0

    def pt(self, value: float) -> float:
        return round(value * self.scale, 2)

    def mm(self, value: float) -> float:
        return value * self.scale


@dataclass(frozen=True)
class Pen:
    """What every region of the canvas is drawn with: the canvas, its style, the words around the team's text and
    the markers for text that does not fit ("(+N more)", "…continued in the report")."""

    canvas: Canvas
    style: Style
    labels: Labels
    more: Callable[[int], str]
    continued: str


def baseline(top: float, size: float) -> float:
    return top + size * PT_TO_MM * 1.02


def draw_lines(
    canvas: Canvas,
    fitted: Fitted,
    x: float,
    top: float,
    *,
    color: str | None = None,
    bold: bool | None = None,
    anchor: str = "start",
) -> None:
    """Each fitted line as a label from `x` (plus its column's offset), set on its baseline below `top`; in the
    line's own weight and ink (muted or not) unless `bold` or `color` say otherwise."""
    for line in fitted.lines:
        canvas.labels.append(
            Label(
                x + fitted.column_x(line.column),
                baseline(top + line.top, line.size),
                line.text,
                line.size,
                line.bold if bold is None else bold,
                color or (MUTED if line.muted else INK),
                anchor,
            )
        )


def text_cell(
    pen: Pen,
    key: str,
    title: str,
    rect: tuple[float, float, float, float],
    entries: list[Entry],
    prompt: str,
    *,
    max_size: float = 9.5,
    min_size: float = 5.5,
    columns: int = 1,
    fill: str = PAPER,
) -> None:
    """A titled box with its entries fitted inside; the question it waits for (`prompt`) when it has none."""
    canvas, style = pen.canvas, pen.style
    x, y, w, h = rect
    pad = style.mm(3.0)
    title_size = style.pt(7.5)
    canvas.boxes.append(Box(x, y, w, h, fill=fill, radius=style.mm(1.6)))
    if title:
        canvas.labels.append(
            Label(x + pad, baseline(y + pad * 0.8, title_size), title.upper(), title_size, True, ACCENT)
        )
        top = y + pad * 0.8 + title_size * PT_TO_MM * 1.7
    else:
        top = y + pad * 0.7
    inner_w, inner_h = w - 2 * pad, y + h - pad * 0.7 - top
    is_prompt = not entries
    if is_prompt:
        entries = [[Para(prompt, muted=True)]]
    fitted = fit(
        entries,
        inner_w,
        inner_h,
        max_size=style.pt(max_size if not is_prompt else 8.5),
        min_size=style.pt(min_size),
        more=pen.more,
        continued=pen.continued,
        columns=columns,
        gutter=style.mm(5),
    )
    draw_lines(canvas, fitted, x + pad, top, color=PROMPT if is_prompt else None)
    canvas.cells.append(Cell(key, title, x, y, w, h, x + pad, top, fitted, is_prompt))
