#!/usr/bin/env bash
# Back up the compose stack's database into backups/ (see README.md, "Backups").
#   scripts/backup.sh            -> backups/<UTC timestamp>.dump
# DB_EXEC is how a command reaches the database; the default runs it inside the compose service.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p backups
target="backups/$(date -u +%Y%m%dT%H%M%SZ).dump"
DB_EXEC=${DB_EXEC:-docker compose exec -T db}
# pg_dump's custom format: compressed, and restorable table by table with pg_restore.
$DB_EXEC sh -c 'pg_dump --format=custom --no-owner --username="$POSTGRES_USER" "$POSTGRES_DB"' >"$target.partial"
# Only a complete dump gets the final name: an interrupted backup never looks like a good one.
mv "$target.partial" "$target"
echo "$target"
