"""`python -m pipeline ...`: the same as the `bulletins` command."""

from pipeline.cli import run_main

run_main()
