#!/usr/bin/env bash
# The LAN hub under siege, measured (issue 13), for a before/after figure:
#   1. genuine syncs while 200 idle and dripping connections from one
#      address are held (reconnecting when dropped): how many of 3 succeed
#                                                        target 3 of 3
#   2. the hub's peak memory (VmHWM) after 20 concurrent unauthenticated
#      POSTs of 60 MiB each                              target <= 64 MiB
# Works against any township/kioskctl pair (the hub_siege client speaks
# nothing the old hub needs: its bodies are unsigned), so the same script
# measures the tree before the change, e.g. a build of `git archive main`.
# usage: bench/hub_siege.sh KIOSKCTL TOWNSHIP KIOSK_CONF WORK_DIR HUB_SIEGE
set -euo pipefail
CTL=$1 TOWN=$2 CONF=$3 WORK=$4 SIEGE=$5
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
k() { "$CTL" --config "$CONF" --db "$WORK/kiosk.db" "$@"; }
t() { "$TOWN" --dir "$WORK/town" "$@"; }
HUB= SP=
trap '[ -n "$SP" ] && kill $SP 2>/dev/null; [ -n "$HUB" ] && kill $HUB 2>/dev/null; true' EXIT
t init --name 刘集镇 >/dev/null
k demo >/dev/null && k pubkey --out kiosk.pub >/dev/null 2>&1 && k trust town/township.pub >/dev/null
t enroll kiosk.pub --village 鲁庙村 >/dev/null
port=$((20000 + RANDOM % 20000))
"$TOWN" --dir "$WORK/town" serve --listen 127.0.0.1:$port >hub.log 2>&1 &
HUB=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.1; done
k sync --hub http://127.0.0.1:$port >/dev/null
"$SIEGE" hold 127.0.0.1 $port 127.0.0.2 200 --status s1 &
SP=$!
until grep -q "opened 2[0-9][0-9]" s1 2>/dev/null; do sleep 0.2; done
ok=0
for i in 1 2 3; do
  k checkin "LM000$i" >/dev/null
  s=$SECONDS
  if timeout 180 "$CTL" --config "$CONF" --db "$WORK/kiosk.db" sync --hub http://127.0.0.1:$port >sync$i.out 2>&1; then
    ok=$((ok + 1)); echo "sync $i under siege: ok in $((SECONDS - s)) s"
  else echo "sync $i under siege: FAILED after $((SECONDS - s)) s: $(tail -1 sync$i.out)"; fi
done
kill $SP; wait $SP 2>/dev/null || true; SP=
echo "1. genuine syncs under 200 idle+drip connections from one address: $ok of 3 (target 3 of 3)"
base=$(awk '/^VmHWM/ { print $2 }' /proc/$HUB/status)
"$SIEGE" body 127.0.0.1 $port 127.0.2.1+20 20 $((60 * 1024 * 1024)) >b1.out
kill -0 $HUB 2>/dev/null || { echo "2. the hub died under the bodies"; exit 1; }
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$HUB/status)
echo "2. hub VmHWM: $((base / 1024)) MiB before, $((hwm / 1024)) MiB after 20 x 60 MiB unauthenticated bodies (target <= 64 MiB); replies: $(awk '{print $3}' b1.out | sort | uniq -c | tr -s ' \n' ' ')"
