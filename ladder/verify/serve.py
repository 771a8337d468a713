"""Serve a generated app through its Procfile and drive it through the contract: shared by both tracks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ladder.build.spec import load_answers, model_of_project
from ladder.verify.contract import Target, run_contract
from ladder.verify.processes import background, read_procfile, run, wait_for_http
from ladder.verify.report import ADMIN_PASSWORD, ADMIN_USER, Report, tail


def serve_and_drive(
    report: Report,
    project: Path,
    env: dict[str, str],
    workdir: Path,
    admin: tuple[str, str],
    while_serving: Callable[[str], None] | None = None,
) -> None:
    """Procfile `release`, the admin user (`admin`: check name, command), then `web` driven through the contract
    (and `while_serving`, given the base URL)."""
    procfile = read_procfile(project)
    release = run(procfile["release"], project, env)
    if not report.add("Procfile release", release.returncode == 0, tail(release, 3)):
        return
    admin_name, admin_command = admin
    created = run(admin_command, project, env)
    if not report.add(admin_name, created.returncode == 0, tail(created, 3)):
        return
    base_url = f"http://127.0.0.1:{env['PORT']}"
    log = workdir / "web.log"
    with background(procfile["web"], project, env, log) as web:
        try:
            seconds = wait_for_http(f"{base_url}/health/live/", web)
        except RuntimeError as error:
            report.add("Procfile web serves", False, f"{error}\n{log.read_text()[-2000:]}")
            return
        report.add("Procfile web serves", True, f"/health/live/ answered after {seconds:.1f} s")
        for check in run_contract(project_target(base_url, project)):
            report.add(f"contract/{check.name}", check.ok, check.detail)
        if while_serving is not None:
            while_serving(base_url)


def project_target(base_url: str, project: Path) -> Target:
    """The contract's view of a generated project served at `base_url`: its entities, the smoke's admin, and
    which contract it keeps (the fraiseql rung's is GraphQL)."""
    rung = str(load_answers(project / ".copier-answers.yml").get("rung", ""))
    model = model_of_project(project)
    return Target(base_url, model, ADMIN_USER, ADMIN_PASSWORD, graphql=rung.startswith("fraiseql-"))
