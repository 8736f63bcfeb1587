"""The review page (`ogi review serve`): flagged numbers in a local web page, with the printed cell's crop."""

from flows.review_page.app import create_app

__all__ = ["create_app"]
