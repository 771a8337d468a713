"""ladder.measure.faults without a server: what applies to which web process."""

from __future__ import annotations

from ladder.build.rungs import REPO_ROOT
from ladder.measure import faults
from ladder.verify.processes import read_procfile
from ladder.verify.report import Report


def test_a_single_node_process_has_no_worker_to_kill_and_is_skipped_never_passed() -> None:
    web = read_procfile(REPO_ROOT / "reference-apps" / "express-l0")["web"]
    report = Report("express-l0", "faults")
    faults.worker_kill_or_skip(report, web, "http://127.0.0.1:1", [], 0)
    assert report.checks == []
    assert [name for name, _ in report.skipped_checks] == ["worker SIGKILL"]
    assert "one Node process" in report.skipped_checks[0][1]


def test_the_cluster_webs_of_level_1_up_have_workers_to_kill() -> None:
    assert faults.has_workers(read_procfile(REPO_ROOT / "reference-apps" / "node-l2-express")["web"])
    for rung in ("nextjs-l1", "node-l2"):  # Next.js's standalone server: one process, scaled by replicas
        assert not faults.has_workers(read_procfile(REPO_ROOT / "reference-apps" / rung)["web"]), rung
    assert faults.has_workers(read_procfile(REPO_ROOT / "reference-apps" / "django-l1")["web"])


def test_each_track_seeds_and_creates_its_admin_its_own_way() -> None:
    assert faults.SETUP["js"] == ("npm run createadmin", f"npm run seed -- {faults.SEED_ROWS}")
    assert faults.SETUP["django"][0] == "python manage.py createsuperuser --noinput"
