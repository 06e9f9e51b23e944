"""What every stage receives besides its records: config, counters and a logger."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from chronicle.config import Config


@dataclass(slots=True)
class RunContext:
    config: Config = field(default_factory=Config)
    stats: Counter[str] = field(default_factory=Counter)
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("chronicle"))
    timings: dict[str, float] = field(default_factory=dict)  # CPU seconds by stage

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] += n

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the CPU seconds spent inside the block to ``timings[stage]`` (kept apart
        from ``stats``: counts are the same on every run, timings never are)."""
        started = time.process_time()
        try:
            yield
        finally:
            self.add_timings({stage: time.process_time() - started})

    def add_timings(self, more: dict[str, float]) -> None:
        for stage, seconds in more.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds
