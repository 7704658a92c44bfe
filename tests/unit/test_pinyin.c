/* Pinyin sort and the finder: readings from the generated Unihan table,
 * surname readings, every demo name covered, index letters, keypad
 * matching by phone tail and member number. */
#include "check.h"
#include "finder.h"
#include "pinyin.h"
#include "roster.h"
#include <stdlib.h>
#include <string.h>

typedef struct { const char *zName, *zKey; } KeyCase;

static void keys_and_surnames(void) {
  static const KeyCase a[] = {
    {"张中立", "zhang zhong li"},
    {"单田芳", "shan tian fang"},   {"曾国藩", "zeng guo fan"},  {"解缙", "xie jin"},
    {"仇英", "qiu ying"},           {"区寄", "ou ji"},           {"查良镛", "zha liang yong"},
    {"朴正义", "piao zheng yi"},    {"覃振", "qin zhen"},        {"尉迟恭", "yu chi gong"},
    {"刘䶮", "liu yan"},            {"王堃", "wang kun"},        {"李喆", "li zhe"},
    {"张𠮷祥", "zhang ji xiang"},   {"鲁𪚥", "lu zhe"},           {"陈𡒄生", "chen lan sheng"},
    {"阿依古丽·吐尔逊", "a yi gu li tu er xun"},
    {"买买提·艾力", "mai mai ti ai li"},
    {"吕丽", "lv li"},              /* ü as v, so 吕 sorts among the l's */
    {"Anna李", "anna li"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char key[96];
    int missing = pinyin_key(a[i].zName, key, sizeof key);
    if (missing || strcmp(key, a[i].zKey)) {
      fprintf(stderr, "%s: key \"%s\" (%d missing), want \"%s\"\n", a[i].zName, key, missing, a[i].zKey);
      gFailures++;
    }
  }
  /* 单 and 曾 keep their ordinary readings inside a name */
  char key[96];
  pinyin_key("王单", key, sizeof key);
  CHECK(!strcmp(key, "wang dan"));
  pinyin_key("李曾", key, sizeof key);
  CHECK(!strcmp(key, "li ceng"));
  CHECK(pinyin_initial("曾国藩") == 'Z');
  CHECK(pinyin_initial("阿依古丽·吐尔逊") == 'A');
  CHECK(pinyin_initial("·") == '#');
  CHECK(pinyin_key("\xF0\xAF\xA8\x9D", key, sizeof key) == 1); /* U+2FA1D: no reading -> counted */
}

/* Every byte pattern that is not UTF-8 — each lone byte 0x80-0xFF, each pair
 * after a lead byte (cut-off sequences, overlongs, surrogates, past
 * U+10FFFF) — between two readable characters and at the very end: the key
 * is made (it used to loop forever), the bad bytes are skipped, and the
 * characters after them are still read. */
static void invalid_bytes_terminate(void) {
  char name[16], key[96];
  int nChecked = 0;
  for (int b1 = 0x80; b1 <= 0xFF; b1++)
    for (int b2 = 0x01; b2 <= 0xFF; b2++) {
      snprintf(name, sizeof name, "张%c%c三", b1, b2);
      pinyin_key(name, key, sizeof key);
      size_t n = strlen(key);
      if (strncmp(key, "zhang", 5) || n < 8 || strcmp(key + n - 3, "san")) {
        fprintf(stderr, "bytes %02X %02X: key \"%s\"\n", b1, b2, key);
        gFailures++;
      }
      snprintf(name, sizeof name, "张%c%c", b1, b2); /* cut off at the end of the name */
      pinyin_key(name, key, sizeof key);
      CHECK(!strncmp(key, "zhang", 5));
      nChecked++;
    }
  CHECK(nChecked == 128 * 255);
  static const char *aSeq[] = {"\xE5\xBC", "\xF0\xA0\xAE", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                               "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF\xFF\xFF\xFF"};
  for (size_t i = 0; i < sizeof aSeq / sizeof aSeq[0]; i++) {
    snprintf(name, sizeof name, "%s李", aSeq[i]);
    CHECK(pinyin_key(name, key, sizeof key) == 0 && !strcmp(key, "li"));
    CHECK(pinyin_initial(aSeq[i]) == '#');
  }
  /* a Latin run longer than the word buffer keeps every letter */
  char longName[200];
  memset(longName, 'a', 150);
  longName[150] = 0;
  char bigKey[400];
  pinyin_key(longName, bigKey, sizeof bigKey);
  size_t nA = 0;
  for (const char *p = bigKey; *p; p++) nA += *p == 'a';
  CHECK(nA == 150);
}

static void demo_roster_covered(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  Member *m;
  int n;
  REQUIRE(roster_list(db, &m, &n) == 0);
  for (int i = 0; i < n; i++) {
    char key[96];
    if (pinyin_key(m[i].name, key, sizeof key)) {
      fprintf(stderr, "no pinyin for a character of %s (%s)\n", m[i].name, key);
      gFailures++;
    }
  }
  Finder *f;
  REQUIRE(finder_build(&f, m, n) == 0);
  int *a = malloc(sizeof(int) * (size_t)n);
  REQUIRE(a);
  int k = finder_all(f, NULL, a);
  CHECK(k == n);
  for (int i = 1; i < k; i++) { /* non-decreasing keys */
    char x[96], y[96];
    pinyin_key(m[a[i - 1]].name, x, sizeof x);
    pinyin_key(m[a[i]].name, y, sizeof y);
    if (strcmp(x, y) > 0) { fprintf(stderr, "order: %s before %s\n", x, y); gFailures++; }
  }
  unsigned letters = finder_letters(f, NULL);
  CHECK(letters & (1u << ('Z' - 'A')));
  CHECK(letters & (1u << ('A' - 'A'))); /* 阿依古丽 */
  CHECK(!(letters & (1u << ('I' - 'A')))); /* no pinyin starts with i */
  CHECK(!(letters & (1u << 26)));
  /* under Z: every one starts with z, and 张中立 is there */
  k = finder_by_letter(f, 'Z', NULL, a);
  int found = 0;
  for (int i = 0; i < k; i++) {
    CHECK(finder_initial(f, a[i]) == 'Z');
    found |= !strcmp(m[a[i]].memberNo, "LM0031");
  }
  CHECK(found);
  /* a group filter narrows */
  int kAll = finder_by_letter(f, 'W', NULL, a), kGroup = finder_by_letter(f, 'W', "第三组", a);
  CHECK(kGroup > 0 && kGroup < kAll);
  for (int i = 0; i < kGroup; i++) CHECK(!strcmp(m[a[i]].group, "第三组"));
  free(a);
  finder_free(f);
  free(m);
  db_close(db);
}

static void keypad_matching(void) {
  static Member m[4];
  memset(m, 0, sizeof m);
  const char *azNo[] = {"LM0031", "LM0310", "A7", "LM1200"};
  const char *azPhone[] = {"5678", "0031", "3100", ""};
  const char *azName[] = {"张中立", "王秀兰", "李四", "赵五"};
  for (int i = 0; i < 4; i++) {
    strcpy(m[i].memberNo, azNo[i]);
    strcpy(m[i].phone4, azPhone[i]);
    strcpy(m[i].name, azName[i]);
    strcpy(m[i].group, "第一组");
  }
  Finder *f;
  REQUIRE(finder_build(&f, m, 4) == 0);
  int a[4];
  CHECK(finder_by_digits(f, "", NULL, a) == 0);
  CHECK(finder_by_digits(f, "5678", NULL, a) == 1 && a[0] == 0);   /* phone tail */
  CHECK(finder_by_digits(f, "567", NULL, a) == 1);                  /* as you type */
  /* "31": LM0031 by number, LM0310 by number, 李四 by phone 3100 */
  int k = finder_by_digits(f, "31", NULL, a);
  CHECK(k == 3);
  /* "0031": LM0031 by number digits, 王秀兰 by phone 0031 */
  k = finder_by_digits(f, "0031", NULL, a);
  CHECK(k == 2);
  CHECK(finder_by_digits(f, "7", NULL, a) == 1 && a[0] == 2);       /* A7 */
  CHECK(finder_by_digits(f, "9", NULL, a) == 0);
  CHECK(finder_by_digits(f, "12", NULL, a) == 1 && a[0] == 3);
  CHECK(finder_by_digits(f, "12", "第二组", a) == 0);
  finder_free(f);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"invalid_bytes_terminate", invalid_bytes_terminate},
    {"keys_and_surnames", keys_and_surnames},
    {"demo_roster_covered", demo_roster_covered},
    {"keypad_matching", keypad_matching},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
