#!/usr/bin/env bash
# The LAN hub under siege (issue 13): one host, or many, must not shut it
# off, nor a forged or lying request get anything in.
#  1. 200 idle and dripping connections from one address (reconnecting as
#     soon as the hub drops them), then 200 from 200 addresses (one each,
#     all accepted), then 200 addresses reconnecting against a hub allowing
#     100 connections in all: a genuine kiosk's sync succeeds while they
#     are held, the hub cuts every one of the second lot by its head
#     deadline, and it is alive after.
#  2. 20 concurrent 60 MiB unauthenticated bodies and 3 signed ones whose
#     body is not the signed hash: all refused, nothing imported, and the
#     hub's peak memory (VmHWM) stays under HWM_LIMIT_KB; a signed body
#     dripping a byte every 3 s is cut.
#  3. a bundle signed by kiosk X posted as kiosk Y: KR_WRONG_KIOSK, nothing
#     imported (and X posting it itself works); a tampered have= is refused
#     (and the untampered one works); a protocol 1 request gets words to
#     update the kiosk.
# Every wait polls for its condition with a generous limit; nothing is
# timed.
# usage: test_hub_siege.sh KIOSKCTL TOWNSHIP KIOSK_CONF WORK_DIR HUB_SIEGE
set -euo pipefail
CTL=$1 TOWN=$2 CONF=$3 WORK=$4 SIEGE=$5
HWM_LIMIT_KB=$((64 * 1024))
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*" >&2; [ -f hub.log ] && tail -5 hub.log >&2; exit 1; }
k() { "$CTL" --config "$CONF" --db "$WORK/kiosk.db" "$@"; }
kx() { "$CTL" --config "$CONF" --db "$WORK/x/kiosk.db" "$@"; }
t() { "$TOWN" --dir "$WORK/town" "$@"; }
q() { sqlite3 "$1" "$2"; }
HUB= PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$HUB" ] && kill "$HUB" 2>/dev/null || true
}
trap cleanup EXIT
# wait_for SECONDS WHAT CMD...: polls CMD until it succeeds
wait_for() {
  local end=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || fail "gave up waiting for $what"
    sleep 0.2
  done
}

t init --name 刘集镇 >/dev/null
k demo >/dev/null && k pubkey --out kiosk.pub >/dev/null 2>&1 && k trust town/township.pub >/dev/null
KID=$(q kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")
t enroll kiosk.pub --village 鲁庙村 >/dev/null
mkdir -p x && kx demo >/dev/null && kx pubkey --out x/kiosk.pub >/dev/null 2>&1 && kx trust town/township.pub >/dev/null
XID=$(q x/kiosk.db "SELECT value FROM meta WHERE key = 'kiosk_id'")
t enroll x/kiosk.pub --village 西村 >/dev/null

port=$((20000 + RANDOM % 20000))
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
"$TOWN" --dir "$WORK/town" serve --listen 127.0.0.1:$port >>hub.log 2>&1 &
HUB=$!
wait_for 60 "the hub to listen" listening
alive() { kill -0 "$HUB" 2>/dev/null || fail "the hub died"; }
HUBURL=http://127.0.0.1:$port
k sync --hub $HUBURL | grep -q "acknowledged up to seq" || fail "the first sync"
synced() { [ "$(q kiosk.db "SELECT value FROM meta WHERE key = 'acked_seq'")" = "$(q kiosk.db "SELECT value FROM meta WHERE key = 'seq'")" ]; }
status() { cat "$1" 2>/dev/null || true; }
field() { status "$1" | awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }'; }
opened_at_least() { [ "$(field "$1" opened)" -ge "$2" ] 2>/dev/null; }

# 1a. 200 idle and dripping connections from one address, reconnecting
"$SIEGE" hold 127.0.0.1 $port 127.0.0.2 200 --status s1 &
PIDS+=($!)
wait_for 120 "the siege from one address" opened_at_least s1 200
for i in 1 2 3; do
  k checkin "LM000$i" >/dev/null
  k sync --hub $HUBURL >sync.out 2>&1 || fail "sync $i under a siege from one address: $(cat sync.out) [$(status s1)]"
  synced || fail "sync $i did not acknowledge everything"
done
alive
# 1b. 200 more from 200 addresses, one each (all accepted), not reconnecting
"$SIEGE" hold 127.0.0.1 $port 127.0.1.1+200 200 --no-reconnect --status s2 &
PIDS+=($!)
wait_for 120 "the siege from 200 addresses" opened_at_least s2 200
k checkin LM0004 >/dev/null
k sync --hub $HUBURL >sync.out 2>&1 || fail "sync under a siege from 200 addresses: $(cat sync.out) [$(status s2)]"
synced || fail "the sync under siege did not acknowledge everything"
all_cut() { [ "$(field s2 closed)" = 200 ]; }
wait_for 240 "the hub to cut all 200 held connections [$(status s2)]" all_cut
grep -q "cut a connection from .*no complete request head" hub.log || fail "no cut in the hub's log"
alive
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
PIDS=()
k sync --hub $HUBURL >/dev/null || fail "sync after the siege"
# 1c. the whole hub full: a second hub allowing 100 connections in all,
# 200 addresses holding and reconnecting at once; the kiosk's connection
# waits in the accept queue until the head deadline frees a slot
port2=$((port + 1))
KIOSK_HUB_MAX_CONNECTIONS=100 "$TOWN" --dir "$WORK/town" serve --listen 127.0.0.1:$port2 >>hub2.log 2>&1 &
HUB2=$!
PIDS+=($HUB2)
listening2() { (exec 3<>"/dev/tcp/127.0.0.1/$port2") 2>/dev/null; }
wait_for 60 "the second hub to listen" listening2
"$SIEGE" hold 127.0.0.1 $port2 127.0.6.1+200 200 --status s3 &
PIDS+=($!)
wait_for 120 "the siege of the full hub" opened_at_least s3 200
k checkin LM0006 >/dev/null
k sync --hub http://127.0.0.1:$port2 >sync.out 2>&1 || fail "sync with the hub full: $(cat sync.out) [$(status s3)]"
synced || fail "the sync with the hub full did not acknowledge everything"
some_cut() { [ "$(field s3 closed)" -gt 0 ] 2>/dev/null; }
wait_for 60 "the full hub to cut a connection [$(status s3)]" some_cut
kill -0 "$HUB2" 2>/dev/null || fail "the second hub died"
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
PIDS=()

# 2. bodies: 20 x 60 MiB unauthenticated, 3 x 60 MiB signed over another hash
before=$(q town/township.db "SELECT count(*) FROM bundle")
"$SIEGE" body 127.0.0.1 $port 127.0.2.1+20 20 $((60 * 1024 * 1024)) >b1.out &
B1=$!
"$SIEGE" body 127.0.0.1 $port 127.0.3.1+3 3 $((60 * 1024 * 1024)) --key kiosk.key --kiosk "$KID" --lie 3 >b2.out &
B2=$!
wait $B1 || fail "the unauthenticated bodies: $(cat b1.out)"
wait $B2 || fail "the lying bodies: $(cat b2.out)"
[ "$(wc -l <b1.out)" = 20 ] && [ "$(wc -l <b2.out)" = 3 ] || fail "not every body was sent: $(cat b1.out b2.out)"
grep -q "status 2[0-9][0-9]" b1.out b2.out && fail "a body was accepted: $(cat b1.out b2.out)"
lied() { [ "$(grep -c "127\.0\.3\.[0-9]* 400 the body does not match its signed hash" hub.log)" = 3 ]; }
wait_for 60 "the 3 lying bodies to be refused" lied
refused() { [ "$(grep -c "127\.0\.2\.[0-9]* 401 unsigned request" hub.log)" = 20 ]; }
wait_for 60 "the 20 unsigned bodies to be refused" refused
[ "$(q town/township.db "SELECT count(*) FROM bundle")" = "$before" ] || fail "a body was imported"
alive
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$HUB/status)
[ "$hwm" -le "$HWM_LIMIT_KB" ] || fail "the hub's peak memory is $hwm kB, over $HWM_LIMIT_KB kB"
[ -z "$(ls -A town/hub-tmp)" ] || fail "bodies left in hub-tmp: $(ls town/hub-tmp)"
[ "$(stat -c %a town/hub-tmp)" = 700 ] || fail "hub-tmp is not 0700"
# a signed body dripping a byte every 3 s is cut by the minimum rate
"$SIEGE" body 127.0.0.1 $port 127.0.5.1 1 1000000 --key kiosk.key --kiosk "$KID" --lie 1 --drip >b3.out &
B3=$!
slow_cut() { grep -q "cut a connection from 127.0.5.1: the body is coming slower than 8 KiB/s" hub.log; }
wait_for 240 "the dripping body to be cut" slow_cut
wait $B3 || fail "the dripping body: $(cat b3.out)"
grep -q "status 0" b3.out || fail "the dripping body got a reply: $(cat b3.out)"
k checkin LM0005 >/dev/null
k sync --hub $HUBURL >/dev/null || fail "sync after the bodies"
synced || fail "the sync after the bodies did not acknowledge everything"

# 3. X's bundle posted as Y (this kiosk): refused, nothing imported
kx checkin LM0001 >/dev/null
kx export --out x >/dev/null
xb=$(ls x/*.ksb)
req() { "$SIEGE" request 127.0.0.1 $port "$@"; }
req --key kiosk.key --kiosk "$KID" --method POST --target /v2/bundle --body "$xb" >r.out || fail "no reply: $(cat r.out)"
grep -q "^status 403 KR_WRONG_KIOSK" r.out || fail "another kiosk's bundle: $(cat r.out)"
[ "$(q town/township.db "SELECT count(*) FROM checkin WHERE kiosk_id = '$XID'")" = 0 ] || fail "another kiosk's bundle was imported"
req --key x/kiosk.key --kiosk "$XID" --method POST --target /v2/bundle --body "$xb" >r.out
grep -q "^status 200" r.out || fail "X posting its own bundle: $(cat r.out)"
[ "$(q town/township.db "SELECT count(*) FROM checkin WHERE kiosk_id = '$XID'")" -gt 0 ] || fail "X's own bundle was not imported"
# the query is signed: have= changed after signing is refused
req --key kiosk.key --kiosk "$KID" --method GET --target "/v2/package?have=999" --sign-target "/v2/package?have=0" >r.out
grep -q "^status 401 wrong signature" r.out || fail "a tampered query: $(cat r.out)"
req --key kiosk.key --kiosk "$KID" --method GET --target "/v2/package?have=999" >r.out
grep -q "^status 204" r.out || fail "the untampered query: $(cat r.out)"
req --key kiosk.key --kiosk "$KID" --method GET --target "/v2/package?have=1&have=999" >r.out
grep -q "^status 400" r.out || fail "a query with more than have=: $(cat r.out)"
req --key kiosk.key --kiosk "$KID" --method GET --target "/v1/ack" >r.out
grep -q "^status 426 .*update the kiosk" r.out || fail "a protocol 1 request: $(cat r.out)"
alive
echo "hub siege: OK (syncs under 200+200 held connections, 20x60 MiB bodies refused at VmHWM $hwm kB <= $HWM_LIMIT_KB kB)"
