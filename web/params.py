"""Integer parameters with bounds: a number past what the database stores is a 422 naming the parameter,
never an overflow deep in a query."""

from typing import Annotated

from fastapi import Query

MAX_INT = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's own limit (2**63) is the one that overflowed

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_INT)]
Version = Annotated[int, Query(ge=1, le=MAX_INT)]
OptionalVersion = Annotated[int | None, Query(ge=1, le=MAX_INT)]
