#!/usr/bin/env bash
# Stop the server started by scripts/pg-up.sh, by the pid in $D/data/postmaster.pid only (killed only if
# that process runs on $D/data), then remove $D (KEEP=1 keeps it). Safe when nothing runs.
# SIGINT is PostgreSQL's "fast" shutdown (roll back open transactions, checkpoint, exit); SIGKILL after 20 s.
set -uo pipefail
D=${D:-/tmp/imagegallery-pg}
case "$D" in /|"") echo "pg-down: refusing D='$D'" >&2; exit 1;; esac
D=$(realpath -m "$D")

ours() { [ -n "$1" ] && grep -qa -- "$D/data" "/proc/$1/cmdline" 2>/dev/null; }
pid=$( [ -f "$D/data/postmaster.pid" ] && head -1 "$D/data/postmaster.pid" | tr -dc 0-9 )
if ours "$pid"; then
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do
    ours "$pid" || break
    if [ "$i" = 200 ]; then echo "pg-down: $pid still alive after 20 s, sending SIGKILL" >&2; kill -9 "$pid" 2>/dev/null || true; sleep 0.5; fi
    sleep 0.1
  done
  echo "pg-down: stopped $pid"
else
  echo "pg-down: nothing running in $D"
fi
[ "${KEEP:-0}" = 1 ] || rm -rf "$D"
