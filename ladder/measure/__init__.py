"""Measuring: the benchmark beside plain-framework baselines and floors, the load generator, and the fault
tests under load (database restart, worker SIGKILL, generated inputs against the OpenAPI schema)."""
