"""A generated Python project's virtual environment, cached between runs by what it installs."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

CACHE = Path(os.environ.get("STACK_LADDER_CACHE", Path.home() / ".cache" / "stack-ladder"))


def interpreter_for(project: Path) -> Path:
    """The Python the project asks for in .python-version, else the one running this code.

    pyenv's installed versions come first: its shims answer to `python3.12` even where that version is not
    selected, and then fail.
    """
    version_file = project / ".python-version"
    wanted = version_file.read_text(encoding="utf-8").strip() if version_file.exists() else ""
    if not wanted:
        return Path(sys.executable)
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [p / "bin" / f"python{wanted}" for p in sorted(pyenv.glob(f"{wanted}*"), reverse=True)]
    on_path = shutil.which(f"python{wanted}")
    if on_path and "/shims/" not in on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    print(f"note: Python {wanted} not found; using {sys.version.split()[0]} for {project.name}")
    return Path(sys.executable)


def venv_for(project: Path, requirements: str = "requirements-dev.txt") -> Path:
    """A venv with the project's requirements installed, built once per content and shared by every check that
    needs it (a lock lets parallel test workers wait for one build instead of racing it)."""
    python = interpreter_for(project)
    digest = hashlib.sha256(str(python).encode())
    for name in sorted(p.name for p in project.glob("requirements*.txt")):
        digest.update((project / name).read_bytes())
    venv = CACHE / "venvs" / f"{project.name}-{digest.hexdigest()[:16]}"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.with_name(venv.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            for command in install_commands(python, venv, project / requirements):
                result = subprocess.run(command, capture_output=True, text=True, check=False)
                if result.returncode != 0:
                    raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
            (venv / ".complete").touch()
    return venv


def install_commands(python: Path, venv: Path, requirements: Path) -> list[list[str]]:
    """uv where it is installed (it resolves the same pinned requirements as pip, from a shared cache, in seconds),
    else the standard library's venv and pip, as the project's own README does."""
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv:
        return [
            [uv, "venv", "--quiet", "--python", str(python), str(venv)],
            [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "-r", str(requirements)],
        ]
    return [
        [str(python), "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(requirements)],
    ]
