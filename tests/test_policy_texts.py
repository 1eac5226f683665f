"""Realistic policies (a marketplace, a small online shop, an electronics chain, two lawful ones), bad input,
the report model and the ``garantie policy`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import garantie
from garantie.__main__ import main
from garantie.policy import MAX_CHARACTERS, PolicyInputError, PolicyReport, check_policy

POLICIES = Path(__file__).parent / "policies"


def _findings(name: str, date: str) -> list[tuple[str, str | None]]:
    text = (POLICIES / name).read_text(encoding="utf-8")
    report = check_policy(text, contract_date=date)
    for finding in report.findings:
        if finding.clause is not None:  # offsets slice the input to the quoted clause
            assert text[finding.clause.start:finding.clause.end] == finding.clause.text
    return [(f.rule_id, f.clause.text if f.clause else None) for f in report.findings]


def test_marketplace_2024() -> None:
    assert _findings("marketplace_2024.txt", "2024-05-02") == [
        ("policy.remedy.seller_chooses",
         "Le vendeur partenaire choisit entre la réparation et le remplacement du produit."),
        ("policy.manufacturer.only", "Pour toute panne, le client doit s'adresser directement au fabricant."),
        ("policy.payment_dispute.no_aftersales",
         "Tout client ayant ouvert un litige PayPal perd le bénéfice du service après-vente."),
        ("policy.unfair.original_receipt_only", "Aucune réclamation ne sera traitée sans la facture originale."),
        ("policy.refund.voucher_only",
         "Les remboursements accordés par le vendeur sont effectués uniquement sous forme d'avoir."),
        ("policy.mention.legal_warranty_box", None),
    ]


def test_small_shop_2019() -> None:
    assert _findings("small_shop_2019.txt", "2019-06-01") == [
        ("policy.duration.short_without_legal", "Tous nos articles sont garantis 90 jours."),
        ("policy.notice.short_deadline",
         "Tout défaut doit être signalé sous 48 heures, faute de quoi la garantie ne s'applique plus."),
        ("policy.costs.return_charged", "Les frais de retour d'un article en panne restent à la charge du client."),
        ("policy.conditions.packaging_or_registration",
         "Tout retour sous garantie doit être fait dans l'emballage d'origine, faute de quoi il sera refusé."),
        ("policy.articles.renumbered_l211", "Conformément aux articles L. 211-4 et suivants du code de la "
         "consommation, le vendeur livre un bien conforme au contrat."),
        ("policy.mention.mediator", None),  # no box before 1 October 2022: only the mediator is checked
    ]


def test_electronics_chain_2023() -> None:
    assert _findings("electronics_chain_2023.txt", "2023-11-20") == [
        ("policy.commercial.replaces_legal", "La garantie constructeur d'un an remplace la garantie légale."),
        ("policy.void.opening_or_third_party", "Toute ouverture du produit entraîne l'annulation de la garantie."),
        ("policy.replacement.never_used_only",
         "L'échange n'est possible que pour un produit défectueux à la livraison ;"),
        ("policy.repair.imposed_after_use", "au-delà, tout produit utilisé sera uniquement réparé."),
        ("policy.articles.rewritten_2022", "Article L217-12 : l'action résultant du défaut de conformité se "
         "prescrit par deux ans à compter de la délivrance du bien."),
        ("policy.unfair.seller_alone_decides_conformity", "Le diagnostic de nos techniciens sur la panne fait foi."),
        ("policy.mention.legal_warranty_box", None),
    ]


@pytest.mark.parametrize(("name", "date"), [("lawful_2024.txt", "2024-02-01"), ("lawful_2019.txt", "2019-02-01")])
def test_lawful_policies_give_no_finding(name: str, date: str) -> None:
    assert _findings(name, date) == []
    report = check_policy((POLICIES / name).read_text(encoding="utf-8"), contract_date=date)
    assert report.mentions and all(m.found for m in report.mentions)


def test_article_versions_follow_the_contract_date() -> None:
    text = "Le vendeur choisit entre la réparation et le remplacement."
    old = check_policy(text, contract_date="2019-03-01").findings[0]
    new = check_policy(text, contract_date="2023-03-01").findings[0]
    assert [c.id for c in old.citations] == ["cconso.L217-9.2016"]
    assert [c.id for c in new.citations] == ["cconso.L217-9.2021", "cconso.L217-12.2021"]
    assert new.citations[0].legifrance_id == "LEGIARTI000044152553"


def test_rules_in_force_by_period() -> None:
    text = "Article L217-12 : l'action se prescrit par deux ans à compter de la délivrance du bien."
    assert [f.rule_id for f in check_policy(text, contract_date="2021-12-31").findings if f.clause] == []
    assert [f.rule_id for f in check_policy(text, contract_date="2022-01-01").findings if f.clause] == [
        "policy.articles.rewritten_2022"]
    box = [m.rule_id for m in check_policy(text, contract_date="2022-09-30").mentions]
    assert "policy.mention.legal_warranty_box" not in box  # decree 2022-946: from 1 October 2022
    assert "policy.mention.legal_warranty_box" in [m.rule_id for m in check_policy(text, contract_date="2022-10-01")
                                                   .mentions]
    early = check_policy(text, contract_date="2015-01-01")
    assert early.findings == () and early.mentions == () and early.warnings


def test_report_explains_in_french_with_articles_and_rewordings() -> None:
    text = (POLICIES / "marketplace_2024.txt").read_text(encoding="utf-8")
    french = check_policy(text, contract_date="2024-05-02").explain()
    assert "« Le vendeur partenaire choisit entre la réparation et le remplacement du produit. »" in french
    assert "Code de la consommation, art. L217-9" in french and "Formulation licite : " in french
    assert "Clause illicite" in french and "Mention obligatoire absente" in french
    english = check_policy(text, contract_date="2024-05-02", lang="en").explain()
    assert english.startswith("Check of the seller's terms") and "Lawful wording: " in english


def test_report_round_trips_and_has_a_schema() -> None:
    report = check_policy((POLICIES / "small_shop_2019.txt").read_text(encoding="utf-8"), contract_date="2019-06-01")
    assert PolicyReport.model_validate_json(report.model_dump_json()) == report
    schema = json.dumps(PolicyReport.model_json_schema())
    for word in ("missing_information", "rewording", "citations", "mentions"):
        assert word in schema


# ---------------------------------------------------------------------- bad input

@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01binary", "…!?"])
def test_unreadable_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(PolicyInputError):
        check_policy(text, contract_date="2024-01-01")
    assert issubclass(PolicyInputError, garantie.GarantieError)


def test_oversized_text_and_bad_date_are_clear_errors() -> None:
    with pytest.raises(PolicyInputError, match="at most 1,000,000"):
        check_policy("a" * (MAX_CHARACTERS + 1), contract_date="2024-01-01")
    with pytest.raises(PolicyInputError, match="contract_date"):
        check_policy("Garantie : 1 an.", contract_date="hier")


def test_cli_prints_french_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", str(POLICIES / "small_shop_2019.txt"), "--date", "2019-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Clause illicite" in out and "art. L217-11" in out and "Formulation licite" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", str(POLICIES / "lawful_2024.txt"), "--date", "2024-02-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Garantie \xe9 1 an", "not UTF-8"),
    (b"Garantie : 1 an. " * 600_000, "bytes"),  # about 10 MB
])
def test_cli_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(content)
    assert main(["policy", str(path), "--date", "2024-01-01"]) == 3  # an unreadable policy text is bad input (exit 3), not a usage error
    assert message in capsys.readouterr().err


def test_cli_without_date_says_which_date_it_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.txt"
    path.write_text("Garantie : 1 an.", encoding="utf-8")
    assert main(["policy", str(path)]) == 0
    assert "date du contrat non indiquée" in capsys.readouterr().err


# ---------------------------------------------------------------------- within a verdict

def _case(seller: str, policy: str | None) -> dict[str, object]:
    return {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "channel": "distance",
                         "sale_mode": "ordinary", "seller": {"kind": seller, "country": "FR"},
                         "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"},
                         "seller_policy_text": policy},
            "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary",
                       "cause": "unknown", "accepted_deviation": False},
            "as_of": "2024-10-01"}


def test_verdict_topic_only_when_the_clause_matters() -> None:
    clause = "Le vendeur choisit librement entre la réparation et le remplacement."
    with_policy = garantie.evaluate(_case("professional", clause))
    assert [t.topic for t in with_policy.topics][-1] == "seller_policy"
    assert f"« {clause} »" in with_policy.explain("fr")
    # a private seller owes no legal conformity warranty: the clause does not matter for this case
    private = garantie.evaluate(_case("private", clause))
    assert "seller_policy" not in [t.topic for t in private.topics]
    # no policy, or a lawful one: no topic, and the verdict is the one without the policy
    plain = garantie.evaluate(_case("professional", None))
    lawful = garantie.evaluate(_case("professional", "Le consommateur choisit entre la réparation et le remplacement."))
    assert lawful == plain
    # a missing mention (here the mediator) is the seller's duty, not a right of the consumer: not shown
    assert all(r.rule_id.startswith("policy.") and "mention" not in r.rule_id
               for t in with_policy.topics if t.topic == "seller_policy" for r in t.reasons)


def test_english_policy_bonus() -> None:
    text = ("Returns and warranty. The seller chooses between repair and replacement. "
            "Shipping costs for warranty repairs are at your expense. Opening a PayPal dispute will void your warranty.")
    found = [(f.rule_id, f.clause.text if f.clause else None) for f in check_policy(text, contract_date="2024-01-01")
             .findings]
    assert found[:3] == [
        ("policy.remedy.seller_chooses", "The seller chooses between repair and replacement."),
        ("policy.costs.return_charged", "Shipping costs for warranty repairs are at your expense."),
        ("policy.payment_dispute.no_aftersales", "Opening a PayPal dispute will void your warranty."),
    ]


def test_unreadable_policy_in_a_case_is_an_input_error() -> None:
    with pytest.raises(garantie.InputError) as error:
        garantie.evaluate(_case("professional", "… !"))
    assert error.value.paths == ["purchase.seller_policy_text"]
    assert garantie.evaluate(_case("professional", "   ")) == garantie.evaluate(_case("professional", None))


# Sentences heard in after-sales terms, one per policy: lawful ones give no clause finding (false positives),
# unlawful rephrasings of the issue's clauses are caught (recall beyond the patterns' own examples).
LAWFUL_SENTENCES = [
    'Le vendeur est tenu des défauts de conformité du bien dans les conditions des articles L217-3 et suivants du code de la consommation.',
    "Le consommateur peut choisir entre la réparation et le remplacement du bien, sous réserve des conditions de coût prévues par l'article L217-12.",
    'Le vendeur peut refuser la mise en conformité si elle est impossible ou entraîne des coûts disproportionnés.',
    'La garantie commerciale ne fait pas obstacle à la garantie légale.',
    'En cas de remboursement, celui-ci est effectué par le même moyen de paiement que celui utilisé pour la commande.',
    'Un avoir peut vous être proposé ; vous restez libre de demander le remboursement.',
    "Les frais d'expédition du produit défectueux sont remboursés sur présentation du justificatif.",
    'Le vendeur répond des défauts de conformité existant lors de la délivrance.',
    "Tout bien réparé dans le cadre de la garantie légale de conformité bénéficie d'une extension de cette garantie de six mois.",
    'Si le vendeur ne répare pas le bien dans un délai de trente jours, le consommateur peut demander le remplacement.',
    'La garantie ne couvre pas les dommages causés par une chute ou un choc.',
    'Nous ne sommes pas responsables des retards imputables au transporteur en cas de force majeure.',
    'Les échanges de produits non défectueux sont acceptés sous 30 jours sur présentation du ticket de caisse.',
    "Pour un échange de taille, le produit doit être non porté et dans son emballage d'origine.",
    "Les frais de retour en cas de changement d'avis sont à la charge du client.",
    'Le fabricant offre une garantie commerciale de 2 ans en plus de la garantie légale.',
    'Pour une panne, vous pouvez aussi contacter directement le fabricant.',
    'Le vendeur est seul responsable de la bonne exécution du contrat.',
    'La réparation des produits utilisés est effectuée sous trente jours.',
    'Le délai de livraison est de 3 jours ; au-delà, vous pouvez annuler sans frais.',
    "Les bons d'achat ne sont ni remboursables ni échangeables.",
    'Nos cartes cadeaux sont valables un an.',
    'Les réclamations relatives à la livraison doivent être formulées dans un délai de 3 jours auprès du transporteur.',
    'Les batteries sont garanties 2 ans au titre de la garantie légale.',
]
UNLAWFUL_SENTENCES = [
    ('policy.remedy.seller_chooses', "Le mode de réparation ou d'échange est laissé à l'appréciation du vendeur."),
    ('policy.remedy.seller_chooses', "Nous nous réservons le choix entre la réparation et l'échange du produit."),
    ('policy.replacement.never_used_only', "Seuls les produits n'ayant jamais été utilisés peuvent être échangés."),
    ('policy.repair.imposed_after_use', 'Les produits utilisés sont exclusivement réparés.'),
    ('policy.refund.voucher_only', "Tout remboursement sera effectué sous forme de bon d'achat."),
    ('policy.duration.short_without_legal', "La garantie est d'un an à compter de l'achat."),
    ('policy.duration.short_without_legal', 'Garantie 6 mois.'),
    ('policy.payment_dispute.no_aftersales', 'Le client qui conteste un paiement auprès de sa banque ne pourra plus bénéficier de notre garantie.'),
    ('policy.costs.return_charged', 'Les frais de transport aller et retour vers notre atelier sont à la charge du client.'),
    ('policy.manufacturer.only', 'Le SAV est assuré par le constructeur : adressez-vous directement à lui.'),
    ('policy.void.opening_or_third_party', 'La garantie est annulée si le produit a été ouvert.'),
    ('policy.conditions.packaging_or_registration', "Le produit doit être renvoyé dans son emballage d'origine, sans quoi la garantie ne s'appliquera pas."),
    ('policy.commercial.replaces_legal', 'Cette garantie constructeur remplace toute garantie légale.'),
    ('policy.refund.voucher_only', 'Aucun remboursement ne sera effectué : seul un avoir est possible.'),
    ('policy.articles.renumbered_l211', 'Voir les articles L211-4 à L211-13 du code de la consommation sur la garantie de conformité.'),
    ('policy.unfair.seller_alone_decides_conformity', 'Le vendeur décide seul si le défaut est couvert par la garantie.'),
    ('policy.notice.short_deadline', 'Aucune réclamation ne sera acceptée au-delà de 8 jours après la livraison pour un défaut.'),
]


@pytest.mark.parametrize("sentence", LAWFUL_SENTENCES)
def test_lawful_sentence_gives_no_clause_finding(sentence: str) -> None:
    assert [f.rule_id for f in check_policy(sentence, contract_date="2024-05-01").findings if f.clause] == []


@pytest.mark.parametrize(("rule_id", "sentence"), UNLAWFUL_SENTENCES)
def test_unlawful_rephrasing_is_caught(rule_id: str, sentence: str) -> None:
    assert [f.rule_id for f in check_policy(sentence, contract_date="2024-05-01").findings if f.clause] == [rule_id]
