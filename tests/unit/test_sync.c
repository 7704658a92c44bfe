/* Sync in the core: the signed, sealed container (round trip, every bit
 * flip refused, the wrong recipient refused), acknowledgements only moving
 * the mark forward, the township's contiguous acknowledged seq with a gap,
 * and update packages refused when expired — with nothing changed. */
#include "check.h"
#include "container.h"
#include "db_int.h"
#include "keypair.h"
#include "package.h"
#include "sync.h"
#include "township.h"
#include "util.h"
#include "checkin.h"
#include "volunteer.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
  CHECK(container_verify(z, n, bpk, err, sizeof err) == -1 && strstr(err, "wrong signature"));
  unsigned char *out;
  size_t nOut;
  REQUIRE(container_open(&ci, bpk, bsk, &out, &nOut, err, sizeof err) == 0);
  CHECK(nOut == sizeof payload && !memcmp(out, payload, nOut));
  free(out);
  CHECK(container_open(&ci, cpk, csk, &out, &nOut, err, sizeof err) == -1 && strstr(err, "another recipient"));
  /* a flipped bit anywhere is refused */
  int refused = 0, tries = 0;
  for (size_t at = 0; at < n; at += n / 97 + 1, tries++) {
    z[at] ^= 0x10;
    if (container_peek(z, n, &ci, err, sizeof err) || container_verify(z, n, apk, err, sizeof err)) refused++;
    z[at] ^= 0x10;
  }
  CHECK(refused == tries);
  CHECK(container_verify(z, n - 1, apk, err, sizeof err) == -1); /* truncated */
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
  if (sync_trust(db, path, 0, err, sizeof err)) return NULL;
  return t;
}

static void acks(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_demo_db();
  REQUIRE(db);
  KeyPair kp;
  Township *t = setup(db, &kp);
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
  /* an older acknowledgement never moves it back */
  snprintf(seq, sizeof seq, "%lld", (long long)e2.seqTo + 5);
  sync_meta_set(db, "acked_seq", seq);
  CHECK(sync_apply(db, ack, nAck, &ap, err, sizeof err) == 0 && sync_acked(db) == e2.seqTo + 5);
  free(b1);
  free(b2);
  free(ack);
  township_close(t);
  keypair_wipe(&kp);
  db_close(db);
  util_set_clock(-1);
}

static void expired_package(void) {
  util_set_clock(test_today_at(10, 0));
  Db *db = test_demo_db();
  REQUIRE(db);
  KeyPair kp;
  Township *t = setup(db, &kp);
  REQUIRE(t);
  char today[11], out[700], err[256];
  util_local_date(util_now(), today);
  TownshipPackageSpec spec = {.zCategories = "甲,乙", .zExpires = today};
  int64_t v;
  REQUIRE(township_package(t, &spec, test_path("p.ksp", out, sizeof out), &v, err, sizeof err) == 0);
  util_set_clock(test_today_at(10, 0) + 2 * 86400); /* two days later */
  SyncApplied ap;
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == -1 && strstr(err, "expired"));
  CHECK(package_version(db) == 0);
  VolCategories vc;
  CHECK(vol_categories(db, "环境整治,其他", &vc) == 0 && !strcmp(vc.a[0], "环境整治")); /* unchanged */
  util_set_clock(test_today_at(10, 0));
  CHECK(sync_apply_file(db, out, &ap, err, sizeof err) == 0 && package_version(db) == v);
  CHECK(vol_categories(db, "环境整治,其他", &vc) == 0 && !strcmp(vc.a[0], "甲"));
  township_close(t);
  keypair_wipe(&kp);
  db_close(db);
  util_set_clock(-1);
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
  static const TestCase aCase[] = {{"container", container}, {"acks", acks}, {"expired_package", expired_package},
                                   {"package_images", package_images}};
  return test_main(argc, argv, aCase, 4);
}
