"""ladder.verify.lint without the linters: what it finds, how it reports, and that nothing passes unchecked."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ladder.build import rungs
from ladder.verify import lint


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")


def test_find_matches_patterns_and_prunes_tool_dirs(tmp_path: Path) -> None:
    touch(tmp_path, "Dockerfile", "worker/Dockerfile.prod", "compose.yaml", "deploy/docker-compose.override.yml")
    touch(tmp_path, "node_modules/pkg/Dockerfile", ".venv/compose.yml", "notes.yml")
    assert lint.find(tmp_path, lint.DOCKERFILES) == [tmp_path / "Dockerfile", tmp_path / "worker/Dockerfile.prod"]
    assert lint.find_all([tmp_path, tmp_path / "missing"], lint.COMPOSE_FILES) == [
        tmp_path / "compose.yaml",
        tmp_path / "deploy/docker-compose.override.yml",
    ]


def test_run_tool_passes_with_the_tools_closing_words(tmp_path: Path) -> None:
    result = lint.run_tool("demo", [sys.executable, "-c", "print('checking'); print('All good')"], tmp_path)
    assert result.line() == "PASS demo: All good"


def test_run_tool_fails_with_everything_the_tool_said(tmp_path: Path) -> None:
    script = "import sys; print('a.html:3 D018 hardcoded link'); sys.exit(1)"
    result = lint.run_tool("demo", [sys.executable, "-c", script], tmp_path)
    assert result.status == "FAIL"
    assert result.report().splitlines()[1] == "    a.html:3 D018 hardcoded link"


def test_a_missing_tool_fails_rather_than_passing(tmp_path: Path) -> None:
    result = lint.run_tool("demo", ["no-such-linter-here", "."], tmp_path)
    assert result.status == "FAIL"
    assert "not on PATH" in result.detail


def test_nothing_to_check_is_a_skip_with_its_reason(tmp_path: Path) -> None:
    results = [*lint.compose_files([tmp_path]), *lint.dockerfiles([tmp_path]), *lint.infra([tmp_path])]
    assert [r.status for r in results] == ["SKIP", "SKIP", "SKIP"]
    assert "no *.tf" in results[2].detail


def test_dockerfiles_without_hadolint_are_skipped_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "Dockerfile")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    [result] = lint.dockerfiles([tmp_path])
    assert result.status == "SKIP"
    assert lint.HADOLINT_INSTALL in result.detail


def test_badly_formatted_terraform_fails_and_none_found_skips(tmp_path: Path) -> None:
    assert [r.status for r in lint.infra([tmp_path])] == ["SKIP"]
    if shutil.which("terraform") is None:
        pytest.skip("terraform not on PATH")
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "main.tf").write_text('locals {\n  a = "x"\n    bb = "y"\n}\n')
    assert [r.status for r in lint.infra([tmp_path])] == ["FAIL"]
    (tmp_path / "network" / "main.tf").write_text('locals {\n  a  = "x"\n  bb = "y"\n}\n')
    assert [r.status for r in lint.infra([tmp_path])] == ["PASS"]


def test_workflows_are_found_under_each_roots_github_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, ".github/workflows/ci.yml", "app/.github/workflows/deploy.yaml", "app/ci.yml")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    whats = [r.what for r in lint.workflows([tmp_path, tmp_path / "app"])]
    assert len(whats) == 8
    assert whats[0].startswith("github-workflows ") and whats[0].endswith("/.github/workflows/ci.yml")
    assert whats[6].startswith("zizmor ") and whats[6].endswith("app/.github/workflows/deploy.yaml")
    # Without actionlint its check is a skip with the reason, never a pass.
    skipped = [r for r in lint.workflows([tmp_path]) if r.what.startswith("actionlint ")]
    assert [r.status for r in skipped] == ["SKIP"] and "not on PATH" in skipped[0].detail


def test_main_prints_a_summary_and_fails_on_any_failure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_checks(selected: Sequence[rungs.Rung]) -> Iterator[lint.Result]:
        yield lint.Result("PASS", "a", "ok")
        yield lint.Result("SKIP", "b", "nothing to check")
        yield lint.Result("FAIL", "c", "exited 1", "details")

    monkeypatch.setattr(lint, "all_checks", fake_checks)
    assert lint.main([]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "lint: 1 passed, 1 failed, 1 skipped"


@pytest.mark.skipif(shutil.which("djlint") is None, reason="djlint is installed by the `lint` nox session")
def test_djlint_configuration_catches_hardcoded_links_but_not_the_500_page_description(tmp_path: Path) -> None:
    """Under the generated projects' own [tool.djlint] (their pyproject.toml, which has no other Jinja section)."""
    template = (rungs.TEMPLATES / "django" / "pyproject.toml.jinja").read_text(encoding="utf-8")
    section = re.search(r"^\[tool\.djlint\]\n(?:[^\[].*\n|\n)*", template, flags=re.MULTILINE)
    assert section is not None, "pyproject.toml.jinja has no [tool.djlint]"
    (tmp_path / "pyproject.toml").write_text(section.group(0), encoding="utf-8")
    page = "\n".join(["<!doctype html>", '<html lang="en">', "  <head>", "    <title>Error</title>", "  </head>"])
    page += "\n  <body></body>\n</html>\n"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/500.html").write_text(page, encoding="utf-8")
    assert lint.run_tool("djlint", lint.DJLINT, tmp_path).status == "PASS"
    (tmp_path / "templates/other.html").write_text(
        page.replace("<body>", '<body><a href="/api/">API</a>'), encoding="utf-8"
    )
    result = lint.run_tool("djlint", lint.DJLINT, tmp_path)
    assert result.status == "FAIL"
    assert "other.html:2" in result.output and "H030" in result.output
    assert "other.html:6" in result.output and "D018" in result.output
    assert "500.html" not in result.output
