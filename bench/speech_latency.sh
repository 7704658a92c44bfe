#!/bin/sh
# How long espeak-ng (the kiosk's voice_command) takes to produce the first
# audio of a sentence, and the whole of it: it synthesises to --stdout and
# the clock stops at the first byte after the 44-byte WAV header, then at
# the last. A bench, not a test: figures depend on the machine and its load.
#
# usage: bench/speech_latency.sh [KIOSK_CONF] [RUNS]   (default kiosk.conf, 20)
set -eu
CONF=${1:-kiosk.conf}
RUNS=${2:-20}
CMD=$(sed -n 's/^[[:space:]]*voice_command[[:space:]]*=[[:space:]]*//p' "$CONF" | tail -n 1)
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for text in "张中立，签到成功" "各村民小组党员：根据镇党委安排，从本月起，年满六十周岁的农村老党员，每人每月生活补助增加到六十元。"; do
  : >/tmp/speech-first.$$
  : >/tmp/speech-all.$$
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    t0=$(ms)
    $CMD --stdout -- "$text" 2>/dev/null | { head -c 45 >/dev/null; echo $(( $(ms) - t0 )) >>/tmp/speech-first.$$; cat >/dev/null; }
    echo $(( $(ms) - t0 )) >>/tmp/speech-all.$$
    i=$((i + 1))
  done
  printf '%s chars: first audio %s ms, all audio %s ms (median of %s, %s)\n' "$(printf '%s' "$text" | wc -m)" \
    "$(median </tmp/speech-first.$$)" "$(median </tmp/speech-all.$$)" "$RUNS" "$CMD"
done
rm -f /tmp/speech-first.$$ /tmp/speech-all.$$
