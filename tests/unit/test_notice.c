/* Notices: storing (from a file, with images), refusing bad input with
 * nothing written, listing (pinned first, newest next, expired hidden,
 * unread marked), versions and anonymous views. And the pager: pages,
 * headings kept with their text, images fitted, sentences. */
#include "check.h"
#include "notice.h"
#include "pager.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void write_file(const char *zName, const char *z, size_t n) {
  char path[600];
  FILE *f = fopen(test_path(zName, path, sizeof path), "wb");
  if (f) {
    fwrite(z, 1, n, f);
    fclose(f);
  }
}

static const char kPng[] = "\x89PNG\r\n\x1a\n-not-really-but-enough";

static void add_and_list(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_db();
  REQUIRE(db);
  char path[600], dbPath[600], err[256], today[11], past[11], later[11];
  test_path("kiosk.db", dbPath, sizeof dbPath);
  util_local_date(util_now(), today);
  util_date_add(today, -1, past);
  util_date_add(today, 30, later);
  const char *md = "\n# 关于发放高龄补贴的通知\n\n年满**六十周岁**的党员，每月发放60元。\n\n![发放现场](photo.png)\n\n- 带身份证\n- 带存折\n";
  write_file("a.md", md, strlen(md));
  write_file("photo.png", kPng, sizeof kPng - 1);
  NoticeInfo a;
  REQUIRE(notice_add_file(db, test_path("a.md", path, sizeof path), NOTICE_CAT_POLICY, 0, later, NULL, &a, err,
                          sizeof err) == 0);
  CHECK(!strcmp(a.title, "关于发放高龄补贴的通知") && a.category == NOTICE_CAT_POLICY && !strcmp(a.source, "village"));
  CHECK(!strcmp(a.published, today) && !strcmp(a.expires, later) && a.unread && !a.pinned);
  char *body;
  NoticeInfo g;
  REQUIRE(notice_get(db, a.uuid, &g, &body) == 0);
  CHECK(strstr(body, "六十周岁") && !strstr(body, "# 关于")); /* the title is not repeated in the body */
  free(body);
  void *img;
  size_t n;
  CHECK(notice_image(db, a.uuid, "photo.png", &img, &n) == 0 && n == sizeof kPng - 1 && !memcmp(img, kPng, n));
  free(img);
  CHECK(notice_image(db, a.uuid, "other.png", &img, &n) == KR_NOT_FOUND);
  CHECK(notice_get(db, "no-such-uuid", &g, &body) == KR_NOT_FOUND && body == NULL);

  /* bad input: a clear message and nothing written */
  int64_t before = test_sql_int(dbPath, "SELECT count(*) FROM notice");
  const char *noTitle = "没有标题的正文。\n";
  write_file("b.md", noTitle, strlen(noTitle));
  CHECK(notice_add_file(db, test_path("b.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) == KR_BAD_INPUT &&
        strstr(err, "title"));
  const char *missing = "# 标题\n\n![图](gone.png)\n";
  write_file("c.md", missing, strlen(missing));
  CHECK(notice_add_file(db, test_path("c.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) == KR_NOT_FOUND &&
        strstr(err, "gone.png"));
  const char *notImage = "# 标题\n\n![图](fake.png)\n";
  write_file("d.md", notImage, strlen(notImage));
  write_file("fake.png", "GIF89a....", 10);
  CHECK(notice_add_file(db, test_path("d.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) == KR_BAD_INPUT &&
        strstr(err, "PNG or JPEG"));
  const char *climb = "# 标题\n\n![图](../etc.png)\n";
  write_file("e.md", climb, strlen(climb));
  CHECK(notice_add_file(db, test_path("e.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) == KR_BAD_INPUT);
  CHECK(notice_add_file(db, test_path("nowhere.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) ==
        KR_NOT_FOUND);
  CHECK(notice_add_file(db, test_path("a.md", path, sizeof path), 0, 0, past, NULL, NULL, err, sizeof err) == KR_BAD_INPUT &&
        strstr(err, "passed"));
  CHECK(notice_add_file(db, test_path("a.md", path, sizeof path), 0, 0, "2026-13-01", NULL, NULL, err, sizeof err) == KR_BAD_INPUT);
  CHECK(test_sql_int(dbPath, "SELECT count(*) FROM notice") == before);
  NoticeCategory cat = NOTICE_CAT_NOTICE;
  CHECK(notice_category_parse("党务公开", &cat) == KR_OK && cat == NOTICE_CAT_PARTY);
  CHECK(notice_category_parse("policy", &cat) == KR_OK && cat == NOTICE_CAT_POLICY);
  CHECK(notice_category_parse("其他", &cat) == KR_BAD_INPUT && cat == NOTICE_CAT_POLICY);
  CHECK(notice_category_parse(NULL, &cat) == KR_BAD_INPUT);

  /* order: pinned first, then newest; expired hidden */
  NoticeNew nn = {.category = NOTICE_CAT_POLICY, .title = "旧通知", .body = "正文。", .source = "township",
                  .published = past};
  NoticeInfo old, pin, exp;
  REQUIRE(notice_add(db, &nn, &old, err, sizeof err) == 0);
  nn.title = "置顶通知";
  nn.pinned = 1;
  REQUIRE(notice_add(db, &nn, &pin, err, sizeof err) == 0);
  nn.title = "已过期";
  nn.pinned = 0;
  nn.expires = past;
  REQUIRE(notice_add(db, &nn, &exp, err, sizeof err) == 0); /* a package may carry one; it is just not shown */
  NoticeInfo *l;
  int nl;
  REQUIRE(notice_list(db, NOTICE_CAT_POLICY, today, &l, &nl) == 0);
  CHECK(nl == 3);
  CHECK(nl == 3 && !strcmp(l[0].title, "置顶通知") && !strcmp(l[1].title, a.title) && !strcmp(l[2].title, "旧通知"));
  free(l);
  REQUIRE(notice_list(db, NOTICE_CAT_PARTY, today, &l, &nl) == 0);
  CHECK(nl == 0);
  free(l);
  /* views: counted, and the unread mark goes */
  CHECK(notice_record_view(db, a.noticeId) == 0 && notice_record_view(db, a.noticeId) == 0);
  int cnt[NOTICE_CAT_COUNT], unread[NOTICE_CAT_COUNT];
  REQUIRE(notice_counts(db, today, cnt, unread) == 0);
  CHECK(cnt[NOTICE_CAT_POLICY] == 3 && unread[NOTICE_CAT_POLICY] == 2);
  REQUIRE(notice_list(db, NOTICE_CAT_POLICY, today, &l, &nl) == 0);
  CHECK(nl == 3 && l[1].views == 2 && !l[1].unread);
  free(l);
  /* a new version replaces the old in the list; withdrawing is a version too */
  nn = (NoticeNew){.noticeId = old.noticeId, .category = NOTICE_CAT_POLICY, .title = "旧通知（更正）", .body = "更正。",
                   .source = "township", .published = past};
  REQUIRE(notice_add(db, &nn, NULL, err, sizeof err) == 0);
  nn.noticeId = pin.noticeId;
  nn.withdrawn = 1;
  REQUIRE(notice_add(db, &nn, NULL, err, sizeof err) == 0);
  REQUIRE(notice_list(db, NOTICE_CAT_POLICY, today, &l, &nl) == 0);
  CHECK(nl == 2 && !strcmp(l[0].title, a.title) && !strcmp(l[1].title, "旧通知（更正）"));
  free(l);
  CHECK(test_sql_int(dbPath, "SELECT count(*) FROM notice") == before + 5); /* nothing replaced in place */
  db_close(db);
  util_set_clock(-1);
}

/* A fixed-pitch stand-in: a Chinese character 1 unit wide, ASCII 0.5. */
static double measure(void *ctx, PgStyle st, const char *z, size_t n) {
  (void)ctx;
  double k = st == PG_H1 ? 1.5 : st == PG_H2 ? 1.25 : 1;
  double w = 0;
  const char *p = z, *e = z + n;
  while (p < e) w += util_utf8_next(&p, e) < 0x80 ? 0.5 : 1.0;
  return w * k;
}

static int image_size(void *ctx, const char *src, double *pw, double *ph) {
  (void)ctx;
  if (strcmp(src, "wide.png")) return -1;
  *pw = 40;
  *ph = 20;
  return 0;
}

static void pager(void) {
  /* 10 wide, 6 lines of 1.5 per page (a line advance of 1.5 for text size 1) */
  PgSpec sp = {.width = 10, .height = 9, .lineH = {1.5, 2.25, 1.9, 1.6}, .blockGap = 0.5, .indent = 1,
               .measure = measure, .imageSize = image_size};
  /* 7 paragraphs of 25 characters = 3 lines each */
  char md[4096] = "# 标题一\n\n";
  for (int i = 0; i < 7; i++)
    strcat(md, "一二三四五六七八九十，一二三四五六七八九十。一二三。\n\n");
  MdDoc doc;
  REQUIRE(md_parse(md, &doc) == 0);
  PgLayout l;
  REQUIRE(pager_layout(&doc, &sp, &l) == 0);
  CHECK(l.nPage >= 3);
  for (int p = 0; p < l.nPage; p++) {
    CHECK(l.aFirst[p] < l.aFirst[p + 1]); /* no empty page */
    for (int i = l.aFirst[p]; i < l.aFirst[p + 1]; i++) {
      CHECK(l.a[i].y >= 0 && l.a[i].y + l.a[i].h <= sp.height + 1e-9); /* on the page */
      CHECK(l.a[i].x + l.a[i].w <= sp.width + 1e-9);
      if (i > l.aFirst[p]) CHECK(l.a[i].y >= l.a[i - 1].y + l.a[i - 1].h - 1e-9); /* no overlap */
    }
  }
  /* every byte of every paragraph is on some line, in order */
  size_t total = 0;
  for (int i = 0; i < l.n; i++) total += l.a[i].len;
  size_t want = 0;
  for (int b = 0; b < doc.n; b++) want += strlen(doc.a[b].text);
  CHECK(total == want);
  pager_free(&l);
  md_free(&doc);

  /* a heading never ends a page: it moves down with its first line */
  REQUIRE(md_parse("甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊\n\n## 小标题\n\n正文。", &doc) == 0);
  REQUIRE(pager_layout(&doc, &sp, &l) == 0);
  CHECK(l.nPage == 2);
  CHECK(l.nPage == 2 && l.a[l.aFirst[1]].block == 1 && l.a[l.aFirst[1]].style == PG_H2);
  pager_free(&l);
  md_free(&doc);

  /* an image fits the width and at most 60 % of the page; its caption follows it, centred */
  REQUIRE(md_parse("![现场](wide.png)\n\n- 第一项\n\n![坏图](missing.png)", &doc) == 0);
  REQUIRE(pager_layout(&doc, &sp, &l) == 0);
  REQUIRE(l.n >= 3);
  CHECK(l.a[0].image && l.a[0].w <= 10 + 1e-9 && l.a[0].h <= 9 * 0.6 + 1e-9 && l.a[0].w == 10 && l.a[0].h == 5);
  CHECK(!l.a[1].image && l.a[1].block == 0 && l.a[1].x > 0); /* caption */
  CHECK(l.a[2].bullet && l.a[2].x == 1);                    /* list item indented */
  int imgs = 0;
  for (int i = 0; i < l.n; i++) imgs += l.a[i].image;
  CHECK(imgs == 1); /* an unreadable image is left out; its caption stays */
  pager_free(&l);
  md_free(&doc);
}

static void sentences(void) {
  const char *z = "年满六十周岁的党员，每月发放60元。请于本月底前办理！有疑问吗？“请找村委会。”最后一句";
  PgSentence a[8];
  int n = pager_sentences(z, a, 8);
  REQUIRE(n == 5);
  char got[256];
  snprintf(got, sizeof got, "%.*s", (int)a[0].len, z + a[0].start);
  CHECK(!strcmp(got, "年满六十周岁的党员，每月发放60元。"));
  snprintf(got, sizeof got, "%.*s", (int)a[3].len, z + a[3].start);
  CHECK(!strcmp(got, "“请找村委会。”")); /* the closing quote stays with its sentence */
  snprintf(got, sizeof got, "%.*s", (int)a[4].len, z + a[4].start);
  CHECK(!strcmp(got, "最后一句"));
  CHECK(pager_sentences("", a, 8) == 0);
  CHECK(pager_sentences("第一行\n第二行", a, 8) == 2);
}

/* A notice with one paragraph of 20,000 characters — more than twice the
 * 8,192 units the line breaker used to stop at — is stored, laid out and
 * paged whole: the page texts, joined in order, are the paragraph. */
static void long_paragraph_paged(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_db();
  REQUIRE(db);
  static const char *aPiece[] = {"年满六十周岁的党员", "，", "每月发放生活补贴", "（60元）", "。", "请于2026年12月前到村委会登记"};
  size_t cap = 20000 * 3 + 256, o = 0;
  char *para = malloc(cap), path[600], err[256];
  REQUIRE(para);
  size_t nChar = 0;
  for (int i = 0; nChar < 20000; i++) {
    const char *w = aPiece[i % 6];
    memcpy(para + o, w, strlen(w));
    o += strlen(w);
    nChar += util_utf8_count(w);
  }
  para[o] = 0;
  char *file = malloc(o + 64);
  REQUIRE(file);
  size_t nFile = (size_t)sprintf(file, "# 长通知\n\n%s\n", para);
  write_file("long.md", file, nFile);
  NoticeInfo info;
  REQUIRE(notice_add_file(db, test_path("long.md", path, sizeof path), NOTICE_CAT_POLICY, 0, NULL, NULL, &info, err,
                          sizeof err) == 0);
  char *body;
  REQUIRE(notice_get(db, info.uuid, &info, &body) == 0);
  MdDoc doc;
  REQUIRE(md_parse(body, &doc) == KR_OK);
  REQUIRE(doc.n == 1 && !strcmp(doc.a[0].text, para));
  PgSpec sp = {.width = 24, .height = 30, .lineH = {1.5, 2.25, 1.9, 1.6}, .blockGap = 0.5, .indent = 1,
               .measure = measure, .imageSize = image_size};
  PgLayout l;
  REQUIRE(pager_layout(&doc, &sp, &l) == 0);
  CHECK(l.nPage > 30); /* about 800 lines of 24, 20 lines a page */
  char *joined = malloc(o + 1);
  REQUIRE(joined);
  size_t j = 0;
  for (int p = 0; p < l.nPage; p++)
    for (int i = l.aFirst[p]; i < l.aFirst[p + 1]; i++) {
      REQUIRE(j + l.a[i].len <= o);
      memcpy(joined + j, doc.a[l.a[i].block].text + l.a[i].start, l.a[i].len);
      j += l.a[i].len;
    }
  joined[j] = 0;
  CHECK(j == o && !strcmp(joined, para));
  free(joined);
  pager_free(&l);
  md_free(&doc);
  free(body);
  free(file);
  free(para);
  db_close(db);
  util_set_clock(-1);
}

/* A NUL byte in a notice file used to cut its body there; now the file is
 * refused with the line, and nothing is stored. Damaged UTF-8 likewise. */
static void bad_bytes_refused(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_db();
  REQUIRE(db);
  char path[600], dbPath[600], err[256];
  test_path("kiosk.db", dbPath, sizeof dbPath);
  static const char kNul[] = "# 通知\n\n第一段。\n\n第二段\0后面还有很多字。\n";
  write_file("nul.md", kNul, sizeof kNul - 1);
  CHECK(notice_add_file(db, test_path("nul.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) != 0 &&
        !strncmp(err, "line 5:", 7) && strstr(err, "NUL"));
  static const char kCut[] = "# 通知\n\n第一段。\n第二段\xE5\xBC\n";
  write_file("cut.md", kCut, sizeof kCut - 1);
  CHECK(notice_add_file(db, test_path("cut.md", path, sizeof path), 0, 0, NULL, NULL, NULL, err, sizeof err) != 0 &&
        !strncmp(err, "line 4:", 7));
  CHECK(test_sql_int(dbPath, "SELECT count(*) FROM notice") == 0);
  db_close(db);
  util_set_clock(-1);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"add_and_list", add_and_list}, {"pager", pager}, {"sentences", sentences},
    {"long_paragraph_paged", long_paragraph_paged}, {"bad_bytes_refused", bad_bytes_refused},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
