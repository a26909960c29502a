"""The commands of `lodestar`, one module each, in the order `lodestar --help` lists them.

A command module has:

- ``NAME``: the word after ``lodestar``;
- ``register(sub)``: adds its sub-parser to ``sub`` (argparse sub-parsers) and sets
  ``handler=run`` as a default;
- ``run(args) -> int``: does the work and returns the exit code; bad input raises
  ``lodestar.cli.errors.BadInput`` (a SpecError from the engine goes through
  ``errors.reading(path)``), never prints a traceback;
- optionally ``RAW = True``: ``run`` then takes the raw words after the command name
  unparsed (``manage`` hands them to Django).

To add a command, write its module here and add it to ``COMMANDS``.
"""

from __future__ import annotations

from types import ModuleType

from lodestar.cli.commands import backup, import_, manage, project, restore, wisn

COMMANDS: tuple[ModuleType, ...] = (wisn, project, import_, backup, restore, manage)
