"""`copier update` keeps the user's work: pulling a template fix, and climbing to the next rung.

The working tree is committed into a scratch git repo and tagged, standing in for the published template;
a project is created from that tag, the user commits edits, the template moves on, and the project updates.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ladder import rungs
from ladder.processes import run
from ladder.pyproject_env import venv_for
from ladder.report import Report
from ladder.smoke import smoke_project

from .conftest import copier_cli

pytestmark = pytest.mark.slow

USER_FILE = "notes/ROADMAP.md"
USER_VIEW = """

def about(request: HttpRequest) -> HttpResponse:
    \"\"\"Added by the user.\"\"\"
    return HttpResponse("About us")
"""


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def publish_template(dest: Path, tag: str) -> Path:
    """A git repo holding the working tree's template, tagged `tag`."""
    ignore = shutil.ignore_patterns(".git", ".nox", "demo", "reference-apps", "__pycache__", ".*_cache")
    shutil.copytree(rungs.REPO_ROOT, dest, symlinks=True, ignore=ignore)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "template")
    git(dest, "tag", tag)
    return dest


def new_project(template: Path, dest: Path, rung: str) -> Path:
    result = copier_cli("copy", "--defaults", "--data", f"rung={rung}", str(template), str(dest))
    assert result.returncode == 0, result.stderr
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "generated")
    return dest


def user_edits(project: Path) -> None:
    """What a user does in the first week: a file of their own and a view added to a generated module."""
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    (project / USER_FILE).parent.mkdir(parents=True)
    (project / USER_FILE).write_text("# Roadmap\n\n- invoices\n")
    with (project / slug / "views.py").open("a") as views:
        views.write(USER_VIEW)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "my changes")


def assert_user_work_kept(project: Path) -> None:
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    assert (project / USER_FILE).read_text() == "# Roadmap\n\n- invoices\n"
    assert USER_VIEW in (project / slug / "views.py").read_text()
    assert not list(project.rglob("*.rej")), "the update left rejected hunks"
    conflicted = subprocess.run(
        ["grep", "-rl", "^<<<<<<< ", "."], cwd=project, capture_output=True, text=True, check=False
    )
    assert conflicted.stdout == "", f"conflict markers in {conflicted.stdout}"


def assert_project_tests_pass(project: Path) -> None:
    venv = venv_for(project)
    result = run("python -m pytest -q -p no:cacheprovider", project, {"PATH": f"{venv / 'bin'}:/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-3000:]


def test_update_applies_a_template_fix_and_keeps_user_edits(tmp_path: Path) -> None:
    template = publish_template(tmp_path / "template", "v1.0.0")
    project = new_project(template, tmp_path / "project", "django-l0")
    user_edits(project)

    crud = template / "templates/_shared/django/{{project_slug}}/crud.py"
    crud.write_text(
        crud.read_text().replace('"""Generic server-rendered', '"""(Fixed in v1.0.1) Generic server-rendered', 1)
    )
    git(template, "commit", "-qam", "fix: clarify the CRUD docs")
    git(template, "tag", "v1.0.1")

    result = copier_cli("update", "--defaults", cwd=project)
    assert result.returncode == 0, result.stderr
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    assert "(Fixed in v1.0.1)" in (project / slug / "crud.py").read_text()
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "v1.0.1"
    assert_user_work_kept(project)
    assert_project_tests_pass(project)


CLIMBS = [(low.id, high.id) for low in rungs.all_rungs() if (high := rungs.next_in_track(low))]


@pytest.mark.parametrize(
    ("low", "high"),
    CLIMBS or [pytest.param("", "", marks=pytest.mark.skip(reason="no rung to climb to is built yet"))],
)
def test_climb_keeps_user_work(tmp_path: Path, low: str, high: str) -> None:
    template = publish_template(tmp_path / "template", "v1.0.0")
    project = new_project(template, tmp_path / "project", low)
    user_edits(project)
    result = copier_cli("update", "--defaults", "--data", f"rung={high}", cwd=project)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["rung"] == high
    assert_user_work_kept(project)
    # The climbed project passes its own checks and tests and the contract, on the new rung's database.
    report = smoke_project(project, rungs.get(high).level, Report(f"{low}->{high}", "native"))
    failures = [f"{name}: {detail}" for name, ok, detail in report.checks if not ok]
    assert not failures, "\n".join(failures)
