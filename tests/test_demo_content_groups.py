"""The demo content loaded once for several tests of a module (the root conftest.py).

The tests of this module that use ``demo_site`` run one after the other in savepoints of one
transaction: each must see the demo content as loaded, and the module's other tests none of it,
whatever their place in the file.
"""

import pytest

from cms_pages.models import HomePage

pytestmark = pytest.mark.django_db
CHANGED = "Tytuł zmieniony przez test"


def _demo_home_exists() -> bool:
    return HomePage.objects.filter(slug="gmina-zator").exists()


def test_a_test_before_the_group_sees_no_demo_content():
    assert not _demo_home_exists()


def test_the_first_test_of_the_group_changes_the_demo_content(demo_site):
    HomePage.objects.filter(pk=demo_site.pk).update(title=CHANGED)
    assert HomePage.objects.get(pk=demo_site.pk).title == CHANGED


def test_a_test_between_those_of_the_group_sees_no_demo_content():
    assert not _demo_home_exists()


def test_the_next_test_of_the_group_sees_the_demo_content_as_loaded(demo_site):
    assert HomePage.objects.get(pk=demo_site.pk).title != CHANGED
    assert HomePage.objects.count() == 1
