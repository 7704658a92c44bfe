/* rating: see rating.h. */
#include "rating.h"
#include "db_int.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rating_defaults(RatingRules *r) {
  *r = (RatingRules){.attend = 2, .late = 1, .leave = 0, .perHour = 1, .aStar = {5, 15, 30, 50, 80}};
}

/* A whole number lo..hi (trailing spaces allowed) into *out: KR_OK or KR_BAD_INPUT. */
static KrCode parse_int(const char *z, int lo, int hi, int *out) {
  char *end;
  long v = strtol(z, &end, 10);
  while (*end == ' ') end++;
  if (end == z || *end || v < lo || v > hi) return KR_BAD_INPUT;
  *out = (int)v;
  return KR_OK;
}

KrCode rating_set(RatingRules *r, const char *zKey, const char *zValue) {
  RatingRules t = *r;
  while (*zValue == ' ') zValue++;
  if (!strcmp(zKey, "attend")) { if (parse_int(zValue, 0, 100, &t.attend)) return KR_BAD_INPUT; }
  else if (!strcmp(zKey, "late")) { if (parse_int(zValue, 0, 100, &t.late)) return KR_BAD_INPUT; }
  else if (!strcmp(zKey, "leave")) { if (parse_int(zValue, 0, 100, &t.leave)) return KR_BAD_INPUT; }
  else if (!strcmp(zKey, "per_hour")) { if (parse_int(zValue, 0, 100, &t.perHour)) return KR_BAD_INPUT; }
  else if (!strcmp(zKey, "stars")) {
    char buf[128];
    util_strlcpy(buf, zValue, sizeof buf);
    char *save = NULL, *tok = strtok_r(buf, ",", &save);
    for (int i = 0; i < RATING_STARS; i++, tok = strtok_r(NULL, ",", &save)) {
      while (tok && *tok == ' ') tok++;
      if (!tok || parse_int(tok, 0, 100000, &t.aStar[i]) || (i && t.aStar[i] <= t.aStar[i - 1])) return KR_BAD_INPUT;
    }
    if (tok) return KR_BAD_INPUT; /* more than five */
  } else return KR_BAD_INPUT;
  *r = t;
  return KR_OK;
}

KrCode rating_parse(RatingRules *r, const char *zSpec) {
  RatingRules t = *r;
  char buf[512];
  if (strlen(zSpec) >= sizeof buf) return KR_BAD_INPUT;
  util_strlcpy(buf, zSpec, sizeof buf);
  char *save = NULL;
  int n = 0;
  for (char *kv = strtok_r(buf, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
    while (*kv == ' ') kv++;
    if (!*kv) continue;
    char *eq = strchr(kv, '=');
    if (!eq) return KR_BAD_INPUT;
    *eq = 0;
    char *k = kv, *e = eq;
    while (e > k && e[-1] == ' ') *--e = 0;
    if (rating_set(&t, k, eq + 1)) return KR_BAD_INPUT;
    n++;
  }
  if (!n) return KR_BAD_INPUT;
  *r = t;
  return KR_OK;
}

void rating_format(const RatingRules *r, char *z, int n) {
  snprintf(z, (size_t)n, "attend=%d;late=%d;leave=%d;per_hour=%d;stars=%d,%d,%d,%d,%d", r->attend, r->late, r->leave,
           r->perHour, r->aStar[0], r->aStar[1], r->aStar[2], r->aStar[3], r->aStar[4]);
}

void rating_rules(Db *db, const RatingRules *pConfig, RatingRules *pOut) {
  *pOut = *pConfig;
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'rating_rules'", -1, &s, NULL) != SQLITE_OK) return;
  if (sqlite3_step(s) == SQLITE_ROW) {
    RatingRules t;
    rating_defaults(&t);
    if (!rating_parse(&t, (const char *)sqlite3_column_text(s, 0))) *pOut = t;
  }
  sqlite3_finalize(s);
}

KrCode rating_store(Db *db, const char *zSpec) {
  RatingRules t;
  rating_defaults(&t);
  KrCode kr = rating_parse(&t, zSpec);
  if (kr) return kr;
  char canon[256];
  rating_format(&t, canon, sizeof canon);
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO meta(key, value) VALUES('rating_rules', ?1)", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, canon, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

int rating_points(const RatingRules *r, int onTime, int late, int leave, int approvedHalfHours) {
  return onTime * r->attend + late * r->late + leave * r->leave + approvedHalfHours * r->perHour / 2;
}

int rating_stars(const RatingRules *r, int points) {
  int n = 0;
  while (n < RATING_STARS && points >= r->aStar[n]) n++;
  return n;
}
