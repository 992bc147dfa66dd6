"""The dashboard's cached form holds markers only: nothing of the resident who filled it.

The page is shared by every resident but for its holes (eservices/personal_area dashboard.html).
If a later change to the base template or its includes read anything of the user or session
without making it a hole, it would be frozen into this entry and shown to the next resident.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cms_pages import generation_memo
from eservices.personal_area.tests.residents import log_in, make_person, valid_pesel

pytestmark = pytest.mark.django_db


def test_the_cached_dashboard_holds_markers_and_nothing_of_the_resident(settings):
    settings.PAGE_CACHE_SECONDS = 300
    resident = make_person(
        pesel=valid_pesel("8412120012"), given_name="Wiesława", family_name="Ćma"
    )
    client = log_in(Client(), resident)
    html = client.get(reverse("personal-area")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    entries = [
        value
        for key, value in generation_memo._memo.items()
        if ":fragment-personal-area-dashboard" in key
    ]

    assert len(entries) == 1
    cached = entries[0]
    for marker in ("person_name", "masked_pesel", "sections_html", "csrf_token"):
        assert f"\ue000{marker}\ue001" in cached
    session_key = client.cookies["sessionid"].value
    for trace in ("Wiesława", "Ćma", resident.masked_pesel, token, session_key):
        assert trace not in cached
    assert not re.search(r'data-seconds-left="\d', cached)
