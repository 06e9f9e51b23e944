"""One picklable error base and one subclass per layer.

Errors cross process boundaries (multiprocessing, Ray), so every subclass
keeps its constructor arguments in ``args`` and pickles through ``__reduce__``.
Messages carry their context ("In stage `clean`: ...") so a user sees one line.
"""

from __future__ import annotations

from typing import Any


class ChronicleError(Exception):
    """Base of every error chronicle raises on purpose."""

    def __init__(self, message: str, *, context: str | None = None) -> None:
        self.message = message
        self.context = context
        super().__init__(message, context)

    def __str__(self) -> str:
        return f"{self.context}: {self.message}" if self.context else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.context))


def _rebuild(cls: type[ChronicleError], message: str, context: str | None) -> ChronicleError:
    return cls(message, context=context)


class ConfigError(ChronicleError):
    """A configuration file, variable or flag is invalid."""


class IngestError(ChronicleError):
    """An input could not be read or parsed."""


class PipelineError(ChronicleError):
    """A stage failed on a record it should have handled."""


class StoreError(ChronicleError):
    """The database could not be opened, migrated, read or written."""


class RunnerError(ChronicleError):
    """An executor could not run (missing extra, unreachable cluster)."""
