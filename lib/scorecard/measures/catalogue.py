"""`scorecard measures`: the catalogue, straight from the registry."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from scorecard.measures.registry import load_all

FIELDS = ["id", "title", "area", "polarity", "window", "unit", "source", "definition"]


def catalogue_rows() -> list[dict[str, str]]:
    return [
        {"id": m.id, "title": m.title, "area": m.area_title, "polarity": m.polarity,
         "window": m.window, "unit": m.unit, "source": m.source, "definition": m.definition}
        for m in load_all().values()
    ]


def render_catalogue(fmt: str) -> str:
    rows = catalogue_rows()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()
    if fmt == "markdown":
        lines = ["| " + " | ".join(FIELDS) + " |", "|" + "---|" * len(FIELDS)]
        lines += ["| " + " | ".join(r[f].replace("|", "\\|") for f in FIELDS) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    out = []
    area = None
    for r in rows:
        if r["area"] != area:
            area = r["area"]
            out.append(f"\n{area}")
        out.append(f"  {r['id']}  {r['title']}  [{r['polarity']} is better, {r['window']}, "
                   f"{r['unit']}]".replace("[neutral is better", "[neutral"))
        out.append(f"        {r['definition']}")
    return "\n".join(out).lstrip("\n") + "\n"


def write_catalogue(fmt: str = "text", out: Path | None = None) -> None:
    text = render_catalogue(fmt)
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
