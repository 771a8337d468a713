"""Verifying: each reference app's linters, its smoke test in every mode this machine has (native, podman,
docker), and the HTTP contract every generated app promises, driven against it."""
