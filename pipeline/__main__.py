"""`python -m pipeline ...`: the same as the `bulletins` command."""

import sys

from pipeline.cli import main

sys.exit(main())
