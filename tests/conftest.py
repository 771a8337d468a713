"""Shared helpers for the monorepo's tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladder.build.rungs import REPO_ROOT

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
