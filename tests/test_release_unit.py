"""`nox -s release`: how CHANGELOG.md becomes a release, and the checks before a tag is made."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest

from ladder.build import release

DAY = datetime.date(2026, 12, 6)
BASE = "https://github.com/stack-ladder/stack-ladder"

CHANGELOG = f"""# Changelog

Intro.

## [Unreleased]

### Changed

- The layout.

## [0.9.0] - 2026-12-04

### Added

- Six rungs.

[Unreleased]: {BASE}/compare/v0.9.0...HEAD
[0.9.0]: {BASE}/releases/tag/v0.9.0
"""

RELEASED = f"""# Changelog

Intro.

## [Unreleased]

## [0.10.0] - 2026-12-06

### Changed

- The layout.

## [0.9.0] - 2026-12-04

### Added

- Six rungs.

[Unreleased]: {BASE}/compare/v0.10.0...HEAD
[0.10.0]: {BASE}/compare/v0.9.0...v0.10.0
[0.9.0]: {BASE}/releases/tag/v0.9.0
"""


def test_unreleased_moves_under_the_new_version_with_the_date_and_links() -> None:
    assert release.release_changelog(CHANGELOG, "0.10.0", DAY) == RELEASED


def test_the_released_changelog_can_take_the_next_release() -> None:
    following = RELEASED.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- A typo.\n")
    result = release.release_changelog(following, "v0.10.1", DAY)
    assert "## [Unreleased]\n\n## [0.10.1] - 2026-12-06\n\n### Fixed\n\n- A typo.\n\n## [0.10.0]" in result
    assert f"[Unreleased]: {BASE}/compare/v0.10.1...HEAD\n[0.10.1]: {BASE}/compare/v0.10.0...v0.10.1\n" in result


def test_a_changelog_without_links_is_released_without_them() -> None:
    plain = CHANGELOG.split("\n[Unreleased]:")[0]
    result = release.release_changelog(plain, "0.10.0", DAY)
    assert result.endswith("## [0.9.0] - 2026-12-04\n\n### Added\n\n- Six rungs.\n")
    assert "## [0.10.0] - 2026-12-06\n\n### Changed\n\n- The layout.\n\n## [0.9.0]" in result


@pytest.mark.parametrize(
    "unreleased", ["## [Unreleased]\n\n", "## [Unreleased]\n\n### Added\n\n### Fixed\n\n"], ids=["blank", "headings"]
)
def test_an_empty_unreleased_section_is_refused(unreleased: str) -> None:
    empty = CHANGELOG.replace("## [Unreleased]\n\n### Changed\n\n- The layout.\n\n", unreleased)
    with pytest.raises(release.ReleaseError, match="Unreleased section is empty"):
        release.release_changelog(empty, "0.10.0", DAY)


@pytest.mark.parametrize("version", ["0.9.0", "0.8.3"])
def test_a_version_not_newer_than_a_release_is_refused(version: str) -> None:
    with pytest.raises(release.ReleaseError, match=r"not newer than 0\.9\.0"):
        release.release_changelog(CHANGELOG, version, DAY)


@pytest.mark.parametrize("version", ["0.10", "1.0.0-rc1", "01.2.3", "latest", ""])
def test_a_version_that_is_not_major_minor_patch_is_refused(version: str) -> None:
    with pytest.raises(release.ReleaseError, match=r"is not MAJOR\.MINOR\.PATCH"):
        release.release_changelog(CHANGELOG, version, DAY)


def test_versions_compare_as_numbers() -> None:
    assert release.parse_version("v0.10.0") > release.parse_version("0.9.0")


def test_notes_are_a_released_section_body() -> None:
    assert release.notes(RELEASED, "v0.10.0") == "### Changed\n\n- The layout.\n"
    # The last section stops before the link list.
    assert release.notes(RELEASED, "0.9.0") == "### Added\n\n- Six rungs.\n"


def test_notes_of_a_tag_without_a_section_are_refused() -> None:
    with pytest.raises(release.ReleaseError, match=r'no "## \[0.11.0\]" section'):
        release.notes(RELEASED, "v0.11.0")


def test_the_repository_changelog_is_releasable() -> None:
    """CHANGELOG.md keeps the shape `cut` and the release workflow read: an Unreleased heading and dated versions."""
    text = release.CHANGELOG.read_text(encoding="utf-8")
    names = [section.name for section in release.sections(text)]
    assert names[0] == release.UNRELEASED
    for name in names[1:]:
        assert release.notes(text, name).strip(), f"{name} has no notes"
    assert release.UNRELEASED_LINK.search(text), "the [Unreleased] compare link is missing"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=cwd, check=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository on `main` holding CHANGELOG, with an identity for the release commit."""
    for variable, value in {"GIT_AUTHOR_NAME": "Test", "GIT_COMMITTER_NAME": "Test"}.items():
        monkeypatch.setenv(variable, value)
    for variable in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(variable, "test@example.com")
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG)
    _git(tmp_path, "add", "CHANGELOG.md")
    _git(tmp_path, "commit", "-qm", "changelog")
    return tmp_path


def test_cut_commits_and_tags_the_release(repo: Path) -> None:
    push = release.cut("0.10.0", repo, DAY)
    assert push == "git push --atomic origin main v0.10.0"
    assert (repo / "CHANGELOG.md").read_text() == RELEASED
    assert release.git("status", "--porcelain", cwd=repo) == ""
    assert release.git("log", "-1", "--format=%s", cwd=repo) == "Release 0.10.0"
    assert release.git("tag", "-l", "--format=%(objecttype) %(contents)", "v0.10.0", cwd=repo) == (
        "tag Stack Ladder 0.10.0\n\n### Changed\n\n- The layout."
    )


def test_cut_refuses_uncommitted_changes(repo: Path) -> None:
    (repo / "CHANGELOG.md").write_text(CHANGELOG + "\nmore\n")
    with pytest.raises(release.ReleaseError, match="uncommitted changes"):
        release.cut("0.10.0", repo, DAY)


def test_cut_refuses_a_branch_other_than_main(repo: Path) -> None:
    _git(repo, "switch", "-q", "-c", "topic")
    with pytest.raises(release.ReleaseError, match='cut from main, not "topic"'):
        release.cut("0.10.0", repo, DAY)


def test_cut_refuses_an_existing_tag(repo: Path) -> None:
    _git(repo, "tag", "v0.10.0")
    with pytest.raises(release.ReleaseError, match=r"tag v0\.10\.0 exists already"):
        release.cut("0.10.0", repo, DAY)
    assert (repo / "CHANGELOG.md").read_text() == CHANGELOG


def test_cut_moves_the_reference_apps_module_pins_in_the_release_commit(repo: Path) -> None:
    pinned = 'module "web" {\n  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/service?ref=v0.9.0"\n}\n'
    other = 'module "x" {\n  source = "git::https://github.com/acme/modules.git//x?ref=v0.9.0"\n}\n'
    infra = repo / "reference-apps" / "django-l3" / "infra"
    infra.mkdir(parents=True)
    (infra / "main.tf").write_text(pinned + other)
    _git(repo, "add", "reference-apps")
    _git(repo, "commit", "-qm", "app")
    release.cut("0.10.0", repo, DAY)
    assert (infra / "main.tf").read_text() == pinned.replace("v0.9.0", "v0.10.0") + other
    assert release.git("status", "--porcelain", cwd=repo) == ""
    assert "reference-apps/django-l3/infra/main.tf" in release.git(
        "show", "--name-only", "--format=", "HEAD", cwd=repo
    )
