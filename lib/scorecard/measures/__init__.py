"""Every measure in MEASURES.md, one function each, registered with its definition."""

from scorecard.measures.registry import MEASURES, Measure, Result, load_all, measure, summarise

__all__ = ["MEASURES", "Measure", "Result", "load_all", "measure", "summarise"]
