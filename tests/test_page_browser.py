"""The consumer page in a real browser: headless Chromium (Debian) driven by Selenium against a real
``garantie serve`` on 127.0.0.1, walking the README smartphone story; a screenshot lands in docs/.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them the test skips
and says so loudly; to run it by hand: ``apt-get install -y chromium chromium-driver`` then
``.venv/bin/python -m pytest tests/test_page_browser.py``."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_server_process import server  # noqa: F401 - the real server fixture

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
_MISSING = ("BROWSER TEST SKIPPED: Debian's chromium and chromium-driver are not installed "
            "(apt-get install -y chromium chromium-driver; .ci/run does it on a fresh machine)")

# The README smartphone story, answered the way a person would on the page.
STORY = {
    "purchase.delivered": True, "purchase.buyer.kind": "consumer", "purchase.seller.kind": "professional",
    "purchase.product.nature": "goods", "purchase.sale_mode": "ordinary", "purchase.delivery_date": "2024-03-12",
    "purchase.channel": "distance", "defect.severity": "ordinary", "defect.appeared_on": "2024-09-15",
    "purchase.product.condition": "new", "defect.known_on": "2024-09-15",
}


@pytest.fixture
def browser() -> Iterator[object]:
    if CHROMIUM is None or DRIVER is None:
        warnings.warn(_MISSING, stacklevel=1)
        pytest.skip(_MISSING)
    webdriver = pytest.importorskip("selenium.webdriver", reason=_MISSING)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,1800",
                 "--lang=fr-FR"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _type_date(driver: object, element: object, iso: str) -> None:
    # A date input's value is set the way the browser's own picker does, then announced.
    driver.execute_script(  # type: ignore[attr-defined]
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", element, iso)


def test_page_walks_the_smartphone_story(server: str, browser: object) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 30)  # type: ignore[arg-type]
    assert httpx.get(server + "/").headers["content-type"].startswith("text/html")
    driver.get(server + "/")  # type: ignore[attr-defined]
    assert "Que vous doit le vendeur" in driver.find_element(By.TAG_NAME, "h1").text  # type: ignore[attr-defined]
    find = driver.find_element  # type: ignore[attr-defined]
    _type_date(driver, find(By.ID, "contract_date"), "2024-03-10")
    _type_date(driver, find(By.ID, "as_of"), "2024-11-20")
    find(By.CSS_SELECTOR, "#start button[type=submit]").click()
    asked = []
    for _ in range(30):
        wait.until(lambda d: not d.find_element(By.ID, "question").get_attribute("hidden")
                   or not d.find_element(By.ID, "verdict").get_attribute("hidden"))
        if find(By.ID, "question").get_attribute("hidden"):
            break
        text = find(By.ID, "q_text").text
        path = driver.execute_script("return state.question.path")  # type: ignore[attr-defined]
        assert "_" not in find(By.ID, "q_input").text, "an identifier reached the page"
        asked.append(path)
        if path not in STORY:
            find(By.ID, "unknown").click()
        else:
            value = STORY[path]
            if isinstance(value, bool) or path in ("purchase.buyer.kind", "purchase.seller.kind",
                                                  "purchase.product.nature", "purchase.sale_mode",
                                                  "purchase.channel", "defect.severity",
                                                  "purchase.product.condition"):
                find(By.CSS_SELECTOR, f"input[name=answer][value='{str(value).lower()}']").click()
            else:
                if path == "purchase.delivery_date":  # the browser refuses a date before the purchase first
                    _type_date(driver, find(By.ID, "answer"), "2024-03-01")
                    find(By.CSS_SELECTOR, "#question button[type=submit]").click()
                    assert "précéder l'achat" in find(By.ID, "q_error").text
                _type_date(driver, find(By.ID, "answer"), str(value))
            find(By.CSS_SELECTOR, "#question button[type=submit]").click()
        wait.until(lambda d, before=text: d.find_element(By.ID, "q_text").text != before
                   or d.find_element(By.ID, "question").get_attribute("hidden"))
    verdict = wait.until(ec.visibility_of_element_located((By.ID, "verdict"))).text
    assert "purchase.delivered" in asked and "defect.appeared_on" in asked
    assert "Vous pouvez faire valoir des droits." in verdict
    assert "Garantie légale de conformité : s'applique" in verdict
    assert "12 mars 2026" in verdict  # end of the legal warranty, as a date
    assert "Prochaines étapes" in verdict
    letter = find(By.ID, "letter_button")
    assert letter.is_displayed()
    DOCS.mkdir(exist_ok=True)
    driver.save_screenshot(str(DOCS / "page-smartphone.png"))  # type: ignore[attr-defined]
    find(By.ID, "lang").click()
    assert "Legal conformity warranty: applies" in find(By.ID, "verdict").text.replace(" :", ":")


def test_the_api_validates_what_the_page_sends(server: str) -> None:  # noqa: F811
    bad = httpx.post(server + "/v1/next-questions", json={"purchase": {"contract_date": "2024-03-10",
                                                                         "delivery_date": "2024-03-01"}})
    assert bad.status_code == 422
    bad_skip = httpx.post(server + "/v1/next-questions?skip=<script>", json={"purchase": {"contract_date": "2024-03-10"}})
    assert bad_skip.status_code == 422
    good = httpx.post(server + "/v1/next-questions?limit=3", json={"purchase": {"contract_date": "2024-03-10"}})
    assert good.status_code == 200
    body = good.json()
    assert body["status"] == "undetermined" and 1 <= len(body["questions"]) <= 3
    assert httpx.get(server + "/page/page.js").headers["content-type"].startswith("text/javascript")
    assert httpx.get(server + "/page/secret").status_code == 404


# A legal warranty time-barred unless something interrupted the time bar (known 2023-06-10, five years).
TIME_BARRED = {"purchase": {"contract_date": "2022-03-01", "delivery_date": "2022-03-04", "sale_mode": "ordinary",
                            "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                            "product": {"condition": "new", "nature": "goods"}},
               "defect": {"appeared_on": "2023-06-10", "known_on": "2023-06-10", "severity": "ordinary",
                          "cause": "unknown", "accepted_deviation": False},
               "as_of": "2028-06-11"}
# A repair asked for and refused: the claim's warranty and the refusal's ground are not said.
REFUSED = {"purchase": {"contract_date": "2024-03-10", "delivery_date": "2024-03-12", "channel": "in_store",
                        "sale_mode": "ordinary", "seller": {"kind": "professional"}, "buyer": {"kind": "consumer"},
                        "product": {"condition": "new", "nature": "goods"}, "as_is_clause": False},
           "defect": {"appeared_on": "2024-09-15", "known_on": "2024-09-15", "severity": "ordinary",
                      "discovered_on": "2024-09-15", "apparent_at_purchase": False, "seller_knew": False},
           "history": [{"type": "claim", "date": "2024-09-20", "remedy": "repair", "in_writing": True},
                       {"type": "refusal", "date": "2024-09-25", "refused": "repair"}],
           "as_of": "2024-11-20"}


def _resume(driver: object, case: dict[str, object]) -> None:
    """The page as it stands once the person has answered up to ``case`` (the start form done)."""
    driver.execute_script(  # type: ignore[attr-defined]
        "state.case = arguments[0]; document.getElementById('start').hidden = true; next();", case)


def test_page_asks_history_questions_and_appends_the_event(server: str, browser: object) -> None:  # noqa: F811
    """A question about the history is asked like any other: which event interrupted the time bar (labelled
    choices and its date, validated in the browser), and the event is appended to the case the page sends."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 30)  # type: ignore[arg-type]
    driver.get(server + "/")  # type: ignore[attr-defined]
    find = driver.find_element  # type: ignore[attr-defined]
    _resume(driver, TIME_BARRED)
    path = "history[].interruption_or_suspension"
    for _ in range(5):  # the hidden-defects discovery date may come first: the person does not know it
        wait.until(lambda d: d.execute_script("return state.question && state.question.path"))
        if driver.execute_script("return state.question.path") == path:  # type: ignore[attr-defined]
            break
        before = find(By.ID, "q_text").text
        find(By.ID, "unknown").click()
        wait.until(lambda d, before=before: d.find_element(By.ID, "q_text").text != before)
    assert driver.execute_script("return state.question.path") == path  # type: ignore[attr-defined]
    choices = find(By.ID, "q_input").text
    assert "le vendeur a reconnu votre droit" in choices and "_" not in choices
    find(By.CSS_SELECTOR, "input[name=answer][value='acknowledgement']").click()
    find(By.CSS_SELECTOR, "#question button[type=submit]").click()
    assert find(By.ID, "q_error").text == "Indiquez une date valide."  # the event's date is required
    _type_date(driver, find(By.ID, "event_date"), "2029-01-01")
    find(By.CSS_SELECTOR, "#question button[type=submit]").click()
    assert "postérieure à la date d'évaluation" in find(By.ID, "q_error").text
    _type_date(driver, find(By.ID, "event_date"), "2026-01-10")
    find(By.CSS_SELECTOR, "#question button[type=submit]").click()
    wait.until(lambda d: d.execute_script("return (state.case.history || []).length") == 1)
    assert driver.execute_script("return state.case.history") == [  # type: ignore[attr-defined]
        {"type": "acknowledgement", "date": "2026-01-10"}]
    wait.until(lambda d: d.execute_script("return !state.question || state.question.path !== arguments[0]", path))


def test_page_asks_the_fields_of_events_already_in_the_case(server: str, browser: object) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 30)  # type: ignore[arg-type]
    driver.get(server + "/")  # type: ignore[attr-defined]
    find = driver.find_element  # type: ignore[attr-defined]
    _resume(driver, REFUSED)
    wait.until(lambda d: d.execute_script("return state.question && state.question.path") == "history[0].warranty")
    assert "la garantie légale de conformité" in find(By.ID, "q_input").text
    find(By.CSS_SELECTOR, "input[name=answer][value='legal_conformity']").click()
    find(By.CSS_SELECTOR, "#question button[type=submit]").click()
    wait.until(lambda d: d.execute_script("return state.question && state.question.path") == "history[1].ground")
    assert driver.execute_script("return state.case.history[0].warranty") == "legal_conformity"  # type: ignore[attr-defined]
    assert "un coût disproportionné" in find(By.ID, "q_input").text


def test_the_api_takes_what_the_page_sends_for_history_questions(server: str) -> None:  # noqa: F811
    """The page's flow at the API level: the history question comes typed with labelled choices; the case with
    the event appended (as the page sends it) no longer asks it and changes the verdict; a bad event is refused."""
    asked = httpx.post(server + "/v1/next-questions?limit=3", json=TIME_BARRED).json()["questions"]
    (question,) = [q for q in asked if q["path"] == "history[].interruption_or_suspension"]
    assert question["type"] == "enum"
    assert {c["value"] for c in question["choices"]} == {"acknowledgement", "court_claim_filed",
                                                         "expert_measure_ordered", "mediation_requested", "none"}
    answered = {**TIME_BARRED, "history": [{"type": "acknowledgement", "date": "2026-01-10"}]}
    after = httpx.post(server + "/v1/next-questions?limit=3", json=answered).json()["questions"]
    assert question["path"] not in [q["path"] for q in after]
    before = httpx.post(server + "/v1/evaluate", json=TIME_BARRED).json()
    verdict = httpx.post(server + "/v1/evaluate", json=answered).json()
    assert before["legal_conformity"]["status"] == "time_barred"
    assert verdict["legal_conformity"]["status"] == "applies"
    bad = {**TIME_BARRED, "history": [{"type": "acknowledgement"}]}  # no date: the API refuses it too
    assert httpx.post(server + "/v1/next-questions", json=bad).status_code == 422
    fields = httpx.post(server + "/v1/next-questions?limit=3", json=REFUSED).json()["questions"]
    assert [(q["path"], q["type"]) for q in fields][:2] == [("history[0].warranty", "enum"), ("history[1].ground", "enum")]
