/* setup: see setup.h. */
#include "setup.h"
#include "admin.h"
#include "roster.h"
#include "sync.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int setup_needed(Db *db, const Config *cfg) {
  char id[41];
  unsigned char pk[32];
  return !cfg->demo && db_member_count(db) == 0 && sync_township(db, id, pk) == KR_UNTRUSTED;
}

/* An identity value: UTF-8, no control characters, fits. */
static int good_value(const char *v, size_t n) {
  size_t len = strlen(v);
  if (!len || len >= n || !util_utf8_valid(v, len)) return 0;
  for (const unsigned char *p = (const unsigned char *)v; *p; p++)
    if (*p < 0x20 || *p == 0x7f) return 0;
  return 1;
}

static int on_identity(void *user, const char *sec, const char *key, const char *v) {
  SetupIdentity *id = user;
  if (strcmp(sec, "kiosk")) return 1; /* other sections: not ours to read */
  char *dst = !strcmp(key, "county") ? id->county : !strcmp(key, "township") ? id->township
            : !strcmp(key, "village") ? id->village : !strcmp(key, "branch") ? id->branch : NULL;
  size_t n = !strcmp(key, "county") ? sizeof id->county : !strcmp(key, "township") ? sizeof id->township
           : !strcmp(key, "village") ? sizeof id->village : sizeof id->branch;
  if (!dst) return 1;
  if (!good_value(v, n)) return 0;
  util_strlcpy(dst, v, n);
  return 1;
}

/* Reads an identity file; 0, -1 cannot open, or the bad line. */
static int read_identity(const char *zPath, SetupIdentity *pId) {
  FILE *f = fopen(zPath, "r");
  if (!f) return -1;
  int line = ini_parse_file(f, on_identity, pId);
  fclose(f);
  return line;
}

KrCode setup_read(const char *zStick, SetupIdentity *pId, char *zErr, int nErr) {
  memset(pId, 0, sizeof *pId);
  char path[1200];
  struct stat st;
  snprintf(path, sizeof path, "%s/" SETUP_DIR "/township.pub", zStick);
  if (stat(path, &st) || !S_ISREG(st.st_mode)) {
    snprintf(zErr, nErr, "%s is not a setup stick (no " SETUP_DIR "/township.pub)", zStick);
    return KR_NOT_FOUND;
  }
  snprintf(path, sizeof path, "%s/" SETUP_DIR "/village.ini", zStick);
  int line = read_identity(path, pId);
  if (line) {
    snprintf(zErr, nErr, line < 0 ? "%s cannot be read" : "%s line %d: a bad value", path, line);
    return line < 0 ? KR_NOT_FOUND : KR_MALFORMED;
  }
  if (!pId->township[0] || !pId->village[0]) {
    snprintf(zErr, nErr, "%s names no township or no village", path);
    return KR_MALFORMED;
  }
  if (!pId->branch[0]) { /* the usual name: the village's Party branch */
    char b[sizeof pId->village + 16];
    snprintf(b, sizeof b, "%s党支部", pId->village);
    util_strlcpy(pId->branch, b, sizeof pId->branch);
  }
  return KR_OK;
}

static void identity_path(const char *zDbPath, char *zOut, size_t n) {
  const char *slash = strrchr(zDbPath, '/');
  if (slash) snprintf(zOut, n, "%.*s/village.conf", (int)(slash - zDbPath), zDbPath);
  else snprintf(zOut, n, "village.conf");
}

int setup_load_identity(Config *cfg, const char *zDbPath, char *zErr, int nErr) {
  char path[CONFIG_PATH_MAX + 16];
  identity_path(zDbPath, path, sizeof path);
  SetupIdentity id = {0};
  int line = read_identity(path, &id);
  if (line < 0) return 0; /* none: kiosk.conf says it all */
  if (line > 0) {
    snprintf(zErr, nErr, "%s line %d: a bad value", path, line);
    return -1;
  }
  if (id.county[0]) util_strlcpy(cfg->county, id.county, sizeof cfg->county);
  if (id.township[0]) util_strlcpy(cfg->township, id.township, sizeof cfg->township);
  if (id.village[0]) util_strlcpy(cfg->village, id.village, sizeof cfg->village);
  if (id.branch[0]) util_strlcpy(cfg->branch, id.branch, sizeof cfg->branch);
  return 0;
}

/* village.conf, written whole or not at all (temporary name, fsync, rename). */
static KrCode write_identity(const char *zDbPath, const SetupIdentity *id, char *zErr, int nErr) {
  char path[CONFIG_PATH_MAX + 16], tmp[CONFIG_PATH_MAX + 32], text[1024];
  identity_path(zDbPath, path, sizeof path);
  snprintf(tmp, sizeof tmp, "%s.part", path);
  int n = snprintf(text, sizeof text,
                   "; the village's identity, from the township's setup stick (kiosk setup screen)\n"
                   "[kiosk]\n%s%s%stownship = %s\nvillage = %s\nbranch = %s\n", id->county[0] ? "county = " : "",
                   id->county, id->county[0] ? "\n" : "", id->township, id->village, id->branch);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || write(fd, text, (size_t)n) != n || fsync(fd) || close(fd) || rename(tmp, path)) {
    snprintf(zErr, nErr, "cannot write %s: %s", path, strerror(errno));
    if (fd >= 0) unlink(tmp);
    return KR_IO;
  }
  return KR_OK;
}

KrCode setup_apply(Db *db, const KeyPair *kp, Config *cfg, const char *zStick, const char *zPin, char *zErr, int nErr) {
  const char *zDbPath = sqlite3_db_filename(db_handle(db), "main");
  if (!zDbPath || !zDbPath[0]) {
    snprintf(zErr, nErr, "the database has no file to keep the village beside");
    return KR_BAD_INPUT;
  }
  SetupIdentity id;
  KrCode rc = setup_read(zStick, &id, zErr, nErr);
  if (rc) return rc;
  char path[1200], err[512];
  struct stat st;
  if (admin_set_pin(db, zPin, zErr, nErr)) return KR_BAD_INPUT;
  snprintf(path, sizeof path, "%s/" SETUP_DIR "/township.pub", zStick);
  if ((rc = sync_trust(db, path, 0, zErr, nErr))) return rc;
  if ((rc = write_identity(zDbPath, &id, zErr, nErr))) return rc;
  util_strlcpy(cfg->county, id.county[0] ? id.county : cfg->county, sizeof cfg->county);
  util_strlcpy(cfg->township, id.township, sizeof cfg->township);
  util_strlcpy(cfg->village, id.village, sizeof cfg->village);
  util_strlcpy(cfg->branch, id.branch, sizeof cfg->branch);
  snprintf(path, sizeof path, "%s/" SETUP_DIR "/roster.csv", zStick);
  if (stat(path, &st) == 0) {
    RosterImportStats rs;
    if (roster_import_file(db, path, id.branch, &rs, err, sizeof err)) {
      snprintf(zErr, nErr, "%s: %s", path, err);
      return KR_MALFORMED;
    }
  }
  snprintf(path, sizeof path, "%s/" SETUP_DIR "/package.ksp", zStick);
  if (stat(path, &st) == 0) {
    SyncApplied a;
    if ((rc = sync_apply_file(db, path, &a, err, sizeof err))) {
      snprintf(zErr, nErr, "%s: %s", path, err);
      return rc;
    }
  }
  snprintf(path, sizeof path, "%s/" SETUP_DIR "/kiosk.pub", zStick);
  return sync_write_pubkey(db, kp, cfg, path, zErr, nErr);
}
