"""ladder.verify.infra without terraform, and the layout every module of infra-modules/ promises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ladder.build import release
from ladder.build.render import copier_copy
from ladder.verify import infra

MODULES = Path(__file__).resolve().parent.parent / "infra-modules"
APPS = MODULES.parent / "reference-apps"
MODULE_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")


def modules() -> list[Path]:
    return sorted(path.parent for path in MODULES.glob("*/versions.tf"))


def test_cli_config_installs_hashicorp_providers_from_the_mirror_only(tmp_path: Path) -> None:
    config = infra.cli_config(tmp_path)
    assert f'path    = "{tmp_path}"' in config
    assert 'include = ["registry.terraform.io/hashicorp/*"]' in config
    assert 'exclude = ["registry.terraform.io/hashicorp/*"]' in config


def test_moto_override_points_every_service_at_the_endpoint() -> None:
    override = infra.moto_override("http://127.0.0.1:5999")
    for service in infra.MOTO_SERVICES:
        assert re.search(rf'^    {service} += "http://127\.0\.0\.1:5999"$', override, re.MULTILINE), service
    assert 'access_key                  = "testing"' in override
    assert "skip_credentials_validation = true" in override


def test_moto_override_covers_each_aliased_provider() -> None:
    override = infra.moto_override("http://127.0.0.1:5999", aliases=["us_east_1"])
    blocks = override.split('provider "aws" {')[1:]
    assert len(blocks) == 2 and 'alias                       = "us_east_1"' in blocks[1]
    assert all(re.search(r'^    mq += "http://127\.0\.0\.1:5999"$', block, re.MULTILINE) for block in blocks)


def test_provider_aliases_are_read_from_the_root_module(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = var.region\n}\n\n'
        'provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n'
    )
    assert infra.provider_aliases(tmp_path) == ["us_east_1"]
    assert infra.provider_aliases(APPS / "django-l3" / "infra") == []
    assert infra.provider_aliases(APPS / "django-l4" / "infra") == ["us_east_1"]


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not on PATH")
@pytest.mark.parametrize("aliases", [[], ["us_east_1"]])
def test_moto_override_is_formatted_hcl(tmp_path: Path, aliases: list[str]) -> None:
    (tmp_path / "moto_override.tf").write_text(infra.moto_override("http://127.0.0.1:5999", aliases=aliases))
    done = subprocess.run(["terraform", "fmt", "-check", "-no-color", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_terraform_dirs_lists_modules_then_examples(tmp_path: Path) -> None:
    for folder in ("network", "database", "examples/complete", "notes", "examples/draft"):
        (tmp_path / folder).mkdir(parents=True)
    for folder in ("network", "database", "examples/complete"):
        (tmp_path / folder / "versions.tf").write_text("terraform {}\n")
    assert infra.terraform_dirs(tmp_path) == [
        tmp_path / "database",
        tmp_path / "network",
        tmp_path / "examples/complete",
    ]


def test_missing_mirror_is_a_reason_to_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    reason = infra.missing_terraform(tmp_path)
    assert reason is not None and "mirror" in reason
    (tmp_path / infra.PROVIDER_SOURCE).mkdir(parents=True)
    assert infra.missing_terraform(tmp_path) is None


def test_without_terraform_every_check_skips_and_none_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert infra.main(["--modules", str(tmp_path), "--apps", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "0 passed, 0 failed, 4 skipped"
    assert all(line.startswith("SKIP ") for line in out[:-1])
    assert any("terraform is not on PATH" in line for line in out)


def test_a_missing_modules_folder_fails(tmp_path: Path) -> None:
    assert infra.main(["--modules", str(tmp_path / "nowhere")]) == 1


def test_every_module_has_the_standard_layout_and_tests() -> None:
    assert {path.name for path in modules()} >= {"network", "database", "registry", "service", "load-balancer"}
    for module in modules():
        missing = [name for name in MODULE_FILES if not (module / name).is_file()]
        assert not missing, f"{module.name} lacks {missing}"
        assert list((module / "tests").glob("*.tftest.hcl")), f"{module.name} has no tests/*.tftest.hcl"


def test_every_module_pins_terraform_and_the_provider_range() -> None:
    for module in [*modules(), MODULES / "examples" / "complete"]:
        versions = (module / "versions.tf").read_text()
        assert 'required_version = ">= 1.6"' in versions, module.name
        assert 'version = ">= 5.60, < 7.0"' in versions, module.name


def test_every_variable_is_typed_described_and_documented() -> None:
    for module in modules():
        text = (module / "variables.tf").read_text()
        readme = (module / "README.md").read_text()
        blocks = re.split(r'^variable "', text, flags=re.MULTILINE)[1:]
        assert any(block.startswith('tags"') for block in blocks), f"{module.name} has no tags variable"
        for block in blocks:
            name = block.split('"', 1)[0]
            assert "\n  type " in block and "\n  description " in block, f"{module.name}: {name}"
            assert f"`{name}`" in readme, f"{module.name}: {name} is not in its README"


def test_failure_output_starts_at_the_first_error() -> None:
    plan = [f"  + resource {n}" for n in range(500)]
    text = "\n".join([*plan, "Error: listing tags", "  with module.web.aws_appautoscaling_target.this"])
    assert infra.failure_output(text).splitlines() == [
        "Error: listing tags",
        "  with module.web.aws_appautoscaling_target.this",
    ]


def test_failure_output_without_an_error_keeps_the_last_lines() -> None:
    text = "\n".join(f"line {n}" for n in range(500))
    assert infra.failure_output(text).splitlines() == [f"line {n}" for n in range(500 - infra.FAILURE_LINES, 500)]


def test_summary_is_terraforms_closing_line_not_its_outputs() -> None:
    closing = "Apply complete! Resources: 70 added, 0 changed, 0 destroyed."
    text = f"module.web: Creation complete\n\n{closing}\n\nOutputs:\n\nurl = x\n"
    assert infra.summary(text) == closing
    assert infra.summary("no closing words\nlast") == "last"


PINNED = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules"


def test_local_sources_rewrites_every_pinned_module_block(tmp_path: Path) -> None:
    text = (
        f'module "web" {{\n  source = "{PINNED}/service?ref=v0.10.0"\n  name   = "x"\n}}\n\n'
        f'module "cache" {{\n  #checkov:skip=CKV_TF_1:pinned\n  source = "{PINNED}/cache?ref=v0.10.0"\n}}\n'
    )
    standin = tmp_path / "standin-cache"
    rewritten = infra.local_sources(text, MODULES, {"cache": standin})
    assert f'  source = "{MODULES / "service"}"' in rewritten
    assert f'  source = "{standin}"' in rewritten
    assert "github.com" not in rewritten


@pytest.mark.parametrize(
    "block",
    [
        'module "web" {\n  source = "../modules/service"\n}\n',  # not the pinned public source
        f'module "web" {{\n  source = "{PINNED}/service?ref=main"\n}}\n',  # not a release tag
        f'module "web" {{\n  source = "{PINNED}/nothing?ref=v0.10.0"\n}}\n',  # no such module here
    ],
)
def test_local_sources_refuses_a_module_block_it_cannot_rewrite(block: str) -> None:
    with pytest.raises(infra.SourceError):
        infra.local_sources(block, MODULES)


def test_every_reference_app_infra_is_rewritten_whole(tmp_path: Path) -> None:
    """The apply test runs the working tree's modules: no module block of a reference app keeps its GitHub source."""
    dirs = infra.app_infra_dirs(APPS)
    assert "django-l3" in [path.parent.name for path in dirs]
    for folder in dirs:
        copy = infra.copy_app_infra(folder, tmp_path / folder.parent.name, MODULES)
        text = "\n".join(path.read_text() for path in copy.glob("*.tf"))
        assert "github.com" not in text
        assert text.count('module "') == text.count(f'source = "{MODULES}/')


def test_the_cache_standin_has_the_real_modules_inputs_and_outputs(tmp_path: Path) -> None:
    folder = infra.standin("cache", MODULES, tmp_path)
    assert (folder / "variables.tf").read_text() == (MODULES / "cache" / "variables.tf").read_text()

    def outputs(path: Path) -> list[str]:
        return sorted(re.findall(r'^output "([^"]+)"', path.read_text(), re.MULTILINE))

    assert outputs(folder / "outputs.tf") == outputs(MODULES / "cache" / "outputs.tf")


def test_reference_apps_pin_their_modules_to_the_newest_release() -> None:
    """A render pins infra-modules to the release CHANGELOG.md names last; `nox -s release` moves the pins."""
    changelog = (MODULES.parent / "CHANGELOG.md").read_text()
    newest = next(section.name for section in release.sections(changelog) if section.name != release.UNRELEASED)
    for folder in infra.app_infra_dirs(APPS):
        refs = set(re.findall(r"//infra-modules/[a-z0-9-]+\?ref=v([0-9.]+)", (folder / "main.tf").read_text()))
        assert refs == {newest}, folder


# Every level-3 answer away from its default, and no beat: the root module must still be whole and valid.
LEVEL3_FLIPPED = {
    "rung": "django-l3",
    "celery_beat": False,
    "aws_region": "eu-west-3",
    "domain_name": "books.example.org",
    "multi_az": False,
    "nat_per_az": True,
    "db_instance_class": "db.m7g.large",
    "task_cpu": 256,
    "task_memory": 2048,
    "web_desired_count": 3,
}


def test_level3_answers_flipped_give_valid_terraform(tmp_path: Path) -> None:
    project = tmp_path / "project"
    copier_copy(MODULES.parent, project, LEVEL3_FLIPPED)
    main = (project / "infra" / "main.tf").read_text()
    variables = (project / "infra" / "variables.tf").read_text()
    assert 'module "beat"' not in main and "module.beat" not in main
    for default in ('"eu-west-3"', '"books.example.org"', '"db.m7g.large"', "= 256", "= 2048", "= 3"):
        assert f"default     = {default.removeprefix('= ')}" in variables, default
    assert_valid_terraform(project / "infra", tmp_path)


def test_express_on_level3_gets_its_own_web_settings_and_valid_terraform(tmp_path: Path) -> None:
    """node-l3's reference app is Next.js; the Express web's differences (its cluster's WEB_CONCURRENCY, the
    worker's command, no beat) are rendered and validated here."""
    project = tmp_path / "project"
    copier_copy(MODULES.parent, project, {"rung": "node-l3", "web": "express"})
    main = (project / "infra" / "main.tf").read_text()
    assert 'TRUST_PROXY     = "1"' in main and "WEB_CONCURRENCY = tostring(max(1, var.task_cpu / 1024))" in main
    assert 'command                        = ["node", "dist/src/worker.js"]' in main
    assert "beat" not in main and "celery" not in main.lower() and "CSRF_TRUSTED_ORIGINS" not in main
    deploy = (project / ".github" / "workflows" / "deploy.yml").read_text()
    assert 'command: ["npm", "run", "migrate"]' in deploy
    assert_valid_terraform(project / "infra", tmp_path)


# Level 4 with RabbitMQ and without beat: Amazon MQ, its metric for the worker; nothing of Redis's queue metric.
LEVEL4_RABBITMQ = {"rung": "django-l4", "broker": "rabbitmq", "celery_beat": False, "aws_region": "eu-west-3"}


def test_level4_with_rabbitmq_gets_amazon_mq_and_valid_terraform(tmp_path: Path) -> None:
    project = tmp_path / "project"
    copier_copy(MODULES.parent, project, LEVEL4_RABBITMQ)
    main = (project / "infra" / "main.tf").read_text()
    assert 'module "broker"' in main and 'namespace       = "AWS/AmazonMQ"' in main
    assert 'CELERY_BROKER_PASSWORD = "${module.broker.credentials_secret_arn}:password::"' in main
    assert "QUEUE_METRIC_NAMESPACE" not in main and 'module "beat"' not in main
    assert not (project / "jobs" / "queue_depth.py").exists()
    assert_valid_terraform(project / "infra", tmp_path)


def test_level4_routes_exactly_what_the_front_door_routes() -> None:
    """The load balancer's rules for the API are the paths proxy/Caddyfile sends to Django, in the same order."""
    app = APPS / "django-l4"
    caddy = re.search(r"^\s*@django path (.+)$", (app / "proxy" / "Caddyfile").read_text(), re.MULTILINE)
    rules = re.search(r"^\s*path_patterns = \[(.+)\]$", (app / "infra" / "main.tf").read_text(), re.MULTILINE)
    assert caddy and rules
    assert [pattern.strip().strip('"') for pattern in rules[1].split(",")] == caddy[1].split()


def assert_valid_terraform(folder: Path, tmp_path: Path) -> None:
    """`fmt -check`, `init -backend=false` and `validate` of a rendered infra/ on the working tree's modules."""
    copy = infra.copy_app_infra(folder, tmp_path / "copy", MODULES)
    mirror = Path(os.environ.get("TF_PLUGIN_MIRROR", infra.DEFAULT_MIRROR))
    if (reason := infra.missing_terraform(mirror)) is not None:
        pytest.skip(reason)
    (tmp_path / "tfrc").write_text(infra.cli_config(mirror))
    env = infra.terraform_env(tmp_path / "tfrc")
    for what, command in (
        ("fmt", ["fmt", "-check"]),
        ("init", ["init", "-backend=false"]),
        ("validate", ["validate"]),
    ):
        result = infra.run(what, [infra.TERRAFORM, *command, "-no-color"], copy, env)
        assert result.status == "PASS", result.report()


def test_apps_made_of_the_same_building_blocks_are_applied_once(tmp_path: Path) -> None:
    """django-l3 and node-l3 render one infra/ tree: the second is validated, its apply names the first. An app
    with another module, or a resource or data source of another kind (level 4), is applied itself."""
    zone = 'resource "aws_route53_zone" "this" {\n}\n'
    for name, modules, extra in (
        ("django-l3", "network cache", zone),
        ("node-l3", "cache network", zone),
        ("other-l3", "network", zone),
        ("django-l4", "network cache", zone + 'resource "aws_service_discovery_private_dns_namespace" "this" {\n}\n'),
    ):
        folder = tmp_path / name / "infra"
        folder.mkdir(parents=True)
        blocks = [
            f'module "{module}" {{\n  source = "{PINNED}/{module}?ref=v1.2.3"\n}}\n' for module in modules.split()
        ]
        (folder / "main.tf").write_text("".join(blocks) + extra)
    dirs = sorted(tmp_path.glob("*/infra"))
    applied = {folder.parent.name: first.parent.name for folder, first in infra.applied_apps(dirs)}
    assert applied == {
        "django-l3": "django-l3",
        "django-l4": "django-l4",
        "node-l3": "django-l3",
        "other-l3": "other-l3",
    }
    real = {folder.parent.name: first.parent.name for folder, first in infra.applied_apps(infra.app_infra_dirs(APPS))}
    assert real["node-l3"] == "django-l3", real
    assert real["django-l4"] == "django-l4", real
