/* roster: see roster.h. The CSV header decides the column order; both the
 * Chinese headers a secretary types in Excel and English ones are accepted. */
#include "roster.h"
#include "csv.h"
#include "db_int.h"
#include "input.h"
#include "util.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_NO, COL_NAME, COL_GROUP, COL_PHONE4, COL_PHONE, COL_BIRTH, COL_BRANCH, COL_HONOUR, COL_STATUS, COL_N };

static const struct { const char *z; int col; } aHeader[] = {
  {"党员编号", COL_NO}, {"编号", COL_NO}, {"member_no", COL_NO},
  {"姓名", COL_NAME}, {"name", COL_NAME},
  {"村民小组", COL_GROUP}, {"小组", COL_GROUP}, {"group", COL_GROUP},
  {"手机后四位", COL_PHONE4}, {"phone4", COL_PHONE4},
  {"手机号", COL_PHONE}, {"手机", COL_PHONE}, {"phone", COL_PHONE},
  {"出生年份", COL_BIRTH}, {"出生年", COL_BIRTH}, {"birth_year", COL_BIRTH},
  {"支部", COL_BRANCH}, {"党支部", COL_BRANCH}, {"所在支部", COL_BRANCH}, {"branch", COL_BRANCH},
  {"状态", COL_STATUS}, {"status", COL_STATUS},
  {"光荣榜", COL_HONOUR}, {"上光荣榜", COL_HONOUR}, {"honour", COL_HONOUR},
};

/* The 状态 column: 在册 (or 正常, active, empty) keeps a member on the roster;
 * 迁出, 去世, 停用 (or inactive) takes them off it — a new version, never a
 * deletion. Returns 1, 0, or -1 when it is neither. */
static int parse_status(const char *z) {
  if (!*z || !strcmp(z, "在册") || !strcmp(z, "正常") || !strcasecmp(z, "active")) return 1;
  if (!strcmp(z, "迁出") || !strcmp(z, "去世") || !strcmp(z, "停用") || !strcasecmp(z, "inactive")) return 0;
  return -1;
}

/* The 光荣榜 column: 是 / 否 (or yes / no, 1 / 0); empty means yes. Returns
 * 1, 0, or -1 when it is neither. */
static int parse_honour(const char *z) {
  if (!*z || !strcmp(z, "是") || !strcmp(z, "1") || !strcasecmp(z, "yes") || !strcasecmp(z, "y")) return 1;
  if (!strcmp(z, "否") || !strcmp(z, "0") || !strcasecmp(z, "no") || !strcasecmp(z, "n")) return 0;
  return -1;
}

static int valid_member_no(const char *z) {
  size_t n = strlen(z);
  if (n < 1 || n > 20) return 0;
  for (; *z; z++)
    if (!isalnum((unsigned char)*z) && *z != '-' && *z != '_') return 0;
  return 1;
}

/* A name is 1..25 characters with no controls, digits or ASCII punctuation
 * except the minority-name dot U+00B7 (and its look-alike U+30FB). */
static int valid_name(const char *z) {
  const char *e = z + strlen(z);
  size_t n = 0;
  while (z < e) {
    int32_t c = util_utf8_next(&z, e);
    if (c < 0x20 || (c < 0x80 && !isalpha(c) && c != ' ')) return 0;
    if (c >= 0x7f && c < 0xa0) return 0;
    n++;
  }
  return n >= 1 && n <= MEMBER_NAME_MAX_CHARS;
}

static int all_digits(const char *z) {
  if (!*z) return 0;
  for (; *z; z++)
    if (!isdigit((unsigned char)*z)) return 0;
  return 1;
}

/* Upserts one member inside the open transaction: unchanged, added or a new
 * version. Returns KR_OK or the database's code. */
static KrCode upsert(Db *db, const Member *m, RosterImportStats *st) {
  Member old;
  KrCode found = roster_get(db, m->memberNo, &old);
  if (found != KR_OK && found != KR_NOT_FOUND) return found;
  if (found == KR_OK && !strcmp(old.name, m->name) && !strcmp(old.group, m->group) &&
      !strcmp(old.branch, m->branch) && !strcmp(old.phone4, m->phone4) &&
      old.birthYear == m->birthYear && old.active == m->active && old.honour == m->honour) {
    st->unchanged++;
    return KR_OK;
  }
  int64_t seq;
  int rc = db_next_seq(db, &seq);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  char uuid[UUID_LEN + 1];
  util_uuid4(uuid);
  const char *sql = found == KR_OK
    ? "UPDATE member SET name=?2, grp=?3, branch=?4, phone4=?5, birth_year=?6, active=?12,"
      " uuid=?7, kiosk_id=?8, seq=?9, created_at=?10, honour=?11 WHERE member_no=?1"
    : "INSERT INTO member(member_no, name, grp, branch, phone4, birth_year, active, uuid, kiosk_id, seq, created_at,"
      " honour) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?12, ?7, ?8, ?9, ?10, ?11)";
  sqlite3_stmt *s;
  if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &s, NULL)) != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, m->memberNo, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, m->group, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 4, m->branch, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 5, m->phone4, -1, SQLITE_STATIC);
  if (m->birthYear) sqlite3_bind_int(s, 6, m->birthYear);
  sqlite3_bind_text(s, 7, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 8, db->kioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 9, seq);
  sqlite3_bind_int64(s, 10, util_now());
  sqlite3_bind_int(s, 11, m->honour);
  sqlite3_bind_int(s, 12, m->active);
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return kr_sqlite(rc);
  if (found == KR_OK) st->updated++;
  else st->added++;
  return KR_OK;
}

/* Checks one CSV record against the header's columns and fills *m. Returns
 * KR_OK, or KR_BAD_INPUT with "line N: ..." in zErr quoting at most a short
 * prefix of the bad field. */
static KrCode parse_row(const CsvReader *r, const int *aCol, const char *zDefaultBranch, int thisYear, Member *m,
                        char *zErr, int nErr) {
  int line = r->recordLine;
  char q[INPUT_QUOTE_SIZE];
  memset(m, 0, sizeof *m);
  m->active = 1;
  m->honour = 1;
  const char *zNo = r->azField[aCol[COL_NO]], *zName = r->azField[aCol[COL_NAME]];
  const char *zGroup = r->azField[aCol[COL_GROUP]];
  if (!valid_member_no(zNo)) {
    snprintf(zErr, nErr, "line %d: member number \"%s\" must be 1-20 letters, digits, - or _", line, input_quote(zNo, q));
    return KR_BAD_INPUT;
  }
  if (!valid_name(zName)) {
    snprintf(zErr, nErr, "line %d: name \"%s\" must be 1-%d characters without digits or symbols", line,
             input_quote(zName, q), MEMBER_NAME_MAX_CHARS);
    return KR_BAD_INPUT;
  }
  if (!zGroup[0] || util_utf8_count(zGroup) > 20) {
    snprintf(zErr, nErr, "line %d: the village group must be 1-20 characters", line);
    return KR_BAD_INPUT;
  }
  const char *zBranch = aCol[COL_BRANCH] >= 0 && r->azField[aCol[COL_BRANCH]][0] ? r->azField[aCol[COL_BRANCH]]
                                                                                 : (zDefaultBranch ? zDefaultBranch : "");
  if (strlen(zBranch) >= sizeof m->branch) {
    snprintf(zErr, nErr, "line %d: the branch \"%s\" is too long", line, input_quote(zBranch, q));
    return KR_BAD_INPUT;
  }
  util_strlcpy(m->memberNo, zNo, sizeof m->memberNo);
  util_strlcpy(m->name, zName, sizeof m->name);
  util_strlcpy(m->group, zGroup, sizeof m->group);
  util_strlcpy(m->branch, zBranch, sizeof m->branch);
  if (aCol[COL_PHONE4] >= 0) {
    const char *p = r->azField[aCol[COL_PHONE4]];
    if (*p && (strlen(p) != 4 || !all_digits(p))) {
      snprintf(zErr, nErr, "line %d: the last phone digits \"%s\" must be exactly 4 digits", line, input_quote(p, q));
      return KR_BAD_INPUT;
    }
    util_strlcpy(m->phone4, p, sizeof m->phone4);
  } else if (aCol[COL_PHONE] >= 0) {
    /* a full number is reduced to its last 4 digits at once; the rest is never stored */
    const char *p = r->azField[aCol[COL_PHONE]];
    size_t l = strlen(p);
    if (*p && (l < 4 || l > 15 || !all_digits(p))) {
      snprintf(zErr, nErr, "line %d: the phone number must be 4-15 digits", line);
      return KR_BAD_INPUT;
    }
    if (*p) util_strlcpy(m->phone4, p + l - 4, sizeof m->phone4);
  }
  if (aCol[COL_BIRTH] >= 0 && r->azField[aCol[COL_BIRTH]][0]) {
    const char *b = r->azField[aCol[COL_BIRTH]];
    int64_t year;
    if (input_int(b, 1900, thisYear, &year)) {
      snprintf(zErr, nErr, "line %d: birth year \"%s\" must be between 1900 and %d", line, input_quote(b, q), thisYear);
      return KR_BAD_INPUT;
    }
    m->birthYear = (int)year;
  }
  if (aCol[COL_STATUS] >= 0 && (m->active = parse_status(r->azField[aCol[COL_STATUS]])) < 0) {
    snprintf(zErr, nErr, "line %d: the status column (状态) must be 在册, 迁出, 去世 or 停用, not \"%s\"", line,
             input_quote(r->azField[aCol[COL_STATUS]], q));
    return KR_BAD_INPUT;
  }
  if (aCol[COL_HONOUR] >= 0 && (m->honour = parse_honour(r->azField[aCol[COL_HONOUR]])) < 0) {
    snprintf(zErr, nErr, "line %d: the honour-board column (光荣榜) must be 是 or 否, not \"%s\"", line,
             input_quote(r->azField[aCol[COL_HONOUR]], q));
    return KR_BAD_INPUT;
  }
  return KR_OK;
}

/* The import; outer: the caller holds a transaction (and commits or rolls
 * back), as when a township package brings roster changes. */
static KrCode import_bytes(Db *db, const char *zIn, size_t nIn, const char *zDefaultBranch, RosterImportStats *pStats,
                           int outer, char *zErr, int nErr) {
  RosterImportStats st = {0};
  char *z;
  size_t n;
  KrCode rc = input_decode(zIn, nIn, &z, &n, zErr, nErr);
  if (rc) return rc;
  CsvReader r;
  csv_init(&r, z, n);
  int aCol[COL_N];
  for (int i = 0; i < COL_N; i++) aCol[i] = -1;
  int nHeader = 0, inTxn = 0;
  char **seen = NULL;
  int nSeen = 0;
  char q[INPUT_QUOTE_SIZE];
  rc = KR_BAD_INPUT;

  int got;
  if (csv_next(&r, &got) || got == 0) {
    snprintf(zErr, nErr, "line %d: %s", got ? r.recordLine : r.line, got ? r.zWhy : "the file has no header row");
    goto done;
  }
  nHeader = r.nField;
  for (int f = 0; f < r.nField; f++) {
    int known = 0;
    for (size_t h = 0; h < sizeof aHeader / sizeof aHeader[0]; h++)
      if (!strcmp(r.azField[f], aHeader[h].z)) { aCol[aHeader[h].col] = f; known = 1; }
    if (!known) {
      snprintf(zErr, nErr, "line %d: unknown column \"%s\"", r.recordLine, input_quote(r.azField[f], q));
      goto done;
    }
  }
  if (aCol[COL_NO] < 0 || aCol[COL_NAME] < 0 || aCol[COL_GROUP] < 0) {
    snprintf(zErr, nErr, "line %d: the header needs 党员编号 (member_no), 姓名 (name) and 村民小组 (group)", r.recordLine);
    goto done;
  }
  int dbrc;
  if (!outer && (dbrc = db_begin(db)) != SQLITE_OK) {
    snprintf(zErr, nErr, "database is busy: %s", sqlite3_errmsg(db->h));
    rc = kr_sqlite(dbrc);
    goto done;
  }
  inTxn = !outer;
  char today[11];
  util_local_date(util_now(), today);
  int thisYear = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
  while (!csv_next(&r, &got) && got > 0) {
    int line = r.recordLine;
    if (r.nField != nHeader) {
      snprintf(zErr, nErr, "line %d: expected %d fields, found %d", line, nHeader, r.nField);
      goto done;
    }
    Member m;
    if ((rc = parse_row(&r, aCol, zDefaultBranch, thisYear, &m, zErr, nErr))) goto done;
    rc = KR_BAD_INPUT;
    for (int i = 0; i < nSeen; i++)
      if (!strcmp(seen[i], m.memberNo)) {
        snprintf(zErr, nErr, "line %d: member number %s appears twice in the file", line, m.memberNo);
        goto done;
      }
    char **ns = realloc(seen, sizeof *seen * (size_t)(nSeen + 1));
    char *zNo = strdup(m.memberNo);
    if (ns) seen = ns;
    if (!ns || !zNo) { free(zNo); snprintf(zErr, nErr, "out of memory"); rc = KR_NOMEM; goto done; }
    seen[nSeen++] = zNo;
    if ((rc = upsert(db, &m, &st))) {
      snprintf(zErr, nErr, "line %d: database error: %s", line, sqlite3_errmsg(db->h));
      goto done;
    }
    rc = KR_BAD_INPUT;
  }
  if (got < 0) {
    snprintf(zErr, nErr, "line %d: malformed CSV: %s", r.recordLine, r.zWhy);
    goto done;
  }
  if (st.added + st.updated + st.unchanged == 0) { snprintf(zErr, nErr, "the file has no members"); goto done; }
  if (!outer && (dbrc = db_commit(db)) != SQLITE_OK) {
    snprintf(zErr, nErr, "could not save: %s", sqlite3_errmsg(db->h));
    rc = kr_sqlite(dbrc);
    goto done;
  }
  inTxn = 0;
  if (pStats) *pStats = st;
  rc = KR_OK;
done:
  if (inTxn) db_rollback(db);
  for (int i = 0; i < nSeen; i++) free(seen[i]);
  free(seen);
  csv_free(&r);
  free(z);
  return rc;
}

KrCode roster_import_bytes(Db *db, const char *zIn, size_t nIn, const char *zDefaultBranch, RosterImportStats *pStats,
                           char *zErr, int nErr) {
  return import_bytes(db, zIn, nIn, zDefaultBranch, pStats, 0, zErr, nErr);
}

KrCode roster_import_in_txn(Db *db, const char *zIn, size_t nIn, const char *zDefaultBranch, RosterImportStats *pStats,
                            char *zErr, int nErr) {
  return import_bytes(db, zIn, nIn, zDefaultBranch, pStats, 1, zErr, nErr);
}

KrCode roster_import_file(Db *db, const char *zPath, const char *zDefaultBranch, RosterImportStats *pStats, char *zErr,
                          int nErr) {
  char *buf;
  size_t n;
  if (util_read_file(zPath, &buf, &n)) { snprintf(zErr, nErr, "cannot read %s", zPath); return KR_IO; }
  KrCode rc = roster_import_bytes(db, buf, n, zDefaultBranch, pStats, zErr, nErr);
  free(buf);
  return rc;
}

static void row_to_member(sqlite3_stmt *s, Member *m) {
  memset(m, 0, sizeof *m);
  util_strlcpy(m->memberNo, (const char *)sqlite3_column_text(s, 0), sizeof m->memberNo);
  util_strlcpy(m->name, (const char *)sqlite3_column_text(s, 1), sizeof m->name);
  util_strlcpy(m->group, (const char *)sqlite3_column_text(s, 2), sizeof m->group);
  util_strlcpy(m->branch, (const char *)sqlite3_column_text(s, 3), sizeof m->branch);
  util_strlcpy(m->phone4, (const char *)sqlite3_column_text(s, 4), sizeof m->phone4);
  m->birthYear = sqlite3_column_int(s, 5);
  m->active = sqlite3_column_int(s, 6);
  m->honour = sqlite3_column_int(s, 7);
}

KrCode roster_get(Db *db, const char *zMemberNo, Member *pOut) {
  sqlite3_stmt *s = db_stmt(db, STMT_MEMBER_GET);
  if (!s) return KR_DB;
  sqlite3_bind_text(s, 1, zMemberNo, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) row_to_member(s, pOut);
  sqlite3_reset(s);
  return rc == SQLITE_ROW ? KR_OK : rc == SQLITE_DONE ? KR_NOT_FOUND : kr_sqlite(rc);
}

KrCode roster_list(Db *db, Member **ppOut, int *pn) {
  *ppOut = NULL;
  *pn = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h,
        "SELECT member_no, name, grp, branch, phone4, birth_year, active, honour FROM member"
        " WHERE active ORDER BY min(member_no) OVER (PARTITION BY grp), member_no", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  int cap = 0, n = 0;
  Member *a = NULL;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 128;
      Member *na = realloc(a, sizeof *a * (size_t)cap);
      if (!na) { rc = SQLITE_NOMEM; break; }
      a = na;
    }
    row_to_member(s, &a[n++]);
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) { free(a); return rc == SQLITE_NOMEM ? KR_NOMEM : kr_sqlite(rc); }
  *ppOut = a;
  *pn = n;
  return KR_OK;
}
