"""Executors: the same stages run locally (``local``) or on a Ray cluster (``ray``, later)."""
