"""Load the demo site (contact, catalogue and document-library pages included)."""

from __future__ import annotations

import io

from django.core.management import call_command


def load_demo() -> str:
    """Run the demo loader as `make run` does; return what it printed."""
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()
