/* Chinese line breaking: widths from a fixed-pitch stand-in (a Chinese
 * character 1, a Latin letter or digit 0.5), so the expected lines can be
 * written down by hand. */
#include "check.h"
#include "linebreak.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static double width(void *ctx, const char *z, size_t n) {
  (void)ctx;
  double w = 0;
  const char *p = z, *e = z + n;
  while (p < e) {
    int32_t c = util_utf8_next(&p, e);
    w += c < 0x80 ? 0.5 : 1.0;
  }
  return w;
}

/* Breaks z at maxWidth and compares with the lines joined by "|". */
static void expect(const char *z, double maxWidth, const char *zWant) {
  LbLine a[64];
  int n;
  REQUIRE(linebreak(z, maxWidth, width, NULL, a, 64, &n) == KR_OK);
  char got[1024] = "";
  for (int i = 0; i < n && i < 64; i++) {
    if (i) strcat(got, "|");
    strncat(got, z + a[i].start, a[i].len);
  }
  if (strcmp(got, zWant)) {
    fprintf(stderr, "width %.1f: \"%s\"\n  got  %s\n  want %s\n", maxWidth, z, got, zWant);
    gFailures++;
  }
}

static void rules(void) {
  expect("村党群服务中心", 4, "村党群服|务中心");
  /* closing punctuation never starts a line: the character before goes down with it */
  expect("年满六十岁。每月发放", 5, "年满六十|岁。每月发|放");
  expect("党员，群众", 2, "党|员，|群众");
  expect("一二三四、五六", 4, "一二三|四、五六");
  /* opening punctuation never ends a line */
  expect("学习（党章）内容", 3, "学习|（党|章）内|容");
  expect("一二（三）", 3, "一二|（三）");
  expect("会议“四议两公开”", 6, "会议“四议两|公开”");
  expect("会议“四议两公开”", 3, "会议|“四议|两公|开”");
  /* Latin words and numbers stay whole, with their . : % */
  expect("补贴60元每月", 3, "补贴60|元每月");
  expect("时间2026-11-25上午", 4, "时间|2026-11-25|上午");
  expect("上午09:30开始", 3, "上午|09:30|开始");
  expect("提高到85.5%左右", 4, "提高到|85.5%左|右");
  expect("the quick brown fox", 5, "the quick|brown fox");
  /* a word wider than a line stands alone on its own line */
  expect("编号LM00310000000001号", 3, "编号|LM00310000000001|号");
  /* newlines break; an empty line stays; spaces at a break go */
  expect("第一段\n\n第二段", 10, "第一段||第二段");
  expect("一二 三四", 2, "一二|三四");
  expect("", 5, "");
  CHECK(lb_no_start(0x3002) && lb_no_start(0xFF0C) && !lb_no_start(0x4E00));
  CHECK(lb_no_end(0xFF08) && lb_no_end(0x201C) && !lb_no_end(0x3002));
}

static void long_text(void) {
  /* a long notice: every line within the width, none starting with closing
   * punctuation or ending with opening punctuation, nothing lost */
  char z[4096] = "";
  for (int i = 0; i < 40; i++) strcat(z, "年满六十周岁的党员，每月发放生活补贴（60元）。");
  LbLine a[512];
  int n;
  REQUIRE(linebreak(z, 9, width, NULL, a, 512, &n) == KR_OK);
  REQUIRE(n > 40 && n < 512);
  size_t total = 0;
  for (int i = 0; i < n; i++) {
    CHECK(width(NULL, z + a[i].start, a[i].len) <= 9 + 1e-9 || a[i].len < 12);
    const char *p = z + a[i].start, *e = p + a[i].len;
    int32_t first = util_utf8_next(&p, e);
    CHECK(!lb_no_start((unsigned)first));
    const char *q = z + a[i].start, *last = q;
    while (q < e) { last = q; util_utf8_next(&q, e); }
    int32_t lc = util_utf8_next(&last, e);
    CHECK(!lb_no_end((unsigned)lc));
    total += a[i].len;
  }
  CHECK(total == strlen(z)); /* no spaces in this text: every byte is on a line */
}

/* A paragraph of 20,000 characters (far over the 8,192 units that used to be
 * the limit) is laid out whole: the lines, in order, give back every byte. */
static void huge_paragraph(void) {
  static const char *aPiece[] = {"党员", "，", "2026年", "（六十岁）", "补贴", "。", "the rule", "“四议两公开”"};
  size_t cap = 20000 * 4 + 64, o = 0;
  char *z = malloc(cap);
  REQUIRE(z);
  int nChar = 0;
  for (int i = 0; nChar < 20000; i++) {
    const char *w = aPiece[(i * 7 + i / 3) % 8];
    memcpy(z + o, w, strlen(w));
    o += strlen(w);
    nChar += (int)util_utf8_count(w);
  }
  z[o] = 0;
  int n;
  REQUIRE(linebreak(z, 17, width, NULL, NULL, 0, &n) == KR_OK); /* first ask how many */
  REQUIRE(n > 600); /* 20,000 characters, at most 17 wide a line */
  LbLine *a = malloc(sizeof *a * (size_t)n);
  REQUIRE(a);
  int n2;
  REQUIRE(linebreak(z, 17, width, NULL, a, n, &n2) == KR_OK && n2 == n);
  /* joined, the lines are the text minus only the spaces dropped at breaks */
  size_t at = 0;
  for (int i = 0; i < n; i++) {
    while (at < a[i].start) CHECK(z[at++] == ' ');
    CHECK(a[i].start == at);
    at = a[i].start + a[i].len;
    CHECK(width(NULL, z + a[i].start, a[i].len) <= 17);
  }
  CHECK(at == o);
  free(a);
  free(z);
}

/* Bytes that are not UTF-8 are laid out one by one, never looped on. */
static void bad_bytes(void) {
  static const char *aBad[] = {"\xFF\xFE\x80", "党\xE5\xBC", "\xC0\xAF" "1\xED\xA0\x80" "abc", "\xF4\x90\x80\x80", "a\x80" "b\x80" "c"};
  for (size_t i = 0; i < sizeof aBad / sizeof aBad[0]; i++) {
    LbLine a[32];
    int n;
    REQUIRE(linebreak(aBad[i], 1, width, NULL, a, 32, &n) == KR_OK);
    size_t total = 0;
    for (int k = 0; k < n && k < 32; k++) total += a[k].len;
    CHECK(n >= 1 && total == strlen(aBad[i])); /* every byte on some line */
  }
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"rules", rules}, {"long_text", long_text}, {"huge_paragraph", huge_paragraph}, {"bad_bytes", bad_bytes},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
