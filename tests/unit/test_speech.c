/* Speech text: numbers, times, dates and percentages become Chinese
 * numerals; ideographs the voice cannot read become pinyin with a tone
 * digit or nothing, never code-point digits; ASCII punctuation never
 * becomes a word; surnames are read the project's way; bad bytes, NUL-free
 * huge input and a small buffer are survived. */
#include "check.h"
#include "pinyin.h"
#include "speech.h"
#include <stdlib.h>
#include <string.h>

typedef struct { const char *zIn, *zWant; } TextCase;

static void text_cases(void) {
  static const TextCase a[] = {
    {"签到成功", "签到成功"},
    {"0", "零"}, {"7", "七"}, {"10", "十"}, {"15", "十五"}, {"20", "二十"}, {"105", "一百零五"},
    {"110", "一百一十"}, {"120", "一百二十"}, {"1000", "一千"}, {"1005", "一千零五"},
    {"2026", "两千零二十六"}, {"10000", "一万"}, {"20000", "两万"}, {"100010", "十万零一十"},
    {"12345678", "一千二百三十四万五千六百七十八"},
    {"2026年", "二零二六年"}, {"2026年11月30日", "二零二六年十一月三十日"},
    {"2026-11-30", "二零二六年十一月三十日"}, {"2026/1/5", "二零二六年一月五日"},
    {"19:30", "十九点三十分"}, {"9:05", "九点零五分"}, {"08:00", "八点"}, {"0:00", "零点"},
    {"2.5小时", "二点五小时"}, {"2小时", "两小时"}, {"还有 2 位", "还有 两 位"}, {"第2次", "第二次"},
    {"2月", "二月"}, {"22人", "二十二人"}, {"2", "二"}, {"带上存折（或社保卡）", "带上存折，或社保卡，"}, {"60%", "百分之六十"}, {"２．５％", "百分之二点五"},
    {"出勤率百分之87", "出勤率百分之八十七"},
    {"13800138000", "一三八零零一三八零零零"}, {"0031", "零零三一"}, {"LM0031", "LM零零三一"},
    {"3-5人", "三至五人"}, {"-5", "负五"}, {"-f/etc/hostname", "f etc hostname"},
    {"-w /tmp/x", "w tmp x"}, {"a@b#c", "a b c"}, {"好,好.好", "好，好。好"},
    {"shan4 立新", "shan4 立新"}, {"zhe2", "zhe2"}, {"U盘", "U盘"},
    {"鲁𪚥", "鲁 zhe2 "}, {"张𠮷祥", "张 ji2 祥"}, {"㐀", "㐀"}, {"〇", "〇"},
    {"《通知》“好”——……", "《通知》“好”——……"}, {"阿依古丽·吐尔逊", "阿依古丽·吐尔逊"},
    {"★★★☆☆", ""}, {"😀好", "好"}, {"１２", "十二"}, {"ＰＩＮ", "PIN"},
    {"a\xff\xfe好", "a好"}, {"\xe5\xa5", ""},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char out[256], err[128];
    KrCode rc = speech_text(a[i].zIn, out, sizeof out, err, sizeof err);
    if (rc != KR_OK || strcmp(out, a[i].zWant)) {
      fprintf(stderr, "speech_text(\"%s\") = \"%s\" (rc %d), want \"%s\"\n", a[i].zIn, out, (int)rc, a[i].zWant);
      gFailures++;
    }
  }
}

/* Whatever comes in, no ASCII digit reaches the voice except a tone digit
 * right after letters, and no ideograph it cannot read. */
static void no_digits_left(void) {
  static const char *const az[] = {
    "第1/3页", "1.", "1.2.3", "12:345", "99:99", "2026-13-40", "123456789012", "v1.5.2", "a12", "e2e3",
    "0.0.0.0", "%%%", "1%%", "5-", "--5", "𪚥𪚥𪚥", "𠀀𠀁𠀂𡀀", "U+2A6A5", "\xf0\x9f", "9999999999999999999999",
  };
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    char out[512], err[128];
    CHECK(speech_text(az[i], out, sizeof out, err, sizeof err) == KR_OK);
    for (const char *p = out; *p; p++) {
      int tone = *p >= '1' && *p <= '5' && p > out && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z') &&
                 !(p[1] >= '0' && p[1] <= '9');
      if (*p >= '0' && *p <= '9' && !tone) {
        fprintf(stderr, "speech_text(\"%s\") = \"%s\": a digit left\n", az[i], out);
        gFailures++;
        break;
      }
    }
    const unsigned char *u = (const unsigned char *)out;
    for (; *u; u++)
      if (*u >= 0xF0) { fprintf(stderr, "speech_text(\"%s\") = \"%s\": a plane-2 ideograph left\n", az[i], out); gFailures++; break; }
  }
}

static void sizes(void) {
  char err[128], small[8];
  /* does not fit: cut between characters, and said */
  CHECK(speech_text("签到成功", small, sizeof small, err, sizeof err) == KR_TOO_LARGE);
  CHECK(!strcmp(small, "签到"));
  CHECK(speech_text("x", small, 0, err, sizeof err) == KR_TOO_LARGE);
  /* the documented bound always fits, even for the worst expansion */
  size_t n = 20000;
  char *in = malloc(n + 1), *out = malloc(4 * n + 16);
  REQUIRE(in && out);
  for (size_t i = 0; i < n; i++) in[i] = (char)('0' + (i % 2 ? 0 : 1)); /* 1010...: digit by digit */
  in[n] = 0;
  CHECK(speech_text(in, out, 4 * n + 16, err, sizeof err) == KR_OK);
  CHECK(strlen(out) == 3 * n);
  memset(in, '%', n);
  CHECK(speech_text(in, out, 4 * n + 16, err, sizeof err) == KR_OK && !strcmp(out, ""));
  free(in);
  free(out);
}

static void names(void) {
  static const TextCase a[] = {
    {"单立新", "shan4 立新"}, {"曾国藩", "zeng1 国藩"}, {"区寄", "ou1 寄"}, {"尉迟恭", "yu4 chi2 恭"},
    {"张中立", "张中立"}, {"王单", "王单"}, {"鲁𪚥", "鲁𪚥"}, {"", ""},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char out[64];
    speech_name(a[i].zIn, out, sizeof out);
    if (strcmp(out, a[i].zWant)) {
      fprintf(stderr, "speech_name(\"%s\") = \"%s\", want \"%s\"\n", a[i].zIn, out, a[i].zWant);
      gFailures++;
    }
  }
  char small[6];
  speech_name("单立新", small, sizeof small); /* "shan4" fits, the space does not */
  CHECK(!strcmp(small, "shan4"));
  /* tones from the generated table */
  CHECK(pinyin_tone(0x4E2D) == 1); /* 中 zhōng */
  CHECK(pinyin_tone(0x7ACB) == 4); /* 立 lì */
  CHECK(pinyin_tone(0x20BB7) == 2); /* 𠮷 jí, from data/pinyin/extra.txt */
  CHECK(pinyin_tone('A') == 0);
}

int main(int argc, char **argv) {
  static const TestCase a[] = {
    {"text_cases", text_cases}, {"no_digits_left", no_digits_left}, {"sizes", sizes}, {"names", names},
  };
  return test_main(argc, argv, a, (int)(sizeof a / sizeof a[0]));
}
