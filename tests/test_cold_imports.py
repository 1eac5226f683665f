"""Cold start (issue 11): ``import garantie`` and the first verdict import only what a verdict needs.

Letters (Jinja2, fpdf2), the web server (FastAPI), Dask, and PyYAML (rule and case files, read only on a
rule-set cache miss) are imported when first used. Each check runs in a fresh interpreter, so what another
test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from casefiles import PHONE_CASE

import garantie

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("jinja2", "fastapi", "starlette", "uvicorn", "yaml", "dask", "distributed", "fpdf")
CASE = PHONE_CASE


def _imported(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; the heavy modules loaded after each stage it prints."""
    env = {k: v for k, v in os.environ.items() if k != "GARANTIE_NO_CACHE"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


_STAGES = f"""
import json, sys
HEAVY = {HEAVY!r}
def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
import garantie
stages = {{"import": loaded()}}
garantie.evaluate({CASE!r})
stages["first verdict"] = loaded()
print(json.dumps(stages))
"""


def test_import_and_first_verdict_leave_heavy_dependencies_unimported() -> None:
    _imported(_STAGES)  # a first run writes the rule-set cache, as after an install
    stages = _imported(_STAGES)
    assert stages["import"] == [], stages
    assert stages["first verdict"] == [], stages  # a cache hit: no YAML parsed


def test_capabilities_import_on_first_use() -> None:
    found = _imported("""
import json, sys
import garantie
before = "garantie.letters" in sys.modules, "garantie.policy" in sys.modules, "garantie.batch" in sys.modules
garantie.letter, garantie.check_policy, garantie.evaluate_many
after = "garantie.letters" in sys.modules, "garantie.policy" in sys.modules, "garantie.batch" in sys.modules
print(json.dumps({"before": before, "after": after}))
""")
    assert found == {"before": [False, False, False], "after": [True, True, True]}


def test_lazy_names_are_listed_and_resolved() -> None:
    for name in garantie.__all__:
        assert name in dir(garantie), name
    from garantie.letters import letter
    from garantie.policy import check_policy

    assert garantie.letter is letter and garantie.check_policy is check_policy
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = garantie.not_a_name  # type: ignore[attr-defined]  # mypy refuses it too


def test_the_collector_is_left_as_the_application_had_it() -> None:
    """Pausing the cyclic collector during the import changes nothing the application can see: it runs
    again afterwards (or stays off if it was off), a cycle made before the import is still collected, and
    objects the application froze stay frozen."""
    found = _imported("""
import gc, json, weakref
class Node:
    pass
cycle = Node()
cycle.me = cycle
ref = weakref.ref(cycle)
del cycle
import garantie
garantie.load_rules()
running = gc.isenabled()
gc.collect()
print(json.dumps({"running": running, "cycle_collected": ref() is None}))
""")
    assert found == {"running": True, "cycle_collected": True}
    found = _imported("""
import gc, json
gc.disable()
import garantie
print(json.dumps({"running": gc.isenabled()}))
""")
    assert found == {"running": False}
    found = _imported("""
import gc, json
kept = [[]]
gc.freeze()  # frozen objects are in no generation: gc.get_objects() does not list them
import garantie
garantie.load_rules()
print(json.dumps({"still_frozen": all(o is not kept for o in gc.get_objects()), "running": gc.isenabled()}))
""")
    assert found == {"still_frozen": True, "running": True}
