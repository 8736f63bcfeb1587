"""`python -m flows.cli`: the `ogi` command without the installed entry point."""

from flows.cli import app

app()
