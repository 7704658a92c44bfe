/* speech: what the kiosk hands its speech program. espeak-ng's Mandarin
 * voice cmn-latn-pinyin (Debian 12, 1.51) reads Chinese characters of
 * U+3400..U+9FFF and pinyin with tone digits ("shan4") as Mandarin; it
 * reads other ideographs as their code-point digits, and "%", "/", "@" in
 * English. So a sentence is rewritten first:
 *   - numbers become Chinese numerals: 15 十五, 120 一百二十, 2026 两千零二十六,
 *     2026年 二零二六年, 19:30 十九点三十分, 2.5 二点五, 60% 百分之六十,
 *     2026-11-30 二零二六年十一月三十日, 2小时 两小时 (but 第2次 第二次); a long
 *     or zero-led number (a phone or member number) digit by digit;
 *   - ideographs outside U+3400..U+9FFF become their pinyin with tone digit
 *     (𪚥 zhe2), or are skipped when the table has no reading;
 *   - full-width letters and digits become ASCII; ASCII punctuation becomes
 *     its Chinese pause or a space, never a word; symbols are dropped;
 *   - a run of ASCII letters is kept (pinyin, U盘), and a tone digit 1-5
 *     right after letters stays a tone digit.
 * speech_name reads a member's surname the project's way (单 shan4). */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H
#include "result.h"
#include <stddef.h>

/* Writes zIn (UTF-8; bad bytes are skipped) rewritten as above into zOut.
 * KR_TOO_LARGE when it does not fit in nOut (zOut then holds what fitted,
 * cut between characters); 4 * strlen(zIn) + 16 bytes always fit. */
KrCode speech_text(const char *zIn, char *zOut, size_t nOut, char *zErr, int nErr);
/* Writes member name zName for speech into zOut: a surname read differently
 * from its characters becomes its pinyin with tone digits ("单立新" ->
 * "shan4 立新"); the rest is kept for speech_text. Always NUL-terminated;
 * cut between characters if nOut is too small. */
void speech_name(const char *zName, char *zOut, size_t nOut);
#endif
