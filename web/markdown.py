"""Markdown from the assistant, users and documents, rendered to HTML that can carry no script and no link.

A reply quotes documents and people; a link or an image inside it would be the document's author speaking
with the assistant's voice (a "re-enter your access link here" pointing elsewhere). So the parser knows no
link, image, autolink or link reference at all: such syntax stays visible as the text it is, URL included.
"""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable("table")
    .disable(["link", "image", "autolink", "reference"])
)
TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render(text: str) -> Markup:
    """Raw HTML in the text is escaped by the parser; nh3 then keeps only harmless tags, without attributes."""
    return Markup(nh3.clean(_md.render(text), tags=TAGS, attributes={}))
