#!/bin/sh
# Stands in for espeak-ng in tests: logs what it was asked to say, then
# "speaks" for a while (KIOSK_FAKE_SAY_SECONDS, default 5) so a test can see
# it being interrupted, or let it finish.
#   KIOSK_FAKE_SAY_ARGV=FILE  also logs its arguments, each as <arg>, a line
#                             per run (to check what came after "--")
#   KIOSK_FAKE_SAY_FAIL=1     fails as espeak-ng 1.51 does with no sound
#                             device: "error: ..." on stderr, exit status 0
#   KIOSK_FAKE_SAY_FAIL=exit  fails with exit status 1
printf '%s\n' "$*" >>"$KIOSK_FAKE_SAY_LOG"
if [ -n "$KIOSK_FAKE_SAY_ARGV" ]; then
  for a in "$@"; do printf '<%s>' "$a"; done >>"$KIOSK_FAKE_SAY_ARGV"
  echo >>"$KIOSK_FAKE_SAY_ARGV"
fi
case "$KIOSK_FAKE_SAY_FAIL" in
  exit) exit 1 ;;
  ?*) echo "error: No such file or directory" >&2; exit 0 ;;
esac
exec sleep "${KIOSK_FAKE_SAY_SECONDS:-5}"
