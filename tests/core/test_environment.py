"""environment.yml must pin exactly what requirements.lock pins (it is generated from it)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_environment_yml_is_generated_from_the_lock():
    spec = importlib.util.spec_from_file_location("envyml", ROOT / "tools" / "environment_yml.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == mod.render(
        ROOT / "requirements.lock"
    ), "environment.yml is stale: run `make lock` (or python tools/environment_yml.py)"
    pins = mod.pinned(ROOT / "requirements.lock")
    assert any(p.startswith("pandas==") for p in pins) and len(pins) > 50
