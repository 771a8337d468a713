"""Check the Terraform/OpenTofu modules of infra-modules/, one line per check.

    python -m ladder.verify.infra [--modules DIR] [--no-apply]

1. `terraform fmt -check -recursive` over the modules;
2. `terraform init -backend=false` and `validate` in every module and every example;
3. `terraform test` in every module that has tests/ (mock providers: no AWS account, no network);
4. checkov over the modules, when it is installed;
5. `terraform apply` then `destroy` of examples/complete against a moto server on 127.0.0.1 (fake credentials);
6. the same for each reference app's `infra/`: `fmt -check` in place; `init -backend=false`, `validate`, checkov,
   `apply` and `destroy` in a copy. Both tracks render infra/ from one template tree, so the apps that use the
   same modules and the same kinds of resources and data sources differ only in names, environment values and
   commands: the first of them is applied, the others are validated and their apply is a SKIP naming the one
   applied (`applied_apps`). Level 4 adds modules and resources of its own, so it is applied itself.

A reference app pins its modules to a release on GitHub (`git::https://github.com/...//infra-modules/<m>?ref=v...`),
which this machine cannot reach, and which holds the released modules rather than the ones under test: the copy's
module sources are rewritten to the working tree's infra-modules/ (`local_sources`, which refuses a module block it
could not rewrite). For the apply, `cache` is rewritten to a stand-in (ladder/verify/standins/cache: the real
module's inputs, the same outputs), since moto cannot run an ElastiCache replication group, and the S3 backend to
local state; the report says so with a SKIP line.

The AWS provider comes from a local filesystem mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins), so nothing
is downloaded; TF_PLUGIN_MIRROR=registry takes it from the registry instead, and TERRAFORM=tofu runs OpenTofu.
Terraform runs in a scratch copy of the modules: the working tree never gets a .terraform/ or state. When
terraform, the mirror or moto is missing, the checks that need it print SKIP with the reason, never PASS; any
FAIL makes the exit status 1. The `infra` nox session installs moto and checkov.

The groups (checkov; the static checks; each apply) run at the same time, each in a scratch folder of its own,
and print their lines group by group in the order above.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from ladder.build.release import PINNED_SOURCE

from .lint import Result
from .processes import free_port

PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws"
DEFAULT_MIRROR = "/opt/tf-plugins"
# TF_PLUGIN_MIRROR=registry: providers come from the registry (a machine with network, such as GitHub's).
REGISTRY = "registry"
# TERRAFORM=tofu runs the same checks with OpenTofu.
TERRAFORM = os.environ.get("TERRAFORM", "terraform")
TIMEOUT = 900  # seconds for one terraform command: the applied example waits on RDS and the ALB
MOTO_START_TIMEOUT = 30.0
MOTO_REGION = "us-east-1"
APPLIED_EXAMPLE = Path("examples") / "complete"
# Provider endpoint names the applied example touches; each is pointed at the moto server.
MOTO_SERVICES = (
    "acm",
    "applicationautoscaling",
    "cloudfront",
    "cloudwatch",
    "ec2",
    "ecr",
    "ecs",
    "elbv2",
    "iam",
    "kms",
    "logs",
    "mq",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "ssm",
    "sts",
)
APPLY_VARIABLES = (
    # The example protects its database and load balancer from deletion: the test must destroy what it built.
    "-var=deletion_protection=false",
    # moto has no ListTagsForResource for Application Auto Scaling, which the provider calls after creating a
    # scalable target: the web service runs at a fixed count here.
    "-var=autoscaling=false",
)
SUMMARY = re.compile(r"^(Apply complete!|Destroy complete!|Success!|Failure!|Terraform has been successfully)")
FAILURE_LINES = 60  # of a failed command's output: terraform prints its whole plan before the error
# A reference app's module source: the public repository's infra-modules/<module> at a release tag.
MODULE_SOURCE = re.compile(
    rf'^(?P<indent>[ \t]*)source[ \t]*=[ \t]*"{PINNED_SOURCE}[0-9]+\.[0-9]+\.[0-9]+"[ \t]*$', re.MULTILINE
)
MODULE_BLOCK = re.compile(r'^module\s+"[^"]+"\s*\{', re.MULTILINE)
# The kinds of resources and data sources a root module declares: `resource "aws_x"` / `data "aws_x"`.
BLOCK_TYPE = re.compile(r'^(?P<kind>resource|data)\s+"(?P<type>[^"]+)"\s+"[^"]+"\s*\{', re.MULTILINE)
# An aliased aws provider (`provider "aws" { alias = "us_east_1" ... }`), which the moto override must cover too.
PROVIDER_ALIAS = re.compile(r'^provider\s+"aws"\s*\{[^}]*?^\s*alias\s*=\s*"(?P<alias>[^"]+)"', re.MULTILINE)
STANDINS = Path(__file__).resolve().parent / "standins"
# Modules the apply of a reference app replaces by a stand-in, and why (moto cannot run them).
APPLY_STANDINS = {"cache": "moto cannot run an ElastiCache replication group"}
# The reference apps' infra/ needs one answer without a default: the repository its deploy role trusts.
APP_APPLY_VARIABLES = (*APPLY_VARIABLES, "-var=github_repository=acme/app")
LOCAL_BACKEND = (
    "# Written by ladder.verify.infra for the apply test: state stays in this scratch copy.\n"
    'terraform {\n  backend "local" {}\n}\n'
)
SCRATCH_IGNORE = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate", "*.tfstate.*")
CHECKOV = ["checkov", "--framework", "terraform", "--quiet", "--compact", "--skip-download", "-d"]


def cli_config(mirror: Path) -> str:
    """A Terraform CLI configuration that installs hashicorp/* providers from `mirror` and never downloads them."""
    return (
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f'    path    = "{mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/*"]\n'
        "  }\n"
        "  direct {\n"
        '    exclude = ["registry.terraform.io/hashicorp/*"]\n'
        "  }\n"
        "}\n"
    )


def moto_override(endpoint: str, services: Sequence[str] = MOTO_SERVICES, aliases: Sequence[str] = ()) -> str:
    """A Terraform override file pointing the example's aws provider, and each of its `aliases`, at a moto server,
    with fake credentials."""
    blocks = [_moto_provider(endpoint, services, alias) for alias in (None, *aliases)]
    header = "# Written by ladder.verify.infra for the apply test: every AWS call goes to a local moto server."
    return "\n".join([header, *blocks])


def provider_aliases(folder: Path) -> list[str]:
    """The aliases of the aws provider configured in `folder`'s .tf files, in order."""
    return [match["alias"] for match in PROVIDER_ALIAS.finditer(terraform_text(folder))]


def terraform_text(folder: Path) -> str:
    """The .tf files of `folder`, one after the other in name order."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.tf")))


def _moto_provider(endpoint: str, services: Sequence[str], alias: str | None) -> str:
    width = max(len(service) for service in services)  # `terraform fmt` aligns the equals signs
    lines = [f'    {service.ljust(width)} = "{endpoint}"' for service in services]
    return "\n".join(
        [
            'provider "aws" {',
            *([f'  alias                       = "{alias}"'] if alias else []),
            f'  region                      = "{MOTO_REGION}"',
            '  access_key                  = "testing"',
            '  secret_key                  = "testing"',
            "  skip_credentials_validation = true",
            "  skip_requesting_account_id  = true",
            "  skip_metadata_api_check     = true",
            "  skip_region_validation      = true",
            "  s3_use_path_style           = true",
            "",
            "  endpoints {",
            *lines,
            "  }",
            "}",
            "",
        ]
    )


def missing_terraform(mirror: Path | None) -> str | None:
    """Why terraform cannot run here (offline from `mirror`, or from the registry when it is None), or None."""
    if shutil.which(TERRAFORM) is None:
        return f"{TERRAFORM} is not on PATH"
    if mirror is not None and not (mirror / PROVIDER_SOURCE).is_dir():
        return f"no hashicorp/aws provider in the mirror {mirror / PROVIDER_SOURCE} (set TF_PLUGIN_MIRROR)"
    return None


def terraform_dirs(modules: Path) -> list[Path]:
    """Every module (a folder of modules/ with a versions.tf) and every example, modules first."""
    found = sorted(path.parent for path in modules.glob("*/versions.tf"))
    found += sorted(path.parent for path in modules.glob("examples/*/versions.tf"))
    return found


def app_infra_dirs(apps: Path) -> list[Path]:
    """The `infra/` folder of every reference app that has one."""
    return sorted(path.parent for path in apps.glob("*/infra/versions.tf"))


def building_blocks(infra: Path) -> frozenset[str]:
    """What an app's infra/ is made of: the infra-modules it uses (by their pinned sources) and the kinds of
    resources and data sources of its own, e.g. {"module network", "resource aws_route53_zone"}."""
    text = terraform_text(infra)
    modules = {f"module {match['module']}" for match in MODULE_SOURCE.finditer(text)}
    return frozenset(modules | {f"{match['kind']} {match['type']}" for match in BLOCK_TYPE.finditer(text)})


def applied_apps(app_dirs: Sequence[Path]) -> list[tuple[Path, Path]]:
    """Each app's infra/ with the one applied for it: itself, or the first app made of the same building blocks."""
    first: dict[frozenset[str], Path] = {}
    return [(infra, first.setdefault(building_blocks(infra), infra)) for infra in app_dirs]


class SourceError(Exception):
    """A module block of a reference app whose source is not the pinned public one."""


def local_sources(text: str, modules: Path, standins: Mapping[str, Path] | None = None) -> str:
    """`text` (a .tf file) with every pinned module source pointing at `modules`/<module>, or at a stand-in.

    Raises SourceError unless every module block of the file was rewritten: a block left pointing at GitHub
    would not be the code under test (and could not be fetched here)."""
    chosen = standins or {}

    def local(match: re.Match[str]) -> str:
        module = match["module"]
        if module not in chosen and not (modules / module).is_dir():
            raise SourceError(f'no infra-modules/{module} for the module source "{match.group(0).strip()}"')
        return f'{match["indent"]}source = "{chosen.get(module, modules / module)}"'

    rewritten, count = MODULE_SOURCE.subn(local, text)
    blocks = len(MODULE_BLOCK.findall(text))
    if count != blocks:
        raise SourceError(f"{blocks} module block(s) but {count} pinned source(s) rewritten")
    return rewritten


def standin(module: str, modules: Path, scratch: Path) -> Path:
    """A stand-in for `module`: its own main.tf and outputs.tf, the real module's variables.tf and versions.tf."""
    folder = scratch / "standins" / module
    shutil.copytree(STANDINS / module, folder, dirs_exist_ok=True)
    for name in ("variables.tf", "versions.tf"):
        shutil.copy2(modules / module / name, folder / name)
    return folder


def copy_app_infra(infra: Path, dest: Path, modules: Path, standins: Mapping[str, Path] | None = None) -> Path:
    """A scratch copy of a reference app's infra/ whose module sources point at the working tree's modules."""
    shutil.copytree(infra, dest, ignore=SCRATCH_IGNORE)
    for path in sorted(dest.glob("*.tf")):
        path.write_text(local_sources(path.read_text(), modules, standins))
    return dest


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def summary(text: str) -> str:
    """terraform's closing words: "Apply complete! Resources: ...", not the outputs printed after them."""
    found = [line.strip() for line in text.splitlines() if SUMMARY.match(line.strip())]
    return found[-1] if found else _last_line(text)


def failure_output(text: str) -> str:
    """What explains a failure: from terraform's first error on, or else the last lines, at most FAILURE_LINES."""
    lines = text.strip().splitlines()
    first_error = next((i for i, line in enumerate(lines) if line.lstrip().startswith("Error:")), None)
    if first_error is not None:
        lines = lines[first_error:]
    return "\n".join(lines[:FAILURE_LINES] if first_error is not None else lines[-FAILURE_LINES:])


def run(what: str, command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Result:
    """Run one command: PASS with its closing words, or FAIL with everything it said."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return Result("FAIL", what, f"{command[0]} did not finish in {TIMEOUT} s")
    except OSError as error:
        return Result("FAIL", what, f"{command[0]} could not start: {error}")
    took = f"({time.monotonic() - started:.0f} s)"
    if done.returncode == 0:
        return Result("PASS", what, f"{summary(done.stdout) or _last_line(done.stderr) or 'ok'} {took}")
    return Result(
        "FAIL", what, f"{command[0]} exited {done.returncode} {took}", failure_output(done.stdout + done.stderr)
    )


def terraform_env(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {"TF_CLI_CONFIG_FILE": str(config), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    )
    return env


def static_checks(modules: Path, scratch: Path, env: Mapping[str, str]) -> Iterator[Result]:
    """fmt over the real tree; init, validate and test in the scratch copy."""
    yield run("terraform fmt", [TERRAFORM, "fmt", "-check", "-recursive", "-no-color", "."], modules, env)
    for folder in terraform_dirs(scratch):
        name = str(folder.relative_to(scratch))
        init = run(f"init {name}", [TERRAFORM, "init", "-backend=false", "-no-color"], folder, env)
        if init.status != "PASS":
            yield init
            continue
        yield run(f"validate {name}", [TERRAFORM, "validate", "-no-color"], folder, env)
        if (folder / "tests").is_dir():
            yield run(f"test {name}", [TERRAFORM, "test", "-no-color"], folder, env)


def checkov(folder: Path, what: str = "checkov") -> Result:
    if shutil.which(CHECKOV[0]) is None:
        return Result("SKIP", what, "checkov is not installed (`nox -s infra` installs it)")
    return run(what, [*CHECKOV, str(folder)], folder, os.environ)


def app_name(infra: Path) -> str:
    """`django-l3/infra`: how the report names a reference app's infra/."""
    return f"{infra.parent.name}/{infra.name}"


def app_static_checks(infra: Path, modules: Path, scratch: Path, env: Mapping[str, str]) -> Iterator[Result]:
    """fmt of a reference app's infra/ in place; init and validate in a copy whose modules are the working tree's."""
    name = app_name(infra)
    yield run(f"terraform fmt {name}", [TERRAFORM, "fmt", "-check", "-recursive", "-no-color", "."], infra, env)
    try:
        copy = copy_app_infra(infra, scratch / "apps" / infra.parent.name, modules)
    except SourceError as error:
        yield Result("FAIL", f"init {name}", str(error))
        return
    init = run(f"init {name}", [TERRAFORM, "init", "-backend=false", "-no-color"], copy, env)
    yield init
    if init.status == "PASS":
        yield run(f"validate {name}", [TERRAFORM, "validate", "-no-color"], copy, env)


def app_apply(infra: Path, modules: Path, scratch: Path, env: Mapping[str, str]) -> Iterator[Result]:
    """apply and destroy of a reference app's infra/ against moto, with stand-ins and local state."""
    name = app_name(infra)
    # The app's own copy and stand-ins: the applies run at the same time.
    dest = scratch / infra.parent.name / "infra"
    chosen = {module: standin(module, modules, scratch / infra.parent.name) for module in APPLY_STANDINS}
    try:
        copy = copy_app_infra(infra, dest, modules, chosen)
    except SourceError as error:
        yield Result("FAIL", f"apply {name} (moto)", str(error))
        return
    (copy / "backend_override.tf").write_text(LOCAL_BACKEND)
    for module, reason in APPLY_STANDINS.items():
        yield Result("SKIP", f"apply {name} module.{module}", f"{reason}: a stand-in with its inputs and outputs")
    yield from apply_and_destroy(copy, env, APP_APPLY_VARIABLES, f"{name} (moto)")


def start_moto(port: int, log: Path, python: Path | None = None) -> subprocess.Popen[bytes] | str:
    """A moto server on 127.0.0.1:`port`, from `python` (default: this interpreter), or why it could not start."""
    if python is None and (importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None):
        return "moto[server] is not installed (`nox -s infra` installs it)"
    with log.open("wb") as out:
        # moto issues a requested certificate after this many seconds (60 by default): no need to wait here.
        env = {**os.environ, "MOTO_ACM_VALIDATION_WAIT": "0"}
        server = subprocess.Popen(
            [str(python or sys.executable), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=out,
            env=env,
        )
    deadline = time.monotonic() + MOTO_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return f"moto server exited {server.returncode}: {log.read_text(errors='replace')[-500:]}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    return f"moto server did not listen on 127.0.0.1:{port} within {MOTO_START_TIMEOUT:.0f} s"


def stop_moto(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def apply_and_destroy(
    example: Path,
    env: Mapping[str, str],
    variables: Sequence[str] = APPLY_VARIABLES,
    name: str = f"{APPLIED_EXAMPLE} (moto)",
) -> Iterator[Result]:
    """Create every resource of `example` in moto, then destroy it; destroy runs even after a failed apply."""
    if not example.is_dir():
        yield Result("SKIP", f"apply {name}", f"no {APPLIED_EXAMPLE} to apply")
        return
    port = free_port()
    server = start_moto(port, example / "moto.log")
    if isinstance(server, str):
        yield Result("SKIP", f"apply {name}", server)
        return
    try:
        endpoint = f"http://127.0.0.1:{port}"
        (example / "moto_override.tf").write_text(moto_override(endpoint, aliases=provider_aliases(example)))
        moto_env = dict(env)
        moto_env.update(
            {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": MOTO_REGION}
        )
        for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"):
            moto_env.pop(variable, None)
        # A configured backend (a reference app's, overridden to local) needs a real init.
        backend = "-backend=true" if (example / "backend_override.tf").exists() else "-backend=false"
        init = run(f"init {name}", [TERRAFORM, "init", backend, "-no-color"], example, moto_env)
        if init.status != "PASS":
            yield init
            return
        yield run(f"apply {name}", [TERRAFORM, "apply", "-auto-approve", "-no-color", *variables], example, moto_env)
        yield run(
            f"destroy {name}", [TERRAFORM, "destroy", "-auto-approve", "-no-color", *variables], example, moto_env
        )
    finally:
        stop_moto(server)


# One group of checks: its results, in the order it runs them.
Job = Callable[[], Iterable[Result]]


def checkovs(modules: Path, app_dirs: Sequence[Path]) -> Iterator[Result]:
    yield checkov(modules)
    for infra in app_dirs:
        # The root module's own resources: checkov does not fetch the pinned modules (--skip-download).
        yield checkov(infra, f"checkov {app_name(infra)}")


def without_terraform(app_dirs: Sequence[Path], reason: str) -> Iterator[Result]:
    skipped = ["terraform fmt", "init/validate/test", f"apply {APPLIED_EXAMPLE} (moto)"]
    skipped += [f"{check} {app_name(infra)}" for infra in app_dirs for check in ("init/validate", "apply")]
    for what in skipped:
        yield Result("SKIP", what, reason)


def all_static_checks(
    modules: Path, app_dirs: Sequence[Path], scratch: Path, env: Mapping[str, str]
) -> Iterator[Result]:
    """The modules' checks in `scratch`/infra-modules, then each app's infra/ against those modules."""
    yield from static_checks(modules, scratch / "infra-modules", env)
    for infra in app_dirs:
        yield from app_static_checks(infra, scratch / "infra-modules", scratch, env)


def not_applied(what: str, reason: str) -> Iterator[Result]:
    yield Result("SKIP", f"apply {what} (moto)", reason)


def apply_jobs(modules: Path, app_dirs: Sequence[Path], scratch: Path, env: Mapping[str, str]) -> list[Job]:
    """The example's apply and each app's, one job each, in a copy of the modules of their own (`scratch`)."""
    shutil.copytree(modules, scratch / "infra-modules", ignore=SCRATCH_IGNORE)
    jobs: list[Job] = [partial(apply_and_destroy, scratch / "infra-modules" / APPLIED_EXAMPLE, env)]
    for infra, applied in applied_apps(app_dirs):
        if applied == infra:
            jobs.append(partial(app_apply, infra, scratch / "infra-modules", scratch, env))
        else:
            reason = f"the same building blocks as {app_name(applied)}, applied above (this one is validated)"
            jobs.append(partial(not_applied, app_name(infra), reason))
    return jobs


def jobs(modules: Path, apps: Path, mirror: Path | None, apply: bool, scratch: Path) -> list[Job]:
    """Every check, in groups that can run at the same time: each in a scratch folder of its own."""
    app_dirs = app_infra_dirs(apps)
    found: list[Job] = [partial(checkovs, modules, app_dirs)]
    reason = missing_terraform(mirror)
    if reason is not None:
        return [*found, partial(without_terraform, app_dirs, reason)]
    (scratch / "static").mkdir()
    shutil.copytree(modules, scratch / "static" / "infra-modules", ignore=SCRATCH_IGNORE)
    config = scratch / "terraform.tfrc"
    config.write_text(cli_config(mirror) if mirror is not None else "")
    env = terraform_env(config)
    found.append(partial(all_static_checks, modules, app_dirs, scratch / "static", env))
    if not apply:
        whats = [str(APPLIED_EXAMPLE), *(app_name(infra) for infra in app_dirs)]
        return [*found, *(partial(not_applied, what, "--no-apply") for what in whats)]
    return [*found, *apply_jobs(modules, app_dirs, scratch / "applied", env)]


def run_job(job: Job) -> list[Result]:
    return list(job())


def checks(modules: Path, apps: Path, mirror: Path | None, apply: bool) -> Iterator[Result]:
    """Every check's result, group by group in a fixed order, while the groups run at the same time.

    An apply against moto spends most of its minutes waiting (the AWS provider polls a database, a load balancer
    and a service until they are ready), so the applies and the CPU-bound static checks run side by side.
    """
    with tempfile.TemporaryDirectory(prefix="ladder-infra-") as scratch:
        groups = jobs(modules, apps, mirror, apply, Path(scratch))
        with ThreadPoolExecutor(max_workers=len(groups)) as pool:
            running = [pool.submit(run_job, job) for job in groups]
            for future in running:
                yield from future.result()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--modules", type=Path, default=Path("infra-modules"), help="default: ./infra-modules")
    parser.add_argument("--apps", type=Path, default=Path("reference-apps"), help="default: ./reference-apps")
    parser.add_argument("--no-apply", action="store_true", help="skip the apply/destroy against moto")
    args = parser.parse_args(argv)
    modules: Path = args.modules.resolve()
    if not modules.is_dir():
        print(f"FAIL infra-modules: {modules} is not a directory")
        return 1
    setting = os.environ.get("TF_PLUGIN_MIRROR", DEFAULT_MIRROR)
    mirror = None if setting == REGISTRY else Path(setting)
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for result in checks(modules, args.apps.resolve(), mirror, apply=not args.no_apply):
        print(result.report(), flush=True)
        counts[result.status] += 1
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
