#!/bin/sh
# Stands in for espeak-ng in tests: logs what it was asked to say, then
# "speaks" for a while (KIOSK_FAKE_SAY_SECONDS, default 5) so a test can see
# it being interrupted, or let it finish.
printf '%s\n' "$*" >>"$KIOSK_FAKE_SAY_LOG"
exec sleep "${KIOSK_FAKE_SAY_SECONDS:-5}"
