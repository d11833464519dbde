"""Markdown from the assistant, users and documents, rendered to HTML that can carry no script."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render(text: str) -> Markup:
    """Raw HTML in the text is escaped by the parser; nh3 then keeps only harmless tags and safe links."""
    html = _md.render(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)
