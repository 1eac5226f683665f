"""garantie interview, driven by scripted stdin: the README smartphone story from answers alone."""

from __future__ import annotations

import datetime as dt
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


def _interview(tmp_path: Path, case: str, answers: list[str], lang: str = "fr") -> tuple[str, dict[str, object]]:
    start, saved = tmp_path / "start.yaml", tmp_path / "case.yaml"
    start.write_text(case, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "garantie", "interview", "--lang", lang, "--case", str(start),
                          "--save", str(saved)], input="\n".join(answers) + "\n", capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout, load_case_yaml(saved)


REPAIR_REFUSED = """\
purchase: {contract_date: 2024-03-10, delivery_date: 2024-03-12, channel: in_store, sale_mode: ordinary,
  seller: {kind: professional}, buyer: {kind: consumer}, product: {condition: new, nature: goods}, as_is_clause: false}
defect: {appeared_on: 2024-09-15, known_on: 2024-09-15, severity: ordinary, discovered_on: 2024-09-15,
  apparent_at_purchase: false, seller_knew: false}
history:
- {type: claim, date: 2024-09-20, remedy: repair, in_writing: true}
- {type: refusal, date: 2024-09-25, refused: repair}
as_of: 2024-11-20
"""


def test_interview_asks_the_fields_of_the_case_history(tmp_path: Path) -> None:
    """Events the case already has: their missing fields are asked with typed input and labelled choices, and
    the answers land on those events in the saved YAML."""
    out, case = _interview(tmp_path, REPAIR_REFUSED, ["3", "1", "n"])
    assert "Au titre de quelle garantie cette intervention" in out
    assert "  3. la garantie légale de conformité" in out  # labelled, never legal_conformity
    assert "Quel motif le vendeur a-t-il donné à son refus" in out and "  1. un coût disproportionné" in out
    assert "motivé son refus par écrit (lettre, courriel ou autre support durable) ? (o/n)" in out
    assert "Réponse non comprise" not in out and "(événement de l'historique" not in out
    history = case["history"]
    assert isinstance(history, list)
    assert history[0]["warranty"] == "legal_conformity"
    assert history[1]["ground"] == "disproportionate" and history[1]["reasoned_in_writing"] is False
    verdict = garantie.evaluate(case)
    assert not any(q.path.startswith("history[") for q in verdict.to_ask)


TIME_BARRED = """\
purchase: {contract_date: 2022-03-01, delivery_date: 2022-03-04, sale_mode: ordinary, seller: {kind: professional},
  buyer: {kind: consumer}, product: {condition: new, nature: goods}}
defect: {appeared_on: 2023-06-10, known_on: 2023-06-10, severity: ordinary, cause: unknown, accepted_deviation: false}
as_of: 2028-06-11
"""


def test_interview_appends_an_event_the_person_reports(tmp_path: Path) -> None:
    """The legal warranty is time-barred (known 2023-06-10, five years): the interview asks whether something
    interrupted the time bar; answering "the seller acknowledged your right" and its date appends that dated
    event to the history, and the verdict re-read from the saved case counts it."""
    out, case = _interview(tmp_path, TIME_BARRED, ["", "1", "2026-01-10"], lang="en")
    assert "Before the period ran out, did the seller acknowledge your right" in out
    assert "  1. the seller acknowledged your right (in writing, or by taking the goods in under warranty)" in out
    assert "On what date? (YYYY-MM-DD or DD/MM/YYYY)" in out
    history = case["history"]
    assert isinstance(history, list)
    assert [{key: str(value) for key, value in event.items()} for event in history] == [
        {"type": "acknowledgement", "date": dt.date(2026, 1, 10).isoformat()}]
    before = garantie.evaluate(load_case_yaml_text(TIME_BARRED))
    after = garantie.evaluate(case)
    assert before.legal_conformity.status == "time_barred"
    assert after.legal_conformity.status == "applies"
    assert "history[].interruption_or_suspension" not in [q.path for q in after.to_ask]


def test_interview_nothing_happened_adds_no_event(tmp_path: Path) -> None:
    out, case = _interview(tmp_path, TIME_BARRED, ["", "5"])
    assert "  5. rien de tout cela" in out
    assert "history" not in case
    assert "--- Verdict ---" in out and "action prescrite" in out.split("--- Verdict ---")[-1]


def load_case_yaml_text(text: str) -> object:
    import yaml

    return yaml.safe_load(text)
