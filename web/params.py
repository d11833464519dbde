"""Parameters the database can always store: integers with bounds, and text without NUL characters.

A number past what the database stores, or a NUL (PostgreSQL refuses it in any text column), is a 422 naming
the parameter, never an error deep in a query.
"""

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator

MAX_INT = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's own limit (2**63) is the one that overflowed

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_INT)]
Version = Annotated[int, Query(ge=1, le=MAX_INT)]
OptionalVersion = Annotated[int | None, Query(ge=1, le=MAX_INT)]
RowId = Annotated[int, Path(ge=1, le=MAX_INT)]  # a numbered record in a path, e.g. an upload's job
VersionInPath = Annotated[int, Path(ge=1, le=MAX_INT)]  # a document version named in a path


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


Text = Annotated[str, AfterValidator(refuse_nul)]
