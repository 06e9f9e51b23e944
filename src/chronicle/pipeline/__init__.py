"""Pipeline stages. Each sub-package exposes one entry point over model records."""

from chronicle.pipeline.context import RunContext

__all__ = ["RunContext"]
