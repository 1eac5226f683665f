"""Typing for users (issue 14): a user's module type-checks under ``mypy --strict`` WITHOUT the pydantic
plugin, because every optional field is declared ``Field(default=None, …)``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USER_MODULE = '''
from __future__ import annotations

import datetime as dt

import garantie
from garantie import Buyer, Case, CommercialWarranty, Defect, Product, Purchase, Seller


def verdict_for(contract: dt.date) -> garantie.Verdict:
    case = Case(
        purchase=Purchase(contract_date=contract, delivery_date=contract, seller=Seller(kind="professional"),
                          buyer=Buyer(kind="consumer"), product=Product(condition="new", nature="goods"),
                          commercial_warranty=CommercialWarranty(duration_months=24, covered_parts=("battery",))),
        defect=Defect(appeared_on=contract + dt.timedelta(days=30)),
        as_of=contract + dt.timedelta(days=60),
    )
    return garantie.evaluate(case)


def liability_end(verdict: garantie.Verdict) -> dt.date | None:
    period = verdict.legal_conformity.liability
    return period.end if period is not None else None


def version() -> str:
    return garantie.__version__


def lazily_imported() -> tuple[type[garantie.PolicyReport], type[garantie.Letter], type[Exception]]:
    # Imported on first use at run time (PEP 562); mypy sees them all the same.
    from garantie import check_policy, evaluate_many, letter

    assert callable(check_policy) and callable(evaluate_many) and callable(letter)
    return garantie.PolicyReport, garantie.Letter, garantie.PolicyInputError
'''


def test_user_module_passes_mypy_strict_without_the_pydantic_plugin(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(USER_MODULE, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n", encoding="utf-8")  # no plugins line
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--no-incremental", "user.py"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_positional_field_default_in_the_package() -> None:
    """Field(None, …) reads as a required field to mypy without the plugin: every default is a keyword."""
    offenders = []
    for path in sorted((ROOT / "src" / "garantie").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field" and node.args:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_a_misspelt_public_name_is_a_type_error(tmp_path: Path) -> None:
    """The lazy names' module ``__getattr__`` is hidden from mypy, so it still refuses a name garantie lacks."""
    (tmp_path / "user.py").write_text("import garantie\n\nx = garantie.evalute\n", encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--no-incremental", "user.py"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and 'has no attribute "evalute"' in done.stdout, done.stdout + done.stderr
