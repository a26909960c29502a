"""One module per data source; ``REGISTRY`` in the order detection tries them."""

from __future__ import annotations

import importlib

_MODULES = ["staff_in_post", "turnover", "vacancies", "gp_practice", "population", "staff_records"]

REGISTRY = {}
for _name in _MODULES:
    try:
        REGISTRY[_name] = importlib.import_module(f"lodestar.ingest.sources.{_name}")
    except ModuleNotFoundError as _exc:  # a source still being written (removed when all exist)
        if _exc.name != f"lodestar.ingest.sources.{_name}":
            raise
