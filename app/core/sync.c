/* sync: see sync.h. */
#include "sync.h"
#include "container.h"
#include "db_int.h"
#include "input.h"
#include "package.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const sync_tables[] = {"member", "member_history", "activity", "activity_history", "checkin", "card",
                                   "scan_refusal", "notice", "notice_image", "notice_view", "vol_shift", "vol_entry",
                                   "vol_review", NULL};

int sync_meta_get(Db *db, const char *zKey, char *zOut, int nOut) {
  KrCode rc = db_kv_get(db->h, zKey, zOut, (size_t)nOut);
  return rc == KR_OK ? 1 : rc == KR_NOT_FOUND ? 0 : -1;
}

int sync_meta_set(Db *db, const char *zKey, const char *zValue) { return db_kv_set(db->h, zKey, zValue); }

KrCode sync_write_pubkey(Db *db, const KeyPair *kp, const Config *cfg, const char *zPath, char *zErr, int nErr) {
  char h[65], line[512];
  container_hex(kp->pk, 32, h);
  snprintf(line, sizeof line, "KIOSK-PUB1 %s %s %s\n", db_kiosk_id(db), h, cfg->village[0] ? cfg->village : "-");
  return container_write_file(zPath, line, strlen(line), zErr, nErr);
}

KrCode sync_read_pubkey(const char *zPath, const char *zTag, char zId[41], unsigned char pk[32], char *zName,
                        int nName, char *zErr, int nErr) {
  unsigned char *buf;
  size_t n;
  KrCode rc = container_read_file(zPath, 4096, &buf, &n, zErr, nErr);
  if (rc) return rc;
  char *z = (char *)buf;
  char tag[16] = "", id[64] = "", h[80] = "", name[256] = "";
  char *text = malloc(n + 1);
  if (!text) { free(buf); snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  memcpy(text, z, n);
  text[n] = 0;
  free(buf);
  int got = sscanf(text, "%15s %63s %79s %255s", tag, id, h, name);
  free(text);
  if (got < 3 || strcmp(tag, zTag) || strlen(id) > 40 || container_unhex(h, pk, 32)) {
    snprintf(zErr, nErr, "%s is not a %s public key file", zPath, !strcmp(zTag, "TOWN-PUB1") ? "township" : "kiosk");
    return KR_MALFORMED;
  }
  util_strlcpy(zId, id, 41);
  if (zName) util_strlcpy(zName, got == 4 ? name : "", (size_t)nName);
  return KR_OK;
}

KrCode sync_township(Db *db, char zId[41], unsigned char pk[32]) {
  char id[64], h[80];
  int a = sync_meta_get(db, "township_id", id, sizeof id), b = sync_meta_get(db, "township_pk", h, sizeof h);
  if (a < 0 || b < 0) return KR_DB;
  if (!a || !b) return KR_UNTRUSTED;
  util_strlcpy(zId, id, 41);
  return container_unhex(h, pk, 32) ? KR_DB : KR_OK;
}

/* Ends a failed write transaction: rolls back and says why. */
static KrCode save_failed(Db *db, int rc, char *zErr, int nErr) {
  snprintf(zErr, nErr, "could not save: %s", sqlite3_errmsg(db->h));
  db_rollback(db);
  return kr_sqlite(rc);
}

KrCode sync_trust(Db *db, const char *zPath, int replace, char *zErr, int nErr) {
  char id[41], name[256], curId[41];
  unsigned char pk[32], curPk[32];
  KrCode rc = sync_read_pubkey(zPath, "TOWN-PUB1", id, pk, name, sizeof name, zErr, nErr);
  if (rc) return rc;
  KrCode have = sync_township(db, curId, curPk);
  if (have == KR_DB) { snprintf(zErr, nErr, "cannot read the trusted township"); return KR_DB; }
  if (have == KR_OK && !replace && (strcmp(curId, id) || memcmp(curPk, pk, 32))) {
    snprintf(zErr, nErr, "this kiosk already trusts township %s; a different key is refused (use --replace in person)",
             curId);
    return KR_OTHER_TOWNSHIP;
  }
  char h[65];
  container_hex(pk, 32, h);
  int r = db_begin(db);
  if (r == SQLITE_OK) r = sync_meta_set(db, "township_id", id) || sync_meta_set(db, "township_pk", h) ||
                              sync_meta_set(db, "township_name", name) ? SQLITE_ERROR : db_commit(db);
  return r == SQLITE_OK ? KR_OK : save_failed(db, r, zErr, nErr);
}

int64_t sync_acked(Db *db) {
  char v[32];
  return sync_meta_get(db, "acked_seq", v, sizeof v) == 1 ? strtoll(v, NULL, 10) : 0;
}

/* Copies this kiosk's records after seq `after` into the attached memory
 * database "b", with a manifest; returns the records copied or -1. */
static int fill_bundle(Db *db, const Config *cfg, int64_t after, int64_t last) {
  int total = 0;
  char sql[512];
  for (int i = 0; sync_tables[i]; i++) {
    snprintf(sql, sizeof sql, "CREATE TABLE b.%s AS SELECT * FROM main.%s WHERE kiosk_id = ?1 AND seq > ?2 AND seq <= ?3",
             sync_tables[i], sync_tables[i]);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_text(s, 1, db->kioskId, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, after);
    sqlite3_bind_int64(s, 3, last);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM b.%s", sync_tables[i]);
    if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(s) == SQLITE_ROW) total += sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
  }
  char created[32], from[32], to[32], schema[16], count[16];
  snprintf(created, sizeof created, "%lld", (long long)util_now());
  snprintf(from, sizeof from, "%lld", (long long)after + 1);
  snprintf(to, sizeof to, "%lld", (long long)last);
  snprintf(schema, sizeof schema, "%d", DB_SCHEMA_VERSION);
  snprintf(count, sizeof count, "%d", total);
  const char *kv[][2] = {{"format", "kiosk-bundle-1"}, {"kiosk_id", db->kioskId}, {"village", cfg->village},
                         {"branch", cfg->branch},        {"township", cfg->township}, {"seq_from", from},
                         {"seq_to", to},                  {"schema_version", schema}, {"created_at", created},
                         {"records", count}};
  if (sqlite3_exec(db->h, "CREATE TABLE b.manifest(key TEXT PRIMARY KEY, value TEXT NOT NULL)", NULL, NULL, NULL))
    return -1;
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->h, "INSERT INTO b.manifest VALUES(?1, ?2)", -1, &s, NULL)) return -1;
    sqlite3_bind_text(s, 1, kv[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, kv[i][1], -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return -1;
  }
  return total;
}

KrCode sync_bundle(Db *db, const KeyPair *kp, const Config *cfg, int all, int plain, unsigned char **pp, size_t *pn,
                   SyncExport *pOut, char *zErr, int nErr) {
  *pp = NULL;
  *pn = 0;
  memset(pOut, 0, sizeof *pOut);
  char tid[41];
  unsigned char tpk[32];
  KrCode tr = sync_township(db, tid, tpk);
  int trusted = tr == KR_OK;
  if (tr == KR_DB) { snprintf(zErr, nErr, "cannot read the trusted township"); return KR_DB; }
  if (!trusted && !plain) {
    snprintf(zErr, nErr, "no township is trusted yet, so the bundle cannot be sealed; run kioskctl trust township.pub");
    return KR_UNTRUSTED;
  }
  /* one read transaction: the seq range and the rows agree */
  int b = sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL);
  if (b != SQLITE_OK) { snprintf(zErr, nErr, "database busy"); return kr_sqlite(b); }
  int64_t after = all ? 0 : sync_acked(db), last = db_last_seq(db);
  int rc = -1, n = -1;
  if (sqlite3_exec(db->h, "ATTACH ':memory:' AS b", NULL, NULL, NULL) == SQLITE_OK) {
    n = fill_bundle(db, cfg, after, last);
    sqlite3_int64 size = 0;
    unsigned char *img = n >= 0 ? sqlite3_serialize(db->h, "b", &size, 0) : NULL;
    if (img) {
      rc = container_make(CONTAINER_BUNDLE, db->kioskId, kp->sk, trusted > 0 && !plain ? tpk : NULL, img, (size_t)size,
                          pp, pn);
      sqlite3_free(img);
    }
    sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    sqlite3_exec(db->h, "DETACH b", NULL, NULL, NULL); /* only outside the transaction */
  } else sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
  if (rc) {
    snprintf(zErr, nErr, "could not build the bundle: %s", sqlite3_errmsg(db->h));
    return rc == KR_TOO_LARGE || rc == KR_NOMEM ? (KrCode)rc : KR_DB;
  }
  pOut->seqFrom = after + 1;
  pOut->seqTo = last;
  pOut->records = n;
  pOut->bytes = *pn;
  pOut->sealed = trusted > 0 && !plain;
  return KR_OK;
}

KrCode sync_export(Db *db, const KeyPair *kp, const Config *cfg, int all, int plain, const char *zDir,
                   SyncExport *pOut, char *zErr, int nErr) {
  unsigned char *z;
  size_t n;
  KrCode kr = sync_bundle(db, kp, cfg, all, plain, &z, &n, pOut, zErr, nErr);
  if (kr) return kr;
  /* a name that sorts by time and says whose it is */
  char stamp[32];
  time_t t = (time_t)util_now();
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  snprintf(pOut->path, sizeof pOut->path, "%s/bundle-%.8s-%s-%lld-%lld.ksb", zDir, db->kioskId, stamp,
           (long long)pOut->seqFrom, (long long)pOut->seqTo);
  KrCode rc = container_write_file(pOut->path, z, n, zErr, nErr);
  free(z);
  if (rc == 0) {
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)util_now());
    sync_meta_set(db, "last_export_at", v);
  }
  return rc;
}

/* "KIOSK-ACK1 <kiosk id> <acked seq> <issued at>". The checks against
 * what the kiosk holds run inside the write transaction, so an older
 * acknowledgement racing a newer one is refused, never written after it. */
static KrCode apply_ack(Db *db, const unsigned char *z, size_t n, SyncApplied *p, char *zErr, int nErr) {
  char text[256], tag[16], id[64], zSeq[24], zAt[24];
  int64_t seq64, at64;
  if (n >= sizeof text || memchr(z, 0, n)) { snprintf(zErr, nErr, "malformed acknowledgement"); return KR_MALFORMED; }
  memcpy(text, z, n);
  text[n] = 0;
  /* the numbers as text first, then parsed without overflow (%lld on 20 digits is undefined) */
  if (sscanf(text, "%15s %63s %23s %23s", tag, id, zSeq, zAt) != 4 || strcmp(tag, ACK_MAGIC) ||
      input_int(zSeq, 0, INT64_MAX, &seq64) || input_int(zAt, INT64_MIN, INT64_MAX, &at64)) {
    snprintf(zErr, nErr, "malformed acknowledgement");
    return KR_MALFORMED;
  }
  long long seq = seq64; /* at64, when it was made, is only checked to be a number */
  if (strcmp(id, db->kioskId)) {
    snprintf(zErr, nErr, "the acknowledgement is for kiosk %s, not this one (%s)", id, db->kioskId);
    return KR_WRONG_KIOSK;
  }
  int r = db_begin(db);
  if (r != SQLITE_OK) return save_failed(db, r, zErr, nErr);
  int64_t last = db_last_seq(db);
  p->ackedBefore = p->acked = sync_acked(db);
  if (seq > last) {
    db_rollback(db);
    snprintf(zErr, nErr, "the acknowledgement names seq %lld, but this kiosk has only written up to %lld", seq,
             (long long)last);
    return KR_AHEAD;
  }
  if (seq <= p->ackedBefore) { /* an old acknowledgement never moves the mark back */
    db_rollback(db);
    snprintf(zErr, nErr, "the acknowledgement (seq %lld) is not newer than the one held (%lld): old or replayed", seq,
             (long long)p->ackedBefore);
    return KR_NOT_NEWER;
  }
  char v[32];
  snprintf(v, sizeof v, "%lld", seq);
  r = sync_meta_set(db, "acked_seq", v) ? SQLITE_ERROR : db_commit(db);
  if (r != SQLITE_OK) return save_failed(db, r, zErr, nErr);
  p->acked = seq;
  return KR_OK;
}

KrCode sync_apply(Db *db, const unsigned char *z, size_t n, SyncApplied *pOut, char *zErr, int nErr) {
  memset(pOut, 0, sizeof *pOut);
  if (n > PACKAGE_MAX_BYTES) {
    snprintf(zErr, nErr, "the file is over %u MiB", PACKAGE_MAX_BYTES >> 20);
    return KR_TOO_LARGE;
  }
  ContainerInfo ci;
  KrCode rc = container_peek(z, n, &ci, zErr, nErr);
  if (rc) return rc;
  char tid[41];
  unsigned char tpk[32];
  rc = sync_township(db, tid, tpk);
  if (rc == KR_DB) { snprintf(zErr, nErr, "cannot read the trusted township"); return rc; }
  if (rc) { snprintf(zErr, nErr, "no township is trusted yet; run kioskctl trust township.pub"); return KR_UNTRUSTED; }
  if (strcmp(ci.signer, tid)) {
    snprintf(zErr, nErr, "signed by %s, which is not the trusted township (%s)", ci.signer, tid);
    return KR_OTHER_TOWNSHIP;
  }
  if ((rc = container_verify(z, n, tpk, zErr, nErr))) return rc;
  if (ci.kind != CONTAINER_ACK && ci.kind != CONTAINER_PACKAGE) {
    snprintf(zErr, nErr, "malformed: a bundle is for the township, not for a kiosk");
    return KR_MALFORMED;
  }
  if (ci.sealed) { snprintf(zErr, nErr, "malformed: sealed township files are not supported"); return KR_MALFORMED; }
  pOut->kind = ci.kind;
  if (ci.kind == CONTAINER_ACK) return apply_ack(db, ci.body, ci.nBody, pOut, zErr, nErr);
  return package_apply(db, tid, ci.body, ci.nBody, pOut, zErr, nErr);
}

KrCode sync_apply_file(Db *db, const char *zPath, SyncApplied *pOut, char *zErr, int nErr) {
  unsigned char *z;
  size_t n;
  memset(pOut, 0, sizeof *pOut);
  KrCode rc = container_read_file(zPath, PACKAGE_MAX_BYTES, &z, &n, zErr, nErr);
  if (rc) return rc;
  rc = sync_apply(db, z, n, pOut, zErr, nErr);
  free(z);
  return rc;
}
