"""Rendering a verdict as plain text, in French (authoritative) or English."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from garantie._text import format_value
from garantie.errors import GarantieError

if TYPE_CHECKING:
    from garantie.verdict import Language, Reason, Verdict

_WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Verdict au {as_of} — contrat conclu le {contract}",
        "overall": {"actionable": "Des droits peuvent être exercés.",
                    "not_actionable": "Aucune garantie examinée ne peut être exercée.",
                    "undetermined": "Impossible de conclure sans les réponses ci-dessous."},
        "glc": "Garantie légale de conformité",
        "status": {"applies": "s'applique", "does_not_apply": "ne s'applique pas",
                   "time_barred": "action prescrite, sauf interruption ou suspension", "undetermined": "indéterminée"},
        "basis_status": {"applies": "s'applique", "may_be_invoked": "peut être invoquée, sous réserve de preuve",
                         "does_not_apply": "ne s'applique pas",
                         "time_barred": "délai expiré", "undetermined": "indéterminé"},
        "no_rule": "aucune règle ne couvre cette situation",
        "liability_end": "Fin de la période de garantie",
        "base": "base", "suspension": "suspension", "days": "jours", "extension": "extension",
        "months": "mois", "renewed": "renouvelée le",
        "presumption_end": "Présomption d'antériorité jusqu'au",
        "burden": "Charge de la preuve de l'antériorité du défaut",
        "burden_values": {"seller": "le vendeur (il doit prouver que le défaut n'existait pas à la livraison)",
                          "consumer": "le consommateur (il doit prouver que le défaut existait à la livraison)"},
        "deadline": "Date limite pour agir",
        "reasons": "Motifs", "questions": "Questions à résoudre", "warnings": "Avertissements",
    },
    "en": {
        "title": "Verdict as of {as_of} — contract concluded on {contract}",
        "overall": {"actionable": "Rights can be exercised.",
                    "not_actionable": "None of the warranties examined can be exercised.",
                    "undetermined": "No conclusion is possible without the answers below."},
        "glc": "Legal conformity warranty (garantie légale de conformité)",
        "status": {"applies": "applies", "does_not_apply": "does not apply",
                   "time_barred": "time-barred unless interrupted or suspended", "undetermined": "undetermined"},
        "basis_status": {"applies": "applies", "may_be_invoked": "may be invoked, subject to proof",
                         "does_not_apply": "does not apply",
                         "time_barred": "time limit passed", "undetermined": "undetermined"},
        "no_rule": "no rule covers this situation",
        "liability_end": "End of the liability period",
        "base": "base", "suspension": "suspension", "days": "days", "extension": "extension",
        "months": "months", "renewed": "renewed on",
        "presumption_end": "Presumption that the defect existed at delivery until",
        "burden": "Burden of proving the defect existed at delivery",
        "burden_values": {"seller": "the seller (it must prove the defect did not exist at delivery)",
                          "consumer": "the consumer (they must prove the defect existed at delivery)"},
        "deadline": "Deadline to act",
        "reasons": "Reasons", "questions": "Open questions", "warnings": "Warnings",
    },
}


def render(verdict: Verdict, lang: Language) -> str:
    if lang not in _WORDS:
        raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
    w = _WORDS[lang]
    glc = verdict.legal_conformity
    lines = [str(w["title"]).format(as_of=format_value(verdict.as_of, lang),
                                    contract=format_value(verdict.contract_date, lang)),
             w["overall"][verdict.status], ""]
    status = w["status"][glc.status]
    if glc.undetermined_reason == "no_rule_applies":
        status += f" ({w['no_rule']})"
    lines.append(f"{w['glc']} : {status}" if lang == "fr" else f"{w['glc']}: {status}")
    period = glc.liability
    # Details of a warranty that does not apply would only mislead; the reasons say why it does not.
    details = glc.status != "does_not_apply"
    if period.end is not None and details:
        parts = [f"{w['base']} {format_value(period.base_end, lang)}"]
        if period.suspension_days:
            parts.append(f"{w['suspension']} +{period.suspension_days} {w['days']}")
        if period.extension_months:
            parts.append(f"{w['extension']} +{period.extension_months} {w['months']}")
        if period.renewed_on:
            parts.append(f"{w['renewed']} {format_value(period.renewed_on, lang)}")
        lines.append(f"  - {w['liability_end']} : {format_value(period.end, lang)} ({', '.join(parts)})")
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
            cited = "; ".join(c.label for c in reason.citations)
            lines.append(f"  {number}. {reason.text(lang)} [{cited}]")
    questions = {q.path: q for q in verdict.questions}
    for basis in verdict.bases:  # each basis asks its own; show each question once
        questions.update({q.path: q for q in basis.questions if q.path not in questions})
    if questions:
        lines += ["", f"{w['questions']} :" if lang == "fr" else f"{w['questions']}:"]
        lines += [f"  - {q.fr if lang == 'fr' else q.en} ({q.path})" for q in questions.values()]
    if verdict.warnings:
        lines += ["", f"{w['warnings']} :" if lang == "fr" else f"{w['warnings']}:"]
        lines += [f"  - {x.fr if lang == 'fr' else x.en}" for x in verdict.warnings]
    text = "\n".join(lines) + "\n"
    return text if lang == "fr" else text.replace(" : ", ": ")


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
    return str(value)


def _sections(verdict: Verdict, lang: Language) -> list[str]:
    """Remedies, other bases, the comparison and side answers, each with its dates."""
    lines: list[str] = []
    if verdict.remedies and verdict.legal_conformity.status != "does_not_apply":
        lines += ["", "Ce que vous pouvez demander :" if lang == "fr" else "What you can demand:"]
        for remedy in verdict.remedies:
            key = f"remedy.{remedy.remedy}.status"
            lines.append(f"  - {_label(key, lang)} : {_label(key, lang, remedy.status)}")
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
        lines += ["", f"{_label(prefix + '.status', lang)} : {status}"]
        for name, day in basis.dates.items() if basis.status != "does_not_apply" else ():
            lines.append(f"  - {_label(f'{prefix}.{name}', lang)} : {format_value(day, lang)}")
    lines += _headline(verdict.strongest, lang, "Voie la plus solide : ", "Strongest route: ")
    for topic in verdict.topics:
        if topic.reasons:
            lines += [""] + [f"  * {r.text(lang)}" for r in topic.reasons]
    return lines


def _prefixes() -> dict[str, str]:
    from garantie._evaluate import BASES

    return BASES


def _headline(reason: Reason | None, lang: Language, fr: str, en: str) -> list[str]:
    """A blank line and one labelled sentence, or nothing when the verdict has no such reason."""
    return [] if reason is None else ["", (fr if lang == "fr" else en) + reason.text(lang)]
