"""`copier update` keeps the user's work: pulling a template fix, and climbing to the next rung.

The working tree is committed into a scratch git repo and tagged, standing in for the published template;
a project is created from that tag, the user commits edits, the template moves on, and the project updates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ladder import node, rungs
from ladder.processes import failure_report, run
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
# The JavaScript track's counterpart: a helper added to the module every web framework of the track renders
# its pages with.
USER_HELPER = """
// Added by the user.
export function initials(name) {
  return name
    .split(" ")
    .map((word) => word[0])
    .join("");
}
"""


@dataclass(frozen=True)
class TrackFiles:
    """Where a track's user edit and template fix land."""

    user_module: str  # the generated module the user appends to ({slug} is the project slug)
    user_code: str
    fixed_module: str  # the generated module a template fix changes
    shared_module: str  # the same module in its track's template tree, under templates/
    opening: str  # the first words of its opening comment, which the fix prefixes with "(Fixed in v1.0.1) "


TRACK_FILES = {
    "django": TrackFiles(
        "{slug}/views.py", USER_VIEW, "{slug}/mixins.py", "django/{{project_slug}}/mixins.py", "Mixins the entity views"
    ),
    "js": TrackFiles("src/presentation.js", USER_HELPER, "src/records.js", "js/src/records.js", "The database layer"),
}


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


def _track(project: Path) -> TrackFiles:
    return TRACK_FILES[rungs.get(yaml.safe_load((project / ".copier-answers.yml").read_text())["rung"]).track]


def _user_module(project: Path) -> Path:
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    return project / _track(project).user_module.format(slug=slug)


def user_edits(project: Path) -> None:
    """What a user does in the first week: a file of their own and a view added to a generated module."""
    (project / USER_FILE).parent.mkdir(parents=True)
    (project / USER_FILE).write_text("# Roadmap\n\n- invoices\n")
    with _user_module(project).open("a") as module:
        module.write(_track(project).user_code)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "my changes")


def assert_user_work_kept(project: Path) -> None:
    assert (project / USER_FILE).read_text() == "# Roadmap\n\n- invoices\n"
    assert _track(project).user_code in _user_module(project).read_text()
    assert not list(project.rglob("*.rej")), "the update left rejected hunks"
    conflicted = subprocess.run(
        ["grep", "-rl", "^<<<<<<< ", "."], cwd=project, capture_output=True, text=True, check=False
    )
    assert conflicted.stdout == "", f"conflict markers in {conflicted.stdout}"


def assert_project_tests_pass(project: Path) -> None:
    if _track(project) is TRACK_FILES["js"]:
        for command in ("npm ci --no-audit", "npm test"):
            result = run(command, project, {**os.environ, "DEBUG": "true"})
            assert result.returncode == 0, failure_report(command, result)
        return
    venv = venv_for(project)
    result = run("python -m pytest -q -p no:cacheprovider", project, {"PATH": f"{venv / 'bin'}:/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-3000:]


# The lowest rung of each track.
FIRST_RUNGS = [r.id for r in rungs.all_rungs() if r.level == 0]


@pytest.mark.parametrize("rung", FIRST_RUNGS)
def test_update_applies_a_template_fix_and_keeps_user_edits(tmp_path: Path, rung: str) -> None:
    template = publish_template(tmp_path / "template", "v1.0.0")
    project = new_project(template, tmp_path / "project", rung)
    user_edits(project)

    track = _track(project)
    shared = template / "templates" / track.shared_module
    shared.write_text(shared.read_text().replace(track.opening, f"(Fixed in v1.0.1) {track.opening}", 1))
    git(template, "commit", "-qam", "fix: clarify the module's docs")
    git(template, "tag", "v1.0.1")

    result = copier_cli("update", "--defaults", cwd=project)
    assert result.returncode == 0, result.stderr
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    fixed = project / track.fixed_module.format(slug=slug)
    assert "(Fixed in v1.0.1)" in fixed.read_text()
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
    # A rung that asks for the web framework is climbed into with the framework the project has.
    keep_web = ["--data", f"web={rungs.get(low).web}"] if rungs.get(high).web == "any" else []
    result = copier_cli("update", "--defaults", "--data", f"rung={high}", *keep_web, cwd=project)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["rung"] == high
    assert_user_work_kept(project)
    # The climbed project passes its own checks and tests and the contract, on the new rung's database.
    report = Report(f"{low}->{high}", "native")
    if rungs.get(high).track == "js":
        node.smoke_project(project, report)
    else:
        smoke_project(project, rungs.get(high).level, report)
    failures = [f"{name}: {detail}" for name, ok, detail in report.checks if not ok]
    assert not failures, "\n".join(failures)
