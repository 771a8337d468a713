"""Rules that keep `copier update` safe across rungs (see CONTRIBUTING.md, "Adding a rung")."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from ladder.build import rungs
from ladder.build.render import copier_copy, user_answers
from ladder.build.rungs import TEMPLATES
from ladder.build.spec import load_answers


def _file_set(project: Path) -> set[str]:
    """Every file path of a rendered project."""
    return {str(path.relative_to(project)) for path in project.rglob("*") if path.is_file()}


def _climbs() -> list[tuple[rungs.Rung, rungs.Rung]]:
    """Every reference app (variants too: node-l2-express climbs as Express) with the rung it climbs into."""
    return [(low, high) for low in rungs.reference_apps() if (high := rungs.next_in_track(low))]


@pytest.mark.parametrize("rung", rungs.reference_apps(), ids=lambda r: r.name)
def test_every_rung_has_its_parts(rung: rungs.Rung) -> None:
    assert rung.template_dir.is_dir()
    assert (rung.reference_dir / ".copier-answers.yml").is_file(), "run `nox -s render`"
    answers = load_answers(rung.reference_dir / ".copier-answers.yml")
    assert {key: answers.get(key) for key in rung.answers} == rung.answers, "the reference app has other answers"


def _rendered_for(low: rungs.Rung, high: rungs.Rung, scratch: Path) -> Path:
    """`high` as `low` climbs into it: its reference app with `low`'s web framework (a variant's, where `high`
    has one), or else a render with `low`'s web framework."""
    # A rung that asks `web` (node-l2) has its reference app's answer.
    web = low.web if low.web != "any" else load_answers(low.reference_dir / ".copier-answers.yml").get("web")
    for app in rungs.reference_apps():
        if app.id == high.id and app.variant == web:
            return app.reference_dir
    reference = high.reference_dir
    if high.web != "any" or load_answers(reference / ".copier-answers.yml").get("web") == web:
        return reference
    answers = {**user_answers(reference / ".copier-answers.yml"), "web": web}
    copier_copy(rungs.REPO_ROOT, scratch / f"{high.id}-{web}", answers, vcs_ref=None)
    return scratch / f"{high.id}-{web}"


def test_a_climb_never_deletes_a_file(tmp_path: Path) -> None:
    """Compared on the reference apps, which render every rung with the same default answers."""
    climbs = _climbs()
    if not climbs:
        pytest.skip("only one rung per track is built so far: no climb to check")
    for low, high in climbs:
        missing = _file_set(low.reference_dir) - _file_set(_rendered_for(low, high, tmp_path))
        assert not missing, f"climbing {low.id} -> {high.id} would delete {sorted(missing)}"


def test_one_template_tree_per_track_made_of_files() -> None:
    """Every file of a rung comes from its track's tree, written there: templates/ holds no symlink."""
    assert {rung.template_dir.name for rung in rungs.all_rungs()} == {"django", "fraiseql", "js"}
    links = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*") if path.is_symlink()]
    assert not links, f"templates/ should hold files, not links: {links}"


def test_sessions_select_reference_apps_by_name() -> None:
    """bench, faults, lint, render and smoke take app names; with none they cover every app, variants too."""
    assert [r.name for r in rungs.selected([])] == [r.name for r in rungs.reference_apps()]
    assert "node-l2-express" in [r.name for r in rungs.selected([])]
    assert [(r.id, r.variant) for r in rungs.selected(["node-l2-express", "django-l1"])] == [
        ("node-l2", "express"),
        ("django-l1", ""),
    ]
    with pytest.raises(KeyError, match="unknown rung 'django-l9'"):
        rungs.selected(["django-l9"])


def test_an_unknown_app_name_is_a_usage_error_naming_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="session")
    rungs.add_app_names(parser)
    assert parser.parse_args(["node-l2-express", "django-l0"]).rungs == ["node-l2-express", "django-l0"]
    assert parser.parse_args([]).rungs == []
    with pytest.raises(SystemExit):
        parser.parse_args(["django-l9"])
    error = capsys.readouterr().err
    assert "argument app: unknown rung 'django-l9'; known: django-l0, " in error and "node-l2-express" in error


def test_github_docker_jobs_cover_every_app_with_a_compose_stack() -> None:
    """The monorepo workflow's docker matrix lists exactly the reference apps that have a compose.yaml."""
    workflow = yaml.safe_load((rungs.REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    matrix = workflow["jobs"]["docker"]["strategy"]["matrix"]["app"]
    assert matrix == [app.name for app in rungs.reference_apps() if (app.reference_dir / "compose.yaml").exists()]
