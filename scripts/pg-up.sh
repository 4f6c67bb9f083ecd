#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1:$PORT, owned by an unprivileged user, for local
# development and the integration tests. Run as root (it installs Debian's postgresql if missing).
#
#   scripts/pg-up.sh                 # start (or restart: a server of a previous run in $D is stopped first)
#   set -a; . /tmp/imagegallery-pg/env; set +a   # PG_CONNECTION='Host=127.0.0.1;Port=...;Username=gallery;Password=...;Database=gallery' 
#   scripts/pg-down.sh               # stop (KEEP=1 keeps $D)
#
# Environment (all optional):
#   D=/tmp/imagegallery-pg   state dir: data directory, socket dir, log, pid file, env file. Wiped on start.
#   PORT=55432               port (bound to 127.0.0.1 only; the Unix socket is in $D/sock)
#   PG_OS_USER=gallerytest   system user that owns and runs the cluster (created if missing; never root)
#   PG_DB_USER=gallery       login role (CREATEDB: the tests make a database per app instance)
#   PG_DB=gallery            its database
#   PG_DURABLE=0             0 turns fsync and synchronous_commit off: the data is thrown away anyway and
#                            the tests run faster. 1 keeps PostgreSQL's defaults (use it for benchmarks).
#
# The cluster is not Debian's "main" cluster: nothing under /etc/postgresql or /var/lib/postgresql is used.
set -euo pipefail
START=$(date +%s%N)
elapsed() { local ms=$(( ($(date +%s%N) - START) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
log() { echo "[pg-up +$(elapsed)s] $*"; }

D=${D:-/tmp/imagegallery-pg}; PORT=${PORT:-55432}
PG_OS_USER=${PG_OS_USER:-gallerytest}; PG_DB_USER=${PG_DB_USER:-gallery}; PG_DB=${PG_DB:-gallery}
PG_DURABLE=${PG_DURABLE:-0}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ "$(id -u)" = 0 ] || { echo "pg-up: must run as root" >&2; exit 1; }
case "$D" in /|"") echo "pg-up: refusing D='$D'" >&2; exit 1;; esac
[ "$PG_OS_USER" != root ] || { echo "pg-up: PostgreSQL refuses to run as root" >&2; exit 1; }
D=$(realpath -m "$D")

# ---- packages (fresh Debian 12) ------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
need=()
{ [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ]; } || need+=(postgresql)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  log "installing: ${need[*]} (apt)"
  # Keep the package's own service from starting while it installs (its "main" cluster stays down):
  # a policy-rc.d that refuses, only for the time of the install, and only if there is none.
  guard=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; guard=1
  fi
  status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } || status=$?
  if [ -n "$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$status" = 0 ] || { echo "pg-up: apt-get failed ($status)" >&2; exit 1; }
fi
BIN=$(pg_bin)
[ -x "$BIN/initdb" ] || { echo "pg-up: no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }

if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
  log "creating system user $PG_OS_USER"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OS_USER"
fi
as_pg() { runuser -u "$PG_OS_USER" -- "$@"; }

# ---- stop a previous run (its pid file under $D only) --------------------------------------------
if [ -f "$D/data/postmaster.pid" ]; then
  log "stopping the server of a previous run in $D"
  KEEP=1 D="$D" "$HERE/pg-down.sh"
fi
if ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q .; then
  echo "pg-up: port $PORT is already in use (not by a run in $D):" >&2; ss -ltnp "sport = :$PORT" >&2 || true; exit 1
fi

rm -rf "$D"; mkdir -p "$D"/{data,sock,log}
# Random per run: the env file is the only place that holds it.
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
SUPER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf '%s\n' "$SUPER_PASSWORD" > "$D/superuser-password"
chown -R "$PG_OS_USER" "$D"; chmod 700 "$D" "$D/data" "$D/sock"
# The owner must reach $D; everyone else stays out (the socket dir is the owner's only).
chmod 711 "$D"

fail() {
  echo "pg-up: FAILED after $(elapsed)s: $*" >&2
  [ -f "$D/log/postgres.log" ] && { echo "---- tail -n 30 $D/log/postgres.log" >&2; tail -n 30 "$D/log/postgres.log" >&2; }
  KEEP=1 D="$D" "$HERE/pg-down.sh" >&2 || true
  exit 1
}
trap 'fail "command failed at line $LINENO"' ERR

log "initdb ($BIN) as $PG_OS_USER"
# TCP needs a password (scram); the Unix socket, reachable only by $PG_OS_USER and root, is trusted.
as_pg "$BIN/initdb" -D "$D/data" -U postgres --pwfile="$D/superuser-password" -E UTF8 --locale=C.UTF-8 \
  --auth-host=scram-sha-256 --auth-local=trust >"$D/log/initdb.log" 2>&1 || fail "initdb (see $D/log/initdb.log)"
rm -f "$D/superuser-password"

opts="-c listen_addresses=127.0.0.1 -p $PORT -k $D/sock -c max_connections=300"
[ "$PG_DURABLE" = 1 ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
log "starting postgres on 127.0.0.1:$PORT"
as_pg "$BIN/pg_ctl" -D "$D/data" -l "$D/log/postgres.log" -w -t 60 -o "$opts" start >/dev/null \
  || fail "pg_ctl start"
head -1 "$D/data/postmaster.pid" > "$D/postgres.pid"

as_pg "$BIN/psql" -h "$D/sock" -p "$PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE \"$PG_DB_USER\" LOGIN CREATEDB PASSWORD '$PASSWORD'" \
  -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_DB_USER\"" || fail "creating role and database"

# Quoted: the file is sourced by a shell, and ';' would end the assignment.
cat > "$D/env" <<ENV
PG_CONNECTION='Host=127.0.0.1;Port=$PORT;Username=$PG_DB_USER;Password=$PASSWORD;Database=$PG_DB'
ENV
chmod 600 "$D/env"
trap - ERR
log "postgres $("$BIN/postgres" --version | awk '{print $3}') up (pid $(cat "$D/postgres.pid")) in $(elapsed)s: 127.0.0.1:$PORT database=$PG_DB (env: $D/env, log: $D/log/postgres.log)"
