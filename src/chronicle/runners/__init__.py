"""Executors: the same stages run locally (``local``, with parse workers from ``parallel``)
or on a Ray cluster (``ray``, the optional extra); both share the language layer (``layer``)."""
