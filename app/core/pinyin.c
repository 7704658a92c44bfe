/* pinyin: see pinyin.h. The table is two parallel sorted arrays searched by
 * bisection: ~41,000 code points, 4 + 2 bytes each, no start-up cost. */
#include "pinyin.h"
#include "pinyin_table.h"
#include "util.h"
#include <ctype.h>
#include <string.h>

/* Surnames read differently from their characters' usual reading. Compound
 * surnames first: the longest match wins. */
static const struct { const char *zSurname, *zPinyin; } aSurname[] = {
  {"长孙", "zhang sun"}, {"尉迟", "yu chi"}, {"万俟", "mo qi"}, {"澹台", "tan tai"},
  {"令狐", "ling hu"}, {"单于", "chan yu"},
  {"单", "shan"}, {"曾", "zeng"}, {"解", "xie"}, {"仇", "qiu"}, {"区", "ou"}, {"查", "zha"},
  {"朴", "piao"}, {"覃", "qin"}, {"盖", "ge"}, {"缪", "miao"}, {"乐", "yue"}, {"召", "shao"},
  {"翟", "zhai"}, {"秘", "bi"}, {"种", "chong"}, {"员", "yun"}, {"任", "ren"}, {"沈", "shen"},
  {"纪", "ji"}, {"燕", "yan"}, {"宿", "su"}, {"繁", "po"}, {"句", "gou"}, {"能", "nai"},
  {"牟", "mu"}, {"那", "na"}, {"冼", "xian"}, {"洗", "xian"}, {"阚", "kan"}, {"隗", "wei"},
  {"折", "she"}, {"眭", "sui"}, {"逄", "pang"}, {"郇", "huan"}, {"尉", "yu"}, {"藏", "zang"},
  {"柏", "bai"}, {"薄", "bo"}, {"过", "guo"}, {"黑", "he"}, {"车", "che"}, {"石", "shi"},
};

const char *pinyin_syllable(uint32_t c) {
  int lo = 0, hi = pinyin_count - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (pinyin_cp[mid] == c) return pinyin_syllables[pinyin_syl[mid]];
    if (pinyin_cp[mid] < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

/* Appends z (and a space before it when not first) to out. */
static void append(char *zOut, size_t nOut, size_t *pLen, const char *z) {
  size_t n = strlen(z);
  if (*pLen && *pLen + 1 < nOut) zOut[(*pLen)++] = ' ';
  if (*pLen + n >= nOut) n = nOut - 1 - *pLen;
  memcpy(zOut + *pLen, z, n);
  *pLen += n;
  zOut[*pLen] = 0;
}

int pinyin_key(const char *zName, char *zOut, size_t nOut) {
  size_t len = 0;
  int missing = 0;
  if (!nOut) return 0;
  zOut[0] = 0;
  const char *p = zName, *e = zName + strlen(zName);
  for (size_t i = 0; i < sizeof aSurname / sizeof aSurname[0]; i++) {
    size_t n = strlen(aSurname[i].zSurname);
    if (!strncmp(zName, aSurname[i].zSurname, n)) {
      append(zOut, nOut, &len, aSurname[i].zPinyin);
      p += n;
      break;
    }
  }
  char latin[64];
  size_t nLatin = 0;
  while (p <= e) {
    int32_t c = p < e ? util_utf8_next(&p, e) : -2;
    if (c >= 0 && c < 0x80 && isalnum(c) && nLatin < sizeof latin - 1) {
      latin[nLatin++] = (char)tolower(c); /* a run of Latin letters is one word */
      continue;
    }
    if (nLatin) { latin[nLatin] = 0; append(zOut, nOut, &len, latin); nLatin = 0; }
    if (c == -2) break;
    if (c < 0x80) continue; /* spaces, punctuation */
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

/* Compound surnames read as their characters are (those read otherwise are
 * in aSurname above). A name starting with one of these is taken to carry
 * it when at least one character follows: 欧阳春 is 欧阳, but 欧阳 alone is
 * 欧 with the given name 阳. */
static const char *const aCompound[] = {
  "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "公孙", "慕容", "夏侯", "司徒", "司空", "西门",
  "南宫", "独孤", "宇文", "轩辕", "呼延", "端木", "申屠", "公羊", "太史", "钟离", "闻人", "赫连",
  "拓跋", "百里", "东郭", "第五", "完颜", "公冶", "濮阳", "淳于", "仲孙", "左丘", "谷梁", "段干",
};

/* zSurname's length in bytes if zName starts with it and has more after
 * it, else 0. */
static size_t compound_len(const char *zName, const char *zSurname) {
  size_t n = strlen(zSurname);
  return strncmp(zName, zSurname, n) || !zName[n] ? 0 : n;
}

size_t pinyin_surname_len(const char *zName) {
  const char *p = zName, *e = zName + strlen(zName);
  if (p == e) return 0;
  for (size_t i = 0; i < sizeof aSurname / sizeof aSurname[0]; i++) {
    size_t n = util_utf8_count(aSurname[i].zSurname) == 2 ? compound_len(zName, aSurname[i].zSurname) : 0;
    if (n) return n;
  }
  for (size_t i = 0; i < sizeof aCompound / sizeof aCompound[0]; i++) {
    size_t n = compound_len(zName, aCompound[i]);
    if (n) return n;
  }
  if (util_utf8_next(&p, e) < 0) return 1; /* a bad byte is one character of its own */
  return (size_t)(p - zName);
}
