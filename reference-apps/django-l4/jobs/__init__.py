"""Background jobs: CSV exports and imports of the entities, run by a Celery worker with progress in the page."""
