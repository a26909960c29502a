"""`python -m lodestar.cli` runs the `lodestar` command."""

import sys

from lodestar.cli import main

sys.exit(main())
