"""scorecard: a reproducible quarterly performance scorecard for children's social care."""

__version__ = "0.1.0"
