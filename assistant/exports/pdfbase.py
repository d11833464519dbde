"""fpdf2 set up with the embedded Unicode font, and text made drawable with it."""

from typing import Any

from fpdf import FPDF

from assistant.exports import fonts
from assistant.exports.text import clean


class Pdf(FPDF):
    """An FPDF whose `t()` makes any text drawable and remembers whether characters had to be replaced."""

    def __init__(self, **kwargs: Any):
        super().__init__(unit="mm", **kwargs)
        self.add_font(fonts.FAMILY, "", str(fonts.regular_path()))
        self.add_font(fonts.FAMILY, "B", str(fonts.bold_path()))
        self.set_font(fonts.FAMILY, "", 10)
        self.replaced = False
        self.set_creator("brandplan")

    def t(self, text: str) -> str:
        drawable, replaced = fonts.drawable(clean(text))
        self.replaced = self.replaced or replaced
        return drawable

    def bytes(self) -> bytes:
        return bytes(self.output())


def hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)
