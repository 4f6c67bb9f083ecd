#!/usr/bin/env bash
# Benchmarks (not part of the test run): builds the app in Release, starts its own RGW
# on loopback, runs the harness and prints the figures recorded in the README.
#   bench/run.sh                 all of them
#   bench/run.sh paging search   some of them (presign, cpu, paging, search, album, collection,
#                                bytes, transfer, multipart, scale, zip; collection = paging search album)
# RGW is started only for cpu, multipart and zip; PostgreSQL (scripts/pg-up.sh, durable settings)
# only for scale, paging, search and album. "scale" also needs redis-server and nginx
# (Debian's; the harness starts and stops its own on loopback). Both are stopped on exit.
# BENCH_PROVIDERS=sqlite (or postgres) limits paging/search/album to one database;
# BENCH_SECONDS (default 3) is how long each of their requests is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v chromedriver >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
[ -x /usr/bin/redis-server ] && [ -x /usr/sbin/nginx ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server nginx >/dev/null; }
convert -version 2>/dev/null | grep -q ImageMagick || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends imagemagick >/dev/null; }

out=${BENCH_OUT:-/tmp/imagegallery-bench}   # one per concurrent run
rm -rf "$out"; mkdir -p "$out"
dotnet publish ImageGallery.Web -c Release -o "$out/web" --nologo -v quiet
dotnet build bench/ImageGallery.Bench -c Release -o "$out/bench" --nologo -v quiet
# A realistic 400 px browser-made thumbnail: noisy content, JPEG q80.
convert -size 400x300 plasma:fractal -quality 80 "$out/thumb.jpg"

# Which services the selection needs (no arguments: all of them).
sel=" ${*:-all} "
want() { [ "$sel" = " all " ] && return 0; local n; for n in "$@"; do case "$sel" in *" $n "*) return 0;; esac; done; return 1; }

# 8 GiB of memory store: three rounds of the multipart bench write ~1 GiB each (module, curl and
# in-page uploads; aborted parts are freed only by RGW's garbage collection, hours later).
export D=${BENCH_RGW_DIR:-/tmp/imagegallery-rgw-bench} PORT=${BENCH_RGW_PORT:-7490} MON_PORT=${BENCH_MON_PORT:-6799} CORS_ORIGIN= MEMSTORE_BYTES=${BENCH_MEMSTORE_BYTES:-8589934592}
PG_D=${BENCH_PG_DIR:-/tmp/imagegallery-pg-bench}
rgw=; pg=
stop() {
  if [ -n "$rgw" ]; then scripts/s3-rgw-down.sh >/dev/null 2>&1 || true; fi
  if [ -n "$pg" ]; then D="$PG_D" scripts/pg-down.sh >/dev/null 2>&1 || true; fi
}
trap stop EXIT
if want cpu multipart zip; then
  rgw=1; scripts/s3-rgw-up.sh >/dev/null
  set -a; . "$D/env"; set +a
fi
if want scale paging search album collection page organise; then
  pg=1; D="$PG_D" PORT=${BENCH_PG_PORT:-55442} PG_DURABLE=1 scripts/pg-up.sh >/dev/null
  set -a; . "$PG_D/env"; set +a
  export BENCH_PG_PID=$(cat "$PG_D/postgres.pid")  # its CPU is counted per request
fi

dotnet "$out/bench/ImageGallery.Bench.dll" "$out/web/ImageGallery.Web.dll" "$out/thumb.jpg" "$@"
