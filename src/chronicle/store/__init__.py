"""Storage: SQLite schema, migrations, writes, queries and exports. All SQL lives here."""

from chronicle.store.db import Batch, Copy, Store
from chronicle.store.export import FORMATS, TABLES, export

__all__ = ["FORMATS", "TABLES", "Batch", "Copy", "Store", "export"]
