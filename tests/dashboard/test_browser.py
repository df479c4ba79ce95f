"""The dashboard's pages in headless Chromium (Selenium, the system's chromedriver), against
a live namesrv + broker with traffic. Screenshots go to build/test/dashboard-screenshots/."""

import os
import subprocess
import time

import pytest

from conftest import RMQ_BENCH, SCREENSHOTS, free_port, http, wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20


@pytest.fixture(scope="module")
def browser():
    # Selenium must not fetch a driver or a browser of its own: CI reaches package
    # registries only, and Debian's chromium and chromium-driver are installed.
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name):
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def find(driver, css, timeout=WAIT):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def present(driver, css, timeout=WAIT):
    """The element, visible or not (a flat chart line has no height)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def text_of(driver, css):
    """The first match's text; None while there is none, or while the page's periodic refresh
    replaces it between finding and reading it."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        elements = driver.find_elements(By.CSS_SELECTOR, css)
        return elements[0].text if elements else None
    except StaleElementReferenceException:
        return None


def no_alert(driver):
    from selenium.common.exceptions import NoAlertPresentException

    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        return f"an alert opened: {text!r}"
    except NoAlertPresentException:
        return None


def page_errors(driver):
    """Severe browser console entries: script errors, refused resources (CSP)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.fixture(scope="module")
def traffic(cluster, dashboard):
    """Two seconds of sends, so that the rates and charts have something to show."""
    subprocess.run([str(RMQ_BENCH), "produce", "-n", cluster.namesrv_addr, "-t", "BrowserTraffic",
                    "-w", "1", "-d", "2", "-s", "64"], capture_output=True, timeout=60, check=True)
    wait_until(lambda: any(b.get("inTps", 0) > 0 for s in http(dashboard + "/api/metrics")[1]["samples"]
                           for b in s["brokers"].values()), message="a sampled TPS")


def test_every_page_loads_without_errors(browser, cluster, dashboard, traffic):
    from selenium.webdriver.common.by import By

    pages = [("overview", "#brokers-table tbody tr"), ("topics", "#topics-table"),
             ("groups", "#groups-table"), ("messages", "#msg-form"), ("charts", ".chart svg")]
    for page, ready in pages:
        browser.get(f"{dashboard}/#/{page}")
        find(browser, ready)
        assert not browser.find_element(By.ID, "error").is_displayed(), text_of(browser, "#error")
        shot(browser, page)
    browser.get(f"{dashboard}/#/overview")
    assert cluster.broker_addr in find(browser, "#brokers-table tbody tr").text
    assert page_errors(browser) == []


def test_created_topic_appears(browser, dashboard):
    from selenium.webdriver.common.by import By

    browser.get(f"{dashboard}/#/topics")
    find(browser, "#topic-name").send_keys("BrowserCreatedTopic")
    for field, value in (("#topic-read", "2"), ("#topic-write", "2")):
        element = find(browser, field)
        element.clear()
        element.send_keys(value)
    find(browser, "#topic-submit").click()
    wait_until(lambda: browser.find_elements(By.LINK_TEXT, "BrowserCreatedTopic"),
               timeout=WAIT, message="the created topic listed")
    browser.find_element(By.LINK_TEXT, "BrowserCreatedTopic").click()
    rows = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#queues-table tbody tr"),
                      timeout=WAIT, message="its queues")
    assert len(rows) == 2
    assert find(browser, "#topic-title").text == "BrowserCreatedTopic"
    shot(browser, "topic")


def test_group_lag_goes_to_zero_after_consuming(browser, cluster, dashboard):
    topic, group = "BrowserLagTopic", "BrowserLagGroup"
    for i in range(3):
        cluster.send(topic, f"first {i}")
    cluster.consume(topic, group, 3)
    for i in range(2):
        cluster.send(topic, f"late {i}")
    browser.get(f"{dashboard}/#/group/{group}")
    # The page refreshes itself every few seconds.
    wait_until(lambda: text_of(browser, "#group-lag") == "2", timeout=WAIT, message="lag 2 shown")
    shot(browser, "group-with-lag")
    cluster.consume(topic, group, 2)
    wait_until(lambda: text_of(browser, "#group-lag") == "0", timeout=WAIT, message="lag 0 shown")
    wait_until(lambda: text_of(browser, "#progress-table tbody tr td:nth-child(6)") == "0",
               timeout=WAIT, message="lag 0 in the progress table")
    shot(browser, "group")
    browser.get(f"{dashboard}/#/charts")
    present(browser, f"[id='chart-lag-{group}'] polyline")
    shot(browser, "charts-with-lag")


def test_searched_message_shows_its_body_and_a_script_body_is_inert(browser, cluster, dashboard):
    body = ("<script>window.__xss = 1; alert('xss')</script>"
            "<img src=x onerror=\"window.__xss = 2; alert('img')\">")
    cluster.send("BrowserSearchTopic", body, key="browser-xss")
    cluster.send("BrowserSearchTopic", "plain searched text", key="browser-plain")
    # The broker indexes keys a moment after storing the message.
    for key in ("browser-xss", "browser-plain"):
        wait_until(lambda: http(f"{dashboard}/api/messages?topic=BrowserSearchTopic&key={key}")[1]
                   .get("messages"), message=f"{key} indexed")
    browser.get(f"{dashboard}/#/messages")
    find(browser, "#msg-topic").send_keys("BrowserSearchTopic")
    find(browser, "#msg-key").send_keys("browser-plain")
    find(browser, "#msg-submit").click()
    assert find(browser, "pre.body").text == "plain searched text"
    # Consume it again: by a group without consumers (an error in the page), then by one.
    find(browser, "#resend-group").send_keys("BrowserNobodyHere")
    find(browser, "#resend-submit").click()
    assert "BrowserNobodyHere" in find(browser, "#resend-result .error").text
    consumer = subprocess.Popen([str(RMQ_BENCH), "consume", "-n", cluster.namesrv_addr, "-t",
                                 "BrowserSearchTopic", "-g", "BrowserResendGroup", "-w", "1",
                                 "-d", "60"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: http(dashboard + "/api/group?group=BrowserResendGroup")[1]
                   .get("connections", {}).get("members"), message="the consumer online")
        group_input = find(browser, "#resend-group")
        group_input.clear()
        group_input.send_keys("BrowserResendGroup")
        find(browser, "#resend-submit").click()
        wait_until(lambda: "CR_SUCCESS" in (text_of(browser, "#resend-result") or ""),
                   timeout=WAIT, message="consumed again")
        shot(browser, "message-consumed-again")
    finally:
        consumer.terminate()
        consumer.wait(10)

    browser.get(f"{dashboard}/#/messages?topic=BrowserSearchTopic&key=browser-xss")
    find(browser, "#msg-submit").click()
    shown = find(browser, "pre.body")
    time.sleep(0.3)  # give a wrongly inserted script or image the chance to run
    assert no_alert(browser) is None
    assert shown.text == body
    assert browser.execute_script("return window.__xss === undefined")
    from selenium.webdriver.common.by import By

    assert browser.find_elements(By.CSS_SELECTOR, "#view script, #view img") == []
    shot(browser, "message-script-body")


def test_a_traced_message_shows_its_traces(browser, cluster, dashboard):
    cluster.send_traced("BrowserTracedTopic")
    msg_id = http(dashboard + "/api/messages?topic=BrowserTracedTopic&max=1")[1]["messages"][0]["msgId"]
    wait_until(lambda: http(f"{dashboard}/api/message?topic=BrowserTracedTopic&id={msg_id}")[1]
               ["messages"][0]["traces"], message="the trace record indexed")
    browser.get(f"{dashboard}/#/messages?topic=BrowserTracedTopic&id={msg_id}")
    find(browser, "#msg-submit").click()
    traces = find(browser, "#traces-table")
    assert "Pub" in traces.text and msg_id in traces.text
    shot(browser, "message-traces")


def test_read_only_refuses_post(browser, read_only_dashboard):
    browser.get(f"{read_only_dashboard}/#/topics")
    find(browser, "#topics-table")
    from selenium.webdriver.common.by import By

    assert browser.find_elements(By.ID, "topic-form") == []
    assert "Read-only" in find(browser, ".notice").text
    status = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/topic/update', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        " body: JSON.stringify({topic: 'NeverCreated'})}).then((r) => done(r.status));")
    assert status == 403
    shot(browser, "read-only")


def test_dead_nameserver_shows_an_error(browser, cluster):
    _, url = cluster.dashboard("dashboard-browser-dead", "--timeout", "1000",
                               namesrv=f"127.0.0.1:{free_port()}")
    browser.get(f"{url}/#/overview")
    error = find(browser, "#error")
    assert error.text
    shot(browser, "dead-nameserver")
