/* Finding yourself by surname: which part of a name is the surname
 * (compound ones whole, a minority name's first character), the village's
 * surnames most common first with their counts, equal counts in pinyin
 * order, a group filter, and who has a surname — on small rosters made to
 * catch each rule and on the demo village. */
#include "check.h"
#include "finder.h"
#include "pinyin.h"
#include "roster.h"
#include <stdlib.h>
#include <string.h>

static void surname_lengths(void) {
  static const struct { const char *zName; const char *zSurname; } a[] = {
    {"张中立", "张"},           {"欧阳春", "欧阳"},        {"欧阳", "欧"},      /* 欧阳 alone: 欧 + 阳 */
    {"司马光", "司马"},         {"诸葛亮", "诸葛"},        {"上官婉儿", "上官"}, {"尉迟恭", "尉迟"},
    {"单于一", "单于"},         {"单田芳", "单"},          {"阿依古丽·吐尔逊", "阿"},
    {"𠮷祥", "𠮷"},             /* outside the BMP: one character of 4 bytes */
    {"Anna李", "A"},            {"欧", "欧"},              {"", ""},
    {"\xff\xfe", "\xff"},       /* a bad byte is one character, never more */
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    size_t n = pinyin_surname_len(a[i].zName);
    if (n != strlen(a[i].zSurname) || strncmp(a[i].zName, a[i].zSurname, n)) {
      fprintf(stderr, "%s: surname \"%.*s\", want \"%s\"\n", a[i].zName, (int)n, a[i].zName, a[i].zSurname);
      gFailures++;
    }
  }
}

/* A roster from "name/group" pairs. */
static Member *roster(const char *const *az, int n) {
  Member *m = calloc((size_t)n, sizeof *m);
  for (int i = 0; m && i < n; i++) {
    const char *slash = strchr(az[i], '/');
    snprintf(m[i].name, sizeof m[i].name, "%.*s", (int)(slash - az[i]), az[i]);
    snprintf(m[i].group, sizeof m[i].group, "%s", slash + 1);
    snprintf(m[i].memberNo, sizeof m[i].memberNo, "T%03d", i + 1);
    m[i].active = 1;
  }
  return m;
}

static void most_common_first(void) {
  static const char *const az[] = {
    "王秀兰/一组", "张中立/一组", "欧阳春/二组", "王建国/二组", "张伟/二组", "王芳/三组",
    "欧阳明月/三组", "章华/一组", "李四/三组", "欧阳/一组", "欧明/二组", "阿依古丽·吐尔逊/三组",
  };
  int n = (int)(sizeof az / sizeof az[0]);
  Member *m = roster(az, n);
  REQUIRE(m);
  Finder *f;
  REQUIRE(finder_build(&f, m, n) == 0);
  /* 王 3; 张 2, 欧阳 2, 欧 2 (欧阳 alone, 欧明); 章 1, 李 1, 阿 1 */
  REQUIRE(finder_surname_count(f) == 7);
  FinderSurname aS[7];
  int k = finder_surnames(f, NULL, aS);
  REQUIRE(k == 7);
  static const char *const want[] = {"王", "欧", "欧阳", "张", "阿", "李", "章"};
  static const int wantN[] = {3, 2, 2, 2, 1, 1, 1};
  for (int i = 0; i < k; i++) {
    if (strcmp(aS[i].surname, want[i]) || aS[i].count != wantN[i]) {
      fprintf(stderr, "surname %d: %s %d, want %s %d\n", i, aS[i].surname, aS[i].count, want[i], wantN[i]);
      gFailures++;
    }
  }
  /* a group: only its members count, and surnames it lacks are left out */
  k = finder_surnames(f, "三组", aS);
  CHECK(k == 4);
  int total = 0;
  for (int i = 0; i < k; i++) total += aS[i].count;
  CHECK(total == 4);
  CHECK(finder_surnames(f, "没有这个组", aS) == 0);
  /* who has a surname, in pinyin order */
  int aIdx[12];
  k = finder_by_surname(f, "欧阳", NULL, aIdx);
  CHECK(k == 2 && !strcmp(m[aIdx[0]].name, "欧阳春") && !strcmp(m[aIdx[1]].name, "欧阳明月"));
  k = finder_by_surname(f, "欧", NULL, aIdx);
  CHECK(k == 2);
  for (int i = 0; i < k; i++) CHECK(!strcmp(finder_surname(f, aIdx[i]), "欧"));
  CHECK(finder_by_surname(f, "王", "二组", aIdx) == 1 && !strcmp(m[aIdx[0]].name, "王建国"));
  CHECK(finder_by_surname(f, "赵", NULL, aIdx) == 0);
  CHECK(finder_by_surname(f, "", NULL, aIdx) == 0);
  CHECK(finder_by_surname(f, "阿", NULL, aIdx) == 1);
  finder_free(f);
  /* no members: no surnames */
  REQUIRE(finder_build(&f, m, 0) == 0);
  CHECK(finder_surname_count(f) == 0 && finder_surnames(f, NULL, aS) == 0);
  finder_free(f);
  free(m);
}

static void demo_village(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  Member *m;
  int n;
  REQUIRE(roster_list(db, &m, &n) == 0);
  Finder *f;
  REQUIRE(finder_build(&f, m, n) == 0);
  int nSur = finder_surname_count(f);
  FinderSurname *aS = malloc(sizeof *aS * (size_t)nSur);
  int *aIdx = malloc(sizeof(int) * (size_t)n), *seen = calloc((size_t)n, sizeof(int));
  REQUIRE(aS && aIdx && seen);
  int k = finder_surnames(f, NULL, aS);
  CHECK(k == nSur && k > 10 && k < n);
  /* every member is under exactly one surname, their own */
  int total = 0;
  for (int s = 0; s < k; s++) {
    CHECK(s == 0 || aS[s - 1].count >= aS[s].count);
    int c = finder_by_surname(f, aS[s].surname, NULL, aIdx);
    CHECK(c == aS[s].count);
    for (int i = 0; i < c; i++) {
      seen[aIdx[i]]++;
      CHECK(!strncmp(m[aIdx[i]].name, aS[s].surname, strlen(aS[s].surname)));
    }
    total += c;
  }
  CHECK(total == n);
  for (int i = 0; i < n; i++) CHECK(seen[i] == 1);
  /* 张中立 is under 张 */
  int c = finder_by_surname(f, "张", NULL, aIdx), found = 0;
  for (int i = 0; i < c; i++) found |= !strcmp(m[aIdx[i]].memberNo, "LM0031");
  CHECK(found);
  free(aS);
  free(aIdx);
  free(seen);
  finder_free(f);
  free(m);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"surname_lengths", surname_lengths},
    {"most_common_first", most_common_first},
    {"demo_village", demo_village},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
