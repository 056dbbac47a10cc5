"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

The live server runs in its own thread; Playwright's sync API runs in the test thread.
One browser per test session (per xdist worker), one fresh context (cookies, storage)
per test. When a test fails, a screenshot and the HTML of every open page are saved to
test-results/ so the failure can be seen, not guessed. A server error (500) of the
live server fails the test, with its traceback.

Fixtures:
  browser        the session's chromium
  context, page  a fresh browser context and page, with `base_url` = the live server
  new_context    new_context(**options) opens one more context in the same test
  login          login(person, into=context) logs a person in with a session cookie
  browser_errors failed assets, console and script errors, server tracebacks
  url            url("community:directory", mf="r84-test") → an absolute live URL
See README.md beside this file.
"""

import os
import re
import shutil
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, connections, transaction
from django.test import Client
from django.urls import reverse

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
# A page of this app answers in milliseconds, but the machines that run the suite
# are shared and busy: 10 s for every wait (Playwright's default is 30 s for
# actions, 5 s for `expect`).
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    """Debian's chromium (CHROMIUM overrides); Playwright cannot download a browser."""
    candidates = [
        os.environ.get("CHROMIUM", ""),
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
        "/usr/bin/chromium",
    ]
    return next(
        (path for path in candidates if path and os.access(path, os.X_OK)), None
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    """Run browser tests after all the others.

    While the session's browser is open an asyncio loop stays marked as running in
    the test thread; running the other tests first keeps them free of it.
    """
    items.sort(key=uses_the_browser)


def uses_the_browser(item) -> bool:
    return item.get_closest_marker("e2e") is not None or "browser" in getattr(
        item, "fixturenames", ()
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.e2e_failed = True
    if report.failed and report.when in {"setup", "call", "teardown"}:
        browser = item.funcargs.get("browser")
        if browser is not None:
            _save_pages(browser, item.nodeid, item.funcargs.get("browser_errors"))
    return report


def _save_pages(browser, nodeid: str, errors: list[str] | None) -> None:
    """A screenshot and the HTML of every page still open, named after the test,
    and what went wrong in the browser."""
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    if errors:
        (RESULTS_DIR / f"{stem}.errors.txt").write_text("\n".join(errors) + "\n")
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        name = stem if len(pages) == 1 else f"{stem}-{number}"
        try:
            page.screenshot(path=RESULTS_DIR / f"{name}.png", full_page=True)
            (RESULTS_DIR / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the real failure
            (RESULTS_DIR / f"{name}.error.txt").write_text(str(error), encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql() -> Iterator[None]:
    """Empty the tables with DELETE instead of TRUNCATE after each browser test.

    The live server needs committed data, so every browser test ends with a flush.
    On PostgreSQL Django flushes with one TRUNCATE of every table, which replaces
    each table's files on disk: about 2.5 s for ~60 small tables on a busy machine,
    against 50 ms for DELETE. Foreign keys are deferrable, so the order does not
    matter. Anything unusual (sequence resets, a trigger or a constraint that
    refuses the DELETE) falls back to Django's own TRUNCATE.
    """
    if not any(c.vendor == "postgresql" for c in connections.all()):
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(ops, sql_list):
        statement = " ".join(sql_list).upper()
        if len(sql_list) != 1 or not statement.startswith("TRUNCATE"):
            return original(ops, sql_list)
        if "RESTART IDENTITY" in statement:
            return original(ops, sql_list)
        connection = ops.connection
        tables = [
            table
            for table in connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            if ops.quote_name(table).upper() in statement
        ]
        try:
            with (
                transaction.atomic(using=connection.alias),
                connection.cursor() as cursor,
            ):
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for table in tables:
                    cursor.execute(f"DELETE FROM {ops.quote_name(table)}")  # noqa: S608
        except DatabaseError:
            return original(ops, sql_list)
        return None

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "The browser tests need Debian's chromium and it is not installed. "
            "Install it with `sudo apt-get install chromium` (bin/test does it when "
            "run as root), or point CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    # Playwright's sync API keeps an asyncio loop marked as running in the test
    # thread, and Django refuses database work next to a running loop. Here the loop
    # only talks to the browser, never to the database, so it is safe to tell Django
    # so: from now on, which is after every other test (see above).
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def browser_errors() -> Iterator[list[str]]:
    """What went wrong during the test, in every browser context it opened: assets
    that did not load (4xx/5xx), console errors (CSP violations among them),
    uncaught JavaScript errors, and the traceback of any server error (500) of the
    live server. Pages themselves may answer 403/404 on purpose."""
    errors: list[str] = []

    def on_server_error(sender, request=None, **kwargs):
        # Sent from the live server's thread while the exception is handled.
        path = getattr(request, "path", "?")
        errors.append(f"server error on {path}:\n{traceback.format_exc()}")

    got_request_exception.connect(on_server_error, weak=False)
    yield errors
    got_request_exception.disconnect(on_server_error)


def _watch(context, errors: list[str]) -> None:
    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} {response.url}")

    def on_console(message):
        # Failed loads are reported above, with their address and status.
        if message.type == "error" and "Failed to load resource" not in message.text:
            errors.append(f"console: {message.text}")

    context.on("response", on_response)
    context.on("console", on_console)
    context.on("weberror", lambda error: errors.append(f"script: {error.error}"))


@pytest.fixture
def new_context(browser, live_server, browser_errors, request) -> Iterator[Callable]:
    """Open more browser contexts in one test, e.g. a member and a visitor side by side."""
    contexts = []

    def open_context(**options):
        options = {
            "base_url": live_server.url,
            "locale": "en-GB",
            "viewport": {"width": 1280, "height": 800},
        } | options
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        _watch(context, browser_errors)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    # A server error is a bug whatever the test checks; a failed test shows it already.
    server_errors = [e for e in browser_errors if e.startswith("server error")]
    if server_errors and not getattr(request.node, "e2e_failed", False):
        pytest.fail("The live server failed:\n" + "\n".join(server_errors))


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    yield page
    shots = os.environ.get("E2E_SCREENSHOT_DIR")
    if shots and not page.is_closed():
        # Review aid: E2E_SCREENSHOT_DIR=/tmp/shots keeps each test's last screen.
        Path(shots).mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        page.screenshot(path=Path(shots) / f"{name}.png", full_page=True)


@pytest.fixture
def login(context, live_server) -> Callable:
    """Log a person in without the form: Django makes the session, the browser gets
    its cookie. (test_login_and_logout.py goes through the real form.)"""

    def log_in(person, into=None) -> None:
        client = Client()
        client.force_login(person)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        (into or context).add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return log_in


@pytest.fixture
def url(live_server) -> Callable[..., str]:
    def absolute(name: str, **kwargs) -> str:
        return live_server.url + reverse(name, kwargs=kwargs or None)

    return absolute
