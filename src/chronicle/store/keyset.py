"""Keyset pagination: a page is the rows after the sort key of the previous page's last row.

Every list has an ``Order``: SQL expressions, each ascending or descending, the last of
them unique (a rowid or a primary key), so each row has one place and ties in the leading
expressions are broken the same way on every page. A page reads ``limit + 1`` rows along
an index from that key, so the thousandth page costs what the first does (an offset reads
and sorts every row before it). Keys never hold NULL: orders use ``COALESCE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Key = tuple[Any, ...]


@dataclass(slots=True)
class Where:
    """A list's filters as SQL: each one given a value adds its condition, joined by AND."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, value: Any, clause: str, *params: Any) -> Where:
        """``clause`` with ``params`` (``value`` alone when none are given), unless ``value``
        is empty or None: a filter not asked for."""
        if value:
            self.clauses.append(clause)
            self.params += params or (value,)
        return self


@dataclass(slots=True, frozen=True)
class Page:
    """One page of a list and the sort key of its last row when more rows follow (``keys``
    holds every item's, so a reader may end the page early: ``cut``)."""

    items: list[dict[str, Any]]
    next: Key | None
    keys: list[Key] = field(default_factory=list)

    def cut(self, n: int) -> Page:
        """The first ``n`` items, the rest left to the next page."""
        if n >= len(self.items):
            return self
        return Page(self.items[:n], self.keys[n - 1], self.keys[:n])


@dataclass(slots=True, frozen=True)
class Order:
    """A list's order: SQL expressions, and which of them run descending."""

    columns: tuple[str, ...]
    descending: tuple[bool, ...] = ()

    def _desc(self, i: int) -> bool:
        return i < len(self.descending) and self.descending[i]

    def by(self) -> str:
        return ", ".join(f"{c} DESC" if self._desc(i) else c for i, c in enumerate(self.columns))

    def keys(self) -> str:
        """The select-list items that read a row's key (``_k0``, ``_k1``, ...)."""
        return ", ".join(f"{c} AS _k{i}" for i, c in enumerate(self.columns))

    def after(self, key: Sequence[Any]) -> tuple[str, list[Any]]:
        """A condition true for the rows strictly after ``key`` in this order.

        Spelled out (``a > ? OR (a = ? AND b > ?) ...``) and led by a bound on the first
        expression alone, which is the form SQLite turns into an index range."""
        if len(key) != len(self.columns):
            raise ValueError(f"a key of {len(self.columns)} values, not {len(key)}")
        ops = ["<" if self._desc(i) else ">" for i in range(len(self.columns))]
        terms, params = [], []
        for i, (column, op) in enumerate(zip(self.columns, ops, strict=True)):
            same = [f"{c} = ?" for c in self.columns[:i]]
            terms.append("(" + " AND ".join([*same, f"{column} {op} ?"]) + ")")
            params += [*key[:i], key[i]]
        bound = f"{self.columns[0]} {ops[0]}= ?"
        return f"{bound} AND ({' OR '.join(terms)})", [key[0], *params]


@dataclass(slots=True, frozen=True)
class Source:
    """Where a list's rows come from: ``base`` (a FROM clause) is what its filters and its
    order read, ``rowid`` names a row of it; ``select`` (``SELECT ... FROM ...``, no WHERE)
    reads a whole record, and is run only for the rows of the page (``rowid IN (...)``,
    and ``extra`` with its ``extra_params``): a filter that matches many rows sorts their
    keys, never their records (whose columns may be subqueries or long text)."""

    base: str
    rowid: str
    select: str
    extra: str = ""
    extra_params: tuple[Any, ...] = ()


def fetch(con: sqlite3.Connection, source: Source, where: Sequence[str],
          params: Sequence[Any], order: Order, after: Sequence[Any] | None, limit: int,
          record: Callable[[Any], dict[str, Any]]) -> Page:
    """The rows of ``source`` that pass ``where``, read in ``order`` from after ``after``:
    ``limit`` records and each one's key."""
    clauses, values = list(where), list(params)
    if after is not None:
        condition, more = order.after(after)
        clauses.append(condition)
        values += more
    sql = f"SELECT {order.keys()}, {source.rowid} AS _rid FROM {source.base}"
    if clauses:
        sql += " WHERE " + " AND ".join(f"({c})" for c in clauses)
    found = con.execute(f"{sql} ORDER BY {order.by()} LIMIT ?", [*values, limit + 1]).fetchall()
    width = range(len(order.columns))
    keys = [tuple(row[f"_k{i}"] for i in width) for row in found[:limit]]
    ids = [row["_rid"] for row in found[:limit]]
    rows: dict[Any, Any] = {}
    if ids:
        where_ids = f"{source.rowid} IN ({','.join('?' * len(ids))})"
        extra = f" AND {source.extra}" if source.extra else ""
        rows = {row["_rid"]: row for row in con.execute(
            f"SELECT {source.rowid} AS _rid, {source.select.strip().removeprefix('SELECT ')}"
            f" WHERE {where_ids}{extra}", [*ids, *source.extra_params])}
    kept = [n for n, i in enumerate(ids) if i in rows]  # a row a writer just replaced: gone
    return Page([record(rows[ids[n]]) for n in kept],
                keys[-1] if len(found) > limit else None, [keys[n] for n in kept])
