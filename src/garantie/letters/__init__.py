"""Letters generated from a verdict: formal notices, withdrawal, reminders, referral to the mediator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from garantie.case import Case
from garantie.letters._context import KINDS, build_context
from garantie.letters._render import Block, html_page, parse_blocks, render_blocks
from garantie.parties import Parties, Party
from garantie.verdict import Language, Verdict

__all__ = ["KINDS", "Letter", "letter", "parties_of"]

_REGISTERED = {"fr": "Lettre recommandée avec accusé de réception",
               "en": "Registered letter with acknowledgement of receipt (lettre recommandée avec accusé de réception)"}
_SUBJECT = {"fr": "Objet : ", "en": "Subject: "}


@dataclass(frozen=True)
class Letter:
    """A letter ready to send: its parties, date and place, subject, body, and what it demands and cites."""

    kind: str
    lang: Language
    demand: str
    deadline: str
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    place_date: str
    registered: bool
    subject: str
    blocks: tuple[Block, ...]
    citations: tuple[str, ...]

    def text(self) -> str:
        """Plain text, the recipient block indented as on paper."""
        lines = [*self.sender, "", *("    " * 10 + line for line in self.recipient), "", self.place_date, ""]
        if self.registered:
            lines += [_REGISTERED[self.lang], ""]
        lines += [_SUBJECT[self.lang] + self.subject]
        previous = ""
        for block in self.blocks:
            if block.kind != "item" or previous != "item":
                lines.append("")  # a blank line between paragraphs, headings and lists
            lines.append(block.text.upper() if block.kind == "heading" else
                         ("  - " + block.text) if block.kind == "item" else block.text)
            previous = block.kind
        return "\n".join(lines).rstrip() + "\n"

    def markdown(self) -> str:
        lines = ["  \n".join(self.sender), "", "  \n".join(self.recipient), "", self.place_date, ""]
        if self.registered:
            lines += [f"*{_REGISTERED[self.lang]}*", ""]
        lines += [f"**{_SUBJECT[self.lang]}{self.subject}**"]
        previous = ""
        for block in self.blocks:
            if block.kind != "item" or previous != "item":
                lines.append("")
            lines.append(f"### {block.text}" if block.kind == "heading" else
                         f"- {block.text}" if block.kind == "item" else block.text)
            previous = block.kind
        return "\n".join(lines).rstrip() + "\n"

    def html(self) -> str:
        return html_page({"letter": self, "registered_words": _REGISTERED[self.lang],
                          "subject_words": _SUBJECT[self.lang]})

    def pdf(self) -> bytes:
        """A4 PDF for a window envelope (needs the ``garantie[pdf]`` extra and a DejaVu-type font)."""
        from garantie.letters._pdf import render_pdf

        return render_pdf(self)


def letter(verdict: Verdict, kind: str, lang: Language = "fr", parties: Parties | dict[str, Any] | None = None
           ) -> Letter:
    """The letter of ``kind`` for ``verdict``, built only from what the verdict settled and ``parties``.

    Raises :class:`~garantie.errors.LetterError` when the kind does not fit the verdict (it says why).
    """
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    found = parties if isinstance(parties, Parties) or parties is None else Parties.model_validate(parties)
    demand, context = build_context(verdict, kind, lang, found)
    blocks = render_blocks(kind, lang, context)
    place_date = (f"{context['place']}, le {context['today']}" if lang == "fr"
                  else f"{context['place']}, {context['today']}")
    return Letter(
        kind=kind, lang=lang, demand=demand.remedy, deadline=context["deadline"],
        sender=(context["consumer"]["name"], *context["consumer"]["address"].splitlines()),
        recipient=_recipient(kind, context), place_date=place_date, registered=blocks["registered"] == "yes",
        subject=blocks["subject"], blocks=parse_blocks(blocks["body"]),
        citations=tuple(article["label"] for article in context["articles"]))


def _recipient(kind: str, context: dict[str, Any]) -> tuple[str, ...]:
    who = context["mediator"] if kind == "mediation_referral" else (
        context["repairer"] if kind == "repairer_notice" else context["seller"])
    return (who["name"], *who["address"].splitlines())


def parties_of(case: Case) -> Parties:
    """The case's parties, with the buyer's and seller's names from the purchase where the parties omit them."""
    found = case.parties or Parties()
    names = {"consumer": case.purchase.buyer.name if case.purchase.buyer else None,
             "seller": case.purchase.seller.name if case.purchase.seller else None}
    update: dict[str, Party] = {}
    for role, name in names.items():
        party = getattr(found, role) or Party()
        if party.name is None and name:
            update[role] = party.model_copy(update={"name": name})
    return found.model_copy(update=update)
