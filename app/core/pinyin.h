/* pinyin: toneless pinyin for sorting and indexing names. Readings come
 * from a table generated at build time from Unihan (Debian unicode-data);
 * a name's leading characters get their surname reading when they form a
 * known surname (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou, 查 zha, 朴 piao,
 * 覃 qin, 尉迟 yu chi ...). */
#ifndef KIOSK_PINYIN_H
#define KIOSK_PINYIN_H
#include <stddef.h>
#include <stdint.h>

/* The toneless syllable of code point c ("zhong"), or NULL if none. */
const char *pinyin_syllable(uint32_t c);
/* The tone of code point c's usual reading: 1-4, 5 for neutral, 0 if it has
 * no reading. */
int pinyin_tone(uint32_t c);
/* When zName starts with a surname read differently from its characters
 * (单 Shàn, 曾 Zēng, 区 Ōu, 尉迟 Yùchí), that reading with tone digits
 * ("shan4", "yu4 chi2", static) and its length in bytes in *pnBytes;
 * otherwise NULL. */
const char *pinyin_surname(const char *zName, size_t *pnBytes);
/* Writes zName's sort key into zOut: lowercase syllables separated by
 * spaces, the surname read as a surname; Latin letters and digits are kept,
 * "·" and other punctuation skipped; a character with no reading becomes
 * "{" (sorts after z); bytes that are not UTF-8 are skipped, one at a time,
 * so any input ends. Returns the number of characters with no reading. */
int pinyin_key(const char *zName, char *zOut, size_t nOut);
/* The index letter of zName: 'A'..'Z', or '#' when it has none. */
char pinyin_initial(const char *zName);
#endif
