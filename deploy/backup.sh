#!/usr/bin/env bash
# Back up the portal: the database (pg_dump custom format) and the media folder (a tarball),
# both named with the same date and time: portal-YYYYMMDD-HHMMSS.dump and ...-media.tar.gz.
# Usage: DATABASE_URL=postgres://... [DJANGO_MEDIA_ROOT=/srv/portal/media] deploy/backup.sh [directory]
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
dir="${1:-backups}"
media="${DJANGO_MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
stamp="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$dir"
pg_dump --format=custom --no-owner --file="$dir/portal-$stamp.dump" "$DATABASE_URL"
if [ -d "$media" ]; then
  tar -czf "$dir/portal-$stamp-media.tar.gz" -C "$media" .
else
  tar -czf "$dir/portal-$stamp-media.tar.gz" --files-from /dev/null
fi
echo "$dir/portal-$stamp.dump"
echo "$dir/portal-$stamp-media.tar.gz"
