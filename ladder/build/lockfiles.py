"""Regenerate the JavaScript track's package-lock files (templates/js-lockfiles/*.json).

`package.json.jinja` lists different dependencies for each web framework and SQL dialect, and more from level 2
(`-jobs`: BullMQ, ioredis, csv-parse) and level 3 (`-s3`: those and the AWS SDK's S3 client), so each combination
has its own lock, and `package-lock.json.jinja` includes the one a project renders. After changing a dependency
in package.json.jinja, run:

    python -m ladder.build.lockfiles            # every combination
    python -m ladder.build.lockfiles nextjs-postgresql

Each combination is rendered with its answers, `npm install --package-lock-only` resolves the tree from the
registry (the `resolved` URLs kept, whatever the local npm config says), and the project's npm name is put
back as the Jinja expression it renders from.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from ladder.build.render import copier_copy
from ladder.build.rungs import REPO_ROOT

LOCKFILES = REPO_ROOT / "templates" / "js-lockfiles"
COMBINATIONS: dict[str, dict[str, str]] = {
    "express-sqlite": {"rung": "express-l0"},
    "nextjs-sqlite": {"rung": "nextjs-l1", "database": "sqlite"},
    "nextjs-postgresql": {"rung": "nextjs-l1", "database": "postgres"},
    "nextjs-postgresql-jobs": {"rung": "node-l2", "web": "nextjs"},
    "express-postgresql-jobs": {"rung": "node-l2", "web": "express"},
    "nextjs-postgresql-s3": {"rung": "node-l3", "web": "nextjs"},
    "express-postgresql-s3": {"rung": "node-l3", "web": "express"},
    "django-frontend": {"rung": "django-l4"},
}
# Where a combination's package.json is, when not at the project's root (django-l4's Astro frontend).
PACKAGE_DIRS = {"django-frontend": "frontend"}
PROJECT_NAME = "lock-name"
NAME_EXPRESSION = "{{ project_slug | replace('_', '-') }}"


def regenerate(combination: str) -> Path:
    """Write the lock of one combination and return its path."""
    with tempfile.TemporaryDirectory(prefix="lockfile-") as scratch:
        root = Path(scratch) / "project"
        copier_copy(REPO_ROOT, root, {**COMBINATIONS[combination], "project_name": "Lock name"}, vcs_ref=None)
        project = root / PACKAGE_DIRS.get(combination, "")
        (project / "package-lock.json").unlink()
        command = "npm install --package-lock-only --no-audit --no-fund --omit-lockfile-registry-resolved=false"
        subprocess.run(command.split(), cwd=project, check=True, capture_output=True, text=True)
        lock = (project / "package-lock.json").read_text(encoding="utf-8")
    target = LOCKFILES / f"{combination}.json"
    # The package's name follows the project's: "lock-name", or "lock-name-frontend".
    target.write_text(lock.replace(f'"name": "{PROJECT_NAME}', f'"name": "{NAME_EXPRESSION}'), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("combinations", nargs="*", choices=[*COMBINATIONS, []], help="default: all")
    for combination in parser.parse_args().combinations or list(COMBINATIONS):
        print(f"wrote {regenerate(combination).relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
