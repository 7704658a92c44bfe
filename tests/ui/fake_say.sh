#!/bin/sh
# Stands in for espeak-ng in tests: logs what it was asked to say, then
# "speaks" for a while so a test can see it being interrupted.
printf '%s\n' "$*" >>"$KIOSK_FAKE_SAY_LOG"
exec sleep 5
