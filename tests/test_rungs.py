"""Rules that keep `copier update` safe across rungs (see CONTRIBUTING.md, "Adding a rung")."""

from __future__ import annotations

from pathlib import Path

import pytest

from ladder import rungs
from ladder.rungs import TEMPLATES


def _file_set(project: Path) -> set[str]:
    """Every file path of a rendered project."""
    return {str(path.relative_to(project)) for path in project.rglob("*") if path.is_file()}


def _climbs() -> list[tuple[rungs.Rung, rungs.Rung]]:
    return [(low, high) for low in rungs.all_rungs() if (high := rungs.next_in_track(low))]


@pytest.mark.parametrize("rung", rungs.all_rungs(), ids=lambda r: r.id)
def test_every_rung_has_its_parts(rung: rungs.Rung) -> None:
    assert (TEMPLATES / rung.id / "questions.yml").is_file()
    assert rung.template_dir.is_dir()
    assert (rung.reference_dir / ".copier-answers.yml").is_file(), "run `nox -s render`"


def test_a_climb_never_deletes_a_file() -> None:
    """Compared on the reference apps, which render every rung with the same default answers."""
    climbs = _climbs()
    if not climbs:
        pytest.skip("only one rung per track is built so far: no climb to check")
    for low, high in climbs:
        missing = _file_set(low.reference_dir) - _file_set(high.reference_dir)
        assert not missing, f"climbing {low.id} -> {high.id} would delete {sorted(missing)}"


def test_shared_files_are_linked_not_copied() -> None:
    """A rung's template may hold its own files, but a file also in templates/_shared must be a link to it."""
    shared = {p.read_bytes() for p in (TEMPLATES / "_shared").rglob("*") if p.is_file() and p.stat().st_size > 200}
    for rung in rungs.all_rungs():
        for path in rung.template_dir.rglob("*"):
            if path.is_file() and not any(parent.is_symlink() for parent in [path, *path.parents]):
                assert path.read_bytes() not in shared, f"{path} copies a file of templates/_shared; link it"
