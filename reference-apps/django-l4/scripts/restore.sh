#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh, replacing the current data (see README.md, "Backups").
#   docker compose stop api && scripts/restore.sh backups/<file> && docker compose start api
set -euo pipefail
cd "$(dirname "$0")/.."
backup=${1:?usage: scripts/restore.sh backups/<file>}
[ -s "$backup" ] || { echo "restore: $backup is missing or empty" >&2; exit 1; }
DB_EXEC=${DB_EXEC:-docker compose exec -T db}
# --clean --if-exists drops each object before recreating it; --single-transaction makes it all or nothing.
$DB_EXEC sh -c 'pg_restore --clean --if-exists --no-owner --single-transaction --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"' <"$backup"
echo "restored $backup"
