/* pinyin: see pinyin.h. The table is two parallel sorted arrays searched by
 * bisection: ~41,000 code points, 4 + 2 bytes each, no start-up cost. The
 * key scanner moves at least one byte per step, so bytes that are not UTF-8
 * (which used to stop it in place, forever) are skipped like punctuation. */
#include "pinyin.h"
#include "pinyin_table.h"
#include "util.h"
#include <ctype.h>
#include <string.h>

/* Surnames read differently from their characters' usual reading. Compound
 * surnames first: the longest match wins. */
static const struct { const char *zSurname, *zPinyin; } aSurname[] = {
  /* with tone digits, for speech (pinyin_surname); sort keys drop them */
  {"长孙", "zhang3 sun1"}, {"尉迟", "yu4 chi2"}, {"万俟", "mo4 qi2"}, {"澹台", "tan2 tai2"},
  {"令狐", "ling2 hu2"}, {"单于", "chan2 yu2"},
  {"单", "shan4"}, {"曾", "zeng1"}, {"解", "xie4"}, {"仇", "qiu2"}, {"区", "ou1"}, {"查", "zha1"},
  {"朴", "piao2"}, {"覃", "qin2"}, {"盖", "ge3"}, {"缪", "miao4"}, {"乐", "yue4"}, {"召", "shao4"},
  {"翟", "zhai2"}, {"秘", "bi4"}, {"种", "chong2"}, {"员", "yun4"}, {"任", "ren2"}, {"沈", "shen3"},
  {"纪", "ji3"}, {"燕", "yan1"}, {"宿", "su4"}, {"繁", "po2"}, {"句", "gou1"}, {"能", "nai4"},
  {"牟", "mu4"}, {"那", "na1"}, {"冼", "xian3"}, {"洗", "xian3"}, {"阚", "kan4"}, {"隗", "wei3"},
  {"折", "she2"}, {"眭", "sui1"}, {"逄", "pang2"}, {"郇", "huan2"}, {"尉", "yu4"}, {"藏", "zang4"},
  {"柏", "bai3"}, {"薄", "bo2"}, {"过", "guo1"}, {"黑", "he4"}, {"车", "che1"}, {"石", "shi2"},
};

/* The table index of code point c, or -1. */
static int find(uint32_t c) {
  int lo = 0, hi = pinyin_count - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (pinyin_cp[mid] == c) return mid;
    if (pinyin_cp[mid] < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const char *pinyin_syllable(uint32_t c) {
  int i = find(c);
  return i < 0 ? NULL : pinyin_syllables[pinyin_syl[i]];
}

int pinyin_tone(uint32_t c) {
  int i = find(c);
  return i < 0 ? 0 : pinyin_tones[i];
}

const char *pinyin_surname(const char *zName, size_t *pnBytes) {
  for (size_t i = 0; i < sizeof aSurname / sizeof aSurname[0]; i++) {
    size_t n = strlen(aSurname[i].zSurname);
    if (!strncmp(zName, aSurname[i].zSurname, n)) {
      if (pnBytes) *pnBytes = n;
      return aSurname[i].zPinyin;
    }
  }
  return NULL;
}

/* Appends z (and a space before it when not first) to out; toneless = 1
 * drops tone digits (a surname's reading). */
static void append_as(char *zOut, size_t nOut, size_t *pLen, const char *z, int toneless) {
  if (*pLen && *pLen + 1 < nOut) zOut[(*pLen)++] = ' ';
  for (; *z && *pLen + 1 < nOut; z++)
    if (!toneless || !(*z >= '1' && *z <= '5')) zOut[(*pLen)++] = *z;
  zOut[*pLen] = 0;
}

static void append(char *zOut, size_t nOut, size_t *pLen, const char *z) { append_as(zOut, nOut, pLen, z, 0); }

int pinyin_key(const char *zName, char *zOut, size_t nOut) {
  size_t len = 0;
  int missing = 0;
  if (!nOut) return 0;
  zOut[0] = 0;
  const char *p = zName, *e = zName + strlen(zName);
  size_t nSurname;
  const char *zSurname = pinyin_surname(zName, &nSurname);
  if (zSurname) {
    append_as(zOut, nOut, &len, zSurname, 1);
    p += nSurname;
  }
  char latin[64];
  size_t nLatin = 0;
  while (p <= e) {
    const char *s0 = p;
    int32_t c = p < e ? util_utf8_next(&p, e) : -2;
    if (c == -1) p = s0 + 1; /* a byte that is not UTF-8: step over it, always forward */
    if (c >= 0 && c < 0x80 && isalnum(c)) {
      if (nLatin == sizeof latin - 1) { latin[nLatin] = 0; append(zOut, nOut, &len, latin); nLatin = 0; }
      latin[nLatin++] = (char)tolower(c); /* a run of Latin letters is one word */
      continue;
    }
    if (nLatin) { latin[nLatin] = 0; append(zOut, nOut, &len, latin); nLatin = 0; }
    if (c == -2) break;
    if (c < 0x80) continue; /* spaces, punctuation, bad bytes */
    const char *s = pinyin_syllable((uint32_t)c);
    if (s) append(zOut, nOut, &len, s);
    else if (c >= 0x3400) { append(zOut, nOut, &len, "{"); missing++; } /* an ideograph we cannot read */
    /* other symbols (·, full-width punctuation) carry no sound */
  }
  return missing;
}

char pinyin_initial(const char *zName) {
  char key[16];
  pinyin_key(zName, key, sizeof key);
  return key[0] >= 'a' && key[0] <= 'z' ? (char)(key[0] - 'a' + 'A') : '#';
}
