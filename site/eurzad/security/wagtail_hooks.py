"""Admin hooks: the script that replaces the admin widgets' inline scripts (see csp.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def date_chooser_starter() -> str:
    """Load security/admin-date-choosers.js on every admin page."""
    return format_html('<script src="{}"></script>', static("security/admin-date-choosers.js"))
