#!/bin/sh
# Every sentence the kiosk can speak (tests/ui/speech_sentences.c: all UI
# strings with numbers filled in, every demo name, the demo notices) goes
# through the configured speech command with -x -q, which prints phonemes
# instead of speaking. It fails when:
#   - espeak-ng switches to English anywhere ("(en)" in its phonemes: with
#     Debian 12's "-v cmn" nearly every sentence does);
#   - a digit reaches the voice other than a tone digit ("shan4"), or an
#     ideograph it cannot read (it would say the code point's digits);
#   - espeak-ng does not take "--" as the end of its options (a notice
#     paragraph "-w FILE" would write FILE, "-fFILE" would read FILE aloud).
#
# usage: test_speech.sh SPEECH_SENTENCES KIOSK_CONF WORK_DIR [COMMAND]
#   COMMAND: the speech command to check instead of KIOSK_CONF's
#   voice_command (the ctest speech_old_voice_fails passes "-v cmn").
set -eu
GEN=$1
CONF=$2
WORK=$3
CMD=${4:-$(sed -n 's/^[[:space:]]*voice_command[[:space:]]*=[[:space:]]*//p' "$CONF" | tail -n 1)}
export LC_ALL=C.UTF-8
fail() { echo "FAIL: $*"; exit 1; }
[ -n "$CMD" ] || fail "no voice_command in $CONF"
prog=${CMD%% *}
command -v "$prog" >/dev/null || fail "$prog is not installed (scripts/setup.sh installs espeak-ng)"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "command: $CMD -x -q"

"$GEN" "$CONF" "$WORK" >"$WORK/sentences.tsv"
total=$(wc -l <"$WORK/sentences.tsv")
[ "$total" -gt 500 ] || fail "only $total sentences"
cut -f2 "$WORK/sentences.tsv" >"$WORK/texts.txt"

# 1. what reaches the voice: no digit but a tone digit right after letters,
# nothing but ASCII, the punctuation it pauses on and the ideographs it reads
bad=0
if grep -nP '(?<![A-Za-z])[0-9]|[06-9]|[0-9][0-9]' "$WORK/texts.txt" >"$WORK/digits.txt"; then
  echo "digits left for the voice to read:"
  head -n 10 "$WORK/digits.txt"
  bad=1
fi
if grep -nP '[^\x{20}-\x{7E}\x{B7}\x{2014}\x{2018}\x{2019}\x{201C}\x{201D}\x{2026}\x{3001}-\x{3003}\x{3007}-\x{3011}\x{3014}-\x{301F}\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{FF01}\x{FF0C}\x{FF1A}\x{FF1B}\x{FF1F}]' \
    "$WORK/texts.txt" >"$WORK/unreadable.txt"; then
  echo "characters the voice cannot read:"
  head -n 10 "$WORK/unreadable.txt"
  bad=1
fi

# 2. the phonemes, all sentences in one run (a blank line between two), then
# sentence by sentence to name the first that switch
sed 's/$/\n/' "$WORK/texts.txt" | $CMD -x -q --stdin >"$WORK/phonemes.txt" 2>"$WORK/stderr.txt" ||
  fail "$CMD failed: $(head -c 300 "$WORK/stderr.txt")"
[ -s "$WORK/phonemes.txt" ] || fail "no phonemes at all"
# a switch is "(en)" (or any language but cmn) in the phonemes
switch='\((?!cmn\))[a-z][a-z-]*\)'
if grep -qP "$switch" "$WORK/phonemes.txt"; then
  switched=0
  while IFS="$(printf '\t')" read -r where text; do
    out=$($CMD -x -q -- "$text" 2>/dev/null | tr '\n' ' ')
    if printf '%s' "$out" | grep -qP "$switch"; then
      switched=$((switched + 1))
      [ "$switched" -le 10 ] && printf '  %s: %s\n    %s\n' "$where" "$text" "$out"
    fi
  done <"$WORK/sentences.tsv"
  echo "FAIL: $switched sentences switch to English (of $total)"
  exit 1
fi

# 3. "--" ends the options: nothing written, nothing read from a file
printf '签到成功\n' >"$WORK/secret.txt"
out=$($CMD -x -q -- "-w $WORK/written.wav" 2>&1) || fail "\"-w FILE\" after -- failed: $out"
[ ! -e "$WORK/written.wav" ] || fail "\"-w FILE\" after -- wrote the file"
out=$($CMD -x -q -- "-f$WORK/secret.txt" 2>&1)
case "$out" in *"tS;h'iE55n"*) fail "\"-fFILE\" after -- read the file aloud: $out" ;; esac
# (and the check can tell: without -- it does read it)
out=$($CMD -x -q "-f$WORK/secret.txt" 2>&1 || true)
case "$out" in *"tS;h'iE55n"*) ;; *) fail "the -f check cannot fail: $out" ;; esac

[ "$bad" = 0 ] || fail "text the voice cannot read (above)"
echo "speech: OK ($total sentences in Mandarin, no digits, options ended by --)"
