"""Refused answers: `copier copy` exits non-zero, names the question/entity/field and the problem, writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ladder.build import rungs
from ladder.build.rungs import REPO_ROOT

from .conftest import copier_cli

MUST_FAIL = {
    "bad project slug": (["project_slug=My-App"], 'project_slug "My-App" must start with a lowercase letter'),
    "slug shadows a module": (["project_slug=config"], 'project_slug "config" would shadow a module'),
    "empty project name": (["project_name= "], "project_name must not be empty"),
    "unknown field type": (
        ['entities={"Task": {"title": "strr(20)"}}'],
        'Entity Task, field title: unknown type "strr(20)"',
    ),
    "bad default": (
        ['entities={"Task": {"done": "bool=maybe"}}'],
        'Entity Task, field done: bad default "maybe" for bool',
    ),
    "ref to a missing entity": (
        ['entities={"Task": {"project": "ref Project"}}'],
        'Entity Task, field project: ref must name a declared entity (got "Project"',
    ),
    "two pks": (
        ['entities={"Task": {"id": "uuid pk", "code": "int pk"}}'],
        "Entity Task, field code: an entity has at most one pk",
    ),
    "entity named like a generated GraphQL type": (
        ["rung=fraiseql-l1", 'entities={"Book": {"title": "str"}, "CreateBookInput": {"n": "int"}}'],
        "Entity CreateBookInput: the GraphQL schema already has a type CreateBookInput, generated for entity Book",
    ),
    "unknown rung": (["rung=django-l9"], "Invalid choice for 'rung': 'django-l9'"),
    "unknown web framework": (["rung=node-l2", "web=astro"], "Invalid choice for 'web': 'astro'"),
    # Level 3's questions (the AWS infrastructure).
    "bad AWS region": (["rung=django-l3", "aws_region=Europe"], 'aws_region "Europe" must be an AWS region code'),
    "bad domain": (
        ["rung=django-l3", "domain_name=localhost"],
        'domain_name "localhost" must be a lowercase DNS name',
    ),
    "bad database class": (
        ["rung=django-l3", "db_instance_class=t4g.micro"],
        'db_instance_class "t4g.micro" must be an RDS instance class',
    ),
    "bad task CPU": (["rung=django-l3", "task_cpu=300"], "task_cpu 300 must be a Fargate size"),
    "memory unfit for the CPU": (
        ["rung=django-l3", "task_cpu=1024", "task_memory=1536"],
        "task_memory 1536 does not suit task_cpu 1024: Fargate takes whole GiB (multiples of 1024) from 2048 to 8192.",
    ),
    "memory unfit for 256 CPU units": (
        ["rung=django-l3", "task_cpu=256", "task_memory=4096"],
        "task_memory 4096 does not suit task_cpu 256: Fargate takes 512, 1024 or 2048.",
    ),
    "no web task": (["rung=django-l3", "web_desired_count=0"], "web_desired_count 0 must be from 1 to 20."),
}


@pytest.mark.parametrize("case", MUST_FAIL, ids=list(MUST_FAIL))
def test_refused_answer_writes_nothing(tmp_path: Path, case: str) -> None:
    data, message = MUST_FAIL[case]
    if not any(item.startswith("rung=") for item in data):
        data = ["rung=django-l0", *data]
    dest = tmp_path / "project"
    args = [arg for item in data for arg in ("--data", item)]
    result = copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *args, str(REPO_ROOT), str(dest))
    assert result.returncode != 0
    assert message in result.stderr, result.stderr[-2000:]
    assert not dest.exists(), "a refused answer must not leave a half-written project"


@pytest.mark.parametrize("rung", [r.id for r in rungs.all_rungs() if r.track == "js"])
def test_js_rung_refuses_a_bad_spec_and_writes_nothing(tmp_path: Path, rung: str) -> None:
    """The entity spec is parsed once for every track: a JavaScript rung refuses what a Django rung refuses."""
    data, message = MUST_FAIL["ref to a missing entity"]
    dest = tmp_path / "project"
    args = ["--data", f"rung={rung}", "--data", data[0]]
    result = copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *args, str(REPO_ROOT), str(dest))
    assert result.returncode != 0
    assert message in result.stderr, result.stderr[-2000:]
    assert not dest.exists()


def test_refusal_message_is_one_sentence_on_the_last_line(tmp_path: Path) -> None:
    bad = json.dumps({"Task": {"done": "bool=maybe"}})
    result = copier_cli(
        "copy",
        "--defaults",
        "--vcs-ref",
        "HEAD",
        "--data",
        "rung=django-l0",
        "--data",
        f"entities={bad}",
        str(REPO_ROOT),
        str(tmp_path / "p"),
    )
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "ValueError: Validation error for question 'entities': "
        'Entity Task, field done: bad default "maybe" for bool (use true or false).'
    )
