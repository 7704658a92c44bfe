/* The door for outside text: decoding (UTF-8, whole-file GBK, refusals
 * naming the line), short quotations of bad fields, and integers that
 * cannot overflow. Each a table of cases. */
#include "check.h"
#include "input.h"
#include "util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LIT(z) z, sizeof(z) - 1

static void decode_table(void) {
  static const struct {
    const char *zWhy;
    const char *z;
    size_t n;
    KrCode want;
    const char *zOut;  /* KR_OK: the text decoded */
    int line;          /* otherwise: the line named */
  } a[] = {
    {"ASCII", LIT("a,b\n1,2\n"), KR_OK, "a,b\n1,2\n", 0},
    {"empty", LIT(""), KR_OK, "", 0},
    {"UTF-8 with a BOM", LIT("\xEF\xBB\xBF张三\n"), KR_OK, "张三\n", 0},
    {"a BOM alone", LIT("\xEF\xBB\xBF"), KR_OK, "", 0},
    {"tab, CR and LF are text", LIT("a\tb\r\n"), KR_OK, "a\tb\r\n", 0},
    {"NUL", LIT("第一行\n第二\0行\n"), KR_MALFORMED, NULL, 2},
    {"UTF-16", LIT("\xFF\xFE\x20\x5F\x09\x4E"), KR_MALFORMED, NULL, 1},
    {"escape", LIT("一\n二\n\x1b[31m三\n"), KR_MALFORMED, NULL, 3},
    {"DEL", LIT("a\x7f"), KR_MALFORMED, NULL, 1},
    {"cut-off character", LIT("党员编号,姓名\n张\xE4\xB8\n李四\n"), KR_MALFORMED, NULL, 2},
    {"cut at the end", LIT("党员编号,姓名\n张三\n李\xE5"), KR_MALFORMED, NULL, 3},
    {"BOM, then one bad byte", LIT("\xEF\xBB\xBF" "a\n\xFF"), KR_MALFORMED, NULL, 2},
    {"GBK 张三", LIT("\xD5\xC5\xC8\xFD,\xB5\xDA\xD2\xBB\xD7\xE9\n"), KR_OK, "张三,第一组\n", 0},
    {"GBK cut inside a character", LIT("\xD5\xC5\xC8\xFD\n\xB5"), KR_MALFORMED, NULL, 2},
    {"neither", LIT("\xFF\xFF\xFF\xFF\xFF\xFF"), KR_MALFORMED, NULL, 1},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char *z = (char *)"unset", err[256] = "";
    size_t n = 99;
    KrCode rc = input_decode(a[i].z, a[i].n, &z, &n, err, sizeof err);
    char want[16];
    snprintf(want, sizeof want, "line %d:", a[i].line);
    int ok = rc == a[i].want && (rc ? z == NULL && !strncmp(err, want, strlen(want))
                                    : z && n == strlen(a[i].zOut) && !strcmp(z, a[i].zOut));
    if (!ok) {
      fprintf(stderr, "%s: rc %s, error \"%s\"\n", a[i].zWhy, kr_name(rc), err);
      gFailures++;
    }
    if (rc == KR_OK) free(z);
  }
}

static void quote_table(void) {
  static const struct { const char *z, *zWant; } a[] = {
    {"", ""},
    {"short", "short"},
    {"0123456789012345678901234567890123456789", "0123456789012345678901234567890123456789"}, /* 40: whole */
    {"01234567890123456789012345678901234567890", "0123456789012345678901234567890123456789…"},
    {"张张张张张张张张张张张张张张", "张张张张张张张张张张张张张…"}, /* 14 × 3 bytes: cut after 13 */
    {"a\nb\tc\rd", "a b c d"},
    {"12345678901234567890123456789012345678张", "12345678901234567890123456789012345678…"}, /* never half a character */
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char q[INPUT_QUOTE_SIZE];
    const char *got = input_quote(a[i].z, q);
    if (got != q || strcmp(q, a[i].zWant)) {
      fprintf(stderr, "quote \"%s\": \"%s\", want \"%s\"\n", a[i].z, q, a[i].zWant);
      gFailures++;
    }
    CHECK(util_utf8_valid(q, strlen(q)));
  }
}

static void int_table(void) {
  static const struct { const char *z; int64_t lo, hi; KrCode want; int64_t v; } a[] = {
    {"1956", 1900, 2026, KR_OK, 1956},
    {"0", 0, 10, KR_OK, 0},
    {"-5", -10, 10, KR_OK, -5},
    {"999999999999999999", 0, INT64_MAX, KR_OK, 999999999999999999LL}, /* 18 digits */
    {"1899", 1900, 2026, KR_BAD_INPUT, 0},
    {"2027", 1900, 2026, KR_BAD_INPUT, 0},
    {"9999999999999999999", 0, INT64_MAX, KR_BAD_INPUT, 0},          /* 19 digits: refused, not wrapped */
    {"99999999999999999999999999999999999999", 0, INT64_MAX, KR_BAD_INPUT, 0},
    {"2147483648", 0, INT32_MAX, KR_BAD_INPUT, 0},
    {"", 0, 10, KR_BAD_INPUT, 0},
    {"-", -10, 10, KR_BAD_INPUT, 0},
    {"+5", 0, 10, KR_BAD_INPUT, 0},
    {" 5", 0, 10, KR_BAD_INPUT, 0},
    {"5 ", 0, 10, KR_BAD_INPUT, 0},
    {"19x6", 0, 9999, KR_BAD_INPUT, 0},
    {"１９５６", 0, 9999, KR_BAD_INPUT, 0}, /* full-width digits */
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    int64_t v = -12345;
    KrCode rc = input_int(a[i].z, a[i].lo, a[i].hi, &v);
    if (rc != a[i].want || (rc == KR_OK ? v != a[i].v : v != -12345)) {
      fprintf(stderr, "int \"%s\": %s %lld\n", a[i].z, kr_name(rc), (long long)v);
      gFailures++;
    }
  }
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"decode_table", decode_table}, {"quote_table", quote_table}, {"int_table", int_table}};
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
