/* record: one member's year at a glance (我的记录) — activities attended of
 * those held so far, late and leave counts, volunteer hours approved and
 * pending, and the points and stars the township's rules give. */
#ifndef KIOSK_RECORD_H
#define KIOSK_RECORD_H
#include "db.h"
#include "rating.h"
#include "result.h"
#include <stdint.h>

typedef struct {
  int year;
  int held;          /* this year's activities that have begun by now (or that the member has come to) */
  int attended;      /* of those, checked in (on time or late) */
  int late, leave;
  int ratePct;       /* attended / held, rounded; 0 when none held */
  int approvedHalf, pendingHalf; /* volunteer hours × 2, this year */
  int points, stars;
} MemberRecord;

/* Fills *p for zMemberNo as of now (unix seconds); a number nobody has
 * gets a record of zeros. Returns KR_OK or an SQLite code. */
KrCode record_member(Db *db, const char *zMemberNo, const RatingRules *rules, int64_t now, MemberRecord *p);
#endif
