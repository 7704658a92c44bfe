/* Sync in the core: the signed, sealed container (round trip, every bit
 * flip refused, the wrong recipient refused), acknowledgements only moving
 * the mark forward, the township's contiguous acknowledged seq with gaps,
 * overlaps and bundles out of order (against the old whole-history scan),
 * no bundle rows for empty syncs and an acknowledgement whose work does not
 * grow with them, update packages refused when expired — with nothing
 * changed — each refusal's KrCode, and two appliers racing on two
 * connections (an older and a newer package, an older and a newer
 * acknowledgement): the newer always wins. */
#include "check.h"
#include "container.h"
#include "db_int.h"
#include "keypair.h"
#include "package.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include "checkin.h"
#include "demo.h"
#include "roster.h"
#include "volunteer.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void container(void) {
  REQUIRE(sodium_init() >= 0);
  unsigned char apk[32], ask[64], bpk[32], bsk[64], cpk[32], csk[64];
  crypto_sign_keypair(apk, ask);
  crypto_sign_keypair(bpk, bsk);
  crypto_sign_keypair(cpk, csk);
  unsigned char payload[200000];
  for (size_t i = 0; i < sizeof payload; i++) payload[i] = (unsigned char)(i * 7 + i / 300);
  unsigned char *z;
  size_t n;
  char err[256];
  REQUIRE(container_make(CONTAINER_BUNDLE, "kiosk-a", ask, bpk, payload, sizeof payload, &z, &n) == 0);
  ContainerInfo ci;
  REQUIRE(container_peek(z, n, &ci, err, sizeof err) == 0);
  CHECK(ci.kind == CONTAINER_BUNDLE && ci.sealed && !strcmp(ci.signer, "kiosk-a"));
  int seen = 0; /* sealed: the payload is not readable in the file */
  for (size_t i = 0; i + 64 <= n && !seen; i++) seen = !memcmp(z + i, payload + 1000, 64);
  CHECK(!seen);
  CHECK(container_verify(z, n, apk, err, sizeof err) == 0);
  CHECK(container_verify(z, n, bpk, err, sizeof err) == KR_BAD_SIGNATURE && strstr(err, "wrong signature"));
  unsigned char *out;
  size_t nOut;
  REQUIRE(container_open(&ci, bpk, bsk, &out, &nOut, err, sizeof err) == 0);
  CHECK(nOut == sizeof payload && !memcmp(out, payload, nOut));
  free(out);
  CHECK(container_open(&ci, cpk, csk, &out, &nOut, err, sizeof err) == KR_OTHER_TOWNSHIP && strstr(err, "another recipient"));
  /* a flipped bit anywhere is refused */
  int refused = 0, tries = 0;
  for (size_t at = 0; at < n; at += n / 97 + 1, tries++) {
    z[at] ^= 0x10;
    if (container_peek(z, n, &ci, err, sizeof err) || container_verify(z, n, apk, err, sizeof err)) refused++;
    z[at] ^= 0x10;
  }
  CHECK(refused == tries);
  CHECK(container_verify(z, n - 1, apk, err, sizeof err) == KR_MALFORMED); /* truncated */
  free(z);
  /* plain */
  REQUIRE(container_make(CONTAINER_ACK, "town-x", ask, NULL, "hello", 5, &z, &n) == 0);
  REQUIRE(container_peek(z, n, &ci, err, sizeof err) == 0);
  CHECK(!ci.sealed && ci.nBody == 5 && !memcmp(ci.body, "hello", 5));
  free(z);
}

/* One more record in the kiosk: a volunteer entry for today. */
static int vol_dummy_checkin(Db *db) {
  char today[11], err[256];
  util_local_date(util_now(), today);
  return vol_log(db, "LM0001", "环境整治", today, 2, "cli", NULL, err, sizeof err);
}

/* A township in gDir/town with this kiosk enrolled and trusted. */
static Township *setup(Db *db, KeyPair *kp) {
  char town[700], path[800], err[256];
  int created;
  test_path("town", town, sizeof town);
  if (township_init(town, "刘集镇", err, sizeof err)) { fprintf(stderr, "%s\n", err); return NULL; }
  Township *t;
  if (township_open(town, &t, err, sizeof err)) return NULL;
  keypair_load_or_create(test_path("kiosk.key", path, sizeof path), kp, &created, err, sizeof err);
  Config cfg;
  config_defaults(&cfg);
  test_path("kiosk.pub", path, sizeof path);
  if (sync_write_pubkey(db, kp, &cfg, path, err, sizeof err) || township_enroll(t, path, "鲁庙村", "", NULL, err, sizeof err))
    return NULL;
  snprintf(path, sizeof path, "%s/township.pub", town);
  if (sync_trust(db, path, 1, err, sizeof err)) return NULL; /* replace: a case may make a second township */
  return t;
}

/* A case's start: the clock at 10:00 today, the demo village, and a
 * township with it enrolled and trusted (NULL on failure; *pDb may still
 * need closing). */
static Township *start(Db **pDb, KeyPair *kp) {
  util_set_clock(test_today_at(10, 0));
  *pDb = test_demo_db();
  return *pDb ? setup(*pDb, kp) : NULL;
}

/* A case's end. */
static void finish(Township *t, KeyPair *kp, Db *db) {
  township_close(t);
  keypair_wipe(kp);
  db_close(db);
  util_set_clock(-1);
}

static void acks(void) {
  Db *db;
  KeyPair kp;
  Township *t = start(&db, &kp);
  REQUIRE(t);
  Config cfg;
  config_defaults(&cfg);
  char err[256];
  unsigned char *b1, *b2, *ack;
  size_t n1, n2, nAck;
  SyncExport e1, e2;
  REQUIRE(sync_bundle(db, &kp, &cfg, 0, 0, &b1, &n1, &e1, err, sizeof err) == 0);
  /* a second bundle that does not start where the first did: as if the
   * first is still on a stick somewhere */
  char seq[32];
  snprintf(seq, sizeof seq, "%lld", (long long)e1.seqTo);
  sync_meta_set(db, "acked_seq", seq);
  CHECK(vol_dummy_checkin(db) == 0);
  REQUIRE(sync_bundle(db, &kp, &cfg, 0, 0, &b2, &n2, &e2, err, sizeof err) == 0);
  sync_meta_set(db, "acked_seq", "0");
  TownshipImport r;
  REQUIRE(township_import(t, b2, n2, &r, err, sizeof err) == 0);
  CHECK(township_acked(t, db_kiosk_id(db)) == 0); /* a gap: nothing acknowledged */
  REQUIRE(township_import(t, b1, n1, &r, err, sizeof err) == 0);
  CHECK(township_acked(t, db_kiosk_id(db)) == e2.seqTo);
  int64_t ackSeq;
  REQUIRE(township_ack(t, db_kiosk_id(db), &ack, &nAck, &ackSeq, err, sizeof err) == 0);
  SyncApplied ap;
  REQUIRE(sync_apply(db, ack, nAck, &ap, err, sizeof err) == 0);
  CHECK(ap.kind == CONTAINER_ACK && ap.acked == e2.seqTo && sync_acked(db) == e2.seqTo);
  /* the same again, or an older one, never moves it back: refused as old */
  CHECK(sync_apply(db, ack, nAck, &ap, err, sizeof err) == KR_NOT_NEWER && sync_acked(db) == e2.seqTo);
  CHECK(ap.kind == CONTAINER_ACK && ap.acked == e2.seqTo && strstr(err, "not newer"));
  snprintf(seq, sizeof seq, "%lld", (long long)e2.seqTo + 5);
  sync_meta_set(db, "acked_seq", seq);
  CHECK(sync_apply(db, ack, nAck, &ap, err, sizeof err) == KR_NOT_NEWER && sync_acked(db) == e2.seqTo + 5);
  free(b1);
  free(b2);
  free(ack);
  finish(t, &kp, db);
}

static void expired_package(void) {
  Db *db;
  KeyPair kp;
  Township *t = start(&db, &kp);
  REQUIRE(t);
  char today[11], out[700], err[256];
  util_local_date(util_now(), today);
  TownshipPackageSpec spec = {.zCategories = "甲,乙", .zExpires = today};
  int64_t v;
  REQUIRE(township_package(t, &spec, test_path("p.ksp", out, sizeof out), &v, err, sizeof err) == 0);
  util_set_clock(test_today_at(10, 0) + 2 * 86400); /* two days later */
  SyncApplied ap;
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_EXPIRED && strstr(err, "expired"));
  CHECK(package_version(db) == 0);
  VolCategories vc;
  CHECK(vol_categories(db, "环境整治,其他", &vc) == 0 && !strcmp(vc.a[0], "环境整治")); /* unchanged */
  util_set_clock(test_today_at(10, 0));
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == 0 && package_version(db) == v);
  CHECK(vol_categories(db, "环境整治,其他", &vc) == 0 && !strcmp(vc.a[0], "甲"));
  finish(t, &kp, db);
}

/* A file signed with the township's own key (town/township.key): what
 * only the township could make, with any body. *pp freed with free(). */
static int town_signed(Township *t, int kind, const char *zSigner, const void *body, size_t n, unsigned char **pp,
                       size_t *pn) {
  char path[700], err[256];
  KeyPair kp;
  if (keypair_load(test_path("town/township.key", path, sizeof path), &kp, err, sizeof err)) return -1;
  int rc = container_make(kind, zSigner ? zSigner : township_id(t), kp.sk, NULL, body, n, pp, pn);
  keypair_wipe(&kp);
  return rc;
}

/* An acknowledgement of seq for kiosk zKiosk, signed by the township. */
static int town_ack(Township *t, const char *zKiosk, long long seq, unsigned char **pp, size_t *pn) {
  char text[200];
  snprintf(text, sizeof text, ACK_MAGIC " %s %lld %lld", zKiosk, seq, (long long)util_now());
  return town_signed(t, CONTAINER_ACK, NULL, text, strlen(text), pp, pn);
}

/* A package payload changed by zSql (one statement with ?1 = zKey, ?2 =
 * zValue; or, with no zKey, any statements), signed by the township: what a
 * township could sign but a kiosk must still refuse, or a quick variant. */
static int town_package_sql(Township *t, const char *zPkgFile, const char *zSql, const char *zKey, const char *zValue,
                            unsigned char **pp, size_t *pn) {
  unsigned char *file;
  size_t n;
  char err[256];
  ContainerInfo ci;
  if (container_read_file(zPkgFile, PACKAGE_MAX_BYTES, &file, &n, err, sizeof err) ||
      container_peek(file, n, &ci, err, sizeof err))
    return -1;
  sqlite3 *h;
  sqlite3_open(":memory:", &h);
  unsigned char *copy = sqlite3_malloc64(ci.nBody);
  memcpy(copy, ci.body, ci.nBody);
  free(file);
  sqlite3_deserialize(h, "main", copy, (sqlite3_int64)ci.nBody, (sqlite3_int64)ci.nBody,
                      SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  sqlite3_stmt *s;
  int ok;
  if (zKey) {
    ok = sqlite3_prepare_v2(h, zSql, -1, &s, NULL) == SQLITE_OK;
    if (ok) sqlite3_bind_text(s, 1, zKey, -1, SQLITE_STATIC);
    if (ok && zValue) sqlite3_bind_text(s, 2, zValue, -1, SQLITE_STATIC);
    ok = ok && sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(h) == 1;
    sqlite3_finalize(s);
  } else ok = sqlite3_exec(h, zSql, NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_int64 size;
  unsigned char *img = sqlite3_serialize(h, "main", &size, 0);
  int rc = ok && img ? town_signed(t, CONTAINER_PACKAGE, NULL, img, (size_t)size, pp, pn) : -1;
  sqlite3_free(img);
  sqlite3_close(h);
  return rc;
}

/* The same with one manifest value changed. */
static int town_package_with(Township *t, const char *zPkgFile, const char *zKey, const char *zValue, unsigned char **pp,
                             size_t *pn) {
  return town_package_sql(t, zPkgFile, "UPDATE manifest SET value = ?2 WHERE key = ?1", zKey, zValue, pp, pn);
}

/* Each refusal of sync_apply / sync_apply_file has its own code, and
 * changes nothing. */
static void codes(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_demo_db();
  REQUIRE(db);
  char err[512], path[700], out[700];
  SyncApplied ap;
  /* nothing trusted yet */
  KeyPair kp;
  Township *t = NULL;
  {
    char town[700];
    test_path("town", town, sizeof town);
    REQUIRE(township_init(town, "刘集镇", err, sizeof err) == KR_OK);
    REQUIRE(township_open(town, &t, err, sizeof err) == KR_OK);
  }
  unsigned char *z;
  size_t n;
  REQUIRE(town_ack(t, db_kiosk_id(db), 5, &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_UNTRUSTED);
  free(z);
  township_close(t);
  /* a second township (with the same files) is set up and trusted */
  char cmd[1600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s/town'", gDir);
  REQUIRE(system(cmd) == 0);
  REQUIRE((t = setup(db, &kp)));
  const char *kid = db_kiosk_id(db);
  int64_t last = db_last_seq(db);
  struct { const char *name; long long seq; const char *kiosk; KrCode want; } aAck[] = {
    {"ahead", last + 1, kid, KR_AHEAD},
    {"another kiosk's", 5, "some-other-kiosk", KR_WRONG_KIOSK},
    {"fine", 5, kid, KR_OK},
    {"the same again", 5, kid, KR_NOT_NEWER},
    {"older", 4, kid, KR_NOT_NEWER},
    {"zero", 0, kid, KR_NOT_NEWER},
  };
  for (size_t i = 0; i < sizeof aAck / sizeof aAck[0]; i++) {
    REQUIRE(town_ack(t, aAck[i].kiosk, aAck[i].seq, &z, &n) == 0);
    KrCode rc = sync_apply(db, z, n, &ap, err, sizeof err);
    if (rc != aAck[i].want) fprintf(stderr, "ack %s: %s (%s)\n", aAck[i].name, kr_name(rc), err);
    CHECK(rc == aAck[i].want);
    CHECK(sync_acked(db) == 5 || (i < 2 && sync_acked(db) == 0));
    free(z);
  }
  /* damaged acknowledgements */
  const char *bad[] = {"KIOSK-ACK1", "KIOSK-ACK2 x 1 2", "KIOSK-ACK1 test-kiosk -1 2", "hello"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    REQUIRE(town_signed(t, CONTAINER_ACK, NULL, bad[i], strlen(bad[i]), &z, &n) == 0);
    CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED);
    free(z);
  }
  REQUIRE(town_signed(t, CONTAINER_ACK, NULL, "KIOSK-ACK1 test-kiosk\0 9 2", 26, &z, &n) == 0); /* a NUL inside */
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED);
  free(z);
  /* a package, then every way one is refused */
  TownshipPackageSpec spec = {.zCategories = "甲,乙"};
  int64_t v;
  REQUIRE(township_package(t, &spec, test_path("p1.ksp", out, sizeof out), &v, err, sizeof err) == KR_OK);
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_OK && ap.kind == CONTAINER_PACKAGE && ap.version == v);
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_NOT_NEWER && strstr(err, "not newer"));
  REQUIRE(township_package(t, &spec, test_path("p2.ksp", out, sizeof out), &v, err, sizeof err) == KR_OK);
  unsigned char *file;
  size_t nFile;
  REQUIRE(container_read_file(out, PACKAGE_MAX_BYTES, &file, &nFile, err, sizeof err) == KR_OK);
  file[nFile - 10] ^= 1; /* in the signature */
  CHECK(sync_apply(db, file, nFile, &ap, err, sizeof err) == KR_BAD_SIGNATURE);
  file[nFile - 10] ^= 1;
  file[CONTAINER_HEADER + 100] ^= 1; /* in the payload */
  CHECK(sync_apply(db, file, nFile, &ap, err, sizeof err) == KR_BAD_SIGNATURE);
  file[CONTAINER_HEADER + 100] ^= 1;
  CHECK(sync_apply(db, file, nFile - 1, &ap, err, sizeof err) == KR_MALFORMED && strstr(err, "truncated"));
  CHECK(sync_apply(db, file, 20, &ap, err, sizeof err) == KR_MALFORMED && strstr(err, "bad header"));
  CHECK(sync_apply(db, (const unsigned char *)"not a kiosk file at all, just some text to be long enough for a header",
                   70, &ap, err, sizeof err) == KR_MALFORMED);
  memcpy(file + 10, "town-ffffffffffffffffffffffffffffffff", 37); /* another signer */
  CHECK(sync_apply(db, file, nFile, &ap, err, sizeof err) == KR_OTHER_TOWNSHIP && strstr(err, "not the trusted"));
  free(file);
  /* signed by our township, but naming another, or junk inside */
  REQUIRE(town_package_with(t, out, "township_id", "town-someoneelse", &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_OTHER_TOWNSHIP);
  free(z);
  REQUIRE(town_package_with(t, out, "version", "x7", &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED);
  free(z);
  REQUIRE(town_package_with(t, out, "expires", "2001-01-01", &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_EXPIRED);
  free(z);
  /* a roster for every village at once (the old payload), or without the kiosks' villages */
  REQUIRE(town_package_sql(t, out, "CREATE TABLE roster(csv BLOB)", NULL, NULL, &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED && strstr(err, "names no village"));
  free(z);
  REQUIRE(town_package_sql(t, out, "DROP TABLE kiosk_village", NULL, NULL, &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED);
  free(z);
  REQUIRE(town_signed(t, CONTAINER_PACKAGE, NULL, "junk", 4, &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED);
  free(z);
  /* a bundle is not for a kiosk */
  REQUIRE(town_signed(t, CONTAINER_BUNDLE, NULL, "x", 1, &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_MALFORMED);
  free(z);
  /* files */
  CHECK(sync_apply_file(db, test_path("no-such.ksp", path, sizeof path), &ap, err, sizeof err) == KR_NOT_FOUND);
  FILE *f = fopen(test_path("big.ksp", path, sizeof path), "wb");
  REQUIRE(f);
  fclose(f);
  REQUIRE(truncate(path, (off_t)PACKAGE_MAX_BYTES + 1) == 0);
  CHECK(sync_apply_file(db, path, &ap, err, sizeof err) == KR_TOO_LARGE);
  CHECK(sync_apply_file(db, gDir, &ap, err, sizeof err) == KR_BAD_INPUT); /* a directory */
  /* the database held by another writer past the busy timeout */
  sqlite3 *other;
  REQUIRE(sqlite3_open(test_path("kiosk.db", path, sizeof path), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_busy_timeout(db->h, 20);
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_BUSY);
  REQUIRE(town_ack(t, kid, 6, &z, &n) == 0);
  CHECK(sync_apply(db, z, n, &ap, err, sizeof err) == KR_BUSY);
  sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(other);
  sqlite3_busy_timeout(db->h, 5000);
  free(z);
  CHECK(package_version(db) == 1 && sync_acked(db) == 5); /* none of it changed anything */
  /* the newer package still applies after all that */
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_OK && package_version(db) == 2);
  finish(t, &kp, db);
}

typedef struct {
  Db *db;
  const unsigned char *z;
  size_t n;
  unsigned delayUs;
  pthread_barrier_t *go;
  KrCode rc;
  char err[512];
} Applier;

static void *apply_thread(void *p) {
  Applier *a = p;
  SyncApplied ap;
  pthread_barrier_wait(a->go);
  if (a->delayUs) usleep(a->delayUs);
  a->rc = sync_apply(a->db, a->z, a->n, &ap, a->err, sizeof a->err);
  return NULL;
}

/* Runs older and newer at once, on two connections, in a random order and
 * with a random head start; returns 0 when both threads ran. */
static int race(Db *db1, Db *db2, const unsigned char *zOld, size_t nOld, const unsigned char *zNew, size_t nNew,
                unsigned *pSeed, KrCode *pOld, KrCode *pNew) {
  pthread_barrier_t go;
  pthread_barrier_init(&go, NULL, 2);
  int swap = rand_r(pSeed) & 1;
  Applier a = {swap ? db2 : db1, zOld, nOld, (unsigned)(rand_r(pSeed) % 400), &go, KR_OK, ""};
  Applier b = {swap ? db1 : db2, zNew, nNew, (unsigned)(rand_r(pSeed) % 400), &go, KR_OK, ""};
  if (rand_r(pSeed) & 1) a.delayUs = 0;
  else b.delayUs = 0;
  pthread_t ta, tb;
  if (pthread_create(&ta, NULL, apply_thread, &a)) return -1;
  if (pthread_create(&tb, NULL, apply_thread, &b)) { pthread_barrier_wait(&go); pthread_join(ta, NULL); return -1; }
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  pthread_barrier_destroy(&go);
  *pOld = a.rc;
  *pNew = b.rc;
  if (a.rc && a.rc != KR_NOT_NEWER) fprintf(stderr, "older: %s %s\n", kr_name(a.rc), a.err);
  if (b.rc) fprintf(stderr, "newer: %s %s\n", kr_name(b.rc), b.err);
  return 0;
}

#define RACE_ROUNDS 200

/* A stick and the LAN applying at once: of an older and a newer package
 * (or acknowledgement) the newer always wins, and the older is either
 * applied before it or refused with KR_NOT_NEWER — never after it. What is
 * asserted does not depend on which thread the scheduler runs first. */
static void racing_appliers(void) {
  Db *db;
  KeyPair kp;
  Township *t = start(&db, &kp);
  REQUIRE(t);
  char path[700], err[512];
  Db *db2;
  REQUIRE(db_open(test_path("kiosk.db", path, sizeof path), "test-kiosk", &db2, err, sizeof err) == 0);
  unsigned seed = (unsigned)getpid();
  /* packages 1..2R, each with its own categories (one built, the others
   * signed variants of it): round r races 2r+1 against 2r+2 */
  static unsigned char *az[2 * RACE_ROUNDS + 1];
  static size_t an[2 * RACE_ROUNDS + 1];
  TownshipPackageSpec spec = {.zCategories = "类0,其他"};
  int64_t got;
  REQUIRE(township_package(t, &spec, test_path("p.ksp", path, sizeof path), &got, err, sizeof err) == KR_OK);
  for (int v = 1; v <= 2 * RACE_ROUNDS; v++) {
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE manifest SET value = '%d' WHERE key = 'version';"
             "UPDATE setting SET value = '类%d,其他' WHERE key = 'vol_categories'", v, v);
    REQUIRE(town_package_sql(t, path, sql, NULL, NULL, &az[v], &an[v]) == 0);
  }
  int olderApplied = 0, olderRefused = 0, wrong = 0;
  for (int r = 0; r < RACE_ROUNDS; r++) {
    KrCode rcOld, rcNew;
    REQUIRE(race(db, db2, az[2 * r + 1], an[2 * r + 1], az[2 * r + 2], an[2 * r + 2], &seed, &rcOld, &rcNew) == 0);
    VolCategories vc;
    char want[32];
    snprintf(want, sizeof want, "类%d", 2 * r + 2);
    int ok = rcNew == KR_OK && (rcOld == KR_OK || rcOld == KR_NOT_NEWER) && package_version(db) == 2 * r + 2 &&
             vol_categories(db, "环境整治", &vc) == 0 && !strcmp(vc.a[0], want);
    if (!ok && wrong++ < 3)
      fprintf(stderr, "round %d: older %s, newer %s, version %lld, categories %s\n", r, kr_name(rcOld), kr_name(rcNew),
              (long long)package_version(db), vc.a[0]);
    olderApplied += rcOld == KR_OK;
    olderRefused += rcOld == KR_NOT_NEWER;
  }
  CHECK(wrong == 0);
  CHECK(olderApplied + olderRefused == RACE_ROUNDS);
  for (int v = 1; v <= 2 * RACE_ROUNDS; v++) free(az[v]);
  /* acknowledgements: round r races seq 2r+1 against 2r+2 */
  REQUIRE(db_last_seq(db) >= 2 * RACE_ROUNDS + 2);
  wrong = 0;
  for (int r = 0; r < RACE_ROUNDS; r++) {
    unsigned char *zo, *zn;
    size_t no, nn;
    REQUIRE(town_ack(t, db_kiosk_id(db), 2 * r + 1, &zo, &no) == 0 && town_ack(t, db_kiosk_id(db), 2 * r + 2, &zn, &nn) == 0);
    KrCode rcOld, rcNew;
    int ran = race(db, db2, zo, no, zn, nn, &seed, &rcOld, &rcNew);
    free(zo);
    free(zn);
    REQUIRE(ran == 0);
    int ok = rcNew == KR_OK && (rcOld == KR_OK || rcOld == KR_NOT_NEWER) && sync_acked(db) == 2 * r + 2;
    if (!ok && wrong++ < 3)
      fprintf(stderr, "ack round %d: older %s, newer %s, acked %lld\n", r, kr_name(rcOld), kr_name(rcNew),
              (long long)sync_acked(db));
  }
  CHECK(wrong == 0);
  printf("racing: the older package was applied first %d times, refused %d times\n", olderApplied, olderRefused);
  db_close(db2);
  finish(t, &kp, db);
}

/* A bundle of this kiosk's records from seq `from` to its last. */
static int bundle_from(Db *db, const KeyPair *kp, int64_t from, unsigned char **pp, size_t *pn, SyncExport *pe) {
  Config cfg;
  config_defaults(&cfg);
  char seq[32], err[256];
  snprintf(seq, sizeof seq, "%lld", (long long)from - 1);
  sync_meta_set(db, "acked_seq", seq);
  int rc = sync_bundle(db, kp, &cfg, 0, 0, pp, pn, pe, err, sizeof err);
  sync_meta_set(db, "acked_seq", "0");
  return rc;
}

/* n more records in the kiosk. */
static int more_records(Db *db, int n) {
  static int k;
  char today[11], err[256], no[16];
  util_local_date(util_now(), today);
  for (int i = 0; i < n; i++) {
    snprintf(no, sizeof no, "LM%04d", 1 + k++ % 100);
    if (vol_log(db, no, "环境整治", today, 1, "cli", NULL, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
  }
  return 0;
}

/* One integer from SQL on a township's handle, or -1. */
static int64_t town_int(sqlite3 *h, const char *zSql) {
  sqlite3_stmt *s;
  int64_t v = -1;
  if (sqlite3_prepare_v2(h, zSql, -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  return v;
}

/* The old acknowledgement: the whole history of a kiosk's bundles scanned. */
static int64_t scan_acked(const int64_t (*aRange)[2], int n) {
  int64_t covered = 0;
  for (int changed = 1; changed;) {
    changed = 0;
    for (int i = 0; i < n; i++)
      if (aRange[i][0] <= aRange[i][1] && aRange[i][0] <= covered + 1 && aRange[i][1] > covered)
        covered = aRange[i][1], changed = 1;
  }
  return covered;
}

/* Out of order, overlapping, repeated and empty bundles: after every import
 * of every order of them the mark is what a scan of all of them says. */
static void marks(void) {
  Db *db;
  KeyPair kp;
  Township *t0 = start(&db, &kp);
  REQUIRE(t0);
  township_close(t0);
  char err[256], town[700], cmd[2200];
  test_path("town", town, sizeof town);
  snprintf(cmd, sizeof cmd, "cp -a '%s' '%s.0'", town, town); /* the township as enrolled, before any import */
  REQUIRE(system(cmd) == 0);
  /* five bundles: b0 = everything so far, b1, b2 consecutive, b12 over both,
   * and an empty one */
  enum { NB = 5 };
  unsigned char *az[NB];
  size_t an[NB];
  SyncExport e[NB];
  int64_t l0 = db_last_seq(db);
  REQUIRE(bundle_from(db, &kp, 1, &az[0], &an[0], &e[0]) == 0);
  REQUIRE(more_records(db, 3) == 0);
  int64_t l1 = db_last_seq(db);
  REQUIRE(bundle_from(db, &kp, l0 + 1, &az[1], &an[1], &e[1]) == 0);
  REQUIRE(more_records(db, 3) == 0);
  REQUIRE(bundle_from(db, &kp, l1 + 1, &az[2], &an[2], &e[2]) == 0);
  REQUIRE(bundle_from(db, &kp, l0 + 1, &az[3], &an[3], &e[3]) == 0);
  REQUIRE(bundle_from(db, &kp, db_last_seq(db) + 1, &az[4], &an[4], &e[4]) == 0);
  CHECK(e[4].records == 0 && e[4].seqFrom > e[4].seqTo);
  /* every order of the first four, with the empty one and a repeat between */
  int perm[4] = {0, 1, 2, 3}, orders = 0, bad = 0;
  for (int p = 0; p < 24; p++) {
    int a[4] = {0, 1, 2, 3}, k = p;
    for (int i = 0; i < 4; i++) { /* the p-th permutation */
      int j = i + k % (4 - i);
      k /= 4 - i;
      int x = a[i]; a[i] = a[j]; a[j] = x;
    }
    memcpy(perm, a, sizeof perm);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s.0' '%s'", town, town, town);
    REQUIRE(system(cmd) == 0);
    Township *t;
    REQUIRE(township_open(town, &t, err, sizeof err) == KR_OK);
    int64_t seen[NB + 8][2];
    int nSeen = 0;
    for (int i = 0; i < 4; i++) {
      int steps[3] = {perm[i], 4, perm[i]}; /* the bundle, an empty one, the bundle again */
      for (int s = 0; s < 3; s++) {
        TownshipImport r;
        if (township_import(t, az[steps[s]], an[steps[s]], &r, err, sizeof err)) { bad++; fprintf(stderr, "%s\n", err); }
        seen[nSeen][0] = e[steps[s]].seqFrom;
        seen[nSeen++][1] = e[steps[s]].seqTo;
        int64_t want = scan_acked((const int64_t(*)[2])seen, nSeen), got = township_acked(t, db_kiosk_id(db));
        if (got != want && bad++ < 5)
          fprintf(stderr, "order %d%d%d%d step %d.%d: acked %lld, want %lld\n", perm[0], perm[1], perm[2], perm[3], i,
                  s, (long long)got, (long long)want);
      }
    }
    CHECK(township_acked(t, db_kiosk_id(db)) == db_last_seq(db));
    /* no row for the empty bundle; at most one for each of the others */
    int64_t rows = town_int(township_db(t), "SELECT count(*) FROM bundle");
    CHECK(rows >= 1 && rows <= 4);
    CHECK(town_int(township_db(t), "SELECT count(*) FROM bundle WHERE seq_from > seq_to") == 0);
    township_close(t);
    orders++;
  }
  CHECK(orders == 24 && bad == 0);
  for (int i = 0; i < NB; i++) free(az[i]);
  keypair_wipe(&kp);
  db_close(db);
  util_set_clock(-1);
}

static void count_steps(void *pCount, sqlite3_stmt *s) { *(int64_t *)pCount += sqlite3_stmt_status(s, SQLITE_STMTSTATUS_VM_STEP, 0); }
static int on_trace(unsigned kind, void *pCount, void *p, void *x) {
  (void)x;
  if (kind == SQLITE_TRACE_PROFILE) count_steps(pCount, p);
  return 0;
}

/* The SQLite virtual-machine steps township_ack takes: its work, counted
 * (not timed, so a loaded machine cannot change it). */
static int64_t ack_steps(Township *t, const char *zKiosk) {
  int64_t steps = 0;
  unsigned char *z;
  size_t n;
  char err[256];
  sqlite3_trace_v2(township_db(t), SQLITE_TRACE_PROFILE, on_trace, &steps);
  KrCode rc = township_ack(t, zKiosk, &z, &n, NULL, err, sizeof err);
  sqlite3_trace_v2(township_db(t), 0, NULL, NULL);
  if (rc) return -1;
  free(z);
  return steps;
}

/* A kiosk syncing every 30 minutes: empty syncs store no bundle rows, and
 * the acknowledgement's work is the same after 3 syncs as after 60. */
static void ack_cost(void) {
  Db *db;
  KeyPair kp;
  Township *t = start(&db, &kp);
  REQUIRE(t);
  Config cfg;
  config_defaults(&cfg);
  char err[256];
  const char *kid = db_kiosk_id(db);
  sqlite3 *h = township_db(t);
  int64_t steps3 = -1;
  for (int i = 0; i < 60; i++) {
    unsigned char *z;
    size_t n;
    SyncExport e;
    TownshipImport r;
    if (i) REQUIRE(more_records(db, 1) == 0);
    REQUIRE(sync_bundle(db, &kp, &cfg, 0, 0, &z, &n, &e, err, sizeof err) == 0);
    REQUIRE(township_import(t, z, n, &r, err, sizeof err) == KR_OK);
    free(z);
    sync_meta_set(db, "acked_seq", "0");
    char seq[32];
    snprintf(seq, sizeof seq, "%lld", (long long)township_acked(t, kid));
    sync_meta_set(db, "acked_seq", seq);
    if (i == 2) steps3 = ack_steps(t, kid);
  }
  int64_t rows = town_int(h, "SELECT count(*) FROM bundle");
  CHECK(rows == 60);
  CHECK(township_acked(t, kid) == db_last_seq(db));
  /* 200 empty syncs: no rows, the same acknowledgement */
  for (int i = 0; i < 200; i++) {
    unsigned char *z;
    size_t n;
    SyncExport e;
    TownshipImport r;
    REQUIRE(sync_bundle(db, &kp, &cfg, 0, 0, &z, &n, &e, err, sizeof err) == 0);
    REQUIRE(e.records == 0 && e.seqFrom > e.seqTo);
    REQUIRE(township_import(t, z, n, &r, err, sizeof err) == KR_OK);
    free(z);
  }
  CHECK(town_int(h, "SELECT count(*) FROM bundle") == rows);
  CHECK(township_acked(t, kid) == db_last_seq(db));
  int64_t steps60 = ack_steps(t, kid);
  printf("ack: %lld VM steps with 3 bundle rows, %lld with %lld rows and 200 empty syncs\n", (long long)steps3,
         (long long)steps60, (long long)rows);
  CHECK(steps3 > 0 && steps60 == steps3);
  township_close(t);
  /* a township made before kiosk_mark: its marks worked out once, on open */
  char town[700], path[800];
  test_path("town", town, sizeof town);
  snprintf(path, sizeof path, "%s/township.db", town);
  sqlite3 *raw;
  REQUIRE(sqlite3_open(path, &raw) == SQLITE_OK);
  CHECK(sqlite3_exec(raw, "DROP TABLE kiosk_mark; DROP INDEX bundle_by_kiosk_to", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(raw);
  REQUIRE(township_open(town, &t, err, sizeof err) == KR_OK);
  CHECK(township_acked(t, kid) == db_last_seq(db));
  CHECK(town_int(township_db(t), "SELECT count(*) FROM sqlite_master WHERE name = 'bundle_by_kiosk_to'") == 1);
  finish(t, &kp, db);
}

/* A second kiosk (its own database and key, the demo village loaded when
 * demo is set), enrolled for zVillage and trusting the township. */
static Db *other_kiosk(Township *t, const char *zName, const char *zVillage, int demo) {
  char path[700], err[256], dbPath[700];
  snprintf(path, sizeof path, "%s.db", zName);
  Db *db;
  if (db_open(test_path(path, dbPath, sizeof dbPath), NULL, &db, err, sizeof err)) return NULL;
  Config cfg;
  config_defaults(&cfg); /* kiosk.conf says 鲁庙村 for all of them: enrolment decides */
  DemoStats st;
  KeyPair kp;
  int created;
  snprintf(path, sizeof path, "%s/%s.key", gDir, zName);
  int bad = (demo && demo_load(db, &cfg, &st, err, sizeof err)) ||
            keypair_load_or_create(path, &kp, &created, err, sizeof err);
  snprintf(path, sizeof path, "%s/%s.pub", gDir, zName);
  if (!bad) bad = sync_write_pubkey(db, &kp, &cfg, path, err, sizeof err) ||
                  township_enroll(t, path, zVillage, "", NULL, err, sizeof err);
  snprintf(path, sizeof path, "%s/town/township.pub", gDir);
  if (!bad) bad = sync_trust(db, path, 0, err, sizeof err);
  keypair_wipe(&kp);
  if (bad) { fprintf(stderr, "%s: %s\n", zName, err); db_close(db); return NULL; }
  return db;
}

/* One roster for the township, a 村 column for each row: every kiosk takes
 * its own village's rows (by its enrolled village, however long its name),
 * a kiosk of a village without rows and one enrolled after the package
 * change nothing; an unknown 村 builds nothing. */
static void village_rosters(void) {
  Db *db;
  KeyPair kp;
  Township *t = start(&db, &kp); /* this kiosk: 鲁庙村 */
  REQUIRE(t);
  char lng[400] = "";
  for (int i = 0; i < 20; i++) strcat(lng, "巴依墩"); /* 60 characters, 180 bytes */
  strcat(lng, "村");
  Db *dl = other_kiosk(t, "long", lng, 0), *dw = other_kiosk(t, "wg", "王岗村", 1);
  REQUIRE(dl && dw);
  char csv[700], out[700], err[512];
  FILE *f = fopen(test_path("roster.csv", csv, sizeof csv), "w");
  REQUIRE(f);
  fprintf(f, "党员编号,姓名,村民小组,村\nLM0401,鲁新人,第一组,鲁庙村\nXJ0001,阿依古丽,第一组,%s\nXJ0002,买买提,第二组,\"%s\"\n",
          lng, lng);
  fclose(f);
  int before = db_member_count(db), beforeW = db_member_count(dw);
  TownshipPackageSpec spec = {.zRosterCsv = csv};
  int64_t v;
  REQUIRE(township_package(t, &spec, test_path("r.ksp", out, sizeof out), &v, err, sizeof err) == KR_OK);
  Db *late = other_kiosk(t, "late", "鲁庙村", 0); /* enrolled after the package was built */
  REQUIRE(late);
  SyncApplied ap;
  Member m;
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_OK && ap.members == 1);
  CHECK(db_member_count(db) == before + 1 && roster_get(db, "LM0401", &m) == 0 && roster_get(db, "XJ0001", &m) == KR_NOT_FOUND);
  CHECK(sync_apply_file(dl, out, &ap, err, sizeof err) == KR_OK && ap.members == 2);
  CHECK(db_member_count(dl) == 2 && roster_get(dl, "XJ0002", &m) == 0 && !strcmp(m.name, "买买提"));
  CHECK(sync_apply_file(dw, out, &ap, err, sizeof err) == KR_OK && ap.members == 0 && db_member_count(dw) == beforeW);
  CHECK(sync_apply_file(late, out, &ap, err, sizeof err) == KR_OK && ap.members == 0 && db_member_count(late) == 0);
  CHECK(package_version(dw) == v && package_version(late) == v);
  /* a typo in 村: refused with its line, no package, the version not used */
  f = fopen(csv, "w");
  REQUIRE(f);
  fprintf(f, "党员编号,姓名,村民小组,村\n\nLM0402,鲁二,第一组,鲁庙村\nLM0403,鲁三,第一组,鲁庙\n");
  fclose(f);
  CHECK(township_package(t, &spec, test_path("bad.ksp", out, sizeof out), &v, err, sizeof err) == KR_BAD_INPUT &&
        strstr(err, "line 4") && strstr(err, "鲁庙"));
  CHECK(access(out, F_OK) != 0);
  spec.zRosterCsv = NULL;
  int64_t v2;
  CHECK(township_package(t, &spec, test_path("next.ksp", out, sizeof out), &v2, err, sizeof err) == KR_OK && v2 == v + 1);
  /* the office's file as Excel saves it in China (GBK), with a 村 column */
  size_t nGbk;
  const char *gbk = test_gbk("党员编号,姓名,村民小组,村\nWG0001,王新人,第一组,王岗村\n", &nGbk);
  f = fopen(csv, "wb");
  REQUIRE(f && fwrite(gbk, 1, nGbk, f) == nGbk);
  fclose(f);
  spec.zRosterCsv = csv;
  CHECK(township_package(t, &spec, test_path("gbk.ksp", out, sizeof out), &v, err, sizeof err) == KR_OK);
  CHECK(sync_apply_file(dw, out, &ap, err, sizeof err) == KR_OK && ap.members == 1 && roster_get(dw, "WG0001", &m) == 0 &&
        !strcmp(m.name, "王新人"));
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == KR_OK && ap.members == 0 && roster_get(db, "WG0001", &m) == KR_NOT_FOUND);
  db_close(late);
  db_close(dw);
  db_close(dl);
  finish(t, &kp, db);
}

/* Writes notice zName.md with one image of n bytes (a PNG signature, then
 * noise) into zDir. */
static void notice_with_image(const char *zDir, const char *zName, size_t n) {
  char path[900];
  unsigned char *img = malloc(n);
  REQUIRE(img);
  memcpy(img, "\x89PNG\r\n\x1a\n", 8);
  for (size_t i = 8; i < n; i++) img[i] = (unsigned char)(i * 131 + n);
  snprintf(path, sizeof path, "%s/%s.png", zDir, zName);
  FILE *f = fopen(path, "wb");
  REQUIRE(f && fwrite(img, 1, n, f) == n && fclose(f) == 0);
  free(img);
  snprintf(path, sizeof path, "%s/%s.md", zDir, zName);
  f = fopen(path, "w");
  REQUIRE(f);
  fprintf(f, "# 通知%s\n\n请看图。\n\n![图](%s.png)\n", zName, zName);
  fclose(f);
}

/* A package's images are staged before its short final merge: they all
 * land, each with its notice, foreign keys are on again after, and a
 * package refused by its checks stages nothing. */
static void package_images(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_demo_db();
  REQUIRE(db);
  KeyPair kp;
  Township *t = setup(db, &kp);
  REQUIRE(t);
  char dir[700], out[700], err[256], today[11];
  test_path("notices", dir, sizeof dir);
  mkdir(dir, 0755);
  notice_with_image(dir, "a", 300000);
  notice_with_image(dir, "b", 70000);
  TownshipPackageSpec spec = {.zNoticesDir = dir};
  int64_t v;
  REQUIRE(township_package(t, &spec, test_path("p1.ksp", out, sizeof out), &v, err, sizeof err) == 0);
  int64_t before = db_int64(db->h, "SELECT count(*) FROM notice_image", NULL);
  SyncApplied ap;
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == 0 && ap.notices == 2);
  CHECK(db_int64(db->h, "SELECT count(*) FROM notice_image", NULL) == before + 2);
  CHECK(db_int64(db->h, "SELECT count(*) FROM notice_image i JOIN notice n ON n.uuid = i.notice_uuid", NULL) ==
        before + 2);
  CHECK(db_int64(db->h, "SELECT count(*) FROM pragma_foreign_key_check", NULL) == 0);
  CHECK(db_int64(db->h, "PRAGMA foreign_keys", NULL) == 1);
  /* expired on arrival: refused before anything is staged */
  notice_with_image(dir, "c", 50000);
  util_local_date(util_now(), today);
  spec.zExpires = today;
  REQUIRE(township_package(t, &spec, test_path("p2.ksp", out, sizeof out), &v, err, sizeof err) == 0);
  util_set_clock(test_today_at(10, 0) + 2 * 86400);
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) != 0);
  CHECK(db_int64(db->h, "SELECT count(*) FROM notice_image", NULL) == before + 2);
  township_close(t);
  keypair_wipe(&kp);
  db_close(db);
  util_set_clock(-1);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"container", container},     {"acks", acks},
                                   {"expired_package", expired_package}, {"codes", codes},
                                   {"marks", marks},             {"ack_cost", ack_cost},
                                   {"racing_appliers", racing_appliers}, {"village_rosters", village_rosters},
                                   {"package_images", package_images}};
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
