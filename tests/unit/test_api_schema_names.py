"""Every response and request shape in the API has its own name. django-ninja names an OpenAPI
component after its class, so two routers each with a ``TableOut`` share one component and one
of them is documented with the other's fields (the plans' actions were once described as a
talent plan's actions)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import lodestar.api.routers


def test_no_two_api_schemas_share_a_name():
    where = defaultdict(set)
    for info in pkgutil.iter_modules(lodestar.api.routers.__path__):
        module = importlib.import_module(f"lodestar.api.routers.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            # Query-string filters (``...Filters``) become parameters, not components: they may repeat.
            if name.endswith("Filters"):
                continue
            if issubclass(obj, Schema) and obj is not Schema and obj.__module__ == module.__name__:
                where[name].add(module.__name__)
    clashes = {name: sorted(mods) for name, mods in where.items() if len(mods) > 1}
    assert not clashes, f"API schemas with the same name in different routers: {clashes}"
