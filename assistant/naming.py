"""Names people type turned into identifiers that are safe in URLs, file names and collection names."""

import re

from assistant.retrieval.text import fold


def slugify(name: str, *, limit: int = 60) -> str:
    """`Cantina Aurora S.r.l.` -> `cantina-aurora-s-r-l`; raises ValueError when nothing usable is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:limit].strip("-")
    if not slug:
        raise ValueError(f"{name!r} has no letters or digits to make a name from")
    return slug
