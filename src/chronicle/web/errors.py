"""Errors the web layer turns into responses: 404 for unknown records, 422 for bad input."""

from __future__ import annotations

from fastapi import HTTPException


class NotFound(HTTPException):
    def __init__(self, what: str) -> None:
        super().__init__(status_code=404, detail=what)


class BadParameter(HTTPException):
    """A parameter FastAPI's own validation cannot judge (a cursor, a dyad, a query)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(status_code=422, detail=f"{name}: {message}")
        self.name = name
