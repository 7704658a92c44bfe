/* rating: the township's points and star rules (积分 and 星级) for a member's
 * year. Rules come from kiosk.conf [rating] or, once the township sends
 * them, from an update package (stored in the database, and then in force).
 *
 *   points = attend × on-time attendances + late × late ones
 *          + leave × leaves + per_hour × approved volunteer hours (rounded down)
 *   stars  = how many of the five thresholds the points reach (0..5) */
#ifndef KIOSK_RATING_H
#define KIOSK_RATING_H
#include "db.h"
#include "result.h"

#define RATING_STARS 5

typedef struct {
  int attend, late, leave, perHour;
  int aStar[RATING_STARS];   /* points needed for 1..5 stars, strictly increasing */
} RatingRules;

void rating_defaults(RatingRules *r);
/* Sets one rule: attend, late, leave, per_hour (0..100) or stars
 * ("10,30,60,100,150"). Returns KR_OK, or KR_BAD_INPUT (r unchanged) on a
 * bad key or value. */
KrCode rating_set(RatingRules *r, const char *zKey, const char *zValue);
/* Parses "attend=2;late=1;stars=10,30,60,100,150" over *r. All or nothing:
 * returns KR_OK, or KR_BAD_INPUT with r unchanged. */
KrCode rating_parse(RatingRules *r, const char *zSpec);
/* Formats the rules as rating_parse() reads them, into z (≥ 128 bytes). */
void rating_format(const RatingRules *r, char *z, int n);
/* The rules in force: a township package's, if one was stored, else *pConfig. */
void rating_rules(Db *db, const RatingRules *pConfig, RatingRules *pOut);
/* Stores a package's rules (validated) inside the caller's transaction.
 * Returns KR_OK, KR_BAD_INPUT for bad rules, or an SQLite code. */
KrCode rating_store(Db *db, const char *zSpec);

/* The points and stars rules r give; pure, they cannot fail. */
int rating_points(const RatingRules *r, int onTime, int late, int leave, int approvedHalfHours);
int rating_stars(const RatingRules *r, int points);
#endif
