"""What every stage receives besides its records: config, counters and a logger."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from chronicle.config import Config


@dataclass(slots=True)
class RunContext:
    config: Config = field(default_factory=Config)
    stats: Counter[str] = field(default_factory=Counter)
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("chronicle"))

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] += n
