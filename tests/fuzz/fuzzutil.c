/* fuzzutil: see fuzzutil.h. */
#include "fuzzutil.h"
#include "config.h"
#include "demo.h"
#include "sync.h"
#include "testfiles.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char gWork[256];

/* At exit: the work directory goes. */
static void remove_work(void) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", gWork);
  if (gWork[0] && system(cmd)) fprintf(stderr, "fuzz: cannot remove %s\n", gWork);
}

/* A harness that cannot set up is broken: says why and aborts. */
static void die(const char *zWhat, const char *zErr) {
  fprintf(stderr, "fuzz harness setup failed: %s: %s\n", zWhat, zErr ? zErr : "");
  abort();
}

void fz_init(void) {
  if (gWork[0]) return;
  setenv("TZ", "CST-8", 1);
  tzset();
  util_set_clock(FZ_CLOCK);
  if (sodium_init() < 0) die("sodium_init", NULL);
  const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(gWork, sizeof gWork, "%s/kiosk-fuzz-XXXXXX", base);
  if (!mkdtemp(gWork)) die("mkdtemp", gWork);
  atexit(remove_work);
}

const char *fz_path(const char *zName, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", gWork, zName);
  return buf;
}

void fz_keypair(int which, KeyPair *kp) {
  unsigned char seed[crypto_sign_SEEDBYTES];
  memset(seed, which == FZ_KEY_KIOSK ? 0x4b : 0x54, sizeof seed);
  crypto_sign_seed_keypair(kp->pk, kp->sk, seed);
}

void fz_write(const char *zName, const void *z, size_t n) {
  char path[400];
  FILE *f = fopen(fz_path(zName, path, sizeof path), "wb");
  if (!f || fwrite(z, 1, n, f) != n || fclose(f)) die("write", path);
}

/* The bytes of a closed database file (freed with free()); aborts if unreadable. */
static unsigned char *slurp(const char *zPath, size_t *pn) {
  unsigned char *z = tf_slurp(zPath, pn);
  if (!z) die("read", zPath);
  return z;
}

typedef struct {
  char name[64];
  unsigned char *z;
  size_t n;
} Template;
static Template gaTmpl[8];

Db *fz_kiosk_db(const char *zName, int (*build)(Db *db)) {
  fz_init();
  char path[400], err[256];
  Template *t = NULL;
  for (int i = 0; i < 8 && !t; i++)
    if (!strcmp(gaTmpl[i].name, zName)) t = &gaTmpl[i];
  if (!t) {
    for (int i = 0; i < 8 && !t; i++)
      if (!gaTmpl[i].name[0]) t = &gaTmpl[i];
    if (!t) die("too many templates", zName);
    char file[100];
    snprintf(file, sizeof file, "%s.tmpl.db", zName);
    fz_path(file, path, sizeof path);
    tf_unlink_db(path);
    Db *db;
    if (db_open(path, FZ_KIOSK_ID, &db, err, sizeof err)) die("db_open template", err);
    if (build(db)) die("build template", zName);
    db_close(db); /* checkpoints: the main file is the whole database */
    t->z = slurp(path, &t->n);
    util_strlcpy(t->name, zName, sizeof t->name);
  }
  fz_path("work.db", path, sizeof path);
  tf_unlink_db(path);
  fz_write("work.db", t->z, t->n);
  Db *db;
  if (db_open(path, FZ_KIOSK_ID, &db, err, sizeof err)) die("db_open copy", err);
  return db;
}

int fz_build_demo(Db *db) {
  Config cfg;
  config_defaults(&cfg);
  DemoStats st;
  char err[256];
  if (demo_load(db, &cfg, &st, err, sizeof err)) die("demo_load", err);
  return 0;
}

int fz_build_trusting(Db *db) {
  fz_build_demo(db);
  KeyPair kp;
  char hex[65], line[200], path[400], err[256];
  fz_keypair(FZ_KEY_TOWN, &kp);
  keypair_pk_hex(&kp, hex);
  snprintf(line, sizeof line, "TOWN-PUB1 %s %s %s\n", FZ_TOWN_ID, hex, FZ_TOWN_NAME);
  fz_write("town-fuzz.pub", line, strlen(line));
  if (sync_trust(db, fz_path("town-fuzz.pub", path, sizeof path), 1, err, sizeof err)) die("sync_trust", err);
  return 0;
}

static unsigned char *gTownDb;
static size_t gnTownDb;
static unsigned char gTownPk[32];

Township *fz_township(void) {
  fz_init();
  char dir[400], path[500], err[256];
  Township *t;
  fz_path("town", dir, sizeof dir);
  if (!gTownDb) {
    /* the template: made in town/, kept as bytes; the key files stay */
    if (township_init(dir, FZ_TOWN_NAME, err, sizeof err)) die("township_init", err);
    if (township_open(dir, &t, err, sizeof err)) die("township_open", err);
    Db *db = fz_kiosk_db("demo", fz_build_demo);
    KeyPair kp;
    fz_keypair(FZ_KEY_KIOSK, &kp);
    Config cfg;
    fz_config(&cfg);
    fz_path("kiosk.pub", path, sizeof path);
    if (sync_write_pubkey(db, &kp, &cfg, path, err, sizeof err)) die("sync_write_pubkey", err);
    db_close(db);
    if (township_enroll(t, path, FZ_VILLAGE, "", NULL, err, sizeof err)) die("township_enroll", err);
    township_close(t);
    char id[41];
    snprintf(path, sizeof path, "%s/township.pub", dir);
    if (sync_read_pubkey(path, "TOWN-PUB1", id, gTownPk, NULL, 0, err, sizeof err)) die("township.pub", err);
    snprintf(path, sizeof path, "%s/township.db", dir);
    gTownDb = slurp(path, &gnTownDb);
  }
  snprintf(path, sizeof path, "%s/township.db", dir);
  tf_unlink_db(path);
  fz_write("town/township.db", gTownDb, gnTownDb);
  if (township_open(dir, &t, err, sizeof err)) die("township_open copy", err);
  return t;
}

void fz_township_pk(unsigned char pk[32]) {
  if (!gTownDb) township_close(fz_township());
  memcpy(pk, gTownPk, 32);
}

void fz_config(Config *cfg) {
  config_defaults(cfg);
  util_strlcpy(cfg->village, FZ_VILLAGE, sizeof cfg->village);
}

void fz_bundle(const char *zTemplate, int (*build)(Db *db), int plain, unsigned char **pp, size_t *pn) {
  Db *db = fz_kiosk_db(zTemplate, build);
  KeyPair kp;
  fz_keypair(FZ_KEY_KIOSK, &kp);
  Config cfg;
  fz_config(&cfg);
  SyncExport ex;
  char err[256];
  if (sync_bundle(db, &kp, &cfg, 1, plain, pp, pn, &ex, err, sizeof err)) die("sync_bundle", err);
  db_close(db);
}
