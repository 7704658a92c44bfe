/* speech: see speech.h. The sentence is decoded into code points once
 * (full-width forms folded to ASCII on the way), then scanned left to right
 * with a little look-ahead for numbers, times, dates and percentages. The
 * writer only ever appends whole characters, so a cut output is still valid
 * UTF-8. */
#include "speech.h"
#include "pinyin.h"
#include "util.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *z;
  size_t n, len;
  int full;   /* something did not fit */
  int space;  /* the last thing written was a space (or nothing yet) */
} Out;

static void put(Out *o, const char *z) {
  size_t k = strlen(z);
  if (o->full || o->len + k >= o->n) { o->full = 1; return; }
  memcpy(o->z + o->len, z, k);
  o->len += k;
  o->z[o->len] = 0;
  o->space = 0;
}

static void put_space(Out *o) {
  if (o->space) return;
  put(o, " ");
  o->space = 1;
}

static void put_cp(Out *o, int32_t c) {
  char b[5];
  int k;
  if (c < 0x80) { b[0] = (char)c; k = 1; }
  else if (c < 0x800) { b[0] = (char)(0xC0 | c >> 6); b[1] = (char)(0x80 | (c & 0x3F)); k = 2; }
  else if (c < 0x10000) {
    b[0] = (char)(0xE0 | c >> 12); b[1] = (char)(0x80 | ((c >> 6) & 0x3F)); b[2] = (char)(0x80 | (c & 0x3F)); k = 3;
  } else {
    b[0] = (char)(0xF0 | c >> 18); b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((c >> 6) & 0x3F)); b[3] = (char)(0x80 | (c & 0x3F)); k = 4;
  }
  b[k] = 0;
  put(o, b);
}

static const char *const azDigit[10] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static int is_digit(int32_t c) { return c >= '0' && c <= '9'; }
static int is_letter(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* 1..9999, with its units; leading = 1 when nothing comes before it (10 is
 * 十, not 一十). */
static void section(Out *o, unsigned v, int leading) {
  static const char *const azUnit[4] = {"", "十", "百", "千"};
  static const unsigned aPow[4] = {1, 10, 100, 1000};
  int started = 0, zero = 0;
  for (int pos = 3; pos >= 0; pos--) {
    unsigned d = v / aPow[pos] % 10;
    if (!d) { zero = started; continue; }
    if (zero) put(o, "零");
    zero = 0;
    if (!(pos == 1 && d == 1 && !started && leading)) put(o, d == 2 && pos == 3 ? "两" : azDigit[d]);
    put(o, azUnit[pos]);
    started = 1;
  }
}

/* 0..99,999,999 as Chinese numerals. */
static void cardinal(Out *o, unsigned long v) {
  if (!v) { put(o, "零"); return; }
  if (v >= 10000) {
    unsigned hi = (unsigned)(v / 10000), lo = (unsigned)(v % 10000);
    if (hi == 2) put(o, "两");
    else section(o, hi, 1);
    put(o, "万");
    if (lo) {
      if (lo < 1000) put(o, "零");
      section(o, lo, 0);
    }
    return;
  }
  section(o, (unsigned)v, 1);
}

static void digits(Out *o, const int32_t *a, int i, int j) {
  for (; i < j; i++) put(o, azDigit[a[i] - '0']);
}

static unsigned long value(const int32_t *a, int i, int j) {
  unsigned long v = 0;
  for (; i < j; i++) v = v * 10 + (unsigned long)(a[i] - '0');
  return v;
}

/* The end of the run of digits starting at i. */
static int run(const int32_t *a, int n, int i) {
  while (i < n && is_digit(a[i])) i++;
  return i;
}

/* 1 when the number a[i..j) counts something: a measure word follows (a
 * space between allowed) and it is not an ordinal (第2次). */
static int counted(const int32_t *a, int n, int i, int j) {
  static const char azMeasure[] = "个位次条人天名项件张份岁元块小点年周"; /* 小: 小时 */
  if (i > 0 && a[i - 1] == 0x7B2C) return 0; /* 第 */
  while (j < n && a[j] == ' ') j++;
  if (j >= n) return 0;
  for (const char *p = azMeasure, *e = azMeasure + sizeof azMeasure - 1; p < e;)
    if (util_utf8_next(&p, e) == a[j]) return 1;
  return 0;
}

/* A number (or time, date, decimal, percentage) starting at digit a[i];
 * returns the index after it. */
static int number(Out *o, const int32_t *a, int n, int i) {
  int j = run(a, n, i), len = j - i;
  /* a date: 2026-11-30, 2026/11/30, 2026.11.30 */
  if (len == 4 && j + 1 < n && (a[j] == '-' || a[j] == '/' || a[j] == '.') && is_digit(a[j + 1])) {
    int m0 = j + 1, m1 = run(a, n, m0);
    if (m1 - m0 <= 2 && m1 + 1 < n && a[m1] == a[j] && is_digit(a[m1 + 1])) {
      int d0 = m1 + 1, d1 = run(a, n, d0);
      unsigned long mon = value(a, m0, m1), day = value(a, d0, d1);
      if (d1 - d0 <= 2 && mon >= 1 && mon <= 12 && day >= 1 && day <= 31) {
        digits(o, a, i, j);
        put(o, "年");
        cardinal(o, mon);
        put(o, "月");
        cardinal(o, day);
        put(o, "日");
        return d1;
      }
    }
  }
  /* a time: 19:30, 9:05 */
  if (len <= 2 && j + 2 < n && a[j] == ':' && is_digit(a[j + 1]) && is_digit(a[j + 2]) &&
      (j + 3 >= n || !is_digit(a[j + 3]))) {
    unsigned long h = value(a, i, j), m = value(a, j + 1, j + 3);
    if (h <= 24 && m <= 59) {
      cardinal(o, h);
      put(o, "点");
      if (m) {
        if (m < 10) put(o, "零");
        cardinal(o, m);
        put(o, "分");
      }
      return j + 3;
    }
  }
  /* a year: 2026年, read digit by digit */
  if (len == 4 && j < n && a[j] == 0x5E74) { digits(o, a, i, j); return j; }
  /* a percentage: 60%, 2.5% (the sign comes first in Chinese) */
  int k = j;
  if (k + 1 < n && a[k] == '.' && is_digit(a[k + 1])) k = run(a, n, k + 1);
  int percent = k < n && a[k] == '%';
  if (percent) put(o, "百分之");
  if ((len > 1 && a[i] == '0') || len > 8) digits(o, a, i, j); /* a phone or member number */
  else if (len == 1 && a[i] == '2' && k == j && counted(a, n, i, j)) put(o, "两"); /* 两小时, not 二小时 */
  else cardinal(o, value(a, i, j));
  if (k > j) { /* the decimals, digit by digit */
    put(o, "点");
    digits(o, a, j + 1, k);
  }
  return percent ? k + 1 : k;
}

/* 1 for the characters espeak-ng's Mandarin dictionary reads. */
static int spoken_han(int32_t c) { return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || c == 0x3007; }

/* 1 for punctuation espeak-ng reads as a pause (or silence). */
static int pause_mark(int32_t c) {
  return (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) ||
         c == 0x2014 || c == 0x2026 || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x00B7;
}

KrCode speech_text(const char *zIn, char *zOut, size_t nOut, char *zErr, int nErr) {
  Out o = {zOut, nOut, 0, 0, 1};
  if (!nOut) { snprintf(zErr, (size_t)nErr, "no room for the speech text"); return KR_TOO_LARGE; }
  zOut[0] = 0;
  size_t nIn = strlen(zIn);
  int32_t *a = malloc((nIn + 1) * sizeof *a);
  if (!a) { snprintf(zErr, (size_t)nErr, "out of memory"); return KR_NOMEM; }
  int n = 0;
  for (const char *p = zIn, *e = zIn + nIn; p < e;) {
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) continue;                                /* a bad byte: util_utf8_next stepped over it */
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;         /* full-width ASCII */
    else if (c == 0x3000) c = ' ';
    a[n++] = c;
  }
  for (int i = 0; i < n;) {
    int32_t c = a[i];
    if (is_digit(c)) {
      /* a tone digit of pinyin (shan4) stays one */
      if (i > 0 && is_letter(a[i - 1]) && c >= '1' && c <= '5' && (i + 1 >= n || !is_digit(a[i + 1]))) {
        put_cp(&o, c);
        i++;
      } else i = number(&o, a, n, i);
      continue;
    }
    if (c == '-' && i + 1 < n && is_digit(a[i + 1])) { /* 3-5 is 三至五; -5 is 负五 */
      put(&o, i > 0 && is_digit(a[i - 1]) ? "至" : "负");
      i++;
      continue;
    }
    i++;
    if (is_letter(c)) put_cp(&o, c);
    else if (c < 0x80) {
      static const char azPause[][2][4] = {{",", "，"}, {".", "。"}, {";", "；"}, {":", "："}, {"!", "！"},
                                           {"?", "？"}, {"(", "，"}, {")", "，"}};
      const char *z = NULL;
      for (size_t k = 0; k < sizeof azPause / sizeof azPause[0]; k++)
        if (c == azPause[k][0][0]) z = azPause[k][1];
      if (z) put(&o, z);
      else put_space(&o); /* spaces, controls, and symbols espeak-ng would name in English */
    } else if (spoken_han(c) || pause_mark(c)) put_cp(&o, c);
    else if (c >= 0x2E80) { /* an ideograph the voice cannot read: its reading, or nothing */
      const char *zSyl = pinyin_syllable((uint32_t)c);
      if (zSyl) {
        char syl[16];
        snprintf(syl, sizeof syl, "%s%d", zSyl, pinyin_tone((uint32_t)c));
        put_space(&o);
        put(&o, syl);
        put_space(&o);
      }
    } else put_space(&o);
  }
  free(a);
  if (o.full) { snprintf(zErr, (size_t)nErr, "the speech text does not fit in %zu bytes", nOut); return KR_TOO_LARGE; }
  return KR_OK;
}

void speech_name(const char *zName, char *zOut, size_t nOut) {
  if (!nOut) return;
  Out o = {zOut, nOut, 0, 0, 1};
  zOut[0] = 0;
  size_t nSurname = 0;
  const char *zSurname = pinyin_surname(zName, &nSurname);
  if (zSurname) {
    put(&o, zSurname);
    put_space(&o);
  }
  const char *p = zName + nSurname, *e = zName + strlen(zName);
  while (p < e) {
    const char *q = p;
    int32_t c = util_utf8_next(&p, e);
    if (c < 0) { p = q + 1; continue; }
    put_cp(&o, c);
  }
}
