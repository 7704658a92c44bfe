/* Roster import as files really arrive at a village office: UTF-8, UTF-8
 * with a BOM (WPS, Notepad), GBK with CRLF (Excel on a Chinese Windows),
 * quoted fields; every kind of bad row reported with its line number, and a
 * failed import changes nothing at all. */
#include "check.h"
#include "roster.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *zWhy;
  const char *zCsv;
  int line;          /* the line the error must name */
  size_t n;          /* bytes of zCsv when it holds a NUL; 0: strlen */
} BadFile;
#define WITH_NUL(zLit, line) zLit, line, sizeof(zLit) - 1

static int import(Db *db, const char *z, size_t n, RosterImportStats *st, char *err) {
  return roster_import_bytes(db, z, n, "鲁庙村党支部", st, err, 256);
}

static int import_str(Db *db, const char *z, RosterImportStats *st, char *err) { return import(db, z, strlen(z), st, err); }

static void utf8_plain(void) {
  Db *db = test_db();
  REQUIRE(db);
  RosterImportStats st;
  char err[256];
  REQUIRE(import_str(db, "党员编号,姓名,村民小组,手机号,出生年份\n"
                         "A001,张中立,第一组,13812345678,1956\n"
                         "A002,\"阿依古丽·吐尔逊\",第二组,,1980\n"
                         "A003,张𠮷祥,第二组,,\n", &st, err) == 0);
  CHECK(st.added == 3 && st.updated == 0);
  Member m;
  REQUIRE(roster_get(db, "A001", &m) == 0);
  CHECK(!strcmp(m.name, "张中立") && !strcmp(m.group, "第一组") && m.birthYear == 1956);
  CHECK(!strcmp(m.phone4, "5678")); /* only the last four digits are kept */
  CHECK(!strcmp(m.branch, "鲁庙村党支部"));
  REQUIRE(roster_get(db, "A002", &m) == 0);
  CHECK(!strcmp(m.name, "阿依古丽·吐尔逊"));
  REQUIRE(roster_get(db, "A003", &m) == 0);
  CHECK(!strcmp(m.name, "张𠮷祥"));
  CHECK(roster_get(db, "A999", &m) == KR_NOT_FOUND);
  char path[600];
  CHECK(test_sql_int(test_path("kiosk.db", path, sizeof path), "SELECT count(*) FROM member WHERE phone4 LIKE '%1381%'") == 0);
  db_close(db);
}

static void utf8_with_bom_and_crlf(void) {
  Db *db = test_db();
  REQUIRE(db);
  RosterImportStats st;
  char err[256];
  REQUIRE(import_str(db, "\xEF\xBB\xBF党员编号,姓名,村民小组\r\nB001,王秀兰,第三组\r\nB002,刘䶮,第三组\r\n", &st, err) == 0);
  CHECK(st.added == 2);
  Member m;
  REQUIRE(roster_get(db, "B002", &m) == 0);
  CHECK(!strcmp(m.name, "刘䶮") && !strcmp(m.group, "第三组")); /* no stray \r */
  db_close(db);
}

static void gbk_from_excel(void) {
  Db *db = test_db();
  REQUIRE(db);
  size_t n;
  const char *z = test_gbk("党员编号,姓名,村民小组,手机后四位\r\nC001,王堃,第四组,1234\r\nC002,李喆,第四组,5678\r\n", &n);
  REQUIRE(n > 0);
  CHECK(!util_utf8_valid(z, n)); /* the fixture really is GBK */
  RosterImportStats st;
  char err[256];
  REQUIRE(import(db, z, n, &st, err) == 0);
  CHECK(st.added == 2);
  Member m;
  REQUIRE(roster_get(db, "C001", &m) == 0);
  CHECK(!strcmp(m.name, "王堃") && !strcmp(m.group, "第四组") && !strcmp(m.phone4, "1234"));
  db_close(db);
}

static void reimport_versions(void) {
  Db *db = test_db();
  REQUIRE(db);
  RosterImportStats st;
  char err[256], path[600];
  const char *v1 = "党员编号,姓名,村民小组\nD001,赵一,第一组\nD002,钱二,第一组\n";
  REQUIRE(import_str(db, v1, &st, err) == 0);
  REQUIRE(import_str(db, v1, &st, err) == 0);
  CHECK(st.unchanged == 2 && st.added == 0 && st.updated == 0);
  REQUIRE(import_str(db, "党员编号,姓名,村民小组\nD001,赵一,第二组\n", &st, err) == 0);
  CHECK(st.updated == 1 && st.unchanged == 0);
  test_path("kiosk.db", path, sizeof path);
  CHECK(test_sql_int(path, "SELECT count(*) FROM member_history WHERE member_no = 'D001' AND grp = '第一组'") == 1);
  Member m;
  REQUIRE(roster_get(db, "D001", &m) == 0);
  CHECK(!strcmp(m.group, "第二组"));
  REQUIRE(roster_get(db, "D002", &m) == 0); /* absent from a file is not deleted */
  db_close(db);
}

static void bad_rows_change_nothing(void) {
  static const BadFile aBad[] = {
    {"missing name", "党员编号,姓名,村民小组\nE001,甲,第一组\nE002,,第一组\n", 3, 0},
    {"duplicate number", "党员编号,姓名,村民小组\nE001,甲,第一组\nE003,乙,第一组\nE001,丙,第一组\n", 4, 0},
    {"bad birth year", "党员编号,姓名,村民小组,出生年份\nE001,甲,第一组,1956\nE002,乙,第一组,19x6\n", 3, 0},
    {"name over 25 characters", "党员编号,姓名,村民小组\nE001,一二三四五六七八九十一二三四五六七八九十一二三四五六,第一组\n", 2, 0},
    {"too few fields", "党员编号,姓名,村民小组\nE001,甲,第一组\nE002,乙\n", 3, 0},
    {"unknown column", "党员编号,姓名,村民小组,身份证号\nE001,甲,第一组,410122\n", 1, 0},
    {"no group column", "党员编号,姓名\nE001,甲\n", 1, 0},
    {"bad phone tail", "党员编号,姓名,村民小组,手机后四位\nE001,甲,第一组,12a4\n", 2, 0},
    {"unclosed quote", "党员编号,姓名,村民小组\nE001,\"甲,第一组\n", 2, 0},
    /* hostile bytes: refused with their line, never imported as something else */
    {"NUL inside a name", WITH_NUL("党员编号,姓名,村民小组\nE001,甲,第一组\nE002,张\0三,第一组\n", 3)},
    {"NUL at the very end", WITH_NUL("党员编号,姓名,村民小组\nE001,甲,第一组\n\0", 3)},
    {"control byte", "党员编号,姓名,村民小组\nE001,甲\x1b[2J,第一组\n", 2, 0},
    {"truncated UTF-8 character", "党员编号,姓名,村民小组\nE001,甲,第一组\nE002,张\xE4\xB8,第一组\nE003,乙,第一组\n", 3, 0},
    {"truncated UTF-8 at the end", "党员编号,姓名,村民小组\nE001,甲,第一组\nE002,张三,第一\xE7\xBB", 3, 0},
    {"lone continuation byte", "党员编号,姓名,村民小组\nE001,甲,第一组\n\nE002,张\x80三,第一组\n", 4, 0},
    {"overlong encoding of '/'", "党员编号,姓名,村民小组\nE001,甲,第一组\nE002,张\xC0\xAF,第一组\n", 3, 0},
    {"UTF-16 surrogate", "党员编号,姓名,村民小组\nE001,甲,第一组\nE002,张\xED\xA0\x80,第一组\n", 3, 0},
    {"BOM then bad byte", "\xEF\xBB\xBF党员编号,姓名,村民小组\nE001,甲\xFF,第一组\n", 2, 0},
    {"birth year of 12 digits", "党员编号,姓名,村民小组,出生年份\nE001,甲,第一组,195612345678\n", 2, 0},
    {"birth year of 30 digits", "党员编号,姓名,村民小组,出生年份\nE001,甲,第一组,999999999999999999999999999999\n", 2, 0},
    {"negative birth year", "党员编号,姓名,村民小组,出生年份\nE001,甲,第一组,-1956\n", 2, 0},
    {"too many columns", "党员编号,姓名,村民小组\nE001,甲,第一组,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n", 2, 0},
  };
  Db *db = test_db();
  REQUIRE(db);
  RosterImportStats st;
  char err[256], path[600];
  REQUIRE(import_str(db, "党员编号,姓名,村民小组\nE001,原名,第九组\n", &st, err) == 0);
  test_path("kiosk.db", path, sizeof path);
  int64_t seq0 = db_last_seq(db);
  for (size_t i = 0; i < sizeof aBad / sizeof aBad[0]; i++) {
    err[0] = 0;
    size_t n = aBad[i].n ? aBad[i].n : strlen(aBad[i].zCsv);
    int rc = import(db, aBad[i].zCsv, n, &st, err);
    char want[32];
    snprintf(want, sizeof want, "line %d:", aBad[i].line);
    if (rc == KR_OK || strncmp(err, want, strlen(want))) {
      fprintf(stderr, "%s: rc %d, error \"%s\", wanted \"%s\"\n", aBad[i].zWhy, rc, err, want);
      gFailures++;
    }
    /* nothing changed: no member added, E001 not renamed, no seq spent */
    CHECK(test_sql_int(path, "SELECT count(*) FROM member") == 1);
    CHECK(test_sql_int(path, "SELECT count(*) FROM member WHERE name = '原名' AND grp = '第九组'") == 1);
    CHECK(test_sql_int(path, "SELECT count(*) FROM member_history") == 0);
    CHECK(db_last_seq(db) == seq0);
  }
  /* the CSV reader says what was wrong */
  CHECK(import_str(db, "党员编号,姓名,村民小组\nE001,\"甲,第一组\n", &st, err) == KR_BAD_INPUT && strstr(err, "never closed"));
  CHECK(import_str(db, "党员编号,姓名,村民小组\nE001,\"甲\"x,第一组\n", &st, err) == KR_BAD_INPUT &&
        strstr(err, "line 2:") && strstr(err, "after a closing quote"));
  CHECK(import_str(db, "党员编号,姓名,村民小组\n,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n", &st, err) == KR_BAD_INPUT &&
        strstr(err, "more than 32 columns"));
  CHECK(import_str(db, "\"党员编号,姓名,村民小组\n", &st, err) == KR_BAD_INPUT && strstr(err, "line 1:"));
  CHECK(import_str(db, "", &st, err) != KR_OK);
  CHECK(import_str(db, "党员编号,姓名,村民小组\n", &st, err) != KR_OK);
  db_close(db);
}

static void roster_order_groups(void) {
  Db *db = test_db();
  REQUIRE(db);
  RosterImportStats st;
  char err[256];
  /* 第三组 sorts before 第二组 as text; groups keep the order of their lowest number */
  REQUIRE(import_str(db, "党员编号,姓名,村民小组\nF003,丙,第三组\nF001,甲,第一组\nF002,乙,第二组\nF004,丁,第一组\n", &st, err) == 0);
  Member *a;
  int n;
  REQUIRE(roster_list(db, &a, &n) == 0);
  REQUIRE(n == 4);
  CHECK(!strcmp(a[0].memberNo, "F001") && !strcmp(a[1].memberNo, "F004"));
  CHECK(!strcmp(a[2].memberNo, "F002") && !strcmp(a[3].memberNo, "F003"));
  free(a);
  db_close(db);
}

/* A member who moves away or dies is taken off the roster by the 状态
 * column: a new, inactive version; the old one stays in the history. */
static void status_column(void) {
  Db *db = test_db();
  REQUIRE(db);
  char err[256], path[600];
  RosterImportStats st;
  const char *a = "党员编号,姓名,村民小组,党支部,状态\nA1,张中立,第一组,鲁庙村党支部,在册\nA2,王秀兰,第一组,鲁庙村党支部,\n";
  REQUIRE(roster_import_bytes(db, a, strlen(a), "x", &st, err, sizeof err) == 0);
  CHECK(st.added == 2 && db_member_count(db) == 2);
  Member m;
  CHECK(roster_get(db, "A1", &m) == 0 && !strcmp(m.branch, "鲁庙村党支部")); /* 党支部 is the branch column */
  const char *b = "党员编号,姓名,村民小组,状态\nA2,王秀兰,第一组,迁出\n";
  REQUIRE(roster_import_bytes(db, b, strlen(b), "鲁庙村党支部", &st, err, sizeof err) == 0);
  CHECK(st.updated == 1 && db_member_count(db) == 1);
  CHECK(roster_get(db, "A2", &m) == 0 && m.active == 0);
  Member *list;
  int n;
  REQUIRE(roster_list(db, &list, &n) == 0);
  CHECK(n == 1 && !strcmp(list[0].memberNo, "A1"));
  free(list);
  test_path("kiosk.db", path, sizeof path);
  CHECK(test_sql_int(path, "SELECT count(*) FROM member_history WHERE member_no = 'A2' AND active = 1") == 1);
  const char *c = "党员编号,姓名,村民小组,状态\nA1,张中立,第一组,出差\n";
  CHECK(roster_import_bytes(db, c, strlen(c), "x", &st, err, sizeof err) == KR_BAD_INPUT && strstr(err, "line 2") &&
        strstr(err, "状态"));
  CHECK(db_member_count(db) == 1);
  db_close(db);
}

/* A GBK file of a real village's size imports whole and exactly; the
 * encoding is decided once for the file, so rare characters anywhere in it
 * decode as GBK too. */
static void gbk_whole_file(void) {
  static const char *aName[] = {"王堃", "李喆", "欧阳娜娜", "司马懿", "赵钱孙", "周吴郑王", "冯陈褚卫", "蒋沈韩杨"};
  char utf8[6000], *o = utf8;
  o += sprintf(o, "党员编号,姓名,村民小组,出生年份\r\n");
  for (int i = 0; i < 120; i++) o += sprintf(o, "G%03d,%s,第%s组,%d\r\n", i, aName[i % 8], i % 2 ? "一" : "二", 1940 + i % 60);
  size_t n;
  const char *z = test_gbk(utf8, &n);
  REQUIRE(n > 0 && !util_utf8_valid(z, n));
  Db *db = test_db();
  REQUIRE(db);
  RosterImportStats st;
  char err[256];
  REQUIRE(import(db, z, n, &st, err) == KR_OK);
  CHECK(st.added == 120);
  Member m;
  for (int i = 0; i < 120; i++) {
    char no[8];
    snprintf(no, sizeof no, "G%03d", i);
    REQUIRE(roster_get(db, no, &m) == KR_OK);
    CHECK(!strcmp(m.name, aName[i % 8]) && m.birthYear == 1940 + i % 60);
  }
  db_close(db);
}

/* A file pasted together from GBK and UTF-8 rows, or a GBK file cut inside
 * a character, is refused with the line; nothing is imported. */
static void gbk_mixed_or_cut_refused(void) {
  Db *db = test_db();
  REQUIRE(db);
  char err[256], buf[4096];
  RosterImportStats st;
  size_t n, nGbk;
  const char *z = test_gbk("党员编号,姓名,村民小组\r\nH001,王堃,第一组\r\nH002,李喆,第一组\r\nH003,赵钱孙,第二组\r\n", &nGbk);
  REQUIRE(nGbk > 0 && nGbk < 2000);
  memcpy(buf, z, nGbk);
  const char *zUtf8 = "H004,欧阳娜娜,第二组\r\n"; /* line 5, pasted from a UTF-8 file */
  memcpy(buf + nGbk, zUtf8, strlen(zUtf8));
  n = nGbk + strlen(zUtf8);
  z = test_gbk("H005,周吴郑王,第三组\r\n", &nGbk);
  memcpy(buf + n, z, nGbk);
  n += nGbk;
  CHECK(import(db, buf, n, &st, err) == KR_MALFORMED && !strncmp(err, "line 5:", 7));
  /* the same GBK file cut after the first byte of its last character */
  z = test_gbk("党员编号,姓名,村民小组\r\nH001,王堃,第一组\r\nH002,李喆,第一组\r\nH003,赵钱孙,第二", &nGbk);
  memcpy(buf, z, nGbk);
  buf[nGbk] = z[nGbk - 2];
  CHECK(import(db, buf, nGbk - 1, &st, err) == KR_MALFORMED && !strncmp(err, "line 4:", 7));
  CHECK(db_member_count(db) == 0);
  db_close(db);
}

/* Imports zBefore + 10 MB of 张 + zAfter and checks that the refusal names
 * the line and quotes only a short prefix of the field, cut on a character
 * boundary. */
static void huge_field(Db *db, const char *zBefore, const char *zAfter, int line) {
  size_t nField = 10u << 20, nBefore = strlen(zBefore), nAfter = strlen(zAfter);
  char *z = malloc(nBefore + nField + nAfter);
  REQUIRE(z);
  memcpy(z, zBefore, nBefore);
  size_t o = nBefore;
  for (size_t i = 0; i < nField / 3; i++, o += 3) memcpy(z + o, "张", 3);
  memcpy(z + o, zAfter, nAfter);
  char err[4096], want[16];
  RosterImportStats st;
  snprintf(want, sizeof want, "line %d:", line);
  CHECK(import(db, z, o + nAfter, &st, err) == KR_BAD_INPUT);
  CHECK(!strncmp(err, want, strlen(want)));
  CHECK(strlen(err) < 250);
  CHECK(strstr(err, "张张张张张张张张张张张张张…") != NULL);  /* 13 characters = 39 bytes, then the mark */
  CHECK(strstr(err, "张张张张张张张张张张张张张张") == NULL); /* never 14 */
  CHECK(util_utf8_valid(err, strlen(err)));
  free(z);
}

/* A 10 MB field, in any column the error quotes, never comes back whole. */
static void huge_field_error_bounded(void) {
  Db *db = test_db();
  REQUIRE(db);
  huge_field(db, "党员编号,姓名,村民小组\nE001,", ",第一组\n", 2);
  huge_field(db, "党员编号,姓名,村民小组,状态\nE001,甲,第一组,在册\nE002,乙,第一组,", "\n", 3);
  huge_field(db, "党员编号,姓名,村民小组,", "\nE001,甲,第一组,x\n", 1);
  CHECK(db_member_count(db) == 0);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"utf8_plain", utf8_plain},
    {"utf8_with_bom_and_crlf", utf8_with_bom_and_crlf},
    {"gbk_from_excel", gbk_from_excel},
    {"reimport_versions", reimport_versions},
    {"bad_rows_change_nothing", bad_rows_change_nothing},
    {"roster_order_groups", roster_order_groups},
    {"status_column", status_column},
    {"gbk_whole_file", gbk_whole_file},
    {"gbk_mixed_or_cut_refused", gbk_mixed_or_cut_refused},
    {"huge_field_error_bounded", huge_field_error_bounded},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
