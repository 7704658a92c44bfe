/* bench_finder: finding a member among 10,000 (a township training) by
 * index letter or by keypad digits; the target is ≤ 2 ms a lookup. The
 * roster is synthetic: surnames and given-name characters drawn at random
 * (fixed seed) from common ones, random phone tails, 40 groups. Reports
 * p50 / p99 / max per kind of lookup, and the one-off index build time.
 * usage: bench_finder [N] */
#include "finder.h"
#include "benchutil.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static void report(const char *zWhat, double *a, int n) {
  qsort(a, (size_t)n, sizeof *a, bench_cmp);
  printf("%-34s n=%d  p50=%.4f ms  p99=%.4f ms  max=%.4f ms\n", zWhat, n, a[n / 2], a[(int)(n * 0.99)], a[n - 1]);
}

/* Copies the k-th UTF-8 character of z into out. */
static void nth_char(const char *z, int k, char *out) {
  const char *p = z, *e = z + strlen(z);
  for (int i = 0; i < k; i++) util_utf8_next(&p, e);
  const char *s = p;
  util_utf8_next(&p, e);
  memcpy(out, s, (size_t)(p - s));
  out[p - s] = 0;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10000;
  static const char *zSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单鲁";
  static const char *zGiven = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华民国建文志红玉春福贵保庆新学海林山水云凤金银永德成立中东";
  size_t nSur = util_utf8_count(zSurnames), nGiven = util_utf8_count(zGiven);
  Member *a = calloc((size_t)n, sizeof *a);
  int *out = malloc(sizeof(int) * (size_t)n);
  if (!a || !out) return 1;
  srand(20261124);
  for (int i = 0; i < n; i++) {
    char c1[8], c2[8], c3[8];
    nth_char(zSurnames, rand() % (int)nSur, c1);
    nth_char(zGiven, rand() % (int)nGiven, c2);
    nth_char(zGiven, rand() % (int)nGiven, c3);
    snprintf(a[i].name, sizeof a[i].name, "%s%s%s", c1, c2, rand() % 4 ? c3 : "");
    snprintf(a[i].memberNo, sizeof a[i].memberNo, "T%05d", i + 1);
    snprintf(a[i].phone4, sizeof a[i].phone4, "%04d", rand() % 10000);
    snprintf(a[i].group, sizeof a[i].group, "第%d组", i % 40 + 1);
    a[i].active = 1;
  }
  double t0 = bench_now_ms();
  Finder *f;
  if (finder_build(&f, a, n)) return 1;
  double build = bench_now_ms() - t0;

  enum { ROUNDS = 400 };
  double *tLetter = malloc(sizeof(double) * ROUNDS * 27), *tDigits = malloc(sizeof(double) * ROUNDS * 4);
  double *tGroup = malloc(sizeof(double) * ROUNDS);
  int nL = 0, nD = 0, nG = 0;
  long sink = 0;
  for (int r = 0; r < ROUNDS; r++) {
    for (int c = 0; c < 27; c++) {
      double s = bench_now_ms();
      unsigned mask = finder_letters(f, NULL);
      sink += finder_by_letter(f, c < 26 ? (char)('A' + c) : '#', NULL, out) + (int)(mask & 1);
      tLetter[nL++] = bench_now_ms() - s;
    }
    char digits[8];
    snprintf(digits, sizeof digits, "%04d", rand() % 10000);
    for (int len = 1; len <= 4; len++) { /* as the member types, digit by digit */
      char typed[8];
      snprintf(typed, sizeof typed, "%.*s", len, digits);
      double s = bench_now_ms();
      sink += finder_by_digits(f, typed, NULL, out);
      tDigits[nD++] = bench_now_ms() - s;
    }
    double s = bench_now_ms();
    sink += finder_by_letter(f, 'W', "第7组", out);
    tGroup[nG++] = bench_now_ms() - s;
  }
  printf("finder over %d members (index built once in %.2f ms)\n", n, build);
  report("letters + by letter (all groups)", tLetter, nL);
  report("by keypad digits (1-4 typed)", tDigits, nD);
  report("by letter within a group", tGroup, nG);
  qsort(tLetter, (size_t)nL, sizeof *tLetter, bench_cmp);
  qsort(tDigits, (size_t)nD, sizeof *tDigits, bench_cmp);
  printf("finder_letter_p99_ms=%.4f\nfinder_digits_p99_ms=%.4f\n(sink %ld)\n", tLetter[(int)(nL * 0.99)],
         tDigits[(int)(nD * 0.99)], sink);
  finder_free(f);
  free(a); free(out); free(tLetter); free(tDigits); free(tGroup);
  return 0;
}
