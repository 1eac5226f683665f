"""Issue 13: explain() shows the questions as next_questions() orders them — those to ask now first, with their
wording, labelled answers and what they can change — then the other open questions."""

from __future__ import annotations

import garantie

RULES = garantie.load_rules()
CASE = {"purchase": {"contract_date": "2024-03-10"}, "defect": {}, "as_of": "2024-11-20"}


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_questions_to_ask_now_come_first_in_next_questions_order_then_the_rest() -> None:
    verdict = garantie.evaluate(CASE, rules=RULES)
    fr = verdict.explain("fr")
    now = _section(fr, "Questions à poser maintenant, dans cet ordre :")
    numbered = [line for line in now if line[2:3].isdigit()]
    asked = [line.rsplit("(", 1)[1].rstrip(")") for line in numbered]
    assert asked == [q.path for q in verdict.to_ask]
    first = [q.path for q in verdict.next_questions()]
    assert asked[:len(first)] == first  # next_questions keeps to_ask's order
    assert numbered[0] == "  1. Le bien vous a-t-il été livré ? (purchase.delivered)"
    assert now[1] == "      Réponses possibles : oui ou non"
    buyer = now.index(next(line for line in numbered if "purchase.buyer.kind" in line))
    assert now[buyer + 1] == ("      Réponses possibles : un particulier (consommateur) ; une personne morale sans but "
                              "professionnel (association…) ; pour mon activité professionnelle")
    assert now[buyer + 2].startswith("      Peut changer : Garantie légale de conformité")
    assert "private_acting_as_professional" not in fr and "non_professional" not in fr  # labels, not values
    # The defect's dates wait for the delivery: open, but listed after, not numbered among those to ask now.
    rest = _section(fr, "Autres questions à résoudre :")
    assert "  - À quelle date le défaut est-il apparu ? (defect.appeared_on)" in rest
    assert "defect.appeared_on" not in asked
    en = verdict.explain("en")
    now_en = _section(en, "Questions to ask now, in this order:")
    assert now_en[0] == "  1. Have the goods been delivered to you? (purchase.delivered)"
    assert "      Possible answers: a private person (consumer); a legal person with no professional purpose " \
           "(association…); for my business" in now_en
    assert "Other open questions:" in en


def test_a_settled_case_lists_no_question() -> None:
    case = {"purchase": {"contract_date": "2024-03-10", "delivered": True, "delivery_date": "2024-03-12",
                         "channel": "in_store", "sale_mode": "ordinary", "seller": {"kind": "professional"},
                         "buyer": {"kind": "consumer"}, "product": {"condition": "new", "nature": "goods"},
                         "as_is_clause": False},
            "as_of": "2024-11-20"}
    verdict = garantie.evaluate(case, rules=RULES)
    text = verdict.explain("fr")
    assert ("Questions à poser maintenant" in text) == bool(verdict.to_ask)
