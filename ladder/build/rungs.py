"""The rungs this repository builds, read from copier.yml so that there is one list."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"
REFERENCE_APPS = REPO_ROOT / "reference-apps"
# The `web` answers node-l2 renders a working project for (the choices of copier.yml's `web` question).
NODE_WEBS = {"nextjs", "express"}
# Reference apps beyond one per rung: node-l2's own answers say `web: nextjs`, and reference-apps/node-l2-express/
# is the same rung rendered with `web: express`, so that both webs are linted, smoke-tested and browsable.
WEB_VARIANTS = {"node-l2": ("express",)}


@dataclass(frozen=True)
class Rung:
    id: str
    description: str
    # The `web` answer of a second reference app of the rung (WEB_VARIANTS); "" for the rung's own.
    variant: str = ""

    @property
    def name(self) -> str:
        """The reference app's name: the rung id, followed by the variant's `web` answer for a second one."""
        return f"{self.id}-{self.variant}" if self.variant else self.id

    @property
    def answers(self) -> dict[str, str]:
        """The answers that make this reference app what it is (the rest come from its answers file)."""
        return {"rung": self.id, **({"web": self.variant} if self.variant else {})}

    @property
    def track(self) -> str:
        """`django`, `fraiseql` or `js`: rungs of one track can be climbed into each other."""
        framework = self.id.split("-", 1)[0]
        return framework if framework in ("django", "fraiseql") else "js"

    @property
    def web(self) -> str:
        """The web framework: `django`, `express` or `nextjs`; `any` for a rung that asks (node-l2 and up)."""
        if self.variant:
            return self.variant
        framework = self.id.split("-", 1)[0]
        return "any" if framework == "node" else framework

    @property
    def webs(self) -> set[str]:
        """The frameworks a project of this rung can have (the `web` answers copier.yml accepts for it)."""
        return NODE_WEBS if self.web == "any" else {self.web}

    @property
    def level(self) -> int:
        tail = self.id.rsplit("-l", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    @property
    def template_dir(self) -> Path:
        """The track's template tree (copier.yml's `_subdirectory` for this rung)."""
        return TEMPLATES / self.track

    @property
    def reference_dir(self) -> Path:
        return REFERENCE_APPS / self.name

    @property
    def has_dockerfile(self) -> bool:
        """Whether the rung renders a Dockerfile (file names depend on answers, so ask its reference app)."""
        return (self.reference_dir / "Dockerfile").exists()


def _copier_config() -> dict[str, Any]:
    """copier.yml: Copier's settings and every question."""
    with (REPO_ROOT / "copier.yml").open(encoding="utf-8") as handle:
        config: dict[str, Any] = yaml.safe_load(handle)
    return config


def _rung_question() -> dict[str, str]:
    """The `rung` question's choices (label -> id), from copier.yml."""
    choices: dict[str, str] = _copier_config()["rung"]["choices"]
    return choices


def all_rungs() -> list[Rung]:
    return [Rung(id=rung_id, description=label.split(": ", 1)[-1]) for label, rung_id in _rung_question().items()]


def reference_apps() -> list[Rung]:
    """Every reference app: each rung, followed by its variants (WEB_VARIANTS)."""
    apps: list[Rung] = []
    for rung in all_rungs():
        apps.append(rung)
        apps.extend(replace(rung, variant=web) for web in WEB_VARIANTS.get(rung.id, ()))
    return apps


def get(name: str) -> Rung:
    """A rung by its id, or a variant's reference app by its name (node-l2-express)."""
    for rung in reference_apps():
        if rung.name == name:
            return rung
    raise KeyError(f"unknown rung {name!r}; known: {', '.join(r.name for r in reference_apps())}")


def selected(names: list[str]) -> list[Rung]:
    """The reference apps a session was asked for by name, or every one when it was given none."""
    return [get(name) for name in names] if names else reference_apps()


def app_name(name: str) -> str:
    """An argparse type: a reference app's name, or a usage error naming the ones there are."""
    try:
        get(name)
    except KeyError as error:
        raise argparse.ArgumentTypeError(str(error.args[0])) from None
    return name


def add_app_names(parser: argparse.ArgumentParser) -> None:
    """The positional argument every session takes: which reference apps (see `selected`)."""
    parser.add_argument(
        "rungs",
        nargs="*",
        type=app_name,
        metavar="app",
        help="reference apps by name: rung ids, and node-l2-express (default: every one)",
    )


def next_in_track(rung: Rung) -> Rung | None:
    """The next rung up in the same track and web framework, if it is built yet.

    A climb keeps the framework: express-l0 climbs to node-l2 with `web: express` (there is no Express rung on
    level 1), nextjs-l1 to node-l2 with `web: nextjs`. express-l0 -> nextjs-l1 is a change of framework, not a
    climb (docs/js-track.md).
    """
    higher = [r for r in all_rungs() if r.track == rung.track and r.level > rung.level and rung.webs <= r.webs]
    return min(higher, key=lambda r: r.level) if higher else None
