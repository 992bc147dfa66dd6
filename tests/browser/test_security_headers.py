"""The content security policy in a real Chromium: no page of the portal or admin breaks it.

Every ``securitypolicyviolation`` event and every console message about the policy fails the
test, so an inline script, inline style or third-party resource added anywhere shows up here.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from eurzad.security.testing import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/ezator/", "/e-urzad/", "/szukaj/?q=zator", "/tej-strony-nie-ma/"]
PASSWORD = "haslo-do-panelu-123"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ` +
    `${event.sourceFile}:${event.lineNumber}`);
});
"""


class PolicyWatch:
    """A browser tab that remembers every CSP violation it sees."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.console: list[str] = []
        tab.add_init_script(RECORD_VIOLATIONS)
        tab.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> None:
        """Open the URL and wait until it has loaded everything it asks for."""
        self.tab.goto(url)
        self.tab.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        """Violations on the current page plus policy errors from the console so far."""
        return self.tab.evaluate("window.__cspViolations || []") + self.console


@pytest.fixture
def watch(page):
    return PolicyWatch(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_break_no_policy_rule(watch, live_server, demo_site, path):
    watch.visit(live_server.url + path)
    assert watch.violations() == []


def test_display_preferences_script_runs_under_the_policy(watch, live_server, demo_site):
    watch.visit(live_server.url + "/")
    # display.js (a static file, no nonce) shows the display controls only when it runs.
    assert watch.tab.locator("[data-display-controls]").is_visible()
    assert watch.violations() == []


def _staff_with_device():
    user = get_user_model().objects.create_superuser(
        username="redaktor", email="redaktor@example.invalid", password=PASSWORD
    )
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def _sign_in(watch, base_url: str, device: TOTPDevice | None = None) -> None:
    watch.visit(base_url + "/admin/login/")
    watch.tab.fill("#id_username", "redaktor")
    watch.tab.fill("#id_password", PASSWORD)
    watch.tab.click("button[type=submit]")
    watch.tab.wait_for_load_state("networkidle")
    assert watch.violations() == []
    if device is not None:
        watch.tab.fill("#id_code", current_code(device))
        watch.tab.click("button[type=submit]")
        watch.tab.wait_for_load_state("networkidle")


def test_admin_login_code_dashboard_and_editor_break_no_policy_rule(watch, live_server, demo_site):
    device = _staff_with_device()
    _sign_in(watch, live_server.url, device)
    assert watch.tab.url == live_server.url + "/admin/"
    assert watch.violations() == []
    for path in (
        f"/admin/pages/{demo_site.pk}/edit/",
        f"/admin/pages/{demo_site.get_children().first().pk}/edit/",
        f"/admin/pages/{demo_site.pk}/",
        "/admin/images/",
        "/django-admin/",
        "/",  # a public page with the editor's user bar
    ):
        watch.visit(live_server.url + path)
        assert watch.tab.url == live_server.url + path
        assert watch.violations() == [], f"{path}:\n" + "\n".join(watch.violations())


def test_admin_set_up_page_breaks_no_policy_rule(watch, live_server, db):
    get_user_model().objects.create_superuser(
        username="redaktor", email="redaktor@example.invalid", password=PASSWORD
    )
    _sign_in(watch, live_server.url)
    assert "/admin/drugi-etap/konfiguracja/" in watch.tab.url
    assert watch.tab.locator(".otp-qr-code svg").count() == 1
    assert watch.violations() == []


def test_date_pickers_start_without_inline_scripts(watch, live_server, demo_site):
    device = _staff_with_device()
    _sign_in(watch, live_server.url, device)
    watch.visit(live_server.url + f"/admin/pages/{demo_site.pk}/edit/")
    marker = watch.tab.locator('[data-input-id="id_information_produced_at"]')
    assert marker.get_attribute("data-eurzad-started") == "yes"
    # The picker is jQuery's datetimepicker, attached to the input by initDateChooser.
    attached = watch.tab.evaluate(
        "() => !!jQuery('#id_information_produced_at').data('xdsoft_datetimepicker')"
    )
    assert attached
    assert watch.violations() == []
