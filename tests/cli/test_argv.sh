#!/bin/bash
# Programs the kiosk and the township tools run: never through a shell
# (no system(), no popen()), and every file that starts a program with
# posix_spawn or exec puts "--" in its argument vector, so a text that
# starts with "-" (a notice paragraph "-f/etc/hostname") is never an option.
# A tripwire over the sources: a new call site must come with its "--".
set -u
src=${1:?usage: test_argv.sh SOURCE_DIR}
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$src/app" || fail "no $src/app"
shell=$(grep -rnE '(^|[^_a-zA-Z])(system|popen)[[:space:]]*\(' --include='*.c' . || true)
[ -z "$shell" ] || fail "a program run through the shell: $shell"
n=0
for f in $(grep -rlE 'posix_spawnp?[[:space:]]*\(|(^|[^_a-zA-Z])exec[lv]p?e?[[:space:]]*\(' --include='*.c' .); do
  n=$((n + 1))
  grep -q '"--"' "$f" || fail "$f starts a program but never passes \"--\" before its operands"
done
[ "$n" -ge 1 ] || fail "no program is started anywhere: is this the source tree? ($src)"
echo "ok: $n file(s) start programs, each with \"--\"; none through a shell"
