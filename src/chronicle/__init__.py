"""news-chronicle: turn a pile of raw news articles into a cited chronicle."""

from chronicle.api import Chronicle, open

__version__ = "0.1.0"
__all__ = ["Chronicle", "__version__", "open"]
