#!/usr/bin/env bash
# Start a throwaway single-node Ceph cluster (1 mon, 1 memstore OSD, optional mgr) plus a RADOS Gateway
# (S3 API) on 127.0.0.1:$PORT, for local development and the integration tests. Run as root.
#
#   scripts/s3-rgw-up.sh                 # start (or restart: daemons of a previous run are stopped first)
#   . /tmp/imagegallery-rgw/env          # S3_SERVICE_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_UPLOAD_ACCESS_KEY, S3_UPLOAD_SECRET_KEY, S3_BUCKET, S3_REGION
#   scripts/s3-rgw-down.sh               # stop (KEEP=1 keeps $D)
#
# Environment (all optional):
#   D=/tmp/imagegallery-rgw   state dir: config, keyring, mon store, pid files, logs, env file. Wiped on start.
#   PORT=7480                 RGW port (bound to 127.0.0.1 only)
#   MON_PORT=6789             ceph-mon port (127.0.0.1 only); OSDs take ports from 6800 up, also on 127.0.0.1
#   AK / SK                   S3 access / secret key of the RGW user
#   UAK / USK                 S3 keys of its write-only subuser gallery:uploader (the upload identity)
#   BUCKET=gallery            bucket to create
#   CORS_ORIGIN="http://localhost:5000"   space-separated origins for the bucket CORS rule; CORS_ORIGIN= (empty) skips CORS
#                             (the app's `storage setup` command sets CORS and lifecycle itself; this is a convenience)
#   WITH_MGR=0                1 also starts ceph-mgr (not needed by radosgw; ~300 MB RSS)
#   RGW_WAIT=120              seconds to wait for RGW to answer
#   MEMSTORE_BYTES=2147483648 the OSD's in-memory store (2 GiB). RGW frees aborted and overwritten
#                             data only by its garbage collection, hours later: a run that writes
#                             more (the multipart benchmark) needs more, or the OSD fills and hangs
#
# Pitfalls this script handles:
#   - nothing under /etc/ceph or /var/lib/ceph is used; every path is in $D/ceph.conf
#   - msgr2 and IPv6 are off, so the daemons listen only on 127.0.0.1 (v1 protocol)
#   - one OSD: pools of size 1 need mon_allow_pool_size_one (Pacific refuses them otherwise)
#   - curl 7.88's --aws-sigv4 does not send x-amz-content-sha256 (RGW requires it) and signs "?cors" wrongly:
#     send the header explicitly and use "?cors="
#   - Content-MD5 is sent on PUT ?cors because AWS requires it (RGW 16 does not)
#   - RGW takes ~10 s after start to answer (it creates its pools); a fresh start takes 16-19 s in all, a restart ~2 s more
set -euo pipefail
START=$(date +%s%N)
elapsed() { local ms=$(( ($(date +%s%N) - START) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
log() { echo "[s3-rgw-up +$(elapsed)s] $*"; }

D=${D:-/tmp/imagegallery-rgw}; PORT=${PORT:-7480}; MON_PORT=${MON_PORT:-6789}
AK=${AK:-GALLERYACCESSKEY00001}; SK=${SK:-gallerySecretKey00000000000000000000000001}
UAK=${UAK:-GALLERYUPLOADKEY00001}; USK=${USK:-galleryUploadSecret000000000000000000000001}
BUCKET=${BUCKET:-gallery}; CORS_ORIGIN=${CORS_ORIGIN-http://localhost:5000}
WITH_MGR=${WITH_MGR:-0}; RGW_WAIT=${RGW_WAIT:-120}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ "$(id -u)" = 0 ] || { echo "s3-rgw-up: must run as root" >&2; exit 1; }
case "$D" in /|"") echo "s3-rgw-up: refusing D='$D'" >&2; exit 1;; esac
D=$(realpath -m "$D")

# ---- packages (fresh Debian 12) ------------------------------------------------------------------
need=()
for pair in ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw radosgw-admin:ceph-common ceph:ceph-common \
            ceph-authtool:ceph-common monmaptool:ceph-base uuidgen:uuid-runtime curl:curl openssl:openssl \
            ss:iproute2; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
[ "$WITH_MGR" = 1 ] && ! command -v ceph-mgr >/dev/null 2>&1 && need+=(ceph-mgr)
if [ ${#need[@]} -gt 0 ]; then
  log "installing: $(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi

# ---- stop a previous run (pid files under $D only) -----------------------------------------------
if compgen -G "$D/run/*.pid" >/dev/null; then
  log "stopping daemons of a previous run in $D"
  KEEP=1 D="$D" "$HERE/s3-rgw-down.sh"
fi

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
for p in "$PORT" "$MON_PORT"; do
  if port_busy "$p"; then
    echo "s3-rgw-up: port $p is already in use (not by a run in $D):" >&2; ss -ltnp "sport = :$p" >&2 || true; exit 1
  fi
done

rm -rf "$D"; mkdir -p "$D"/{mon/ceph-a,osd,mgr/ceph-x,rgw,run,log}
CONF=$D/ceph.conf; KR=$D/keyring; FSID=$(uuidgen)

fail() {
  echo "s3-rgw-up: FAILED after $(elapsed)s: $*" >&2
  for f in "$D"/log/*.log; do   # short tails of the others, a long one of the rgw log last
    [ -s "$f" ] && [ "$f" != "$D/log/rgw.log" ] && { echo "---- tail -n 5 $f" >&2; tail -n 5 "$f" >&2; }; done
  [ -f "$D/log/rgw.log" ] && { echo "---- tail -n 40 $D/log/rgw.log" >&2; tail -n 40 "$D/log/rgw.log" >&2; }
  echo "s3-rgw-up: stopping what was started (state kept in $D)" >&2
  KEEP=1 D="$D" "$HERE/s3-rgw-down.sh" >&2 || true
  exit 1
}
trap 'fail "command failed at line $LINENO"' ERR

cat > "$CONF" <<CONF
[global]
fsid = $FSID
mon_host = v1:127.0.0.1:$MON_PORT
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
public_network = 127.0.0.0/8
ms_bind_msgr2 = false
ms_bind_ipv6 = false
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
keyring = $KR
run_dir = $D/run
admin_socket = $D/run/\$name.asok
pid_file = $D/run/\$name.pid
log_file = $D/log/\$name.log
mon_data = $D/mon/\$cluster-\$id
osd_data = $D/osd/\$cluster-\$id
mgr_data = $D/mgr/\$cluster-\$id
rgw_data = $D/rgw
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_data_avail_warn = 1
mon_warn_on_insecure_global_id_reclaim_allowed = false
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
[osd]
osd_objectstore = memstore
memstore_device_bytes = ${MEMSTORE_BYTES:-2147483648}
osd_memory_target = 1073741824
[client.rgw.gallery]
rgw_frontends = beast endpoint=127.0.0.1:$PORT
log_file = $D/log/rgw.log
CONF
C=(-c "$CONF"); CT=(--connect-timeout 30)

# keys: mon., client.admin, mgr.x, client.rgw.gallery all in one keyring
ceph-authtool --create-keyring "$KR" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n client.rgw.gallery --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null

log "starting ceph-mon on 127.0.0.1:$MON_PORT"
monmaptool --create --add a "v1:127.0.0.1:$MON_PORT" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$D/monmap" --keyring "$KR"
ceph-mon "${C[@]}" -i a
if [ "$WITH_MGR" = 1 ]; then log "starting ceph-mgr"; ceph-mgr "${C[@]}" -i x; fi

log "starting ceph-osd (memstore)"
OSD_UUID=$(uuidgen); OSD_SECRET=$(ceph-authtool --gen-print-key)
echo "{\"cephx_secret\": \"$OSD_SECRET\"}" > "$D/osd-secret.json"
OSD_ID=$(timeout 60 ceph "${C[@]}" "${CT[@]}" osd new "$OSD_UUID" -i "$D/osd-secret.json") || fail "mon did not answer 'osd new'"
ceph-authtool "$KR" -n "osd.$OSD_ID" --add-key "$OSD_SECRET" >/dev/null
mkdir -p "$D/osd/ceph-$OSD_ID"
ceph-osd "${C[@]}" -i "$OSD_ID" --mkfs --no-mon-config --osd-uuid "$OSD_UUID" >"$D/log/osd-mkfs.log" 2>&1 || fail "ceph-osd --mkfs"
ceph-osd "${C[@]}" -i "$OSD_ID" 2>"$D/log/osd-start.log"   # stderr: harmless "Falling back to public interface"
up=0
for _ in $(seq 1 60); do
  timeout 20 ceph "${C[@]}" "${CT[@]}" osd stat 2>/dev/null | grep -q "1 up" && { up=1; break; }; sleep 1
done
[ $up = 1 ] || fail "osd.$OSD_ID did not come up within 60 s"

log "starting radosgw on 127.0.0.1:$PORT"
radosgw "${C[@]}" -n client.rgw.gallery
up=0
for _ in $(seq 1 "$RGW_WAIT"); do
  curl -s -o /dev/null -m 2 "http://127.0.0.1:$PORT/" && { up=1; break; }; sleep 1
done
[ $up = 1 ] || fail "radosgw did not answer on http://127.0.0.1:$PORT/ within $RGW_WAIT s"

timeout 60 radosgw-admin "${C[@]}" user create --uid=gallery --display-name=gallery \
  --access-key="$AK" --secret="$SK" >/dev/null || fail "radosgw-admin user create"
# The upload identity (README "The upload identity"): a subuser that may only write, whose
# keys sign the browser's forms and part URLs, so a part URL cannot copy an object in.
timeout 60 radosgw-admin "${C[@]}" subuser create --uid=gallery --subuser=gallery:uploader --access=write >/dev/null \
  || fail "radosgw-admin subuser create"
timeout 60 radosgw-admin "${C[@]}" key create --subuser=gallery:uploader --key-type=s3 \
  --access-key="$UAK" --secret="$USK" >/dev/null || fail "radosgw-admin key create (uploader)"

# S3 calls with plain curl (7.88 needs an explicit x-amz-content-sha256, and "?cors=" not "?cors")
s3curl() { local body=$1; shift; curl -sS -f -m 30 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" \
  -H "x-amz-content-sha256: $(sha256sum < "$body" | cut -d' ' -f1)" "$@"; }
: > "$D/empty"
code=$(s3curl "$D/empty" -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:$PORT/$BUCKET") \
  || fail "creating bucket $BUCKET"
log "bucket $BUCKET: HTTP $code"
if [ -n "${CORS_ORIGIN// }" ]; then
  {
    echo "<CORSConfiguration><CORSRule>"
    for o in $CORS_ORIGIN; do echo "<AllowedOrigin>$o</AllowedOrigin>"; done
    echo "<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>PUT</AllowedMethod>"
    echo "<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>"
  } > "$D/cors.xml"
  s3curl "$D/cors.xml" -o /dev/null -X PUT -H "Content-Type: application/xml" \
    -H "Content-MD5: $(openssl md5 -binary "$D/cors.xml" | base64)" \
    --data-binary @"$D/cors.xml" "http://127.0.0.1:$PORT/$BUCKET?cors=" || fail "setting CORS on $BUCKET"
  log "CORS set for: $CORS_ORIGIN"
fi

cat > "$D/env" <<ENV
S3_SERVICE_URL=http://127.0.0.1:$PORT
S3_ACCESS_KEY=$AK
S3_SECRET_KEY=$SK
S3_UPLOAD_ACCESS_KEY=$UAK
S3_UPLOAD_SECRET_KEY=$USK
S3_BUCKET=$BUCKET
S3_REGION=us-east-1
ENV
trap - ERR
log "radosgw up in $(elapsed)s: http://127.0.0.1:$PORT bucket=$BUCKET (env: $D/env, conf: $CONF, logs: $D/log)"
