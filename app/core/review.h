/* review: the township's counting rules for its monthly and quarterly
 * reviews (月考核 / 季评比), written once. Every sheet and chart of
 * `township report` is made from one ReviewResult, so the sheets cannot
 * disagree. No SDL, no file output here: report.c only formats.
 *
 * The rules (README "How the township counts" says them in a clerk's words):
 * - An activity counts for a village when it is that village's kiosk's own
 *   or the township's (sent in a package), in its latest version, its day is
 *   in the period, and it has started by asOf (a review run mid-month does
 *   not count what has not happened yet).
 * - A member is expected (应到) at an activity when the member's roster
 *   version in force on the activity's day is active on that village's
 *   roster: a member added on the 30th is not expected on the 10th, and a
 *   member who left on the 20th is not expected on the 25th.
 * - A member came (实到) when a check-in for that activity stands (no later
 *   reversal cancels it) with status present or late, whatever its method
 *   (tap, keypad, card, proxy 代签, paper). Late (迟到) is part of came.
 *   Leave (请假) is a standing leave record and no standing check-in.
 *   Absent (未到) = expected − came − leave.
 * - Only expected members count: a check-in by someone not on the roster
 *   that day is shown apart (nOffRoster) and never raises a rate.
 * - A revoked kiosk's records made up to its revocation still count; the
 *   activities that start after it are not expected of that village.
 * - The status of a (village, activity, member) is decided as the kiosk
 *   decides it: of the standing records, a check-in before a leave, then
 *   the earliest (leave, then came after all: came).
 * - Volunteer hours count by the entry's day; an entry is approved when its
 *   latest review says so, pending when it has none.
 *
 * The numbers agree by construction: for every village, kind and member,
 * expected = came + leave + absent, and the villages' sums equal the kinds'
 * sums and the members' sums. */
#ifndef KIOSK_REVIEW_H
#define KIOSK_REVIEW_H
#include "result.h"
#include <stdint.h>

struct sqlite3;

typedef struct {
  int nExpected;   /* 应到人次 */
  int nCame;       /* 实到人次: on time + late */
  int nLate;       /* 迟到 (part of nCame) */
  int nLeave;      /* 请假 */
  int nAbsent;     /* 未到 = nExpected - nCame - nLeave */
} ReviewCounts;

typedef struct {
  char zKioskId[41];
  char *zVillage, *zBranch;     /* owned by the result */
  int revoked;                  /* the kiosk is revoked now (its earlier records count) */
  int nMembers;                 /* on the roster at the period's end (or at asOf, if earlier) */
  int nActivities;              /* activities held (counted) in the period */
  ReviewCounts c;
  int nOffRoster;               /* standing check-ins by members not on the roster that day */
  double approvedHours, pendingHours;
  double rate;                  /* c.nCame / c.nExpected, 0 when nothing was expected */
  double hoursPerMember;        /* approvedHours / nMembers, 0 when no members */
  double score;                 /* review_score(rate, hoursPerMember) */
} ReviewVillage;

typedef struct {
  char zKind[32];               /* 主题党日, 支部党员大会, ... */
  int nActivities;              /* held at a village; a township activity once per village, as in aVillage */
  ReviewCounts c;
  double rate;
} ReviewKind;

typedef struct {
  int iVillage;                 /* index in aVillage */
  char zMemberNo[32];
  char *zName, *zGroup;         /* latest version in the period; owned by the result */
  int onRosterAtEnd;            /* 0: left during (or before the end of) the period */
  ReviewCounts c;
  double rate;
  double approvedHours, pendingHours;
} ReviewMember;

typedef struct {
  int iVillage;                 /* index in aVillage; the township's own activities appear once per village */
  char zUuid[37];
  char zDay[11], zStart[6];
  char zKind[32];
  char *zTitle;                 /* owned by the result */
  ReviewCounts c;
} ReviewActivity;

typedef struct {
  char zFrom[11], zTo[11];      /* the period, inclusive */
  char zLabel[64];              /* "2026年11月" or "2026年第4季度" */
  int64_t asOf;                 /* unix time the review was computed for */
  ReviewVillage *aVillage;  int nVillage;   /* by village name */
  ReviewKind *aKind;        int nKind;      /* by kind */
  ReviewMember *aMember;    int nMember;    /* by village, then member number */
  ReviewActivity *aActivity; int nActivity; /* by village, day, start */
  ReviewCounts total;           /* the township's totals */
  double totalApprovedHours, totalPendingHours;
} ReviewResult;

/* The score out of 100 that ranks villages:
 * rate × 80 + min(hoursPerMember / 4, 1) × 20. */
double review_score(double rate, double hoursPerMember);

/* The period of "--month 2026-11" (zMonth) or "--quarter 2026-Q4"
 * (zQuarter; exactly one of the two is set) into zFrom/zTo/zLabel.
 * KR_BAD_INPUT with an English message when it is not a period. */
KrCode review_period(const char *zMonth, const char *zQuarter, char zFrom[11], char zTo[11], char *zLabel,
                     int nLabel, char *zErr, int nErr);

/* Computes the review of [zFrom, zTo] over the township database h (whose
 * own id is zTownshipId, for the township's activities) as of asOf (unix
 * time; activities that have not started by then do not count). On KR_OK
 * *ppOut is a new result, freed with review_free(). */
KrCode review_compute(struct sqlite3 *h, const char *zTownshipId, const char *zFrom, const char *zTo, int64_t asOf,
                      ReviewResult **ppOut, char *zErr, int nErr);
void review_free(ReviewResult *p);

/* For tests: xHook(pCtx, h, zSql) sees every SQL statement review_compute
 * runs, just before it runs (the temp tables of the steps before exist),
 * so a test can check its query plan. NULL turns it off. Not thread-safe. */
void review_set_plan_hook(void (*xHook)(void *pCtx, struct sqlite3 *h, const char *zSql), void *pCtx);
#endif
