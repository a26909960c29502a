"""The one strict YAML reader for everything Lodestar reads from YAML.

Scenarios (``load_scenario``), WISN files (``load_wisn``), the CLI and the STAR
catalogue all read YAML through :func:`load_yaml`, so they agree on what is
accepted:

- safe loading only (no Python objects);
- a key given twice in one mapping is refused (PyYAML would silently keep the last);
- a syntax error is a :class:`SpecError` whose path is ``line L, column C``;
- YAML nested too deeply to read is a :class:`SpecError`, not a ``RecursionError``.

:func:`read_yaml_source` accepts a path, a YAML string or an already-read mapping,
the three forms the public loaders take.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from lodestar.engine.errors import SpecError

__all__ = ["is_yaml_path", "load_yaml", "read_yaml_source"]


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            continue  # let SafeLoader report unhashable keys in its own words
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"the key {key!r} is given twice",
                key_node.start_mark,
            )
        seen[key] = key_node
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str) -> Any:
    """Parse YAML safely, refusing duplicate keys; syntax errors become a SpecError with line and column."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        reason = err.problem or str(err)
        if err.context and err.problem_mark is not None:
            reason = f"{reason} ({err.context})"
        raise SpecError(where, f"not valid YAML: {reason}") from err
    except yaml.YAMLError as err:
        raise SpecError("YAML", f"not valid YAML: {err}") from err
    except RecursionError:
        raise SpecError("YAML", "is nested too deeply to read (lists or mappings inside one another)") from None


def is_yaml_path(source: str | Path) -> bool:
    """True when ``source`` names a file rather than holding YAML text."""
    if isinstance(source, Path):
        return True
    if "\n" in source:
        return False
    if source.endswith((".yaml", ".yml")):
        return True
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # a long or odd one-line YAML string is not a file name
        return False


def read_yaml_source(source: str | Path | Mapping[str, Any]) -> Any:
    """The data in ``source``: a path to a YAML file, a YAML string, or a mapping (returned as it is).

    An unreadable file is a SpecError naming the file.
    """
    if isinstance(source, Mapping):
        return source
    if is_yaml_path(source):
        path = Path(source)
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    return load_yaml(source)
