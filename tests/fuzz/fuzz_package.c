/* fuzz_package: what lies behind the township's signature on the kiosk's
 * side. The input is a payload: an update package (an SQLite database, see
 * package.h) or, when it starts with the acknowledgement's magic, an
 * acknowledgement. The harness wraps it in a container signed by the
 * township the kiosk trusts (fixed key FZ_KEY_TOWN, id FZ_TOWN_ID) and
 * applies it with sync_apply to a fresh copy of the demo village. A refused
 * package must change nothing the kiosk counts. */
#include "container.h"
#include "fuzzutil.h"
#include "package.h"
#include "sync.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *z, size_t n) {
  static KeyPair town;
  static int ready;
  if (!ready) {
    fz_init();
    fz_keypair(FZ_KEY_TOWN, &town);
    ready = 1;
  }
  int kind = n >= strlen(ACK_MAGIC) && !memcmp(z, ACK_MAGIC, strlen(ACK_MAGIC)) ? CONTAINER_ACK : CONTAINER_PACKAGE;
  unsigned char *file;
  size_t nFile;
  if (container_make(kind, FZ_TOWN_ID, town.sk, NULL, z, n, &file, &nFile)) return 0;
  Db *db = fz_kiosk_db("trusting", fz_build_trusting);
  int members = db_member_count(db);
  int64_t version = package_version(db);
  SyncApplied ap;
  char err[512];
  KrCode rc = sync_apply(db, file, nFile, &ap, err, sizeof err);
  if (rc == KR_BAD_SIGNATURE || rc == KR_UNTRUSTED) {
    fprintf(stderr, "the harness's file was refused before its payload: %s\n", err);
    abort();
  }
  if (rc != KR_OK && (db_member_count(db) != members || package_version(db) != version)) {
    fprintf(stderr, "a refused %s changed the kiosk (%s): %s\n", kind == CONTAINER_ACK ? "ack" : "package",
            kr_name(rc), err);
    abort();
  }
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "apply: %s %s (members %d, notices %d)\n", kr_name(rc), rc ? err : "", ap.members, ap.notices);
  db_close(db);
  free(file);
  return 0;
}
