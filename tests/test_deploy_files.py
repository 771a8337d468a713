"""The level-1 deployment files of every answer combination, checked with the real tools.

compose files against the compose specification, Dockerfiles with hadolint, the Caddyfile with `caddy validate`,
the nginx site with `nginx -t`, the backup scripts with `bash -n`. A tool missing here skips with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
from itertools import product
from pathlib import Path

import pytest
import yaml

from ladder.build import rungs
from ladder.verify.processes import read_procfile

from .conftest import copier_cli

VARIANTS = [
    {"database": database, "static_server": static}
    for database, static in product(["postgres", "sqlite"], ["whitenoise", "caddy", "nginx"])
]
LEVEL_ONE_RUNGS = [r.id for r in rungs.all_rungs() if r.track == "django" and r.level >= 1]


@pytest.fixture(scope="module", params=[(r, v) for r in LEVEL_ONE_RUNGS for v in VARIANTS], ids=str)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rung, answers = request.param
    dest = tmp_path_factory.mktemp("deploy") / "app"
    data = [arg for key, value in {"rung": rung, **answers}.items() for arg in ("--data", f"{key}={value}")]
    result = copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *data, str(rungs.REPO_ROOT), str(dest))
    assert result.returncode == 0, result.stderr
    return dest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} is not on PATH (nox -s templates installs the Python tools; .ci/run installs caddy and nginx)"
        )
    return path


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd)


def test_compose_file_follows_the_spec(project: Path) -> None:
    result = _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(project / "compose.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_services_match_the_answers(project: Path) -> None:
    compose = (project / "compose.yaml").read_text()
    answers = (project / ".copier-answers.yml").read_text()
    assert ("image: postgres:" in compose) == ("database: sqlite" not in answers)
    if rungs.get(yaml.safe_load(answers)["rung"]).level >= 4:
        # Level 4's front door is Caddy (proxy/Caddyfile, the Procfile's web): static_server is not asked, and one
        # given anyway (as a climb from level 3 brings it) leaves no file of its own behind.
        assert yaml.safe_load(compose)["services"]["proxy"]["image"].startswith("caddy:")
        assert (project / "proxy" / "Caddyfile").exists()
        assert "static_server" not in yaml.safe_load(answers)
        assert not (project / "Caddyfile").exists() and not (project / "nginx.conf").exists()
        assert "nginx" not in compose
    else:
        assert ("caddy:" in compose) == (project / "Caddyfile").exists()
        assert ("nginx:" in compose) == (project / "nginx.conf").exists()
    assert "service_completed_successfully" in compose, "web must wait for the release step"


def test_dockerfile_passes_hadolint(project: Path) -> None:
    result = _run(_tool("hadolint"), str(project / "Dockerfile"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_caddyfile_is_valid(project: Path) -> None:
    if not (project / "Caddyfile").exists():
        pytest.skip("this answer has no Caddy")
    result = _run(_tool("caddy"), "validate", "--adapter", "caddyfile", "--config", "Caddyfile", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    formatted = _run("caddy", "fmt", "Caddyfile", cwd=project)
    assert formatted.stdout == (project / "Caddyfile").read_text(), "the Caddyfile is not `caddy fmt` formatted"


def test_nginx_site_is_valid(project: Path, tmp_path: Path) -> None:
    if not (project / "nginx.conf").exists():
        pytest.skip("this answer has no nginx")
    nginx = _tool("nginx")
    # `nginx -t` resolves upstream host names, and `web` only exists on the compose network: point it at
    # loopback in a copy; everything else is tested as written.
    site = (project / "nginx.conf").read_text().replace("server web:8000;", "server 127.0.0.1:8000;")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = _run(nginx, "-t", "-c", str(tmp_path / "nginx.conf"))
    assert result.returncode == 0, result.stderr


def test_backup_scripts_parse_and_are_executable(project: Path) -> None:
    for script in ("backup.sh", "restore.sh"):
        path = project / "scripts" / script
        assert path.stat().st_mode & 0o111, f"{script} is not executable"
        result = _run("bash", "-n", str(path))
        assert result.returncode == 0, result.stderr


LEVEL_TWO_RUNGS = [r.id for r in rungs.all_rungs() if r.track == "django" and r.level >= 2]


@pytest.mark.parametrize("rung", LEVEL_TWO_RUNGS)
@pytest.mark.parametrize("beat", [True, False], ids=["beat", "no_beat"])
def test_worker_and_beat_follow_the_answers(tmp_path: Path, rung: str, beat: bool) -> None:
    """Level 2 always has a worker; beat, in the Procfile and in compose, only when `celery_beat` says so."""
    dest = tmp_path / "app"
    data = ["--data", f"rung={rung}", "--data", f"celery_beat={str(beat).lower()}"]
    result = copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *data, str(rungs.REPO_ROOT), str(dest))
    assert result.returncode == 0, result.stderr
    procfile = read_procfile(dest)
    services = yaml.safe_load((dest / "compose.yaml").read_text())["services"]
    assert "worker" in procfile and "worker" in services
    assert ("beat" in procfile) == beat == ("beat" in services)
    assert ("celery -A config beat" in (dest / "README.md").read_text()) == beat
    spec = _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(dest / "compose.yaml"))
    assert spec.returncode == 0, spec.stdout + spec.stderr


# The JavaScript rungs' image and compose stack, for each answer that changes them.
JS_VARIANTS = [
    ("nextjs-l1", {"database": "postgres"}),
    ("nextjs-l1", {"database": "sqlite"}),
    ("node-l2", {"web": "nextjs"}),
    ("node-l2", {"web": "express"}),
]


@pytest.mark.parametrize(("rung", "answers"), JS_VARIANTS, ids=lambda v: v if isinstance(v, str) else str(v))
def test_js_image_and_compose_follow_the_answers(tmp_path: Path, rung: str, answers: dict[str, str]) -> None:
    dest = tmp_path / "app"
    data = [arg for key, value in {"rung": rung, **answers}.items() for arg in ("--data", f"{key}={value}")]
    result = copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *data, str(rungs.REPO_ROOT), str(dest))
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load((dest / "compose.yaml").read_text())["services"]
    level_two = rungs.get(rung).level >= 2
    assert ("db" in services) == (answers.get("database", "postgres") == "postgres")
    assert ("redis" in services) == ("worker" in services) == ("worker" in read_procfile(dest)) == level_two
    assert services["web"]["depends_on"]["release"]["condition"] == "service_completed_successfully"
    spec = _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(dest / "compose.yaml"))
    assert spec.returncode == 0, spec.stdout + spec.stderr
    lint = _run(_tool("hadolint"), str(dest / "Dockerfile"))
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # Multi-stage, non-root, health-checked; both build (tsc, and `next build` on Next.js), and Express runs on
    # the dependencies of `npm ci --omit=dev`.
    dockerfile = (dest / "Dockerfile").read_text()
    nextjs = yaml.safe_load((dest / ".copier-answers.yml").read_text()).get("web", "nextjs") == "nextjs"
    assert dockerfile.count("FROM ") >= 2 and "USER 1000:1000" in dockerfile and "HEALTHCHECK" in dockerfile
    assert "npm run build" in dockerfile
    assert ("npm ci --omit=dev" in dockerfile) == (not nextjs)
    assert ("NEXT_" in dockerfile) == nextjs
