"""Shared helpers for the monorepo's tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from ladder.build.rungs import REPO_ROOT

T = TypeVar("T")

# A spec that uses every type and modifier of the entity-spec notation (docs/entity-model.md).
EVERY_KIND: dict[str, Any] = yaml.safe_load(
    """
Project:
  name: str(100) required unique
  budget: decimal(10,2)=0.00
  status: enum(draft|live|archived)=draft
  site: url
  owner_email: email
  starts_on: date
Task:
  id: uuid pk
  project: ref Project required
  parent: ref Task
  title: str(200) required
  notes: text
  estimate: int=3
  weight: float=1.5
  done: bool=false
  external_id: uuid unique
  due_at: datetime
  created_at: datetime auto_add
  updated_at: datetime auto_now
Category:
  label: str(50) required unique
Box:
  width: int required
  category: ref Category
  kind: enum(small|large)
"""
)


def copier_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `copier` command line, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "copier", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.fixture
def template_repo() -> Path:
    return REPO_ROOT


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, every worker starts with its share of the tests marked `long` (a generated project's
    own checks, a JavaScript climb: minutes each). The work-stealing scheduler hands each worker a contiguous
    slice of the collection; left in place, the long tests fall in one slice and run one after another."""
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    if workers > 1 and any(item.get_closest_marker("long") for item in items):
        items[:] = long_first_in_each_slice(items, workers, lambda item: item.get_closest_marker("long") is not None)


def long_first_in_each_slice(items: list[T], workers: int, is_long: Callable[[T], bool]) -> list[T]:
    """`items` reordered so that each of the `workers` slices the scheduler cuts (each takes what is left divided
    by the workers left) begins with its round-robin share of the long items; the others keep their order."""
    long = [item for item in items if is_long(item)]
    others = iter([item for item in items if not is_long(item)])
    ordered: list[T] = []
    for worker in range(workers):
        size = (len(items) - len(ordered)) // (workers - worker)
        share = long[worker::workers]
        ordered += share + list(islice(others, max(size - len(share), 0)))
    return ordered + list(others)
