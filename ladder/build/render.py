"""Render rungs with Copier, and keep reference-apps/ equal to a fresh render.

A reference app is the rung rendered from the answers committed in its own `.copier-answers.yml`. Two
answer-file entries depend on where and when the render ran (`_commit`, `_src_path`); they are normalised to a
fixed value so that a render is byte-for-byte reproducible. That is the only change made to Copier's output.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ladder.build import rungs
from ladder.build.spec import load_answers

ANSWERS_FILE = ".copier-answers.yml"
PUBLIC_SOURCE = "gh:stack-ladder/stack-ladder"


def copier_copy(src: Path | str, dest: Path, answers: dict[str, Any], vcs_ref: str | None = "HEAD") -> None:
    """`copier copy --defaults` with `answers` as a data file; raises CalledProcessError on refusal."""
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as data_file:
        yaml.safe_dump(answers, data_file, sort_keys=False)
    command = [sys.executable, "-m", "copier", "copy", "--quiet", "--defaults", "--data-file", data_file.name]
    if vcs_ref:
        command += ["--vcs-ref", vcs_ref]
    try:
        subprocess.run([*command, str(src), str(dest)], check=True, capture_output=True, text=True)
    finally:
        Path(data_file.name).unlink()


def user_answers(answers_file: Path) -> dict[str, Any]:
    """The answers a user gave (Copier's own `_` entries left out)."""
    return {key: value for key, value in load_answers(answers_file).items() if not key.startswith("_")}


def normalise_answers_file(project: Path) -> None:
    path = project / ANSWERS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("_commit:", "_src_path:"))]
    header = [line for line in kept if line.startswith("#")]
    body = [line for line in kept if not line.startswith("#")]
    path.write_text("".join([*header, f"_src_path: {PUBLIC_SOURCE}\n", *body]), encoding="utf-8")


def render_reference(rung: rungs.Rung, dest: Path) -> None:
    """Render `rung` from the working tree with its reference app's committed answers into `dest`."""
    committed = rung.reference_dir / ANSWERS_FILE
    answers = {**(user_answers(committed) if committed.exists() else {}), **rung.answers}
    copier_copy(rungs.REPO_ROOT, dest, answers)
    normalise_answers_file(dest)


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on one side or with other content)."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only)
        _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__"]), "")
    return sorted(found)


def check(rung: rungs.Rung) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / rung.name
        render_reference(rung, fresh)
        if not rung.reference_dir.exists():
            return ["(the reference app is missing: run `nox -s render`)"]
        return differences(rung.reference_dir, fresh)


def write(rung: rungs.Rung) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / rung.name
        render_reference(rung, fresh)
        shutil.rmtree(rung.reference_dir, ignore_errors=True)
        shutil.copytree(fresh, rung.reference_dir, symlinks=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["check", "write"])
    rungs.add_app_names(parser)
    args = parser.parse_args(argv)
    selected = rungs.selected(args.rungs)
    failed = False
    for rung in selected:
        if args.action == "write":
            write(rung)
            print(f"rendered reference-apps/{rung.name}")
            continue
        drift = check(rung)
        failed = failed or bool(drift)
        status = "drifted: " + ", ".join(drift) if drift else "matches a fresh render"
        print(f"reference-apps/{rung.name}: {status}")
    if failed:
        print("Re-render with `nox -s render` and commit the result.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
