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
