"""Reading, validating and caching an extract."""

from scorecard.extract.model import Extract

__all__ = ["Extract"]
