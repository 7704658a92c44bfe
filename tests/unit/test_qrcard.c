/* QR member cards: issue and verify; forged, truncated, mistyped, wrong
 * issuer, revoked by a reissue, unknown member; refusals recorded; the key
 * file private and stable; card records never deleted. */
#include "check.h"
#include "db_int.h"
#include "keypair.h"
#include "qrcard.h"
#include "util.h"
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ISSUER "ZMLJ-LUMIAO"

static KeyPair gKp;

static Db *setup(void) {
  char path[600], err[256];
  int created;
  if (keypair_load_or_create(test_path("kiosk.key", path, sizeof path), &gKp, &created, err, sizeof err)) return NULL;
  return test_demo_db();
}

static QrCardResult verify(Db *db, const char *z) {
  Member m;
  return qrcard_verify(db, gKp.pk, ISSUER, z, &m, NULL);
}

static void issue_and_verify(void) {
  Db *db = setup();
  REQUIRE(db);
  char payload[QRCARD_PAYLOAD_MAX], err[256];
  int serial;
  REQUIRE(qrcard_issue(db, &gKp, ISSUER, "LM0031", payload, &serial, err, sizeof err) == 0);
  CHECK(serial == 1);
  CHECK(!strncmp(payload, "K1." ISSUER ".LM0031.1.", strlen("K1." ISSUER ".LM0031.1.")));
  for (const char *p = payload; *p; p++) CHECK(*p > 0x20 && *p < 0x7F); /* printable ASCII */
  Member m;
  CHECK(qrcard_verify(db, gKp.pk, ISSUER, payload, &m, NULL) == QRCARD_OK);
  CHECK(!strcmp(m.memberNo, "LM0031") && !strcmp(m.name, "张中立"));
  CHECK(qrcard_issue(db, &gKp, ISSUER, "NOBODY", payload, &serial, err, sizeof err) == KR_NOT_FOUND);
  CHECK(qrcard_issue(db, &gKp, "bad issuer!", "LM0031", payload, &serial, err, sizeof err) == KR_BAD_INPUT);
  db_close(db);
}

static void forged_truncated_mistyped(void) {
  Db *db = setup();
  REQUIRE(db);
  char payload[QRCARD_PAYLOAD_MAX], bad[QRCARD_PAYLOAD_MAX], err[256];
  int serial;
  REQUIRE(qrcard_issue(db, &gKp, ISSUER, "LM0031", payload, &serial, err, sizeof err) == 0);
  REQUIRE(qrcard_issue(db, &gKp, ISSUER, "LM0054", bad, &serial, err, sizeof err) == 0);
  size_t n = strlen(payload);
  /* one character of the signature changed */
  strcpy(bad, payload);
  bad[n - 5] = bad[n - 5] == 'A' ? 'B' : 'A';
  CHECK(verify(db, bad) == QRCARD_FORGED);
  /* someone else's number with this signature */
  strcpy(bad, payload);
  memcpy(strstr(bad, "LM0031"), "LM0054", 6);
  CHECK(verify(db, bad) == QRCARD_FORGED);
  /* a signature made with another key */
  KeyPair other;
  char path[600];
  int created;
  REQUIRE(keypair_load_or_create(test_path("other.key", path, sizeof path), &other, &created, err, sizeof err) == 0);
  Member m;
  CHECK(qrcard_verify(db, other.pk, ISSUER, payload, &m, NULL) == QRCARD_FORGED);
  /* truncated anywhere */
  for (size_t cut = 0; cut < n; cut += 7) {
    strcpy(bad, payload);
    bad[cut] = 0;
    if (verify(db, bad) != QRCARD_MALFORMED) { fprintf(stderr, "cut at %zu accepted\n", cut); gFailures++; }
  }
  /* mistyped shapes */
  static const char *const azBad[] = {
    "", "hello world", "K2.ZMLJ-LUMIAO.LM0031.1.x", "K1..LM0031.1.x", "K1.ZMLJ-LUMIAO.LM0031.01.x",
    "K1.ZMLJ-LUMIAO.LM0031.1", "K1.ZMLJ LUMIAO.LM0031.1.x", "张中立",
  };
  for (size_t i = 0; i < sizeof azBad / sizeof azBad[0]; i++) CHECK(verify(db, azBad[i]) == QRCARD_MALFORMED);
  strcpy(bad, payload);
  strcat(bad, "A");
  CHECK(verify(db, bad) == QRCARD_MALFORMED); /* a signature one char too long */
  strcpy(bad, payload);
  bad[4] = '\x7F';
  CHECK(verify(db, bad) == QRCARD_MALFORMED);
  /* from another village */
  CHECK(qrcard_verify(db, gKp.pk, "ZMLJ-CUIZHUANG", payload, &m, NULL) == QRCARD_WRONG_ISSUER);
  db_close(db);
}

static void reissue_revokes(void) {
  Db *db = setup();
  REQUIRE(db);
  char first[QRCARD_PAYLOAD_MAX], second[QRCARD_PAYLOAD_MAX], err[256], no[24];
  int serial;
  REQUIRE(qrcard_issue(db, &gKp, ISSUER, "LM0012", first, &serial, err, sizeof err) == 0);
  REQUIRE(qrcard_issue(db, &gKp, ISSUER, "LM0012", second, &serial, err, sizeof err) == 0);
  CHECK(serial == 2);
  Member m;
  CHECK(qrcard_verify(db, gKp.pk, ISSUER, first, &m, no) == QRCARD_REVOKED && !strcmp(no, "LM0012"));
  CHECK(verify(db, second) == QRCARD_OK);
  char path[600];
  test_path("kiosk.db", path, sizeof path);
  CHECK(test_sql_int(path, "SELECT count(*) FROM card WHERE member_no = 'LM0012' AND kind = 'revoke' AND serial = 1") == 1);
  /* a genuine signature over a serial this kiosk never issued */
  char head[64], b64[100], forged[QRCARD_PAYLOAD_MAX + 100];
  snprintf(head, sizeof head, "K1.%s.LM0012.7", ISSUER);
  unsigned char sig[64];
  crypto_sign_detached(sig, NULL, (const unsigned char *)head, strlen(head), gKp.sk);
  sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  snprintf(forged, sizeof forged, "%s.%s", head, b64);
  CHECK(verify(db, forged) == QRCARD_UNKNOWN_CARD);
  /* and for a member who is not on the roster */
  snprintf(head, sizeof head, "K1.%s.ZZ9999.1", ISSUER);
  crypto_sign_detached(sig, NULL, (const unsigned char *)head, strlen(head), gKp.sk);
  sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  snprintf(forged, sizeof forged, "%s.%s", head, b64);
  CHECK(verify(db, forged) == QRCARD_UNKNOWN_MEMBER);
  /* refusals are records, and card history cannot be erased */
  CHECK(qrcard_record_refusal(db, first, QRCARD_REVOKED, "LM0012") == 0);
  CHECK(test_sql_int(path, "SELECT count(*) FROM scan_refusal WHERE reason = 'revoked' AND member_no = 'LM0012'") == 1);
  CHECK(sqlite3_exec(db->h, "DELETE FROM card", NULL, NULL, NULL) != SQLITE_OK);
  CHECK(sqlite3_exec(db->h, "UPDATE card SET kind = 'issue'", NULL, NULL, NULL) != SQLITE_OK);
  CHECK(sqlite3_exec(db->h, "DELETE FROM scan_refusal", NULL, NULL, NULL) != SQLITE_OK);
  db_close(db);
}

static void key_file_private(void) {
  char path[600], err[256];
  KeyPair a, b;
  int created;
  REQUIRE(keypair_load_or_create(test_path("k.key", path, sizeof path), &a, &created, err, sizeof err) == 0);
  CHECK(created == 1);
  struct stat st;
  REQUIRE(stat(path, &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(keypair_load_or_create(path, &b, &created, err, sizeof err) == 0);
  CHECK(created == 0 && !memcmp(a.pk, b.pk, sizeof a.pk));
  chmod(path, 0644);
  CHECK(keypair_load(path, &b, err, sizeof err) == KR_REFUSED && strstr(err, "chmod 600"));
  FILE *f = fopen(test_path("short.key", path, sizeof path), "w");
  REQUIRE(f);
  fputs("short", f);
  fclose(f);
  chmod(path, 0600);
  CHECK(keypair_load(path, &b, err, sizeof err) == KR_MALFORMED && strstr(err, "damaged"));
  /* one damaged byte of the seed, or bytes after the key, are found on load */
  unsigned char raw[64];
  test_path("k.key", path, sizeof path);
  chmod(path, 0600);
  f = fopen(path, "r+b");
  REQUIRE(f && fread(raw, 1, sizeof raw, f) == sizeof raw);
  raw[3] ^= 1;
  rewind(f);
  REQUIRE(fwrite(raw, 1, sizeof raw, f) == sizeof raw);
  fclose(f);
  CHECK(keypair_load(path, &b, err, sizeof err) == KR_MALFORMED && strstr(err, "damaged"));
  raw[3] ^= 1;
  f = fopen(path, "wb");
  REQUIRE(f && fwrite(raw, 1, sizeof raw, f) == sizeof raw);
  fputc('x', f);
  fclose(f);
  CHECK(keypair_load(path, &b, err, sizeof err) == KR_MALFORMED && strstr(err, "damaged"));
  f = fopen(path, "wb");
  REQUIRE(f && fwrite(raw, 1, sizeof raw, f) == sizeof raw);
  fclose(f);
  CHECK(keypair_load(path, &b, err, sizeof err) == 0 && !memcmp(a.pk, b.pk, sizeof a.pk));
}

/* Several processes (the kiosk, kioskctl) creating the key at once all end
 * up with the one key that was written: none replaces another's. */
static void key_created_once(void) {
  enum { N = 8 };
  char path[600];
  int fds[N][2];
  test_path("race.key", path, sizeof path);
  for (int i = 0; i < N; i++) {
    REQUIRE(pipe(fds[i]) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      KeyPair k;
      char err[256];
      int created;
      int rc = keypair_load_or_create(path, &k, &created, err, sizeof err);
      if (rc || write(fds[i][1], k.pk, sizeof k.pk) != (ssize_t)sizeof k.pk) _exit(1);
      _exit(0);
    }
    close(fds[i][1]);
  }
  uint8_t pk[N][KEYPAIR_PK_BYTES];
  for (int i = 0; i < N; i++) {
    int status;
    CHECK(read(fds[i][0], pk[i], sizeof pk[i]) == (ssize_t)sizeof pk[i]);
    close(fds[i][0]);
    wait(&status);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  KeyPair k;
  char err[256];
  REQUIRE(keypair_load(path, &k, err, sizeof err) == 0);
  for (int i = 0; i < N; i++) CHECK(!memcmp(pk[i], k.pk, sizeof k.pk));
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"issue_and_verify", issue_and_verify},
    {"forged_truncated_mistyped", forged_truncated_mistyped},
    {"reissue_revokes", reissue_revokes},
    {"key_file_private", key_file_private},
    {"key_created_once", key_created_once},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
