"""The `ogi` command line: one Typer app, its commands grouped by what they serve."""

from flows.cli import analysis, crawling, query, review
from flows.cli.main import app

query.register(app)
analysis.register(app)
review.register(app)
crawling.register(app)

__all__ = ["app"]
