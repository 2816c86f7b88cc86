"""The authority's settings (params/<authority>.yaml), validated on load.

Every key is optional; an unknown key or a wrong type is an error that names the key. Without a
params file the defaults below apply and the authority comes from extract.yaml (DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import yaml

from scorecard.errors import ParamsInvalid


class ParamsError(ParamsInvalid, ValueError):
    """A params file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Target:
    target: float
    amber: float | None = None  # the amber threshold, in the measure's own unit


@dataclass(frozen=True)
class Params:
    la_code: str | None = None
    la_name: str | None = None
    committee: str | None = None
    population_0_17: int | None = None
    region_code: str | None = None
    statistical_neighbours: tuple[str, ...] = ()
    targets: dict[str, Target] = field(default_factory=dict)
    cin_visit_wd: int = 20
    cla_visit_days: int = 42
    caseload_threshold: int = 20
    supervision_days: int = 28
    suppress_below: int = 6
    commentary: str | None = None
    renderer: str = "pandoc"
    source: str | None = None  # the file these came from (not a key in the file)

    def with_extract_defaults(self, la_code: str | None, la_name: str | None) -> Params:
        """Fill the authority from extract.yaml; refuse params written for another authority."""
        if self.la_code and la_code and str(self.la_code) != str(la_code):
            raise ParamsError(
                f"{self.source or 'params'}: la_code {self.la_code} does not match the extract's "
                f"la_code {la_code} (extract.yaml): these params are for another authority"
            )
        return replace(self, la_code=self.la_code or la_code, la_name=self.la_name or la_name)


_INT_KEYS = {"population_0_17", "cin_visit_wd", "cla_visit_days", "caseload_threshold",
             "supervision_days", "suppress_below"}
_STR_KEYS = {"la_code", "la_name", "committee", "region_code", "commentary", "renderer"}
KEYS = {f.name for f in fields(Params)} - {"source"}


def load_params(path: str | Path | None) -> Params:
    if path is None:
        return Params()
    path = Path(path)
    where = str(path)
    try:
        # libyaml's loader where PyYAML has it: every notebook reads the params, and the pure
        # Python parser takes a tenth of a second over a file of targets
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except FileNotFoundError:
        raise ParamsError(f"params file not found: {where}") from None
    except yaml.YAMLError as e:
        raise ParamsError(f"{where}: not valid YAML: {e}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ParamsError(f"{where}: must be a mapping of keys to values")
    return parse_params(raw, where)


def parse_params(raw: dict, where: str = "params") -> Params:
    from scorecard.measures.registry import load_all  # late: measure modules import params

    MEASURES = load_all()

    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise ParamsError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(KEYS))})"
        )
    values: dict = {"source": where}
    for key, v in raw.items():
        if v is None:
            continue
        if key in _INT_KEYS:
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ParamsError(f"{where}: {key} must be a whole number >= 0, got {v!r}")
            if key == "suppress_below" and v < 1:
                raise ParamsError(f"{where}: suppress_below must be at least 1, got {v!r}")
            values[key] = v
        elif key in _STR_KEYS:
            if not isinstance(v, (str, int)) or isinstance(v, bool):
                raise ParamsError(f"{where}: {key} must be text, got {v!r}")
            values[key] = str(v)
        elif key == "statistical_neighbours":
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ParamsError(f"{where}: statistical_neighbours must be a list of LA codes")
            values[key] = tuple(v)
        elif key == "targets":
            values[key] = _parse_targets(v, where, MEASURES)
    if values.get("renderer", "pandoc") not in ("pandoc", "quarto"):
        raise ParamsError(f"{where}: renderer must be pandoc or quarto, got {values['renderer']!r}")
    return Params(**values)


def _parse_targets(v, where: str, measures) -> dict[str, Target]:
    if not isinstance(v, dict):
        raise ParamsError(f"{where}: targets must map measure ids to {{target: N, amber: N}}")
    out = {}
    for mid, spec in v.items():
        if mid not in measures:
            raise ParamsError(f"{where}: targets.{mid}: no such measure")
        if isinstance(spec, (int, float)) and not isinstance(spec, bool):
            spec = {"target": spec}
        if not isinstance(spec, dict) or "target" not in spec:
            raise ParamsError(f"{where}: targets.{mid} must be {{target: N, amber: N}}")
        extra = set(spec) - {"target", "amber"}
        if extra:
            raise ParamsError(f"{where}: targets.{mid}: unknown key {sorted(extra)[0]!r}")
        for k in ("target", "amber"):
            x = spec.get(k)
            if x is not None and (isinstance(x, bool) or not isinstance(x, (int, float))):
                raise ParamsError(f"{where}: targets.{mid}.{k} must be a number, got {x!r}")
        if measures[mid].polarity == "neutral":
            raise ParamsError(f"{where}: targets.{mid}: {mid} is neutral and takes no target")
        t, a = spec["target"], spec.get("amber")
        if a is not None:
            higher = measures[mid].polarity == "higher"
            if (higher and a > t) or (not higher and a < t):
                raise ParamsError(
                    f"{where}: targets.{mid}: amber {a} lies on the wrong side of target {t} "
                    f"for a measure where {measures[mid].polarity} is better"
                )
        out[mid] = Target(float(t), None if a is None else float(a))
    return out
