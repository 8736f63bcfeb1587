"""The `ogi` command line: one Typer app, its commands grouped by what they serve."""

from flows.cli import analysis, crawling
from flows.cli.main import app

analysis.register(app)
crawling.register(app)

__all__ = ["app"]
