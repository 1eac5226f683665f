"""The interview loop and the typed parsing of answers (no I/O beyond the streams it is given)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

import yaml

from garantie._evaluate import evaluate
from garantie._event_fields import NOTHING_HAPPENED
from garantie.errors import InputError
from garantie.verdict import AskedQuestion, Language, Verdict

__all__ = ["Interview", "main", "parse_answer"]

_TEXTS: dict[str, dict[Language, str]] = {
    "intro": {"fr": "Répondez aux questions ; Entrée seule : je ne sais pas ; « ? » : verdict provisoire ; "
                    "« q » : terminer.",
              "en": "Answer the questions; Enter alone: I don't know; '?': provisional verdict; 'q': finish."},
    "contract": {"fr": "À quelle date le contrat a-t-il été conclu (achat) ? (AAAA-MM-JJ ou JJ/MM/AAAA)",
                 "en": "On what date was the contract concluded (purchase)? (YYYY-MM-DD or DD/MM/YYYY)"},
    "bad": {"fr": "Réponse non comprise : {}", "en": "Answer not understood: {}"},
    "refused": {"fr": "Cette réponse ne s'accorde pas avec le reste du dossier : {}",
                "en": "This answer does not fit the rest of the case: {}"},
    "event_date": {"fr": "À quelle date ?", "en": "On what date?"},
    "provisional": {"fr": "--- Verdict provisoire ---", "en": "--- Provisional verdict ---"},
    "final": {"fr": "--- Verdict ---", "en": "--- Verdict ---"},
    "saved": {"fr": "Dossier enregistré dans {}", "en": "Case saved to {}"},
    "changes": {"fr": "Peut changer : {}", "en": "Can change: {}"},
    "yes_no": {"fr": "(o/n)", "en": "(y/n)"},
    "date": {"fr": "(AAAA-MM-JJ ou JJ/MM/AAAA)", "en": "(YYYY-MM-DD or DD/MM/YYYY)"},
    "money": {"fr": "(montant en euros)", "en": "(amount in euros)"},
    "int": {"fr": "(nombre entier)", "en": "(whole number)"},
}
_YES = {"o", "oui", "y", "yes", "true", "vrai"}
_NO = {"n", "non", "no", "false", "faux"}


def parse_answer(question: AskedQuestion, answer: str) -> Any:
    """The typed value of ``answer``; raises ValueError with a short reason.

    >>> from garantie.verdict import AskedQuestion, Choice
    >>> q = AskedQuestion(path="x", fr="?", en="?", needed_for=(), type="date", settles=1)
    >>> parse_answer(q, "15/09/2024")
    datetime.date(2024, 9, 15)
    """
    text = answer.strip()
    if question.type == "date":
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1])) if match else dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("date: YYYY-MM-DD or DD/MM/YYYY") from None
    if question.type == "bool":
        if text.lower() in _YES | _NO:
            return text.lower() in _YES
        raise ValueError("o/n, y/n")
    if question.type == "enum":
        values = [choice.value for choice in question.choices]
        if text.isdigit() and 1 <= int(text) <= len(values):
            return values[int(text) - 1]
        if text in values:
            return text
        raise ValueError(f"1-{len(values)}")
    if question.type in ("int", "money"):
        try:
            number = Decimal(text.replace(",", ".").replace(" ", "").replace("€", ""))
        except InvalidOperation:
            raise ValueError("number") from None
        if number < 0 or (question.type == "int" and number != number.to_integral_value()):
            raise ValueError("a positive number" + (", whole" if question.type == "int" else ""))
        return int(number) if question.type == "int" else float(number)
    if not text:
        raise ValueError("text")
    return text


def _set(case: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``case`` with the dotted ``path`` set (sections created as needed); ``history[2].ground`` sets
    a field of the case's third event."""
    out = yaml.safe_load(yaml.safe_dump(case))  # deep copy that keeps dates as dates
    node = out
    parts = path.split(".")
    for part in parts[:-1]:
        match = re.fullmatch(r"([a-z_]+)\[(\d+)\]", part)
        node = node[match[1]][int(match[2])] if match else node.setdefault(part, {})
    node[parts[-1]] = value
    return dict(out)


def _with_event(case: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``case`` with ``event`` appended to its history."""
    out = yaml.safe_load(yaml.safe_dump(case))
    out.setdefault("history", []).append(event)
    return dict(out)


class Interview:
    """One interview: ``run()`` reads answers from ``stdin`` and writes to ``stdout``."""

    def __init__(self, stdin: TextIO, stdout: TextIO, lang: Language = "fr", today: dt.date | None = None,
                 case: dict[str, Any] | None = None) -> None:
        self.stdin, self.stdout, self.lang, self.today = stdin, stdout, lang, today
        self.case: dict[str, Any] = case or {}
        self.skipped: set[str] = set()

    def say(self, key: str, *args: object) -> None:
        print(_TEXTS[key][self.lang].format(*args), file=self.stdout)

    def read(self, prompt: str) -> str | None:
        print(prompt, end=" ", file=self.stdout, flush=True)
        line = self.stdin.readline()
        if not line:
            print(file=self.stdout)
            return None
        return line.strip()

    def verdict(self) -> Verdict:
        return evaluate(self.case, today=self.today)

    def ask_contract_date(self) -> bool:
        probe = AskedQuestion(path="purchase.contract_date", fr="", en="", needed_for=(), type="date", settles=0)
        while "contract_date" not in self.case.get("purchase", {}):
            answer = self.read(_TEXTS["contract"][self.lang] + "\n>")
            if answer is None or answer == "q":
                return False
            try:
                self.case = _set(self.case, "purchase.contract_date", parse_answer(probe, answer))
            except ValueError as error:
                self.say("bad", error)
        return True

    def run(self) -> Verdict | None:
        """Ask until nothing that matters is left (or the user stops); the last verdict, if any."""
        self.say("intro")
        if not self.ask_contract_date():
            return None
        verdict = self.verdict()
        while True:
            pending = verdict.next_questions(limit=1, skip=self.skipped)
            if not pending:
                break
            question = pending[0]
            answer = self.read(self.prompt(question))
            if answer is None or answer == "q":
                break
            if answer == "?":
                self.say("provisional")
                print(verdict.explain(self.lang), file=self.stdout)
                continue
            if answer == "":
                self.skipped.add(question.path)  # "I don't know": never asked again
                continue
            try:
                value = parse_answer(question, answer)
                if question.path.startswith("history[]."):  # which event happened: add it, dated
                    if value == NOTHING_HAPPENED:
                        self.skipped.add(question.path)
                        continue
                    when = self.ask_event_date()
                    if when is None:
                        break
                    candidate = _with_event(self.case, {"type": value, "date": when})
                else:
                    candidate = _set(self.case, question.path, value)
                verdict = evaluate(candidate, today=self.today)
            except ValueError as error:
                self.say("bad", error)
                continue
            except InputError as error:
                self.say("refused", error)
                continue
            self.case = candidate
        self.say("final")
        print(verdict.explain(self.lang), file=self.stdout)
        return verdict

    def ask_event_date(self) -> dt.date | None:
        """The date of the event an answer adds; None when the person stops."""
        probe = AskedQuestion(path="history[].date", fr="", en="", needed_for=(), type="date", settles=0)
        while True:
            answer = self.read(_TEXTS["event_date"][self.lang] + " " + _TEXTS["date"][self.lang] + "\n>")
            if answer is None or answer == "q":
                return None
            try:
                day: dt.date = parse_answer(probe, answer)
                return day
            except ValueError as error:
                self.say("bad", error)

    def prompt(self, question: AskedQuestion) -> str:
        lines = [question.fr if self.lang == "fr" else question.en]
        reason = question.required_for_fr if self.lang == "fr" else question.required_for_en
        if reason:
            lines.append("  " + _TEXTS["changes"][self.lang].format(reason))
        if question.type == "enum":
            lines += [f"  {number}. {choice.fr if self.lang == 'fr' else choice.en}"
                      for number, choice in enumerate(question.choices, 1)]
        elif question.type in ("bool", "date", "money", "int"):
            hint = {"bool": "yes_no"}.get(question.type, question.type)
            lines[0] += " " + _TEXTS[hint][self.lang]
        return "\n".join(lines) + "\n>"

    def save(self, path: Path) -> None:
        path.write_text(yaml.safe_dump(self.case, allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.say("saved", path)


def main(argv: list[str]) -> int:
    """``garantie interview [--lang fr|en] [--save case.yaml] [--today YYYY-MM-DD]``."""
    parser = argparse.ArgumentParser(prog="garantie interview", description="Build a case by answering only "
                                     "the questions that still matter, then see the verdict.")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--save", type=Path, metavar="CASE.yaml", help="write the case as YAML at the end")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the as-of date (default: today)")
    parser.add_argument("--case", type=Path, metavar="CASE.yaml",
                        help="start from this case (a saved interview, a case file): only what it lacks is asked")
    args = parser.parse_args(argv)
    start = None
    if args.case is not None:
        from garantie._yaml import load_case_yaml

        start = load_case_yaml(args.case)
    interview = Interview(sys.stdin, sys.stdout, args.lang, args.today, case=start)
    interview.run()
    if args.save is not None and interview.case:
        interview.save(args.save)
    return 0
