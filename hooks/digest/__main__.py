"""``python -m digest check | new`` (with hooks/ on PYTHONPATH; see the Makefile)."""

import sys

from digest.commands.cli import main

sys.exit(main())
