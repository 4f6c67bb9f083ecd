#!/usr/bin/env bash
# Stop the daemons started by scripts/s3-rgw-up.sh, by their pid files under $D only (a pid is killed only if
# that process was started with $D/ceph.conf), then remove $D (KEEP=1 keeps it). Safe when nothing runs.
# Order matters: radosgw, then mgr and OSD, then the mon last. Killing them all at once takes ~5 s because
# radosgw and the OSD wait on the already-gone mon while shutting down; in this order it takes ~1 s.
# Each daemon gets SIGTERM, then SIGKILL if it has not exited after 20 s.
set -uo pipefail
D=${D:-/tmp/imagegallery-rgw}
case "$D" in /|"") echo "s3-rgw-down: refusing D='$D'" >&2; exit 1;; esac
D=$(realpath -m "$D")

ours() { [ -n "$1" ] && grep -qa -- "$D/ceph.conf" "/proc/$1/cmdline" 2>/dev/null; }   # zombies have no cmdline
stopped=()
stop_group() {   # stop_group GLOB...: SIGTERM every daemon of the group, wait for all of them
  local f p pids=() i
  for f in "$@"; do
    [ -f "$f" ] || continue
    p=$(tr -dc 0-9 < "$f")
    if ours "$p"; then pids+=("$p"); kill "$p" 2>/dev/null || true; fi
  done
  [ ${#pids[@]} = 0 ] && return 0
  stopped+=("${pids[@]}")
  for i in $(seq 1 200); do
    local alive=()
    for p in "${pids[@]}"; do ours "$p" && alive+=("$p"); done
    [ ${#alive[@]} = 0 ] && return 0
    if [ "$i" = 200 ]; then
      echo "s3-rgw-down: ${alive[*]} still alive after 20 s, sending SIGKILL" >&2
      kill -9 "${alive[@]}" 2>/dev/null || true; sleep 0.5
    fi
    sleep 0.1
  done
}
stop_group "$D"/run/client.rgw*.pid
stop_group "$D"/run/mgr.*.pid "$D"/run/osd.*.pid
stop_group "$D"/run/mon.*.pid
stop_group "$D"/run/*.pid   # anything else

[ ${#stopped[@]} = 0 ] && echo "s3-rgw-down: nothing running in $D" || echo "s3-rgw-down: stopped ${stopped[*]}"
[ "${KEEP:-0}" = 1 ] || rm -rf "$D"
