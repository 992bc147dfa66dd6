"""A crash mid-import leaves nothing of the file: the import is one transaction (PostgreSQL)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from eservices.public_records.models import BusinessEntry, ImportRun

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killed_import_leaves_no_rows_of_its_file(tmp_path):
    call_command("load_budget_classification", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command(
        "generate_public_records",
        "--businesses",
        "60000",
        "--out",
        str(tmp_path),
        "--no-progress",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eurzad.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "import_businesses",
            str(tmp_path / "dzialalnosc-gospodarcza.csv"),
            "--no-progress",
            "--verbosity",
            "2",
            "--skip-checks",
            "--batch-size",
            "500",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "stderr.txt").open("w"),
        text=True,
    )
    written = 0
    deadline = time.monotonic() + 240
    try:
        for line in process.stdout:
            if line.startswith("Zapisano w transakcji:"):
                written = int(line.split(":")[1].split()[0])
                if written >= 5000:  # well into the write phase, far from its end
                    break
            assert time.monotonic() < deadline, "the import never reached the write phase"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert written >= 5000, (tmp_path / "stderr.txt").read_text()[-3000:]
    assert process.returncode == -signal.SIGKILL
    # The server rolls back the dead client's transaction; nothing of the file is visible.
    assert BusinessEntry.objects.count() == 0
    assert ImportRun.objects.count() == 0
    with connection.cursor() as cursor:
        for _attempt in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid() AND state LIKE 'idle in transaction%%'",
                [db["NAME"]],
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the killed import's transaction is still open")
