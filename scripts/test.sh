#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine with the .NET 10 SDK it installs (apt, as
# root) and starts on 127.0.0.1 what the tests need: Ceph's RADOS Gateway (the S3
# backend), a throwaway PostgreSQL cluster (the suites that run on both databases),
# Chromium and ChromeDriver (browser tests). It stops what it started.
# redis-server and nginx are only installed: the tests start their own, on free loopback
# ports, and stop them by process id (ImageGallery.Tests/Infrastructure/RedisServer.cs,
# NginxProxy.cs).
# Extra arguments go to `dotnet test`, e.g. scripts/test.sh --filter FullyQualifiedName~Uploads
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
[ -x /usr/bin/redis-server ] || need_apt+=(redis-server)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} (apt)..."
  apt-get update -qq
  # The packages' own services (redis on 6379, nginx on 80) must not start: the tests run
  # their own. policy-rc.d answering 101 tells Debian's maintainer scripts so.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

export GALLERY_RGW_DIR=${GALLERY_RGW_DIR:-/tmp/imagegallery-rgw-test}
export GALLERY_PG_DIR=${GALLERY_PG_DIR:-/tmp/imagegallery-pg-test}
GALLERY_PG_PORT=${GALLERY_PG_PORT:-55432}
log=$(mktemp /tmp/imagegallery-test.XXXXXX.log)
cleanup() {
  D="$GALLERY_RGW_DIR" scripts/s3-rgw-down.sh >/dev/null 2>&1 || true
  D="$GALLERY_PG_DIR" scripts/pg-down.sh >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT
D="$GALLERY_RGW_DIR" CORS_ORIGIN="${CORS_ORIGIN:-}" scripts/s3-rgw-up.sh
set -a; . "$GALLERY_RGW_DIR/env"; set +a
# PostgreSQL (installed if missing) runs as an unprivileged user; the tests make a
# database per app instance in it and drop it afterwards. Exports PG_CONNECTION.
D="$GALLERY_PG_DIR" PORT="$GALLERY_PG_PORT" scripts/pg-up.sh
set -a; . "$GALLERY_PG_DIR/env"; set +a

dotnet build ImageGallery.sln -c Release --nologo -v quiet
set +e
dotnet test ImageGallery.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line, whatever the runner printed.
summary=$(grep -E '(Passed|Failed)!  - ' "$log" | tail -1)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary"); failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
echo "Took $(( $(date +%s) - started )) s."
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
