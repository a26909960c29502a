"""The `lodestar` command for analysts (user guide: docs/guide/cli.md).

    lodestar wisn FILE [--format table|json|csv] [--out FILE]
    lodestar project SCENARIO.yaml [--runs N] [--seed S] [--format table|json|csv|xlsx] [--out FILE]
                     [--table NAME] [--chart FILE.svg|png] [--waterfall FILE.svg|png]
                     [--scheduler ADDRESS] [--progress | --no-progress]
    lodestar project --example [--out FILE]
    lodestar manage COMMAND ...          Django management commands (import_organisations, ...)

Bad input (a missing file, YAML that does not parse, a field with a wrong value)
prints a message naming the file and the field on stderr and exits with code 2,
without writing any output. Any other exception is a bug and keeps its traceback.

The package:

- ``parser``: ``build_parser()`` and ``main()``, the entry point (``lodestar = "lodestar.cli:main"``);
- ``commands/``: one module per command (``wisn``, ``project``, ``manage``), listed in
  ``commands.COMMANDS``;
- ``errors``: ``BadInput`` (exit code 2) and ``reading(path)``, which turns the engine's
  ``SpecError`` into a message naming the file and each field;
- ``files``: reading the user's files (YAML through the engine's one strict loader,
  ``lodestar.engine.yamlio.load_yaml``), choosing the output format, writing output all or nothing;
- ``formatting``: aligned text tables, numbers, JSON without NaN, spreadsheets.

Adding a command (e.g. ``lodestar import``): write ``commands/import_.py`` with ``NAME``,
``register(sub)`` and ``run(args)`` (see ``commands/__init__.py``), add it to ``COMMANDS``, add its
tests in ``tests/unit/cli/test_<module>.py`` and its section in docs/guide/cli.md. The CLI keeps no
rules of its own about what a file may contain: the engine (or the app's actions) checks, the
command translates the error.
"""

from lodestar.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
