"""The comparisons shown beside each value: RAG against target, direction of travel, and the
small-number suppression every published document goes through (MEASURES.md, "Comparisons
shown beside each value")."""

from scorecard.compare.direction import direction, direction_column
from scorecard.compare.rag import rag, rag_column, rag_label, rag_labels
from scorecard.compare.rounding import DISPLAY_DECIMALS, as_displayed
from scorecard.compare.suppression import SUPPRESSED, suppress_scorecard

__all__ = [
    "DISPLAY_DECIMALS", "SUPPRESSED", "as_displayed", "direction", "direction_column", "rag",
    "rag_column", "rag_label", "rag_labels", "suppress_scorecard",
]
