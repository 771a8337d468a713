"""The docs: the README's quick start is what CI runs, and nothing cites what the reader does not have."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ladder.build.rungs import REPO_ROOT


def _quick_start_commands() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the quick start has a bash block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_quick_start_has_exactly_two_commands() -> None:
    demo, tests = _quick_start_commands()
    assert demo.endswith("nox -s demo")
    assert "nox -s lint templates reference smoke upgrade" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == _quick_start_commands()[1]


def test_readme_is_a_first_ten_minutes_read() -> None:
    assert len((REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


# Documents a reader of this repository or of a generated project does not have: the design notes the project
# was planned from, and the tracker's issue numbers.
UNAVAILABLE = re.compile(r"\b(?:LADDER|CONTRACT)\.md\b|\.\./shared\b|\bissue #?\d+|(?<![\w&/])#\d{1,3}\b(?![\w;])")
SKIPPED_SUFFIXES = {".min.js", ".min.css", ".json", ".svg", ".png", ".ico"}


def _tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    files = [REPO_ROOT / name for name in listed.stdout.split("\0") if name]
    return [f for f in files if f.is_file() and not any(f.name.endswith(s) for s in SKIPPED_SUFFIXES)]


def test_no_file_cites_a_document_the_reader_does_not_have() -> None:
    """Repository files and reference apps (what a generated project holds) cite only what they ship."""
    citing = []
    for path in _tracked_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for number, line in enumerate(text.splitlines(), 1):
            if UNAVAILABLE.search(line):
                citing.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()[:100]}")
    assert not citing, "\n".join(citing)


MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_relative_links_in_markdown_resolve() -> None:
    broken = []
    for path in _tracked_files():
        if path.suffix != ".md" or "reference-apps" in path.parts:
            continue
        for target in MARKDOWN_LINK.findall(path.read_text(encoding="utf-8")):
            if "://" not in target and not target.startswith("mailto:") and not (path.parent / target).exists():
                broken.append(f"{path.relative_to(REPO_ROOT)} -> {target}")
    assert not broken, "\n".join(broken)


def test_generated_readmes_stay_a_newcomers_read() -> None:
    """A generated project's README fits about 250 lines; deployment and operations live in its docs/."""
    for readme in sorted((REPO_ROOT / "reference-apps").glob("*/README.md")):
        assert len(readme.read_text(encoding="utf-8").splitlines()) <= 250, readme
        assert (readme.parent / "docs").is_dir(), f"{readme.parent.name} has no docs/"
