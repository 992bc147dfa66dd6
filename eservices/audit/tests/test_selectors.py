"""The access history a resident sees: only theirs, newest first, bounded."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from eservices.audit.selectors import access_history
from eservices.audit.services import audit_record
from eservices.personal_area.tests.residents import make_person, valid_pesel

pytestmark = pytest.mark.django_db


def test_only_the_persons_events_newest_first(person):
    other = make_person(pesel=valid_pesel("9912319876"), given_name="Ewa", family_name="Nowak")
    start = timezone.now()
    for minutes, purpose in ((1, "pierwsze"), (2, "drugie"), (3, "trzecie")):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            audit_record(action="personal_data_view", subject=person, purpose=purpose)
    audit_record(action="personal_data_view", subject=other, purpose="cudze")
    audit_record(action="login_failed", reason="status")

    history = list(access_history(person=person))

    assert [event.purpose for event in history] == ["trzecie", "drugie", "pierwsze"]


def test_the_history_is_cut_at_the_limit(person):
    for number in range(5):
        audit_record(action="personal_data_view", subject=person, purpose=f"wgląd {number}")
    assert len(access_history(person=person, limit=3)) == 3
