"""garantie interview, driven by scripted stdin: the README smartphone story from answers alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import garantie
from garantie._yaml import load_case_yaml

# contract date, then one answer per question in the order next_questions asks them (Enter: I don't know).
SMARTPHONE = "\n".join([
    "10/03/2024",     # contract date
    "o",              # delivered?
    "1",              # buyer: a private person (consumer)
    "professional",   # seller (a value may be typed instead of its number)
    "4",              # ordinary goods
    "?",              # provisional verdict
    "2",              # ordinary sale
    "12/03/2024",     # delivery date
    "1",              # at a distance
    "",               # hidden-defects discovery date: I don't know
    "2",              # ordinary severity
    "2024-09-15",     # the defect appeared
    "1",              # new
    "2024-09-15",     # known on
]) + "\n"


def test_interview_completes_the_smartphone_story(tmp_path: Path) -> None:
    saved = tmp_path / "case.yaml"
    run = subprocess.run([sys.executable, "-m", "garantie", "interview", "--today", "2024-11-20", "--save",
                          str(saved)], input=SMARTPHONE, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "--- Verdict provisoire ---" in out and "--- Verdict ---" in out
    assert "  4. un bien ordinaire" in out  # choices are labelled, never an identifier
    assert "goods_with_digital_elements" not in out.split("--- Verdict ---")[0]
    assert "Réponse non comprise" not in out  # every scripted answer fitted its question
    final = out.split("--- Verdict ---")[-1]
    assert "Garantie légale de conformité : s'applique" in final
    assert "12 mars 2026" in final  # end of the liability period, as a date
    case = load_case_yaml(saved)
    assert str(case["purchase"]["delivery_date"]) == "2024-03-12"
    verdict = garantie.evaluate(case)
    assert verdict.legal_conformity.status == "applies"
    assert verdict.legal_conformity.liability.end.isoformat() == "2026-03-12"
    assert verdict.next_questions() == () or all(q.path.startswith(("defect.discovered", "history"))
                                                  for q in verdict.next_questions())


def test_interview_rejects_a_bad_answer_and_asks_again() -> None:
    run = subprocess.run([sys.executable, "-m", "garantie", "interview", "--lang", "en", "--today", "2024-11-20"],
                         input="10/03/2024\nmaybe\ny\nq\n", capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("Has the item been delivered") + run.stdout.count("delivered to you?") >= 2 or \
        "Answer not understood" in run.stdout
    assert "Answer not understood" in run.stdout
