"""Themes: PORTAL_THEME puts a theme's templates and static files before the default theme's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template

THEMES = Path(settings.THEMES_DIR)

# Run in a fresh interpreter: the theme is chosen when the settings are loaded.
PROBE = """
import json
import django
django.setup()
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import RequestFactory

templates = ["includes/brand.html", "includes/footer.html", "base.html",
             "includes/display_controls.html"]
static = ["css/theme.css", "img/herb-spytkowice.svg", "css/portal.css", "js/display.js"]
print(json.dumps({
    "templates": {name: get_template(name).origin.name for name in templates},
    "static": {name: finders.find(name) for name in static},
    "brand": get_template("includes/brand.html").render({}, RequestFactory().get("/")),
}))
"""


def _probe(theme: str) -> dict:
    env = {
        **os.environ,
        "PORTAL_THEME": theme,
        "DJANGO_SETTINGS_MODULE": "eurzad.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_spytkowice_theme_overrides_its_templates_and_falls_back_to_the_default_ones():
    probe = _probe("spytkowice")
    templates = probe["templates"]
    assert templates["includes/brand.html"] == str(
        THEMES / "spytkowice/templates/includes/brand.html"
    )
    assert templates["includes/footer.html"] == str(
        THEMES / "spytkowice/templates/includes/footer.html"
    )
    assert templates["base.html"] == str(THEMES / "default/templates/base.html")
    assert templates["includes/display_controls.html"] == str(
        THEMES / "default/templates/includes/display_controls.html"
    )
    assert "Gmina Spytkowice" in probe["brand"]
    assert "herb-spytkowice.svg" in probe["brand"]


def test_spytkowice_theme_overrides_its_stylesheet_and_falls_back_for_other_static_files():
    static = _probe("spytkowice")["static"]
    assert static["css/theme.css"] == str(THEMES / "spytkowice/static/css/theme.css")
    assert static["img/herb-spytkowice.svg"] == str(
        THEMES / "spytkowice/static/img/herb-spytkowice.svg"
    )
    assert static["css/portal.css"] == str(THEMES / "default/static/css/portal.css")
    assert static["js/display.js"] == str(THEMES / "default/static/js/display.js")


def test_default_theme_has_the_zator_brand_and_its_own_theme_stylesheet():
    assert get_template("includes/brand.html").origin.name == str(
        THEMES / "default/templates/includes/brand.html"
    )
    assert finders.find("css/theme.css") == str(THEMES / "default/static/css/theme.css")
    assert finders.find("img/herb-spytkowice.svg") is None
