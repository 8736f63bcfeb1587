"""Errors in the user's terms: which file, which stage, why."""

from __future__ import annotations


class ExtractionError(Exception):
    """A document could not be read. Carries the file and the pipeline stage that failed."""

    def __init__(self, source: str, stage: str, reason: str):
        super().__init__(f"{source}: {stage} failed: {reason}")
        self.source = source
        self.stage = stage
        self.reason = reason


class UnsupportedFormat(ExtractionError):
    def __init__(self, source: str, reason: str):
        super().__init__(source, "detect format", reason)
