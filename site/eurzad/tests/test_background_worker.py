"""Background tasks: committed with the data, executed by the worker `make run` starts."""

import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from cms_pages.models import ContentPage

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.postgres  # the worker is another process: it needs a database server to share
@pytest.mark.django_db(transaction=True)
def test_saving_a_page_queues_its_index_update_and_the_worker_runs_it(demo_site, settings):
    DBTaskResult.objects.all().delete()
    page = ContentPage(title="Nowa strona", slug="nowa-strona")
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    queued = DBTaskResult.objects.filter(status="READY")
    assert queued.exists(), "saving a page queued no background task"

    db = settings.DATABASES["default"]
    env_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env={
            "DATABASE_URL": env_url,
            "DJANGO_SETTINGS_MODULE": "eurzad.settings.test",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").exists()
