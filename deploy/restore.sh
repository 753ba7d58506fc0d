#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into DATABASE_URL (objects are dropped and
# recreated) and, when the matching ...-media.tar.gz sits next to the dump, the media folder.
# Usage: DATABASE_URL=postgres://... [DJANGO_MEDIA_ROOT=...] deploy/restore.sh backups/portal-YYYYMMDD-HHMMSS.dump
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
file="${1:?give the .dump file to restore (make restore FILE=...)}"
[ -f "$file" ] || { echo "no such backup: $file" >&2; exit 1; }
media="${DJANGO_MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$file"
tarball="${file%.dump}-media.tar.gz"
if [ -f "$tarball" ]; then
  mkdir -p "$media"
  tar -xzf "$tarball" -C "$media"
  echo "restored $file and $tarball"
else
  echo "restored $file (no media tarball next to it)"
fi
