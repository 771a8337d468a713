"""The generated Python projects' venvs for their checks: built once per content, by uv where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ladder.build import pyproject_env


def test_uv_builds_the_venv_where_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, path=None: "/usr/bin/uv" if name == "uv" else None)
    venv, requirements = Path("/cache/app-1"), Path("/src/app/requirements-dev.txt")
    create, install = pyproject_env.install_commands(Path("/usr/bin/python3.12"), venv, requirements)
    assert create == ["/usr/bin/uv", "venv", "--quiet", "--python", "/usr/bin/python3.12", str(venv)]
    assert install[:3] == ["/usr/bin/uv", "pip", "install"] and install[-2:] == ["-r", str(requirements)]


def test_without_uv_the_standard_librarys_venv_and_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, path=None: None)
    venv = Path("/cache/app-1")
    create, install = pyproject_env.install_commands(Path("/usr/bin/python3"), venv, Path("r.txt"))
    assert create == ["/usr/bin/python3", "-m", "venv", str(venv)]
    assert install[:4] == [str(venv / "bin" / "python"), "-m", "pip", "install"]


def test_a_venv_is_built_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[list[str]] = []

    def fake_run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        built.append(command)
        if "venv" in command:  # the first command makes the venv's folder, named last
            Path(command[-1]).mkdir(parents=True)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(pyproject_env, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(subprocess, "run", fake_run)
    project = tmp_path / "app"
    project.mkdir()
    (project / "requirements-dev.txt").write_text("Django==5.2.19\n")
    first = pyproject_env.venv_for(project)
    assert pyproject_env.venv_for(project) == first and len(built) == 2  # the second call builds nothing
    (project / "requirements-dev.txt").write_text("Django==5.2.20\n")
    assert pyproject_env.venv_for(project) != first and len(built) == 4
