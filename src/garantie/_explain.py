"""Rendering a verdict as plain text, in French (authoritative) or English."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from garantie._text import count, format_value
from garantie.errors import GarantieError

if TYPE_CHECKING:
    from garantie.verdict import Assumption, CitationRef, Language, Reason, Verdict

_WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Verdict au {as_of} — contrat conclu le {contract}",
        "overall": {"actionable": "Des droits peuvent être exercés.",
                    "not_actionable": "Aucune garantie examinée ne peut être exercée.",
                    "undetermined": "Impossible de conclure sans les réponses ci-dessous.",
                    "undetermined_unanswerable": "Impossible de conclure avec certitude : aucune réponse ne suffit "
                                                 "ici, voyez les motifs et les avertissements."},
        "no_defect": "Aucun défaut du bien n'est signalé : les garanties contre les défauts ne seront examinées "
                     "que si vous en signalez un.",
        "glc": "Garantie légale de conformité",
        # Status words agree with any heading (masculine or feminine): verbs and neutral phrases only.
        "status": {"applies": "s'applique", "does_not_apply": "ne s'applique pas",
                   "time_barred": "action prescrite, sauf interruption ou suspension", "undetermined": "à déterminer"},
        "basis_status": {"applies": "s'applique", "may_be_invoked": "peut être invoquée, sous réserve de preuve",
                         "does_not_apply": "ne s'applique pas",
                         "time_barred": "délai expiré", "undetermined": "à déterminer",
                         "closed_either_way": "hors champ ou délai expiré, dans tous les cas"},
        "tentative": " (probablement, à confirmer)",
        "unless_proven": ", sauf preuve contraire du vendeur (voir les hypothèses)",
        "unless_proven_repairer": ", sauf preuve contraire du réparateur (voir les hypothèses)",
        "assumptions": "Hypothèses retenues faute de preuve contraire",
        "to_confirm": "(répartition de la preuve à confirmer)",
        "question": "Question",
        "no_rule": "aucune règle ne couvre cette situation",
        "liability_end": "Fin de la période de garantie",
        "base": "base", "suspension": "suspension", "extension": "extension", "renewed": "renouvelée le",
        "at_least": "au moins jusqu'au {date}", "so_far": "à ce jour",
        "presumption_end": "Présomption d'antériorité jusqu'au",
        "burden": "Charge de la preuve de l'antériorité du défaut",
        "burden_values": {"seller": "le vendeur (il doit prouver que le défaut n'existait pas à la livraison)",
                          "consumer": "le consommateur (il doit prouver que le défaut existait à la livraison)"},
        "deadline": "Date limite pour agir",
        "reasons": "Motifs", "questions": "Questions à résoudre", "warnings": "Avertissements",
        "ask_now": "Questions à poser maintenant, dans cet ordre", "other_questions": "Autres questions à résoudre",
        "answers": "Réponses possibles", "can_change": "Peut changer",
        "answer_kinds": {"bool": "oui ou non", "date": "une date", "int": "un nombre entier",
                         "money": "un montant en euros"},
        "next_steps": "Prochaines étapes",
        # Neutral words: they follow step titles of either gender.
        "step_status": {"done": "c'est fait", "due_now": "à faire maintenant", "open": "possible",
                        "not_yet": "pas encore", "closed": "n'est plus possible", "not_applicable": "sans objet",
                        "undetermined": "à déterminer"},
        "done_on": "le {date}", "opens_on": "à partir du {date}", "last_day": "au plus tard le {date}",
        "notice_until": "délai à donner jusqu'au {date}",
    },
    "en": {
        "title": "Verdict as of {as_of} — contract concluded on {contract}",
        "overall": {"actionable": "Rights can be exercised.",
                    "not_actionable": "None of the warranties examined can be exercised.",
                    "undetermined": "No conclusion is possible without the answers below.",
                    "undetermined_unanswerable": "No firm conclusion is possible: no answer settles it here; see "
                                                 "the reasons and warnings."},
        "no_defect": "No defect in the goods is reported: the warranties against defects will only be examined "
                     "once you report one.",
        "glc": "Legal conformity warranty (garantie légale de conformité)",
        "status": {"applies": "applies", "does_not_apply": "does not apply",
                   "time_barred": "time-barred unless interrupted or suspended", "undetermined": "undetermined"},
        "basis_status": {"applies": "applies", "may_be_invoked": "may be invoked, subject to proof",
                         "does_not_apply": "does not apply",
                         "time_barred": "time limit passed", "undetermined": "undetermined",
                         "closed_either_way": "out of scope or time limit passed, either way"},
        "tentative": " (probably; to be confirmed)",
        "unless_proven": ", unless the seller proves otherwise (see the assumptions)",
        "unless_proven_repairer": ", unless the repairer proves otherwise (see the assumptions)",
        "assumptions": "Assumed absent proof to the contrary",
        "to_confirm": "(who bears this proof is to be confirmed)",
        "question": "Question",
        "no_rule": "no rule covers this situation",
        "liability_end": "End of the liability period",
        "base": "base", "suspension": "suspension", "extension": "extension", "renewed": "renewed on",
        "at_least": "at least until {date}", "so_far": "so far",
        "presumption_end": "Presumption that the defect existed at delivery until",
        "burden": "Burden of proving the defect existed at delivery",
        "burden_values": {"seller": "the seller (it must prove the defect did not exist at delivery)",
                          "consumer": "the consumer (they must prove the defect existed at delivery)"},
        "deadline": "Deadline to act",
        "reasons": "Reasons", "questions": "Open questions", "warnings": "Warnings",
        "ask_now": "Questions to ask now, in this order", "other_questions": "Other open questions",
        "answers": "Possible answers", "can_change": "Can change",
        "answer_kinds": {"bool": "yes or no", "date": "a date", "int": "a whole number", "money": "an amount in euros"},
        "next_steps": "Next steps",
        "step_status": {"done": "done", "due_now": "to do now", "open": "possible", "not_yet": "not yet",
                        "closed": "no longer possible", "not_applicable": "not applicable",
                        "undetermined": "undetermined"},
        "done_on": "on {date}", "opens_on": "from {date}", "last_day": "by {date} at the latest",
        "notice_until": "time to give until {date}",
    },
}


def _overall(verdict: Verdict) -> str:
    """The heading key: an undetermined verdict with no question to ask must not promise answers below."""
    asked = verdict.questions or any(basis.questions for basis in verdict.bases)
    return "undetermined_unanswerable" if verdict.status == "undetermined" and not asked else verdict.status


def render(verdict: Verdict, lang: Language) -> str:
    if lang not in _WORDS:
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    w = _WORDS[lang]
    glc = verdict.legal_conformity
    lines = [str(w["title"]).format(as_of=format_value(verdict.as_of, lang),
                                    contract=format_value(verdict.contract_date, lang)),
             w["overall"][_overall(verdict)]]
    if not verdict.defect_reported:
        lines.append(w["no_defect"])
    lines.append("")
    status = w["status"][glc.status] + _hedge(verdict, "glc.status", glc.status_confidence, lang, glc.status)
    if glc.undetermined_reason == "no_rule_applies":
        status += f" ({w['no_rule']})"
    lines.append(f"{w['glc']} : {status}" if lang == "fr" else f"{w['glc']}: {status}")
    period = glc.liability
    # Details of a warranty that does not apply would only mislead; the reasons say why it does not.
    details = glc.status != "does_not_apply"
    if period.end is not None and details:
        parts = [f"{w['base']} {format_value(period.base_end, lang)}"]
        if period.suspension_days:
            so_far = f" {w['so_far']}" if period.end_moving else ""
            parts.append(f"{w['suspension']} +{count(period.suspension_days, 'day', lang)}{so_far}")
        if period.extension_months:
            parts.append(f"{w['extension']} +{count(period.extension_months, 'month', lang)}")
        if period.renewed_on:
            parts.append(f"{w['renewed']} {format_value(period.renewed_on, lang)}")
        end = format_value(period.end, lang)
        if period.end_moving:  # a running suspension pushes the end back every day (L217-28)
            end = w["at_least"].format(date=end)
        lines.append(f"  - {w['liability_end']} : {end} ({', '.join(parts)})")
    if glc.presumption_end is not None and details:
        lines.append(f"  - {w['presumption_end']} : {format_value(glc.presumption_end, lang)}")
    if glc.burden_of_proof is not None and details:
        lines.append(f"  - {w['burden']} : {w['burden_values'][glc.burden_of_proof]}")
    if glc.action_deadline is not None and details:
        lines.append(f"  - {w['deadline']} : {format_value(glc.action_deadline, lang)}")
    lines += _sections(verdict, lang)
    shown = [reason for reason in verdict.reasons if not reason.moot]
    if shown:
        lines += ["", f"{w['reasons']} :" if lang == "fr" else f"{w['reasons']}:"]
        for number, reason in enumerate(shown, 1):
            cited = "; ".join(_cited(c, lang) for c in reason.citations)
            lines.append(f"  {number}. {reason.text(lang)} [{cited}]")
    lines += _assumptions(verdict.assumptions, lang)
    lines += _questions(verdict, lang)
    if verdict.warnings:
        lines += ["", f"{w['warnings']} :" if lang == "fr" else f"{w['warnings']}:"]
        lines += [f"  - {x.fr if lang == 'fr' else x.en}" for x in verdict.warnings]
    text = "\n".join(lines) + "\n"
    return text if lang == "fr" else text.replace(" : ", ": ")


def _questions(verdict: Verdict, lang: Language) -> list[str]:
    """The questions as next_questions() asks them: those to ask now, best first (to_ask's order), each with
    its labelled answers and what it can change; then every other open question (waiting for one of those, or
    one a form cannot ask). No probing here: explain() stays as cheap as the verdict."""
    w = _WORDS[lang]
    now = list(verdict.to_ask)
    first = {q.path for q in now}
    rest = {q.path: q for q in verdict.questions if q.path not in first}
    for basis in verdict.bases:  # each basis asks its own; show each question once
        rest.update({q.path: q for q in basis.questions if q.path not in rest and q.path not in first})
    lines: list[str] = []
    if now:
        colon = " :" if lang == "fr" else ":"
        lines += ["", f"{w['ask_now']}{colon}"]
        for number, q in enumerate(now, 1):
            lines.append(f"  {number}. {q.fr if lang == 'fr' else q.en} ({q.path})")
            if q.type == "enum" and q.choices:
                sep = " ; " if lang == "fr" else "; "
                lines.append(f"      {w['answers']} : " + sep.join(c.fr if lang == "fr" else c.en for c in q.choices))
            elif q.type in w["answer_kinds"]:
                lines.append(f"      {w['answers']} : {w['answer_kinds'][q.type]}")
            reason = q.required_for_fr if lang == "fr" else q.required_for_en
            if reason:
                lines.append(f"      {w['can_change']} : {reason}")
    if rest:
        lines += ["", f"{w['questions'] if not now else w['other_questions']}" + (" :" if lang == "fr" else ":")]
        lines += [f"  - {q.fr if lang == 'fr' else q.en} ({q.path})" for q in rest.values()]
    return lines


def _label(key: str, lang: str, value: object = None) -> str:
    """The rule set's words for a conclusion (or one of its values); the raw name if unknown."""
    from garantie.ruleset import load_rules

    try:
        doc = load_rules().conclusions.get(key)
    except GarantieError:
        doc = None
    if doc is None:
        return str(value if value is not None else key)
    if value is None:
        return str(getattr(doc.label, lang))
    if doc.value_labels and str(value) in doc.value_labels:
        return str(getattr(doc.value_labels[str(value)], lang))
    # A status no rule concludes (undetermined) has no value label: the generic, neutral words.
    return str(_WORDS[lang]["basis_status"].get(str(value), value))


def _hedge(verdict: Verdict, key: str, confidence: str | None, lang: Language, status: str = "applies") -> str:
    """What a heading must add so it never sounds more settled than the law behind it: "probably" when an
    unverified rule decides the status, "unless the seller proves otherwise" when an assumption opens it."""
    out = _WORDS[lang]["tentative"] if confidence == "unverified" else ""
    if status == "applies" and any(key in a.question.needed_for for a in verdict.assumptions):
        # In a paid repair the professional who must prove is the repairer, not the seller.
        out += _WORDS[lang]["unless_proven_repairer" if key.startswith("repair_service.") else "unless_proven"]
    return str(out)


def _assumptions(assumptions: tuple[Assumption, ...], lang: Language) -> list[str]:
    """Each fact held absent the seller's proof, and the question that would replace it by a fact."""
    if not assumptions:
        return []
    w = _WORDS[lang]
    lines = ["", f"{w['assumptions']} :" if lang == "fr" else f"{w['assumptions']}:"]
    for a in assumptions:
        doubt = f" {w['to_confirm']}" if a.confidence == "unverified" else ""
        lines.append(f"  - {a.text(lang)}{doubt}")
        lines.append(f"      {w['question']} : {a.question.fr if lang == 'fr' else a.question.en} ({a.path})")
    return lines


def _sections(verdict: Verdict, lang: Language) -> list[str]:
    """Remedies, other bases, the comparison and side answers, each with its dates."""
    lines: list[str] = []
    # Without a defect there is nothing to demand: the remedies would all read "to be determined".
    if verdict.remedies and verdict.legal_conformity.status != "does_not_apply" and verdict.defect_reported:
        lines += ["", "Ce que vous pouvez demander :" if lang == "fr" else "What you can demand:"]
        for remedy in verdict.remedies:
            key = f"remedy.{remedy.remedy}.status"
            hedge = _hedge(verdict, key, remedy.status_confidence, lang, status="")  # the warranty's heading says it
            lines.append(f"  - {_label(key, lang)} : {_label(key, lang, remedy.status)}{hedge}")
            # why, with the case's dates: the reasons that settled this status
            lines += [f"      {r.text(lang)}"
                      for r in remedy.reasons if r.conclusion == key]
            for name, day in remedy.dates.items():
                lines.append(f"      {_label(f'remedy.{remedy.remedy}.{name}', lang)} : {format_value(day, lang)}")
    lines += _headline(verdict.recommended, lang, "Prochaine étape recommandée : ", "Recommended next step: ")
    for basis in verdict.bases:
        prefix = next((p for p in _prefixes() if basis.basis == _prefixes()[p]), basis.basis)
        status = _label(prefix + ".status", lang, basis.status) if basis.status != "undetermined" else None
        if status is None or status == basis.status:  # no value label declared: generic words
            status = (_WORDS[lang]["basis_status"].get(basis.status, basis.status))
        if basis.status == "undetermined" and basis.could_be and not {"applies", "may_be_invoked"} & set(
                basis.could_be):  # every answer leaves it closed: say so rather than "to be determined"
            status = str(_WORDS[lang]["basis_status"]["closed_either_way"])
        hedge = _hedge(verdict, prefix + ".status", basis.status_confidence, lang, basis.status)
        lines += ["", f"{_label(prefix + '.status', lang)} : {status}{hedge}"]
        for name, day in basis.dates.items() if basis.status != "does_not_apply" else ():
            shown = format_value(day, lang)
            if name == "end" and basis.facts.get("end_moving") is True:  # a running suspension (L217-28)
                shown = str(_WORDS[lang]["at_least"]).format(date=shown)
            lines.append(f"  - {_label(f'{prefix}.{name}', lang)} : {shown}")
        lines += [f"  - {either.text(lang)}" for either in verdict.either_way
                  if either.conclusion.startswith(prefix + ".")]  # the same right whichever value holds
    lines += _headline(verdict.strongest, lang, "Voie la plus solide : ", "Strongest route: ")
    lines += _next_steps(verdict, lang)
    for topic in verdict.topics:
        if topic.reasons:
            lines += [""] + [f"  * {r.text(lang)}" for r in topic.reasons]
    return lines


def _next_steps(verdict: Verdict, lang: Language) -> list[str]:
    """The escalation path, one numbered step a line with its status and dates, then why."""
    if all(step.status == "not_applicable" for step in verdict.next_steps):
        return []  # nothing to escalate: each step would only say so
    w = _WORDS[lang]
    lines = ["", f"{w['next_steps']} :" if lang == "fr" else f"{w['next_steps']}:"]
    for number, step in enumerate(verdict.next_steps, 1):
        when = [w[name].format(date=format_value(day, lang)) for name, day in (
            ("done_on", step.done_on), ("opens_on", step.opens_on if step.status == "not_yet" else None),
            ("last_day", step.last_day if step.status in ("due_now", "open") else None),
            ("notice_until", step.dates.get("deadline") if step.status in ("due_now", "open") else None))
            if day is not None]
        suffix = f" ({', '.join(when)})" if when else ""
        lines.append(f"  {number}. {step.title[lang]} : {w['step_status'][step.status]}{suffix}")
        if step.text(lang):
            lines.append(f"      {step.text(lang)}")
    return lines


def _prefixes() -> dict[str, str]:
    from garantie._layout import BASES

    return BASES


def _headline(reason: Reason | None, lang: Language, fr: str, en: str) -> list[str]:
    """A blank line and one labelled sentence, or nothing when the verdict has no such reason; its label says
    "probably" when the sentence rests on an unverified rule."""
    if reason is None:
        return []
    label = fr if lang == "fr" else en
    if reason.grounds_confidence == "unverified":
        name, colon = label.rstrip(" :"), label[len(label.rstrip(" :")):]
        label = name + _WORDS[lang]["tentative"] + colon
    return ["", label + reason.text(lang)]


def _cited(citation: CitationRef, lang: str) -> str:
    """A citation's label; a company's contract terms say so, so they never read as law."""
    if citation.kind != "contract_terms":
        return citation.label
    return citation.label + (" — clause contractuelle, pas une règle de droit" if lang == "fr"
                             else " — contract terms, not law")
