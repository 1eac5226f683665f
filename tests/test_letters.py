"""Letters (issue 8): one case per kind under docs/letters, rendered in every format and language.

Each letter must demand what the verdict makes available, cite only what the verdict cites, give its deadline
as a date, show a visible blank for a missing party field, and a kind that does not fit must be refused.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import garantie
from garantie._yaml import load_yaml
from garantie.case import parse_case
from garantie.letters import KINDS, letter, parties_of
from garantie.verdict import Verdict

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "letters"
REMEDIES = {"repair", "replacement", "price_reduction", "termination"}
# The date each kind's deadline must show (computed by hand from its case; see the case files' comments).
DEADLINES = {
    "conformity_notice": "30 novembre 2024",         # 15 Nov 2024 + 15 days (formal notice time)
    "reduction_or_termination_notice": "5 décembre 2024",  # 20 Nov 2024 + 15 days
    "non_delivery_notice": "1er mars 2025",           # 14 Feb 2025 + 15 days
    "withdrawal": "17 mars 2025",                     # delivery 3 Mar 2025 + 14 days
    "late_refund_reminder": "30 avril 2025",          # 15 Apr 2025 + 15 days
    "manufacturer_answer": "30 novembre 2024",
    "commercial_warranty_claim": "12 mars 2027",      # end of the 3-year commercial warranty
    "mediation_referral": "5 octobre 2025",           # written claim 5 Oct 2024 + 1 year (L612-2 4°)
    "repairer_notice": "16 juillet 2024",             # sent 1 Jul 2024 + 15 days (repair_service.notice_days)
}


def _case(kind: str) -> tuple[garantie.Case, Verdict]:
    case = parse_case(load_yaml(DOCS / f"{kind}.case.yaml", error=ValueError))
    return case, garantie.evaluate(case)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_kind_renders_from_a_real_verdict(kind: str, lang: str) -> None:
    case, verdict = _case(kind)
    written = letter(verdict, kind, lang, parties=parties_of(case))  # StrictUndefined: a typo fails here
    text = written.text()
    # the demanded remedy is one the verdict makes available
    if written.demand in REMEDIES:
        assert {r.remedy: r.status for r in verdict.remedies}[written.demand] == "available"
    # every article the letter cites (list or running text) is cited by the verdict
    cited = set(verdict.cited_articles())
    assert written.citations and set(written.citations) <= cited
    for label in re.findall(r"(?:C\. [a-z. ]+, )?art\. [A-Z]?\d[\w-]*", text):
        assert any(label in c for c in cited), label
    assert "{{" not in text and "{%" not in text
    assert not re.search(r"\[[^\]]*\]", text), "every party field is given: no blank marker"
    if lang == "fr":
        assert DEADLINES[kind] in text


def test_markdown_and_html_carry_the_same_letter() -> None:
    case, verdict = _case("conformity_notice")
    written = letter(verdict, "conformity_notice", parties=parties_of(case))
    assert "**Objet : Mise en demeure" in written.markdown()
    html = written.html()
    assert "<!DOCTYPE html>" in html and "30 novembre 2024" in html and "<li>" in html


def test_html_escapes_party_data() -> None:
    case, verdict = _case("conformity_notice")
    hostile = parties_of(case).model_copy(update={"order_number": "<script>alert(1)</script>"})
    html = letter(verdict, "conformity_notice", parties=hostile).html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_missing_party_fields_render_as_visible_blanks() -> None:
    _, verdict = _case("conformity_notice")
    text = letter(verdict, "conformity_notice", "fr").text()
    for blank in ("[adresse du vendeur]", "[nom du vendeur]", "[votre adresse]", "[numéro de commande]", "[lieu]"):
        assert blank in text
    assert "[seller's address]" in letter(verdict, "conformity_notice", "en").text()


@pytest.mark.parametrize(("case_kind", "asked", "why"), [
    ("conformity_notice", "withdrawal", "right of withdrawal"),
    ("withdrawal", "conformity_notice", "legal conformity warranty does not apply"),
    ("conformity_notice", "late_refund_reminder", "no refund is due and late"),
    ("conformity_notice", "non_delivery_notice", "non-delivery do not apply"),
    ("withdrawal", "commercial_warranty_claim", "commercial warranty does not apply"),
    ("conformity_notice", "manufacturer_answer", "no referral to the manufacturer"),
])
def test_a_kind_that_does_not_fit_is_refused_with_why(case_kind: str, asked: str, why: str) -> None:
    _, verdict = _case(case_kind)
    with pytest.raises(garantie.LetterError, match=why):
        letter(verdict, asked)


def test_unknown_kind_is_refused() -> None:
    _, verdict = _case("conformity_notice")
    with pytest.raises(garantie.LetterError, match="unknown letter kind"):
        letter(verdict, "love_letter")


@pytest.mark.parametrize("kind", KINDS)
def test_docs_example_is_current(kind: str) -> None:
    """docs/letters/<kind>.fr.md is what the CLI writes today: refresh it with the command in docs/letters/README.md."""
    case, verdict = _case(kind)
    expected = letter(verdict, kind, "fr", parties=parties_of(case)).markdown()
    assert (DOCS / f"{kind}.fr.md").read_text(encoding="utf-8") == expected


needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed (.ci/run installs it)")


@needs_poppler
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_a4_with_dates_and_articles_in_its_text_layer(kind: str, tmp_path: Path) -> None:
    case, verdict = _case(kind)
    written = letter(verdict, kind, "fr", parties=parties_of(case))
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(written.pdf())
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 1000
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "595.28 x 841.89" in info  # A4 in points
    layer = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                    text=True).stdout.split())
    assert DEADLINES[kind] in layer
    assert written.place_date in layer
    for label in written.citations:
        assert " ".join(label.split()) in layer, label
    if written.registered:
        assert "Lettre recommandée avec accusé de réception" in layer
    assert "€" in layer


def test_cli_writes_the_letter_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from garantie.__main__ import main

    out = tmp_path / "notice.md"
    assert main(["letter", str(DOCS / "conformity_notice.case.yaml"), "--kind", "conformity_notice",
                 "--format", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (DOCS / "conformity_notice.fr.md").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["notice.md"]  # no temporary file left
    assert main(["letter", str(DOCS / "withdrawal.case.yaml"), "--kind", "conformity_notice"]) == 3  # the verdict does not support it
    assert "legal conformity warranty does not apply" in capsys.readouterr().err
