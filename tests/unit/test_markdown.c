/* The notices' Markdown subset: headings, paragraphs joined across lines,
 * lists, images on their own line, **bold** spans; anything else stays
 * plain text. */
#include "check.h"
#include "markdown.h"
#include <string.h>

static void blocks(void) {
  const char *z =
    "# 关于发放老党员生活补贴的通知\r\n"
    "\n"
    "经村党支部研究，年满**六十周岁**的党员，\n"
    "每月发放生活补贴**60元**。\n"
    "\n"
    "## 领取办法\n"
    "- 带上身份证\n"
    "- 到村党群服务中心登记\n"
    "1. 第一步\n"
    "2. 第二步\n"
    "![补贴发放现场](photo.jpg)\n"
    "Please bring\n"
    "your card.\n"
    "\n"
    "#不是标题 and *not bold* and **unclosed\n";
  MdDoc d;
  REQUIRE(md_parse(z, &d) == 0);
  REQUIRE(d.n == 10);
  CHECK(d.a[0].kind == MD_HEADING && d.a[0].level == 1 && !strcmp(d.a[0].text, "关于发放老党员生活补贴的通知"));
  CHECK(d.a[1].kind == MD_PARAGRAPH && !strcmp(d.a[1].text, "经村党支部研究，年满六十周岁的党员，每月发放生活补贴60元。"));
  REQUIRE(d.a[1].nBold == 2);
  CHECK(!strncmp(d.a[1].text + d.a[1].aBold[0].start, "六十周岁", d.a[1].aBold[0].len) &&
        d.a[1].aBold[0].len == strlen("六十周岁"));
  CHECK(!strncmp(d.a[1].text + d.a[1].aBold[1].start, "60元", d.a[1].aBold[1].len));
  CHECK(d.a[2].kind == MD_HEADING && d.a[2].level == 2 && !strcmp(d.a[2].text, "领取办法"));
  CHECK(d.a[3].kind == MD_ITEM && d.a[3].level == 0 && !strcmp(d.a[3].text, "带上身份证"));
  CHECK(d.a[4].kind == MD_ITEM && !strcmp(d.a[4].text, "到村党群服务中心登记"));
  CHECK(d.a[5].kind == MD_ITEM && d.a[5].level == 1 && !strcmp(d.a[5].text, "第一步"));
  CHECK(d.a[6].kind == MD_ITEM && d.a[6].level == 2);
  CHECK(d.a[7].kind == MD_IMAGE && !strcmp(d.a[7].text, "补贴发放现场") && !strcmp(d.a[7].src, "photo.jpg"));
  CHECK(d.a[8].kind == MD_PARAGRAPH && !strcmp(d.a[8].text, "Please bring your card."));
  /* not markup: kept as it was written (the unclosed ** is dropped, its text kept) */
  CHECK(d.a[9].kind == MD_PARAGRAPH && !strcmp(d.a[9].text, "#不是标题 and *not bold* and unclosed"));
  CHECK(d.a[9].nBold == 0);
  md_free(&d);
  REQUIRE(md_parse("", &d) == 0);
  CHECK(d.n == 0);
  md_free(&d);
}

/* A line starting with a long run of digits (a phone number, an ID) is not a
 * list number and cannot overflow one (this ran under UBSan: signed
 * overflow at 10+ digits). Up to 9 digits still number a list. */
static void long_numbers(void) {
  static const struct { const char *z; MdKind kind; int level; const char *zText; } a[] = {
    {"123456789. 第九亿项", MD_ITEM, 123456789, "第九亿项"},
    {"1234567890. 十位数", MD_PARAGRAPH, 0, "1234567890. 十位数"},
    {"138123456789. 电话", MD_PARAGRAPH, 0, "138123456789. 电话"},
    {"99999999999999999999999999999999999999. x", MD_PARAGRAPH, 0, "99999999999999999999999999999999999999. x"},
    {"2147483648. 溢出", MD_PARAGRAPH, 0, "2147483648. 溢出"},
    {"13812345678", MD_PARAGRAPH, 0, "13812345678"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    MdDoc d;
    REQUIRE(md_parse(a[i].z, &d) == KR_OK);
    CHECK(d.n == 1 && d.a[0].kind == a[i].kind && d.a[0].level == a[i].level && !strcmp(d.a[0].text, a[i].zText));
    md_free(&d);
  }
}

/* Bytes that are not UTF-8, lone "**", "![" without an end: all plain
 * text, parsed without a crash or a loop. */
static void hostile_markup(void) {
  static const char *a[] = {"\xFF\xFE#\x80", "![", "![a](", "![a](b", "**", "****", "# ", "#", "1.", "1. ", "- ", "-",
                            "\r\n\r\n", "![](x)", "**\n**"};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    MdDoc d;
    REQUIRE(md_parse(a[i], &d) == KR_OK);
    md_free(&d);
  }
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"blocks", blocks}, {"long_numbers", long_numbers}, {"hostile_markup", hostile_markup}};
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
