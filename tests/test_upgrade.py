"""`copier update` keeps the user's work: pulling a template fix, moving between releases, climbing a rung.

The working tree is committed into a scratch git repo and tagged, standing in for the published template;
a project is created from that tag, the user commits edits, the template moves on, and the project updates.
One test publishes the repository's own history first: the release before the template's layout change
(v0.9.0 in CHANGELOG.md), then the working tree as the next release, and updates a project across them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladder.build import rungs
from ladder.build.pyproject_env import venv_for
from ladder.verify import node
from ladder.verify.databases import postgres_reason, psql, scratch_database
from ladder.verify.processes import failure_report, run

from .conftest import copier_cli
from .own_checks import assert_own_checks_pass

pytestmark = pytest.mark.slow

USER_FILE = "notes/ROADMAP.md"
ANSWERS = ".copier-answers.yml"
USER_VIEW = """

def about(request: HttpRequest) -> HttpResponse:
    \"\"\"Added by the user.\"\"\"
    return HttpResponse("About us")
"""
# The JavaScript track's counterpart: a helper added to the module every web framework of the track renders
# its pages with.
USER_HELPER = """
// Added by the user.
export function initials(name: string): string {
  return name
    .split(" ")
    .map((word) => word[0])
    .join("");
}
"""


# The FraiseQL track's counterpart: a query added to the generated queries module.
USER_QUERY = """

@fraiseql.query
async def about(info: GraphQLResolveInfo) -> str:
    \"\"\"Added by the user.\"\"\"
    return "About us"
"""


@dataclass(frozen=True)
class FixedModule:
    """The generated module a template fix changes: a file every rung of the track renders, with an opening comment.

    `path` is the file in the track's template tree, `opening` the first words of its opening comment, which a
    fix prefixes with "(Fixed in <tag>) ". Point it at another module when this one is renamed or removed.
    """

    path: str
    opening: str

    def generated(self, project: Path, slug: str) -> Path:
        return project / self.path.replace("{{project_slug}}", slug).removesuffix(".jinja")


@dataclass(frozen=True)
class TrackFiles:
    """Where a track's user edit and template fix land."""

    tree: str  # the track's template tree, under templates/
    user_module: str  # the generated module the user appends to ({slug} is the project slug)
    user_code: str
    fixed: FixedModule


TRACK_FILES = {
    "django": TrackFiles(
        "django", "{slug}/views.py", USER_VIEW, FixedModule("{{project_slug}}/mixins.py", "Mixins the entity views")
    ),
    "js": TrackFiles("js", "src/presentation.ts", USER_HELPER, FixedModule("src/records.ts", "The database layer")),
    "fraiseql": TrackFiles(
        "fraiseql",
        "{slug}/queries.py",
        USER_QUERY,
        FixedModule("{{project_slug}}/security.py.jinja", "The checks every GraphQL request"),
    ),
}
# Published into the scratch template repo: the template, not the monorepo's generated or local files.
NOT_PUBLISHED = (".git", ".nox", ".venv*", "demo", "reference-apps", "__pycache__", ".*_cache")
# The release before the layout change is the parent of the first commit whose message starts with this.
LAYOUT_CHANGE = "^One template tree per track"
BEFORE_LAYOUT_CHANGE, AFTER_LAYOUT_CHANGE = "v0.9.0", "v0.10.0"
# Two releases of a scratch template repo: an earlier commit, then the working tree.
TWO = ("v1.0.0", "v1.1.0")


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit_release(template: Path, tag: str | None, message: str) -> None:
    """Commit everything in the scratch template repo; tag it when it is a release."""
    git(template, "add", "-A")
    git(template, "commit", "-qm", message)
    if tag:
        git(template, "tag", tag)


def publish_template(dest: Path, tag: str) -> Path:
    """A git repo holding the working tree's template, tagged `tag`; on top of the repo's releases if it has any."""
    if not (dest / ".git").exists():
        dest.mkdir(parents=True, exist_ok=True)
        git(dest, "init", "-q", "-b", "main")
    for entry in dest.iterdir():  # what the previous release had and this one lacks is gone from this one
        if entry.name == ".git":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    ignore = shutil.ignore_patterns(*NOT_PUBLISHED)
    shutil.copytree(rungs.REPO_ROOT, dest, symlinks=True, ignore=ignore, dirs_exist_ok=True)
    commit_release(dest, tag, f"template {tag}")
    return dest


def commit_before_layout_change() -> str:
    """The repository's last commit with the old layout; skipped, with the reason, where the history is not here."""
    return commit_before(f"--grep={LAYOUT_CHANGE}")


def commit_before(*log_args: str) -> str:
    """The parent of the oldest commit `git log <log_args>` lists; skipped, with the reason, where the history is
    not here."""
    found = subprocess.run(
        ["git", "log", "--format=%H", *log_args],
        cwd=rungs.REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        pytest.skip(f"the repository's history is not here (git log: {found.stderr.strip()})")
    if not found.stdout.split():
        pytest.skip(f"no commit matches {log_args}: a shallow clone? (actions/checkout needs fetch-depth: 0)")
    parent = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", f"{found.stdout.split()[-1]}^"],
        cwd=rungs.REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if parent.returncode != 0:
        pytest.skip(f"the commit before {log_args} is not in this clone: a shallow clone? (fetch-depth: 0)")
    return parent.stdout.strip()


def publish_history(
    dest: Path, commit: str, tags: tuple[str, str] = (BEFORE_LAYOUT_CHANGE, AFTER_LAYOUT_CHANGE)
) -> Path:
    """A scratch template repo with two releases: the repository at `commit`, then the working tree."""
    dest.mkdir(parents=True)
    git(dest, "init", "-q", "-b", "main")
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", ".", ":(exclude)reference-apps"],
        cwd=rungs.REPO_ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    commit_release(dest, tags[0], f"template at {commit}")
    return publish_template(dest, tags[1])


def publish_fix(template: Path, track: TrackFiles, tag: str | None, label: str) -> None:
    """A template change users see: the fixed module's opening comment starts with `(label) `."""
    source = template / "templates" / track.tree / track.fixed.path
    opening = track.fixed.opening
    assert opening in source.read_text(), f"{source} does not open with {opening!r}: update TRACK_FILES"
    source.write_text(source.read_text().replace(opening, f"({label}) {opening}", 1))
    commit_release(template, tag, f"fix: {label}")


def new_project(template: Path, dest: Path, rung: str, *copier_options: str) -> Path:
    result = copier_cli("copy", "--defaults", "--data", f"rung={rung}", *copier_options, str(template), str(dest))
    assert result.returncode == 0, result.stderr
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "generated")
    return dest


def answers(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


def fixed_module(project: Path) -> str:
    return _track(project).fixed.generated(project, answers(project)["project_slug"]).read_text()


def _track(project: Path) -> TrackFiles:
    return TRACK_FILES[rungs.get(answers(project)["rung"]).track]


def _user_module(project: Path) -> Path:
    return project / _track(project).user_module.format(slug=answers(project)["project_slug"])


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
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin"}
    if "DATABASE_URL" in os.environ:  # the FraiseQL track's tests make a scratch database on this server
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    result = run("python -m pytest -q -p no:cacheprovider", project, env)
    assert result.returncode == 0, result.stdout[-3000:]


# The lowest rung of each track (the FraiseQL track starts on level 1).
FIRST_RUNGS = [
    min((r for r in rungs.all_rungs() if r.track == track), key=lambda r: r.level).id
    for track in dict.fromkeys(r.track for r in rungs.all_rungs())
]
# The tracks' first rungs that the release before the layout change already had.
FIRST_RUNGS_BEFORE_LAYOUT_CHANGE = [r.id for r in rungs.all_rungs() if r.level == 0]


@pytest.mark.parametrize("rung", FIRST_RUNGS)
def test_update_applies_a_template_fix_and_keeps_user_edits(tmp_path: Path, rung: str) -> None:
    template = publish_template(tmp_path / "template", "v1.0.0")
    project = new_project(template, tmp_path / "project", rung)
    user_edits(project)

    publish_fix(template, _track(project), "v1.0.1", "Fixed in v1.0.1")

    result = copier_cli("update", "--defaults", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "(Fixed in v1.0.1)" in fixed_module(project)
    assert answers(project)["_commit"] == "v1.0.1"
    assert_user_work_kept(project)
    assert_project_tests_pass(project)


# The first rung with an infra/ (every level-3 rung renders the same tree, templates/shared/infra/).
CLOUD_RUNG = next(r.id for r in rungs.all_rungs() if r.level == 3)
USER_VARIABLE = """
variable "alarm_email" {
  description = "Added by the user: where CloudWatch alarms are sent."
  type        = string
  default     = "ops@example.com"
}
"""


def test_update_keeps_edits_to_infra(tmp_path: Path) -> None:
    """A project's own changes to infra/ (a variable added to a generated file, a file of its own) survive an
    update whose release changed infra/."""
    template = publish_template(tmp_path / "template", "v1.0.0")
    project = new_project(template, tmp_path / "project", CLOUD_RUNG)
    with (project / "infra" / "variables.tf").open("a") as variables:
        variables.write(USER_VARIABLE)
    (project / "infra" / "alarms.tf").write_text("# Added by the user.\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "my infra changes")

    main_tf = template / "templates" / "shared" / "infra" / "main.tf.jinja"
    opening = "# {{ project_name }} on AWS:"
    assert opening in main_tf.read_text(), f"{main_tf} does not open with {opening!r}: update this test"
    # Every level's opening (level 4's differs from level 3's), so the fix reaches the project's whichever it has.
    main_tf.write_text(main_tf.read_text().replace(opening, "# (Fixed in v1.0.1) {{ project_name }} on AWS:"))
    commit_release(template, "v1.0.1", "fix: infra")

    result = copier_cli("update", "--defaults", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "(Fixed in v1.0.1)" in (project / "infra" / "main.tf").read_text()
    assert USER_VARIABLE in (project / "infra" / "variables.tf").read_text()
    assert (project / "infra" / "alarms.tf").read_text() == "# Added by the user.\n"
    assert not list(project.rglob("*.rej")), "the update left rejected hunks"


# A conflict block of `copier update`: the project's side, then the template's.
CONFLICT = re.compile(r"<<<<<<< before updating\n(.*?)=======\n(.*?)>>>>>>> after updating\n", re.DOTALL)


def resolve_as_a_user(module: Path, user_code: str) -> None:
    """What the CHANGELOG asks of a user whose edited module the release rewrote: take the template's new
    version of each conflicting block, and put their own code back."""
    text = CONFLICT.sub(lambda block: block.group(2), module.read_text())
    module.write_text(text if user_code in text else text.rstrip("\n") + "\n" + user_code)


@pytest.mark.parametrize("rung", FIRST_RUNGS_BEFORE_LAYOUT_CHANGE)
def test_update_across_the_layout_change_keeps_user_edits(tmp_path: Path, rung: str) -> None:
    """A project made before the layout change updates to the working tree's release. The release also
    rewrote the Django pages (views.py), so a view the user appended there may come back inside conflict
    markers: never lost, never in another file, and the project's tests pass once it is resolved."""
    template = publish_history(tmp_path / "template", commit_before_layout_change())
    project = new_project(template, tmp_path / "project", rung, "--vcs-ref", BEFORE_LAYOUT_CHANGE)
    assert answers(project)["_commit"] == BEFORE_LAYOUT_CHANGE
    user_edits(project)

    result = copier_cli("update", "--defaults", cwd=project)
    assert result.returncode == 0, result.stderr
    assert answers(project)["_commit"] == AFTER_LAYOUT_CHANGE
    module, user_code = _user_module(project), _track(project).user_code
    conflicted = subprocess.run(
        ["grep", "-rl", "^<<<<<<< ", "."], cwd=project, capture_output=True, text=True, check=False
    ).stdout.split()
    assert set(conflicted) <= {f"./{module.relative_to(project)}"}, f"conflicts beyond the user's module: {conflicted}"
    if conflicted:
        first_line = next(line for line in user_code.splitlines() if line.strip())
        assert first_line in module.read_text(), f"the user's code is gone from {module.name}"
        resolve_as_a_user(module, user_code)
    assert_user_work_kept(project)
    assert_project_tests_pass(project)


# The release that widened the JavaScript track's url columns to 500 characters added this migration.
URL_MIGRATION = "templates/js/migrations/*0003_url_length.sql*"
URL_LENGTH_SQL = (
    "SELECT character_maximum_length FROM information_schema.columns"
    " WHERE table_name = 'site' AND column_name = 'homepage'"
)


def test_update_brings_a_migration_that_migrate_applies(tmp_path: Path) -> None:
    """A release that changes a column brings its migration: a PostgreSQL project made before the url columns
    were widened gets migrations/0003_url_length.sql through `copier update`, and `npm run migrate`'s script
    applies it to the database migrated before (drizzle applies only migrations dated after the newest applied)."""
    if reason := node.node_reason() or postgres_reason():
        pytest.skip(reason)
    template = publish_history(tmp_path / "template", commit_before("--diff-filter=A", "--", URL_MIGRATION), TWO)
    spec = tmp_path / "answers.yml"
    spec.write_text(yaml.safe_dump({"entities": {"Site": {"name": "str(100) required", "homepage": "url"}}}))
    project = new_project(template, tmp_path / "project", "nextjs-l1", "--data-file", str(spec), "--vcs-ref", TWO[0])
    # The script `npm run migrate` runs once built, run from its source (no build needed).
    migrate = "node --import tsx scripts/migrate.ts"
    with scratch_database("upgrade_js") as url:
        env = {**os.environ, "DEBUG": "true", "DATABASE_URL": url}
        for command in ("npm ci --no-audit", migrate):
            result = run(command, project, env)
            assert result.returncode == 0, failure_report(command, result)
        assert psql(url, URL_LENGTH_SQL) == "200"

        updated = copier_cli("update", "--defaults", cwd=project)
        assert updated.returncode == 0, updated.stderr
        assert answers(project)["_commit"] == TWO[1]
        commands = ["npm ci --no-audit"] if git(project, "status", "--porcelain", "package-lock.json") else []
        for command in [*commands, migrate]:
            result = run(command, project, env)
            assert result.returncode == 0, failure_report(command, result)
        assert "0003_url_length" in result.stdout, result.stdout
        assert psql(url, URL_LENGTH_SQL) == "500"


def test_copy_takes_the_newest_release_and_vcs_ref_pins_one(tmp_path: Path) -> None:
    """How to pin a version: `copier copy` takes the newest tag (0.10 after 0.9, not an untagged commit after it);
    `--vcs-ref <tag>` picks a release on copy and on update."""
    template = publish_template(tmp_path / "template", "v0.9.0")
    track = TRACK_FILES["django"]
    publish_fix(template, track, "v0.10.0", "Fixed in v0.10.0")
    publish_fix(template, track, None, "Unreleased")

    newest = new_project(template, tmp_path / "newest", "django-l0")
    assert answers(newest)["_commit"] == "v0.10.0"
    assert "(Fixed in v0.10.0)" in fixed_module(newest)
    assert "(Unreleased)" not in fixed_module(newest)

    pinned = new_project(template, tmp_path / "pinned", "django-l0", "--vcs-ref", "v0.9.0")
    assert answers(pinned)["_commit"] == "v0.9.0"
    assert "(Fixed in" not in fixed_module(pinned)

    result = copier_cli("update", "--defaults", "--vcs-ref", "v0.10.0", cwd=pinned)
    assert result.returncode == 0, result.stderr
    assert answers(pinned)["_commit"] == "v0.10.0"
    assert "(Fixed in v0.10.0)" in fixed_module(pinned)


# A JavaScript climb runs `npm ci`, a build and a browser test in its own checks: minutes (`long`).
CLIMBS = [
    pytest.param(low.id, high.id, marks=[pytest.mark.long] if low.track == "js" else [])
    for low in rungs.all_rungs()
    if (high := rungs.next_in_track(low))
]


@pytest.mark.parametrize(
    ("low", "high"),
    CLIMBS or [pytest.param("", "", marks=pytest.mark.skip(reason="no rung to climb to is built yet"))],
)
def test_climb_keeps_user_work(tmp_path: Path, low: str, high: str) -> None:
    """A climb is a fresh project of the higher rung plus the user's work, nothing else: then everything the
    higher rung is checked for (its renders, the every-kind own checks, its reference app's smoke) holds for the
    climbed project too. Its own checks and tests, with the user's code in, are run here."""
    template = publish_template(tmp_path / "template", "v1.0.0")
    project = new_project(template, tmp_path / "project", low)
    user_edits(project)
    # A rung that asks for the web framework is climbed into with the framework the project has (from a rung
    # that asks it too, the project's answer is kept as it is).
    asks_web = rungs.get(high).web == "any" and rungs.get(low).web != "any"
    keep_web = ["--data", f"web={rungs.get(low).web}"] if asks_web else []
    result = copier_cli("update", "--defaults", "--data", f"rung={high}", *keep_web, cwd=project)
    assert result.returncode == 0, result.stderr
    assert answers(project)["rung"] == high
    assert_user_work_kept(project)
    fresh = new_project(template, tmp_path / "fresh", high, *keep_web)
    assert_fresh_render_plus_user_work(project, fresh)
    assert_own_checks_pass(project, high)


def _tree(root: Path) -> dict[str, bytes]:
    """Every file of a project but git's own, by path."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def assert_fresh_render_plus_user_work(project: Path, fresh: Path) -> None:
    """The climbed project holds exactly the fresh render's files, with the user's file added and their code
    appended to the module they edited; every other file as a new project of the rung has it."""
    climbed, expected = _tree(project), _tree(fresh)
    module = str(_user_module(project).relative_to(project))
    expected[USER_FILE] = (project / USER_FILE).read_bytes()
    expected[module] = expected[module] + _track(project).user_code.encode()
    assert sorted(climbed) == sorted(expected), "files differ from a fresh render of the rung"
    # The answers file holds the same answers; one a climb added comes after the ones the project had.
    assert yaml.safe_load(climbed.pop(ANSWERS)) == yaml.safe_load(expected.pop(ANSWERS))
    differing = [path for path in expected if climbed[path] != expected[path]]
    assert differing == [], f"these files differ from a fresh render of the rung plus the user's work: {differing}"
