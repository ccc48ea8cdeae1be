"""The dependency rule between our apps holds, and a new circle breaks the build.

``lint-imports`` reads the contracts in ``pyproject.toml``. The second and third
tests copy the project's packages, add one forbidden import, and check that the
linter fails on it: a contract that cannot fail would protect nothing.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd):
    return subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path):
    """The packages lint-imports reads, and the contracts, in a scratch dir."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(project, module_path, statement):
    path = project / module_path
    path.write_text(path.read_text() + f"\n{statement}\n")


def test_every_contract_is_kept_by_the_code_as_it_is():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_seo_importing_a_page_app_breaks_the_layers(project_copy):
    """The circle the rule was made against: home → seo → home."""
    add_import(project_copy, "seo/models.py", "from home.models import HomePage")

    result = lint_imports(project_copy)

    assert result.returncode == 1
    assert "Apps depend one way" in result.stdout
    assert "BROKEN" in result.stdout
    assert "seo.models -> home.models" in result.stdout


def test_a_page_app_importing_another_breaks_independence(project_copy):
    add_import(
        project_copy, "doctors/models.py", "from treatments.models import TreatmentPage"
    )

    result = lint_imports(project_copy)

    assert result.returncode == 1
    assert "Page apps do not know each other BROKEN" in " ".join(result.stdout.split())
    assert "doctors.models -> treatments.models" in result.stdout


def test_the_clinic_app_imports_no_other_app_of_ours(project_copy):
    add_import(project_copy, "clinic/theme.py", "import seo.findings")

    result = lint_imports(project_copy)

    assert result.returncode == 1
    assert "clinic.theme -> seo.findings" in result.stdout
