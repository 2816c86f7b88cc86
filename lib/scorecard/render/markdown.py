"""Small Markdown builders shared by the document's sections (pipe tables, lists)."""

from __future__ import annotations

from collections.abc import Sequence


def pipe_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    align: Sequence[str] | None = None,
    caption: str | None = None,
) -> str:
    """A pandoc pipe table whose relative column widths follow `widths`.

    Pandoc takes relative widths from the dashes of the separator line when any line of the
    table is longer than its column limit, so the separator is padded past that limit; cells
    then wrap instead of stretching the page (what keeps tables inside A4 and a phone screen).
    Cells must already be Markdown-escaped.
    """
    if not (len(headers) == len(widths) and all(len(r) == len(headers) for r in rows)):
        raise ValueError("table rows, headers and widths must have the same number of columns")
    align = align or ["left"] * len(headers)
    total = sum(widths)
    dashes = [max(3, round(200 * w / total)) for w in widths]  # 200 > pandoc's 72 columns
    seps = []
    for n, a in zip(dashes, align):
        seps.append(":" + "-" * (n - 1) if a == "left" else "-" * (n - 1) + ":")
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(seps) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if caption:
        lines += ["", f": {caption}"]
    return "\n".join(lines)


def bullet_list(items: Sequence[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


def numbered_list(items: Sequence[str]) -> str:
    return "\n".join(f"{n}. {i}" for n, i in enumerate(items, start=1))
