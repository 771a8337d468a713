"""Cut a release from CHANGELOG.md, and read a release's notes back out of it.

`nox -s release -- 0.10.0` runs `cut`: on a clean `main`, the Unreleased section of CHANGELOG.md becomes
`## [0.10.0] - <today>`, the change is committed and tagged `v0.10.0` (annotated, the section as its message);
nothing is pushed, the push command is printed. The same commit moves the reference apps' module pins
(`infra/*.tf`, `...//infra-modules/<m>?ref=v<version>`) to the new tag, since a render of the tagged template
pins its modules to the version CHANGELOG.md now names. The release workflow runs `notes v0.10.0` to check a pushed tag
against CHANGELOG.md and to take the GitHub Release's notes from it. Standard library only, so the workflow runs
it without installing anything.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHANGELOG = REPO_ROOT / "CHANGELOG.md"
BRANCH = "main"
UNRELEASED = "Unreleased"

VERSION = re.compile(r"v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?[ \t]*$", re.MULTILINE)
# A pinned module source in a reference app's infra/, up to its version: the template renders the release
# CHANGELOG.md names. ladder/verify/infra.py reads the same sources.
PINNED_SOURCE = r"git::https://github\.com/stack-ladder/stack-ladder\.git//infra-modules/(?P<module>[a-z0-9-]+)\?ref=v"
MODULE_PIN = re.compile(rf"({PINNED_SOURCE})[0-9.]+")
PINNED_FILES = "reference-apps/*/infra/*.tf"
# Keep a Changelog's link of the Unreleased heading: `[Unreleased]: <repo>/compare/v0.9.0...HEAD`.
UNRELEASED_LINK = re.compile(r"^\[Unreleased\]: (?P<base>\S+)/compare/(?P<previous>\S+)\.\.\.HEAD$", re.MULTILINE)


class ReleaseError(Exception):
    """A release that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class Section:
    """One `## [name] - date` section of the changelog; `start`/`end` delimit its body in the text."""

    name: str
    date: str | None
    start: int
    end: int


def parse_version(text: str) -> tuple[int, int, int]:
    """`0.10.0` or `v0.10.0` as numbers, compared as semantic versions (0.10.0 comes after 0.9.0)."""
    match = VERSION.fullmatch(text.strip())
    if not match:
        raise ReleaseError(f'version "{text}" is not MAJOR.MINOR.PATCH (for example 0.10.0)')
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def _version_name(text: str) -> str:
    """The version as CHANGELOG.md's headings write it: no `v`."""
    return ".".join(str(part) for part in parse_version(text))


def sections(changelog: str) -> list[Section]:
    """The `## [...]` sections in their order; a body ends where the next `## ` heading or the link list begins."""
    headings = list(HEADING.finditer(changelog))
    links = re.search(r"^\[[^\]]+\]: ", changelog, re.MULTILINE)
    tail = links.start() if links else len(changelog)
    found = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else max(tail, heading.end())
        found.append(Section(heading["name"], heading["date"], heading.end(), end))
    return found


def _section(changelog: str, name: str) -> Section:
    for section in sections(changelog):
        if section.name == name:
            return section
    raise ReleaseError(f'CHANGELOG.md has no "## [{name}]" section')


def notes(changelog: str, version: str) -> str:
    """The body of a released version's section: what the GitHub Release and the tag message say."""
    section = _section(changelog, _version_name(version))
    if section.date is None:
        raise ReleaseError(f'"## [{section.name}]" has no date: write it as "## [{section.name}] - YYYY-MM-DD"')
    return changelog[section.start : section.end].strip() + "\n"


def _has_entries(body: str) -> bool:
    """Whether a section says anything: a line that is neither blank nor a `###` subheading."""
    return any(line.strip() and not line.startswith("###") for line in body.splitlines())


def _check_newer(changelog: str, version: str) -> None:
    released = [s.name for s in sections(changelog) if s.name != UNRELEASED]
    wanted = parse_version(version)
    for name in released:
        if VERSION.fullmatch(name) and parse_version(name) >= wanted:
            raise ReleaseError(f"version {version} is not newer than {name}, already in CHANGELOG.md")


def _relink(changelog: str, version: str) -> str:
    """Point `[Unreleased]` at the new tag and add the new version's compare link under it."""
    link = UNRELEASED_LINK.search(changelog)
    if not link:
        return changelog
    base, previous = link["base"], link["previous"]
    lines = f"[{UNRELEASED}]: {base}/compare/v{version}...HEAD\n[{version}]: {base}/compare/{previous}...v{version}"
    return changelog[: link.start()] + lines + changelog[link.end() :]


def release_changelog(changelog: str, version: str, day: datetime.date) -> str:
    """CHANGELOG.md with its Unreleased entries moved under `## [version] - day`, and Unreleased left empty."""
    version = _version_name(version)
    unreleased = _section(changelog, UNRELEASED)
    body = changelog[unreleased.start : unreleased.end]
    if not _has_entries(body):
        raise ReleaseError("CHANGELOG.md's Unreleased section is empty: write what users get before releasing")
    _check_newer(changelog, version)
    released = f"\n\n## [{version}] - {day.isoformat()}\n\n{body.strip()}\n\n"
    return _relink(changelog[: unreleased.start] + released + changelog[unreleased.end :], version)


def git(*args: str, cwd: Path = REPO_ROOT) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def check_repository(tag: str, cwd: Path = REPO_ROOT) -> None:
    """A release is cut from a clean `main` (untracked files do not matter), under a tag not used before."""
    if changes := git("status", "--porcelain", "--untracked-files=no", cwd=cwd):
        raise ReleaseError(f"the working tree has uncommitted changes; commit or stash them first:\n{changes}")
    if (branch := git("branch", "--show-current", cwd=cwd)) != BRANCH:
        raise ReleaseError(f'releases are cut from {BRANCH}, not "{branch or "a detached HEAD"}"')
    if git("tag", "--list", tag, cwd=cwd):
        raise ReleaseError(f"tag {tag} exists already; a published tag is never moved")


def move_module_pins(cwd: Path, version: str) -> list[str]:
    """Point every pinned module source of the reference apps at `v<version>`; the files changed, relative."""
    changed = []
    for path in sorted(cwd.glob(PINNED_FILES)):
        text = path.read_text(encoding="utf-8")
        moved = MODULE_PIN.sub(lambda match: f"{match[1]}{version}", text)
        if moved != text:
            path.write_text(moved, encoding="utf-8")
            changed.append(str(path.relative_to(cwd)))
    return changed


def cut(version: str, cwd: Path = REPO_ROOT, day: datetime.date | None = None) -> str:
    """Release `version`: CHANGELOG.md rewritten, committed and tagged. Returns the command that publishes it."""
    version = _version_name(version)
    tag = f"v{version}"
    check_repository(tag, cwd)
    changelog_path = cwd / CHANGELOG.name
    changelog = release_changelog(changelog_path.read_text(encoding="utf-8"), version, day or datetime.date.today())
    changelog_path.write_text(changelog, encoding="utf-8")
    pins = move_module_pins(cwd, version)
    git("commit", "-q", "-m", f"Release {version}", "--", CHANGELOG.name, *pins, cwd=cwd)
    message = f"Stack Ladder {version}\n\n{notes(changelog, version)}"
    git("tag", "--annotate", "--cleanup=whitespace", "--message", message, tag, cwd=cwd)
    return f"git push --atomic origin {BRANCH} {tag}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ladder.build.release", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cut_parser = commands.add_parser("cut", help="move Unreleased under a new version, commit and tag it")
    cut_parser.add_argument("version", help="MAJOR.MINOR.PATCH, for example 0.10.0")
    notes_parser = commands.add_parser("notes", help="print a released version's section (fails when absent)")
    notes_parser.add_argument("version", help="the version or its tag, for example v0.10.0")
    notes_parser.add_argument("--changelog", type=Path, default=CHANGELOG, help="default: the repository's")
    args = parser.parse_args(argv)
    try:
        if args.command == "cut":
            push = cut(args.version)
            print(f"Tagged v{_version_name(args.version)}. Check `git show`, then publish it:\n\n    {push}\n")
        else:
            print(notes(args.changelog.read_text(encoding="utf-8"), args.version), end="")
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
