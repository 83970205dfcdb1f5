"""Every runner page on a phone (390x844, and the 360 px floor) and on a laptop (1280x800).

GIVEN a signed-up runner part way through onboarding, and one with a plan and a logged run
WHEN each page is opened at each size
THEN axe-core finds no serious or critical violation, nothing is wider than the screen,
the four main pages sit in a bottom bar on a phone (the rest in a "Menu"), every tap
target in the navigation and in forms is at least 44x44 CSS px, and a screenshot of
each page is saved for a person to look at.

axe-core is the copy bundled inside ``axe-playwright-python``: injected from disk,
never fetched.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from runback.web.runners.models import LogEntry, Runner
from runback.web.runners.vocabulary import LogKind, OnboardingStep
from tests.e2e.conftest import shot
from tests.web.files_support import make_runner, onboard

PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
SERIOUS = {"serious", "critical"}
MIN_TARGET = 44

# Tap targets that must be 44x44: navigation, buttons, form controls, the 0-10 scales.
TARGETS = """
(min) => {
  const picks = document.querySelectorAll(
    'nav a, nav summary, nav button, main button, main .btn, main select, main summary,' +
    'main input[type=text], main input[type=email], main input[type=password],' +
    'main input[type=number], main input[type=date], main input[type=file], .choices label'
  );
  const small = [];
  for (const el of picks) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // hidden (a closed menu)
    if (box.width < min || box.height < min) {
      const text = (el.innerText || el.name || '').trim().slice(0, 30);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${el.tagName.toLowerCase()} "${text}" ${size}`);
    }
  }
  return small;
}
"""


def sign_in(page: Any, live_server: Any, runner: Runner) -> None:
    client = Client()
    client.force_login(runner.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def check_page(page: Any, axe: Any, url: str, name: str, *, phone: bool) -> list[str]:
    """Open ``url``; return what is wrong with it (empty when all is well), and save a shot."""
    response = page.goto(url)
    assert response is not None, url
    assert response.ok, f"{url}: {response.status}"
    page.wait_for_load_state("networkidle")
    problems = []
    results = axe.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{name}: axe {violation['id']} ({violation['impact']}) at {targets}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{name}: {overflow} px wider than the screen")
    for small in page.evaluate(TARGETS, MIN_TARGET):
        problems.append(f"{name}: tap target {small} is under {MIN_TARGET} px")
    if phone and page.locator("nav .tabs").count():
        bar = page.locator("nav .tabs").bounding_box()
        viewport = page.viewport_size
        assert bar["y"] + bar["height"] == pytest.approx(viewport["height"], abs=1), "bar at bottom"
        assert bar["width"] == pytest.approx(viewport["width"], abs=1)
    shot(page, name)
    return problems


def runner_pages(runner: Runner) -> list[tuple[str, str]]:
    entry = LogEntry.objects.create(
        runner=runner, date=timezone.localdate(), kind=LogKind.RUN, run_minutes=8, walk_minutes=4
    )
    base = f"/r/{runner.pk}"
    return [
        ("today", f"{base}/today/"),
        ("morning-check-in", f"{base}/morning/"),
        ("run-check-in", f"{base}/log/{entry.pk}/checkin/"),
        ("unplanned-run", f"{base}/log/new-run/"),
        ("plan", f"{base}/plan/"),
        ("progress", f"{base}/progress/"),
        ("journal", f"{base}/journal/"),
        ("tests", f"{base}/tests/"),
        ("self-checks", f"{base}/self-checks/"),
        ("uploads", "/activities/"),
        ("your-data", "/exports/"),
    ]


@pytest.mark.parametrize(
    ("size", "viewport"), [("phone", PHONE), ("narrow", NARROW_PHONE), ("laptop", LAPTOP)]
)
def test_every_runner_page_passes_axe_and_fits(
    page: Any, live_server: Any, size: str, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    axe = Axe()
    phone = size != "laptop"
    problems: list[str] = []

    for name, url in (("sign-in", "/accounts/login/"), ("sign-up", "/accounts/signup/")):
        problems += check_page(page, axe, url, f"a11y-{size}-{name}", phone=phone)

    newcomer = make_runner("newcomer")
    newcomer.onboarding_step = OnboardingStep.AVAILABILITY
    newcomer.save(update_fields=["onboarding_step"])
    sign_in(page, live_server, newcomer)
    for step in list(OnboardingStep)[:-1]:
        url = f"/r/{newcomer.pk}/start/{step.value}/"
        problems += check_page(page, axe, url, f"a11y-{size}-start-{step.value}", phone=phone)

    page.context.clear_cookies()
    runner = onboard(make_runner("alice"))
    sign_in(page, live_server, runner)
    for name, url in runner_pages(runner):
        problems += check_page(page, axe, url, f"a11y-{size}-{name}", phone=phone)

    assert problems == [], "\n".join(problems)


def test_the_menu_opens_and_signs_out_with_the_keyboard_alone(page: Any, live_server: Any) -> None:
    page.set_viewport_size(PHONE)
    runner = onboard(make_runner("alice"))
    sign_in(page, live_server, runner)
    page.goto(f"/r/{runner.pk}/today/")
    for label in ("Today", "Plan", "Progress", "Journal"):
        link = page.locator("nav .tabs").get_by_role("link", name=label)
        assert link.is_visible()
    assert not page.get_by_role("link", name="Your data").is_visible(), "inside the closed menu"

    page.locator("nav summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Your data").wait_for(state="visible")
    shot(page, "phone-menu-open")
    page.get_by_role("link", name="Tests").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/r/{runner.pk}/tests/")

    page.locator("nav summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")


def test_the_app_is_installable_and_has_a_favicon(page: Any, live_server: Any) -> None:
    page.goto("/accounts/login/")
    favicon = page.request.get("/favicon.ico")
    assert favicon.ok
    assert favicon.headers["content-type"] == "image/x-icon"
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(href)
    assert manifest.headers["content-type"] == "application/manifest+json"
    body = manifest.json()
    assert body["display"] == "standalone"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        got = page.request.get(icon["src"])
        assert got.ok, icon["src"]
        assert got.headers["content-type"] == "image/png", icon["src"]
    worker = page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.active && r.active.scriptURL)"
    )
    assert worker.endswith("/sw.js")


def test_progress_charts_draw_with_dates_in_words(page: Any, live_server: Any) -> None:
    import datetime as dt

    from runback.web.runners.models import DayEntry

    page.set_viewport_size(PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    runner = onboard(make_runner("alice"))
    today = timezone.localdate()
    for days_ago, (run, walk, during, after) in enumerate(
        [(4, 4, 1, 2), (6, 3, 2, 2), (8, 2, 2, 3), (12, 2, 3, 4)][::-1], start=1
    ):
        day = today - dt.timedelta(days=days_ago * 2)
        LogEntry.objects.create(
            runner=runner,
            date=day,
            kind=LogKind.RUN,
            run_minutes=run,
            walk_minutes=walk,
            pain_during_max=during,
            pain_after=after,
            planned={"kind": "run_walk", "run_minutes": run, "walk_minutes": walk, "why": "-"},
        )
        DayEntry.objects.create(runner=runner, date=day + dt.timedelta(days=1), pain=during)
    sign_in(page, live_server, runner)
    page.goto(f"/r/{runner.pk}/progress/")
    labels = page.evaluate("Chart.getChart(document.getElementById('chart-runs')).data.labels")
    assert len(labels) == 4
    assert all("-" not in label and any(c.isalpha() for c in label) for label in labels), labels
    top = page.evaluate("Chart.getChart(document.getElementById('chart-runs')).scales.y.max")
    assert top >= 14, "the tallest bar (12 + 2 min) fits under the axis"
    assert errors == []
    shot(page, "progress-phone-with-runs")
