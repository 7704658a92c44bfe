/* township: see township.h. */
#include "township_int.h"
#include "activity.h"
#include "container.h"
#include "csv.h"
#include "db_int.h"
#include "input.h"
#include "keypair.h"
#include "markdown.h"
#include "notice.h"
#include "privfile.h"
#include "roster.h"
#include "sync.h"
#include "util.h"
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


sqlite3 *township_db(Township *t) { return t->h; }
const char *township_id(const Township *t) { return t->id; }

static int exec(sqlite3 *h, const char *sql, char *zErr, int nErr) {
  char *msg = NULL;
  int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK && zErr) snprintf(zErr, nErr, "township database: %s", msg ? msg : sqlite3_errstr(rc));
  sqlite3_free(msg);
  return rc == SQLITE_OK ? 0 : -1;
}

static const char *kSchema =
  "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);"
  "CREATE TABLE IF NOT EXISTS kiosk(kiosk_id TEXT PRIMARY KEY, pk TEXT NOT NULL, village TEXT NOT NULL,"
  "  branch TEXT NOT NULL DEFAULT '', enrolled_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,"
  "  last_import INTEGER, revoked_at INTEGER);"
  "CREATE TABLE IF NOT EXISTS bundle(hash TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, seq_from INTEGER NOT NULL,"
  "  seq_to INTEGER NOT NULL, records INTEGER NOT NULL, fresh INTEGER NOT NULL, duplicate INTEGER NOT NULL,"
  "  rejected INTEGER NOT NULL, imported_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS bundle_by_kiosk ON bundle(kiosk_id, seq_from);"
  "CREATE TABLE IF NOT EXISTS pkg_item(key TEXT PRIMARY KEY, lasting TEXT NOT NULL, uuid TEXT NOT NULL,"
  "  seq INTEGER NOT NULL, hash TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS package(version INTEGER PRIMARY KEY, bytes BLOB NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS nonce(kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, at INTEGER NOT NULL,"
  "  PRIMARY KEY(kiosk_id, nonce));";

/* Each kiosk's contiguous high-water mark, advanced by township_import; and
 * the index that finds the bundles still waiting beyond it. Kept apart from
 * kSchema: township_open adds them to a database made before them. */
static const char *kMarkSchema =
  "CREATE TABLE IF NOT EXISTS kiosk_mark(kiosk_id TEXT PRIMARY KEY, acked INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS bundle_by_kiosk_to ON bundle(kiosk_id, seq_to);";

/* The record tables, with the kiosk's columns (from the kiosk's own
 * migrations) and the record identity (kiosk_id, seq) unique. */
static int create_record_tables(sqlite3 *h, char *zErr, int nErr) {
  sqlite3 *tmpl;
  if (sqlite3_open(":memory:", &tmpl) != SQLITE_OK) return -1;
  for (int i = 0; db_migration_sql(i); i++)
    if (exec(tmpl, db_migration_sql(i), zErr, nErr)) { sqlite3_close(tmpl); return -1; }
  int rc = 0;
  for (int i = 0; !rc && sync_tables[i]; i++) {
    char sql[4096], q[128];
    snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s(", sync_tables[i]);
    snprintf(q, sizeof q, "PRAGMA table_info(%s)", sync_tables[i]);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(tmpl, q, -1, &s, NULL) != SQLITE_OK) { rc = -1; break; }
    int n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
      size_t l = strlen(sql);
      snprintf(sql + l, sizeof sql - l, "%s%s %s", n++ ? ", " : "", (const char *)sqlite3_column_text(s, 1),
               (const char *)sqlite3_column_text(s, 2));
    }
    sqlite3_finalize(s);
    size_t l = strlen(sql);
    snprintf(sql + l, sizeof sql - l, ", UNIQUE(kiosk_id, seq));");
    rc = exec(h, sql, zErr, nErr);
  }
  sqlite3_close(tmpl);
  return rc;
}

/* What the review (review.c) looks records up by. IF NOT EXISTS: an older
 * township database gets them when it is next opened. */
static const char *kIndexes =
  "CREATE INDEX IF NOT EXISTS checkin_by_activity ON checkin(activity_uuid);"
  "CREATE INDEX IF NOT EXISTS checkin_by_reversed ON checkin(reverses_uuid) WHERE reverses_uuid IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS activity_by_day ON activity(day);"
  "CREATE INDEX IF NOT EXISTS activity_by_uuid ON activity(uuid, seq);"
  "CREATE INDEX IF NOT EXISTS activity_history_by_day ON activity_history(day);"
  "CREATE INDEX IF NOT EXISTS activity_history_by_uuid ON activity_history(uuid, seq);"
  "CREATE INDEX IF NOT EXISTS vol_entry_by_day ON vol_entry(day);"
  "CREATE INDEX IF NOT EXISTS vol_review_by_entry ON vol_review(entry_uuid, seq);";

/* Brings a township database made by an older program up to date: the
 * kiosk's revoked_at (a kiosk revoked before it existed gets its last
 * import, when its last records came in) and the indexes. Idempotent. */
static int upgrade_review(sqlite3 *h, char *zErr, int nErr) {
  if (db_int64(h, "SELECT count(*) FROM pragma_table_info('kiosk') WHERE name = 'revoked_at'", NULL) == 0 &&
      exec(h, "BEGIN IMMEDIATE; ALTER TABLE kiosk ADD COLUMN revoked_at INTEGER;"
              " UPDATE kiosk SET revoked_at = coalesce((SELECT max(imported_at) FROM bundle b"
              "  WHERE b.kiosk_id = kiosk.kiosk_id), enrolled_at) WHERE revoked; COMMIT;", zErr, nErr)) {
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  return exec(h, kIndexes, zErr, nErr);
}

static int meta_get(Township *t, const char *zKey, char *zOut, size_t n) {
  return db_kv_get(t->h, zKey, zOut, n) == KR_OK ? 0 : -1;
}

static int meta_set(Township *t, const char *zKey, const char *zValue) { return db_kv_set(t->h, zKey, zValue); }

static int open_db(const char *zDir, sqlite3 **ph, char *zErr, int nErr) {
  char path[1200];
  snprintf(path, sizeof path, "%s/township.db", zDir);
  if (priv_db_files(path, zErr, nErr)) return -1; /* 0600: every village's roster is inside */
  if (sqlite3_open_v2(path, ph, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    snprintf(zErr, nErr, "cannot open %s", path);
    sqlite3_close(*ph);
    *ph = NULL;
    return -1;
  }
  sqlite3_busy_timeout(*ph, 10000);
  return exec(*ph, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", zErr, nErr);
}

KrCode township_init(const char *zDir, const char *zName, char *zErr, int nErr) {
  char path[1200];
  mkdir(zDir, 0755);
  snprintf(path, sizeof path, "%s/township.db", zDir);
  if (access(path, F_OK) == 0) {
    snprintf(zErr, nErr, "%s already exists; a township is made once", path);
    return KR_BAD_INPUT;
  }
  sqlite3 *h;
  if (open_db(zDir, &h, zErr, nErr)) return KR_IO;
  Township t = {.h = h};
  util_strlcpy(t.dir, zDir, sizeof t.dir);
  char id[41] = "town-", u[UUID_LEN + 1];
  util_uuid4(u);
  for (char *c = u, *o = id + 5; *c; c++)
    if (*c != '-') *o++ = *c, *o = 0; /* "town-" and 32 hex digits */
  int rc = exec(h, "BEGIN", zErr, nErr) || exec(h, kSchema, zErr, nErr) || exec(h, kMarkSchema, zErr, nErr) ||
           create_record_tables(h, zErr, nErr) ||
           exec(h, CHECKIN_STANDING_VIEW, zErr, nErr) || exec(h, kIndexes, zErr, nErr) ||
           meta_set(&t, "township_id", id) || meta_set(&t, "name", zName) || meta_set(&t, "seq", "0") ||
           meta_set(&t, "package_version", "0") || exec(h, "COMMIT", zErr, nErr);
  sqlite3_close(h);
  if (rc) return KR_DB;
  int created;
  snprintf(path, sizeof path, "%s/township.key", zDir);
  if (keypair_load_or_create(path, &t.kp, &created, zErr, nErr)) return KR_IO;
  char pk[65], line[512];
  keypair_pk_hex(&t.kp, pk);
  keypair_wipe(&t.kp);
  snprintf(line, sizeof line, "TOWN-PUB1 %s %s %s\n", id, pk, zName);
  snprintf(path, sizeof path, "%s/township.pub", zDir);
  return container_write_file(path, line, strlen(line), zErr, nErr);
}

/* The marks of the kiosks a township made before kiosk_mark existed,
 * worked out once from their bundle rows. */
static int upgrade_marks(Township *t, char *zErr, int nErr) {
  if (db_int64(t->h, "SELECT count(*) FROM sqlite_master WHERE name = 'kiosk_mark'", NULL) == 1) return 0;
  if (exec(t->h, "BEGIN IMMEDIATE", zErr, nErr)) return -1;
  int rc = exec(t->h, kMarkSchema, zErr, nErr);
  sqlite3_stmt *k = NULL, *b = NULL, *w = NULL;
  if (!rc && (sqlite3_prepare_v2(t->h, "SELECT kiosk_id FROM kiosk", -1, &k, NULL) ||
              sqlite3_prepare_v2(t->h, "SELECT seq_from, seq_to FROM bundle WHERE kiosk_id = ?1 ORDER BY seq_from", -1,
                                 &b, NULL) ||
              sqlite3_prepare_v2(t->h, "INSERT OR IGNORE INTO kiosk_mark VALUES(?1, ?2)", -1, &w, NULL)))
    rc = -1;
  while (!rc && sqlite3_step(k) == SQLITE_ROW) {
    int64_t covered = 0;
    sqlite3_bind_value(b, 1, sqlite3_column_value(k, 0));
    while (sqlite3_step(b) == SQLITE_ROW) {
      int64_t from = sqlite3_column_int64(b, 0), to = sqlite3_column_int64(b, 1);
      if (from > covered + 1) break; /* a gap: a bundle still on its way */
      if (to > covered) covered = to;
    }
    sqlite3_reset(b);
    sqlite3_bind_value(w, 1, sqlite3_column_value(k, 0));
    sqlite3_bind_int64(w, 2, covered);
    if (sqlite3_step(w) != SQLITE_DONE) rc = -1;
    sqlite3_reset(w);
  }
  sqlite3_finalize(k);
  sqlite3_finalize(b);
  sqlite3_finalize(w);
  if (rc || exec(t->h, "COMMIT", zErr, nErr)) {
    if (!zErr[0]) snprintf(zErr, nErr, "township database: %s", sqlite3_errmsg(t->h));
    sqlite3_exec(t->h, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  return 0;
}

KrCode township_open(const char *zDir, Township **pp, char *zErr, int nErr) {
  *pp = NULL;
  char path[1200];
  snprintf(path, sizeof path, "%s/township.db", zDir);
  if (access(path, F_OK)) { snprintf(zErr, nErr, "no township in %s; run township init first", zDir); return KR_NOT_FOUND; }
  Township *t = calloc(1, sizeof *t);
  if (!t) { snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  util_strlcpy(t->dir, zDir, sizeof t->dir);
  zErr[0] = 0;
  if (open_db(zDir, &t->h, zErr, nErr) || meta_get(t, "township_id", t->id, sizeof t->id) ||
      upgrade_review(t->h, zErr, nErr)) {
    if (!zErr[0]) snprintf(zErr, nErr, "%s is not a township database", path);
    township_close(t);
    return KR_MALFORMED;
  }
  if (upgrade_marks(t, zErr, nErr)) { township_close(t); return KR_DB; }
  snprintf(path, sizeof path, "%s/township.key", zDir);
  if (keypair_load(path, &t->kp, zErr, nErr)) { township_close(t); return KR_IO; }
  *pp = t;
  return KR_OK;
}

void township_close(Township *t) {
  if (!t) return;
  keypair_wipe(&t->kp);
  sqlite3_close(t->h);
  free(t);
}

KrCode township_kiosk_key(Township *t, const char *zKioskId, unsigned char pk[32]) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(t->h, "SELECT pk, revoked FROM kiosk WHERE kiosk_id = ?1", -1, &s, NULL)) return KR_DB;
  sqlite3_bind_text(s, 1, zKioskId, -1, SQLITE_STATIC);
  KrCode rc = KR_NOT_FOUND;
  if (sqlite3_step(s) == SQLITE_ROW) {
    rc = sqlite3_column_int(s, 1) ? KR_UNTRUSTED : KR_OK;
    if (container_unhex((const char *)sqlite3_column_text(s, 0), pk, 32)) rc = KR_DB;
  }
  sqlite3_finalize(s);
  return rc;
}

KrCode township_enroll(Township *t, const char *zPubFile, const char *zVillage, const char *zBranch, char *zKioskId,
                       char *zErr, int nErr) {
  char id[41], name[256];
  unsigned char pk[32], old[32];
  KrCode kr = sync_read_pubkey(zPubFile, "KIOSK-PUB1", id, pk, name, sizeof name, zErr, nErr);
  if (kr) return kr;
  if (!zVillage || !zVillage[0]) zVillage = name;
  KrCode have = township_kiosk_key(t, id, old);
  if ((have == KR_OK || have == KR_UNTRUSTED) && memcmp(old, pk, 32)) {
    snprintf(zErr, nErr, "kiosk %s is enrolled with another key; revoke it and enrol the new kiosk under its own id", id);
    return KR_UNTRUSTED;
  }
  char h[65];
  container_hex(pk, 32, h);
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(t->h,
        "INSERT INTO kiosk(kiosk_id, pk, village, branch, enrolled_at) VALUES(?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(kiosk_id) DO UPDATE SET village = ?3, branch = ?4", -1, &s, NULL)) return KR_DB;
  sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, h, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, zVillage, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 4, zBranch ? zBranch : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 5, util_now());
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    snprintf(zErr, nErr, "could not enrol: %s", sqlite3_errmsg(t->h));
    return kr_sqlite(rc);
  }
  if (zKioskId) util_strlcpy(zKioskId, id, 41);
  return KR_OK;
}

/* revoked_at keeps the first revocation: the records up to it count. */
KrCode township_revoke(Township *t, const char *zKioskId, char *zErr, int nErr) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(t->h, "UPDATE kiosk SET revoked = 1, revoked_at = coalesce(revoked_at, ?2) WHERE kiosk_id = ?1",
                         -1, &s, NULL))
    return KR_DB;
  sqlite3_bind_text(s, 1, zKioskId, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, util_now());
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    snprintf(zErr, nErr, "could not revoke: %s", sqlite3_errmsg(t->h));
    return kr_sqlite(rc);
  }
  if (sqlite3_changes(t->h) != 1) { snprintf(zErr, nErr, "no enrolled kiosk %s", zKioskId); return KR_NOT_FOUND; }
  return KR_OK;
}

static int b_manifest(sqlite3 *h, const char *zKey, char *zOut, size_t n) {
  sqlite3_stmt *s;
  zOut[0] = 0;
  if (sqlite3_prepare_v2(h, "SELECT value FROM b.manifest WHERE key = ?1", -1, &s, NULL)) return -1;
  sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW && sqlite3_column_text(s, 0)) util_strlcpy(zOut, (const char *)sqlite3_column_text(s, 0), n);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? 0 : -1;
}

/* Comma-separated columns of table zSchema.zTable into z; the count. */
static int columns(sqlite3 *h, const char *zSchema, const char *zTable, char *z, size_t n) {
  char q[160];
  snprintf(q, sizeof q, "PRAGMA %s.table_info(%s)", zSchema, zTable);
  sqlite3_stmt *s;
  z[0] = 0;
  if (sqlite3_prepare_v2(h, q, -1, &s, NULL)) return -1;
  int k = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    size_t l = strlen(z);
    snprintf(z + l, n - l, "%s%s", k++ ? "," : "", (const char *)sqlite3_column_text(s, 1));
  }
  sqlite3_finalize(s);
  return k;
}

/* Merges the attached bundle "b" from kiosk zKiosk inside a transaction. */
static int merge(Township *t, const char *zKiosk, TownshipImport *p, char *zErr, int nErr) {
  for (int i = 0; sync_tables[i]; i++) {
    const char *tab = sync_tables[i];
    char have[2048], cols[2048], sql[4600];
    if (db_int64(t->h, "SELECT count(*) FROM b.sqlite_master WHERE type = 'table' AND name = ?1", tab) != 1) continue;
    if (columns(t->h, "b", tab, have, sizeof have) <= 0 || columns(t->h, "main", tab, cols, sizeof cols) <= 0) return -1;
    if (strcmp(have, cols)) {
      snprintf(zErr, nErr, "the bundle's %s table has other columns than this township expects (kiosk newer?)", tab);
      return -1;
    }
    snprintf(sql, sizeof sql, "SELECT count(*) FROM b.%s", tab);
    int64_t total = db_int64(t->h, sql, NULL);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM b.%s WHERE kiosk_id IS NOT ?1 OR seq IS NULL OR uuid IS NULL", tab);
    int64_t bad = db_int64(t->h, sql, zKiosk);
    snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO main.%s(%s) SELECT %s FROM b.%s WHERE kiosk_id = ?1"
             " AND seq IS NOT NULL AND uuid IS NOT NULL", tab, cols, cols, tab);
    sqlite3_stmt *s;
    if (total < 0 || bad < 0 || sqlite3_prepare_v2(t->h, sql, -1, &s, NULL)) return -1;
    sqlite3_bind_text(s, 1, zKiosk, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return -1;
    int fresh = sqlite3_changes(t->h);
    p->fresh += fresh;
    p->rejected += (int)bad;
    p->duplicate += (int)(total - bad - fresh);
  }
  return 0;
}

static void village_of(Township *t, const char *zKiosk, char *zOut, size_t n) {
  sqlite3_stmt *s;
  zOut[0] = 0;
  if (sqlite3_prepare_v2(t->h, "SELECT village FROM kiosk WHERE kiosk_id = ?1", -1, &s, NULL) != SQLITE_OK) return;
  sqlite3_bind_text(s, 1, zKiosk, -1, SQLITE_STATIC);
  if (sqlite3_step(s) == SQLITE_ROW) util_strlcpy(zOut, (const char *)sqlite3_column_text(s, 0), n);
  sqlite3_finalize(s);
}

/* The mark of kiosk zKiosk; 0 when it has none yet (a kiosk enrolled before
 * kiosk_mark had its row made by upgrade_marks; a new one gets it here). */
static int64_t mark_of(Township *t, const char *zKiosk) {
  return db_int64(t->h, "SELECT coalesce((SELECT acked FROM kiosk_mark WHERE kiosk_id = ?1), 0)", zKiosk);
}

/* Inside the import's transaction: moves the kiosk's mark over the bundle
 * [from, to] and over any bundles held back behind a gap that it closes.
 * *pKeep says whether the bundle needs a row: it brought records, or it is
 * ahead of a gap and must wait there. Only rows beyond the mark are read (the
 * index on seq_to), so the work does not grow with the kiosk's history. */
static int advance_mark(Township *t, const char *zKiosk, int64_t from, int64_t to, int records, int *pKeep) {
  int64_t mark = mark_of(t, zKiosk);
  if (mark < 0) return -1;
  *pKeep = records > 0;
  if (from > to) return 0;                                /* nothing new: an idle kiosk's bundle */
  if (from > mark + 1) { *pKeep = 1; return 0; }          /* out of order: waits for the gap */
  if (to <= mark) return 0;                               /* all held already */
  mark = to;
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(t->h, "SELECT max(seq_to) FROM bundle INDEXED BY bundle_by_kiosk_to"
                               " WHERE kiosk_id = ?1 AND seq_to > ?2 AND seq_from <= ?2 + 1", -1, &s, NULL))
    return -1;
  for (;;) { /* each step swallows the waiting bundles that now touch the mark */
    sqlite3_bind_text(s, 1, zKiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, mark);
    int64_t next = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL ? sqlite3_column_int64(s, 0)
                                                                                               : mark;
    sqlite3_reset(s);
    if (next <= mark) break;
    mark = next;
  }
  sqlite3_finalize(s);
  if (sqlite3_prepare_v2(t->h, "INSERT INTO kiosk_mark VALUES(?1, ?2) ON CONFLICT(kiosk_id) DO UPDATE SET acked = ?2",
                         -1, &s, NULL))
    return -1;
  sqlite3_bind_text(s, 1, zKiosk, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, mark);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* The code for a refused kiosk (township_kiosk_key's answer), with its message. */
static KrCode kiosk_refused(KrCode k, const char *zKiosk, char *zErr, int nErr) {
  if (k == KR_NOT_FOUND) snprintf(zErr, nErr, "unknown kiosk %s: enrol it first (township enroll kiosk.pub ...)", zKiosk);
  else if (k == KR_UNTRUSTED) snprintf(zErr, nErr, "kiosk %s has been revoked; its bundles are refused", zKiosk);
  else snprintf(zErr, nErr, "township database error: %s", kr_name(k));
  return k;
}

KrCode township_import(Township *t, const unsigned char *z, size_t n, TownshipImport *p, char *zErr, int nErr) {
  memset(p, 0, sizeof *p);
  ContainerInfo ci;
  KrCode kr = container_peek(z, n, &ci, zErr, nErr);
  if (kr) return kr;
  if (ci.kind != CONTAINER_BUNDLE) { snprintf(zErr, nErr, "malformed: not a kiosk bundle"); return KR_MALFORMED; }
  util_strlcpy(p->kioskId, ci.signer, sizeof p->kioskId);
  unsigned char pk[32];
  if ((kr = township_kiosk_key(t, ci.signer, pk))) return kiosk_refused(kr, ci.signer, zErr, nErr);
  if ((kr = container_verify(z, n, pk, zErr, nErr))) return kr;
  char hash[65];
  container_hex(ci.hash, sizeof ci.hash, hash);
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(t->h, "SELECT seq_from, seq_to, records FROM bundle WHERE hash = ?1", -1, &s, NULL)) {
    snprintf(zErr, nErr, "township database: %s", sqlite3_errmsg(t->h));
    return KR_DB;
  }
  sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
  if (sqlite3_step(s) == SQLITE_ROW) { /* this very file, again */
    p->seqFrom = sqlite3_column_int64(s, 0);
    p->seqTo = sqlite3_column_int64(s, 1);
    p->duplicate = sqlite3_column_int(s, 2);
    p->skipped = 1;
    sqlite3_finalize(s);
    village_of(t, ci.signer, p->village, sizeof p->village);
    return KR_OK;
  }
  sqlite3_finalize(s);
  unsigned char *plain;
  size_t nPlain;
  if ((kr = container_open(&ci, t->kp.pk, t->kp.sk, &plain, &nPlain, zErr, nErr))) return kr;
  unsigned char *copy = sqlite3_malloc64(nPlain ? nPlain : 1);
  if (!copy) { free(plain); snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  memcpy(copy, plain, nPlain);
  free(plain);
  if (exec(t->h, "ATTACH ':memory:' AS b", zErr, nErr)) { sqlite3_free(copy); return KR_DB; }
  KrCode rc = KR_MALFORMED;
  int inTxn = 0;
  char kiosk[64], from[32], to[32], schema[16];
  if (sqlite3_deserialize(t->h, "b", copy, (sqlite3_int64)nPlain, (sqlite3_int64)nPlain,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK ||
      db_int64(t->h, "SELECT count(*) FROM b.sqlite_master", NULL) < 0 ||
      b_manifest(t->h, "kiosk_id", kiosk, sizeof kiosk) || b_manifest(t->h, "seq_from", from, sizeof from) ||
      b_manifest(t->h, "seq_to", to, sizeof to) || b_manifest(t->h, "schema_version", schema, sizeof schema)) {
    snprintf(zErr, nErr, "malformed bundle: no readable manifest");
    goto done;
  }
  if (strcmp(kiosk, ci.signer)) {
    snprintf(zErr, nErr, "malformed bundle: its manifest names kiosk %s, but %s signed it", kiosk, ci.signer);
    goto done;
  }
  int64_t schemaV, seqFrom, seqTo; /* parsed so that no digits can overflow */
  if (input_int(schema, 0, INT32_MAX, &schemaV) || input_int(from, 0, INT64_MAX, &seqFrom) ||
      input_int(to, 0, INT64_MAX, &seqTo)) {
    snprintf(zErr, nErr, "malformed bundle: the manifest's numbers are damaged");
    goto done;
  }
  if (schemaV > DB_SCHEMA_VERSION) {
    snprintf(zErr, nErr, "the bundle has schema %s, newer than this township program (%d)", schema, DB_SCHEMA_VERSION);
    goto done;
  }
  p->seqFrom = seqFrom;
  p->seqTo = seqTo;
  int r = sqlite3_exec(t->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (r != SQLITE_OK) {
    snprintf(zErr, nErr, "township database busy: %s", sqlite3_errmsg(t->h));
    rc = kr_sqlite(r);
    goto done;
  }
  inTxn = 1;
  rc = KR_DB;
  if (merge(t, ci.signer, p, zErr, nErr)) {
    if (!zErr[0] || !strstr(zErr, "columns")) snprintf(zErr, nErr, "could not merge: %s", sqlite3_errmsg(t->h));
    else rc = KR_MALFORMED;
    goto done;
  }
  int keep;
  if (advance_mark(t, ci.signer, p->seqFrom, p->seqTo, p->fresh + p->duplicate + p->rejected, &keep)) {
    snprintf(zErr, nErr, "could not advance the acknowledgement: %s", sqlite3_errmsg(t->h));
    goto done;
  }
  if (keep) {
    if (sqlite3_prepare_v2(t->h, "INSERT INTO bundle VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &s, NULL)) goto done;
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, ci.signer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, p->seqFrom);
    sqlite3_bind_int64(s, 4, p->seqTo);
    sqlite3_bind_int(s, 5, p->fresh + p->duplicate + p->rejected);
    sqlite3_bind_int(s, 6, p->fresh);
    sqlite3_bind_int(s, 7, p->duplicate);
    sqlite3_bind_int(s, 8, p->rejected);
    sqlite3_bind_int64(s, 9, util_now());
    r = sqlite3_step(s);
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) { snprintf(zErr, nErr, "could not record the bundle: %s", sqlite3_errmsg(t->h)); goto done; }
  }
  if ((r = sqlite3_exec(t->h, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
    snprintf(zErr, nErr, "could not save: %s", sqlite3_errmsg(t->h));
    rc = kr_sqlite(r);
    goto done;
  }
  inTxn = 0;
  rc = KR_OK;
done:
  if (inTxn) sqlite3_exec(t->h, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec(t->h, "DETACH b", NULL, NULL, NULL);
  if (!rc) village_of(t, ci.signer, p->village, sizeof p->village);
  return rc;
}

KrCode township_import_file(Township *t, const char *zPath, TownshipImport *p, char *zErr, int nErr) {
  unsigned char *z;
  size_t n;
  memset(p, 0, sizeof *p);
  KrCode rc = container_read_file(zPath, CONTAINER_MAX, &z, &n, zErr, nErr);
  if (rc) return rc;
  rc = township_import(t, z, n, p, zErr, nErr);
  free(z);
  return rc;
}

int64_t township_acked(Township *t, const char *zKioskId) { return mark_of(t, zKioskId); }

KrCode township_ack(Township *t, const char *zKioskId, unsigned char **pp, size_t *pn, int64_t *pSeq, char *zErr,
                    int nErr) {
  unsigned char pk[32];
  KrCode k = township_kiosk_key(t, zKioskId, pk);
  if (k) {
    if (k == KR_UNTRUSTED) snprintf(zErr, nErr, "kiosk %s is revoked", zKioskId);
    else if (k == KR_NOT_FOUND) snprintf(zErr, nErr, "unknown kiosk %s", zKioskId);
    else snprintf(zErr, nErr, "township database error: %s", kr_name(k));
    return k;
  }
  int64_t seq = township_acked(t, zKioskId);
  if (seq < 0) { snprintf(zErr, nErr, "township database: %s", sqlite3_errmsg(t->h)); return KR_DB; }
  char text[200];
  snprintf(text, sizeof text, ACK_MAGIC " %s %lld %lld", zKioskId, (long long)seq, (long long)util_now());
  KrCode rc = container_make(CONTAINER_ACK, t->id, t->kp.sk, NULL, text, strlen(text), pp, pn);
  if (rc) {
    snprintf(zErr, nErr, "cannot sign the acknowledgement");
    return rc;
  }
  if (pSeq) *pSeq = seq;
  return KR_OK;
}

KrCode township_ack_file(Township *t, const char *zKioskId, const char *zDir, char *zPath, size_t nPath, int64_t *pSeq,
                         char *zErr, int nErr) {
  unsigned char *z;
  size_t n;
  int64_t seq;
  KrCode rc = township_ack(t, zKioskId, &z, &n, &seq, zErr, nErr);
  if (rc) return rc;
  snprintf(zPath, nPath, "%s/ack-%.8s-%lld.ksa", zDir, zKioskId, (long long)seq);
  rc = container_write_file(zPath, z, n, zErr, nErr);
  free(z);
  if (pSeq) *pSeq = seq;
  return rc;
}

KrCode township_nonce(Township *t, const char *zKioskId, const char *zNonce, int64_t at) {
  sqlite3_stmt *s;
  sqlite3_exec(t->h, "DELETE FROM nonce WHERE at < strftime('%s','now') - 86400", NULL, NULL, NULL);
  if (sqlite3_prepare_v2(t->h, "INSERT INTO nonce VALUES(?1, ?2, ?3)", -1, &s, NULL)) return KR_DB;
  sqlite3_bind_text(s, 1, zKioskId, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, zNonce, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, at);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc == SQLITE_DONE) return KR_OK;
  return (rc & 0xff) == SQLITE_CONSTRAINT ? KR_NOT_NEWER : kr_sqlite(rc);
}

KrCode township_latest_package(Township *t, unsigned char **pp, size_t *pn, int64_t *pVersion) {
  *pp = NULL;
  *pn = 0;
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(t->h, "SELECT version, bytes FROM package ORDER BY version DESC LIMIT 1", -1, &s, NULL))
    return KR_DB;
  KrCode rc = KR_NOT_FOUND;
  if (sqlite3_step(s) == SQLITE_ROW) {
    *pVersion = sqlite3_column_int64(s, 0);
    size_t n = (size_t)sqlite3_column_bytes(s, 1);
    *pp = malloc(n ? n : 1);
    if (*pp) {
      memcpy(*pp, sqlite3_column_blob(s, 1), n);
      *pn = n;
      rc = KR_OK;
    } else rc = KR_NOMEM;
  }
  sqlite3_finalize(s);
  return rc;
}
