/* pinyin_table: the generated table (build/pinyin_table.c, made by
 * tools/gen_pinyin.c from Debian's Unihan data). Internal to pinyin.c. */
#ifndef KIOSK_PINYIN_TABLE_H
#define KIOSK_PINYIN_TABLE_H
#include <stdint.h>
extern const char *const pinyin_syllables[];
extern const int pinyin_syllable_count;
extern const uint32_t pinyin_cp[];      /* sorted */
extern const uint16_t pinyin_syl[];     /* index into pinyin_syllables, parallel to pinyin_cp */
extern const uint8_t pinyin_tones[];     /* 1-4, 5 neutral, parallel to pinyin_cp */
extern const int pinyin_count;
#endif
