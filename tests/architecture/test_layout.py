"""The design card's layout and the dependency arrows of ARCHITECTURE.md."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_top_level_layout_follows_the_design_card():
    for name in ("site", "cms_pages", "eservices", "search", "integrations", "themes", "tests"):
        assert (ROOT / name).is_dir(), name
    assert (ROOT / "requirements.txt").is_file()


def test_site_folder_does_not_shadow_the_standard_library():
    code = "import site, eurzad; print(site.__file__); print(eurzad.__file__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    site_file, eurzad_file = result.stdout.split()
    assert "site-packages" not in site_file and Path(site_file).name == "site.py"
    assert Path(eurzad_file).parent == ROOT / "site" / "eurzad"


def test_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_requirements_are_exact_pins():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines, "requirements.txt is empty"
    assert all("==" in line for line in lines), [line for line in lines if "==" not in line]
    names = {line.split("==")[0].split("[")[0].lower() for line in lines}
    for required in (
        "django",
        "wagtail",
        "djangorestframework",
        "psycopg",
        "python3-saml",
        "zeep",
        "opensearch-py",
        "elasticsearch",
        "django-tasks",
        "django-tasks-db",
    ):
        assert required in names, required
