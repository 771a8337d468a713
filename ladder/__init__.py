"""Stack Ladder's own tooling, used by noxfile.py, in parts that show their jobs.

- ``ladder.build``: the rungs, the entity spec, rendering the reference apps, lockfiles, venvs, the demo;
- ``ladder.verify``: linters, the smoke test in each mode, and the HTTP contract driver (``verify.contract``);
- ``ladder.measure``: the benchmark, its baselines and floors, the load generator, the fault tests;
- ``ladder.machine``: this machine's own preparation (the base images the podman mode builds on).
"""
