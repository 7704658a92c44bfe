/* checkin: the record that a member came to an activity. A check-in is
 * returned to the caller only after its transaction has committed, so the
 * screen never acknowledges what a power cut could take back. Checking in
 * twice returns the first record (outcome CHECKIN_ALREADY), not an error.
 * A mistaken check-in is cancelled by a reversal record, never deleted. */
#ifndef KIOSK_CHECKIN_H
#define KIOSK_CHECKIN_H
#include "activity.h"
#include "db.h"
#include "result.h"
#include "roster.h"

typedef enum { CHECKIN_NEW = 0, CHECKIN_ALREADY = 1 } CheckinOutcome;

/* A member's standing at an activity. The database keeps the text of the
 * first three ("present", "late", "leave"; absent is the lack of a record);
 * code compares these values, never the text. */
typedef enum {
  CHECKIN_ABSENT = 0,
  CHECKIN_PRESENT,
  CHECKIN_LATE,
  CHECKIN_LEAVE,
  CHECKIN_STATUS_COUNT
} CheckinStatus;

/* The text of status s as the database stores it ("absent" for
 * CHECKIN_ABSENT, which is never stored); a static string, NULL for a value
 * out of range. */
const char *checkin_status_text(CheckinStatus s);
/* The status whose text is z; returns KR_OK, or KR_BAD_INPUT (and *pOut
 * untouched) when z is NULL or no status's text. */
KrCode checkin_status_parse(const char *z, CheckinStatus *pOut);

typedef struct {
  CheckinOutcome outcome;
  char uuid[40];
  char kioskId[40];
  int64_t seq;
  int64_t at;          /* unix time of the (first) check-in */
  CheckinStatus status; /* present, late or leave */
  char method[12];
  char reason[64];     /* why on leave, "" otherwise */
  Member member;
  Activity activity;
} CheckinRecord;

/* Methods a check-in can be made by. */
#define CHECKIN_METHOD_TAP "tap"
#define CHECKIN_METHOD_CLI "cli"
#define CHECKIN_METHOD_KEYPAD "keypad"
#define CHECKIN_METHOD_PROXY "proxy"

/* Check-in for an activity opens openBeforeMin minutes before its start and
 * closes closeAfterMin minutes after its end (default 60 and 0). */
void checkin_set_window(Db *db, int openBeforeMin, int closeAfterMin);
/* Where now (unix seconds) falls in activity a's check-in window: a
 * CheckinWindow, never a failure. *pOpensAt (may be NULL) gets the local
 * "HH:MM" the window opens. */
typedef enum { CHECKIN_OPEN = 0, CHECKIN_NOT_YET, CHECKIN_CLOSED } CheckinWindow;
CheckinWindow checkin_window(Db *db, const Activity *a, int64_t now, char pOpensAt[6]);

/* Checks zMemberNo in to activity id on behalf of zOperator (may be NULL).
 * The activity must be today's and its window open. On success *pOut holds
 * the committed (or the earlier) record. Returns KR_OK; KR_NOT_FOUND for no
 * such active member or activity; KR_REFUSED when the activity is not today
 * or its window is not open (checkin_window() tells which side); or an
 * SQLite code (KR_BUSY, ...) — always with an English message and nothing
 * written. */
KrCode checkin_record(Db *db, int64_t activityId, const char *zMemberNo, const char *zMethod,
                      const char *zOperator, CheckinRecord *pOut, char *zErr, int nErr);

/* Marks zMemberNo on leave (请假) for activity id with a reason, by
 * zOperator: a record with status "leave", method "proxy". A member on leave
 * who comes after all simply checks in; the leave is then reversed in the
 * same transaction. Returns KR_OK (outcome CHECKIN_ALREADY if already on
 * leave) with *pOut set; KR_BAD_INPUT for a missing or long reason,
 * KR_NOT_FOUND, KR_REFUSED if the member has already checked in, or an
 * SQLite code — with an English message. */
KrCode checkin_leave(Db *db, int64_t activityId, const char *zMemberNo, const char *zReason, const char *zOperator,
                     CheckinRecord *pOut, char *zErr, int nErr);

/* Cancels check-in zUuid with a reversal record by zOperator. Returns
 * KR_OK; KR_NOT_FOUND (unknown), KR_REFUSED (already reversed, or itself a
 * reversal) or an SQLite code, with an English message. */
KrCode checkin_reverse(Db *db, const char *zUuid, const char *zOperator, char *zErr, int nErr);

/* Picks the activity to check in to today: the only one, or the one under way
 * now. Returns KR_OK with *pOut set, KR_NOT_FOUND when there is none today,
 * KR_REFUSED when several are on and none is under way (the caller must
 * choose), or an SQLite code. */
KrCode checkin_default_activity(Db *db, Activity *pOut);
/* Today's activities whose check-in window is open now, by start time.
 * *pp is freed by the caller with free(). Returns KR_OK or an SQLite code. */
KrCode checkin_open_activities(Db *db, Activity **pp, int *pn);

typedef struct {
  Member member;
  CheckinStatus status;
  int64_t at;          /* 0 when absent */
  char reason[64];     /* why on leave */
  char uuid[40];       /* the standing check-in record, "" when absent */
  char method[12];     /* how it was made, "" when absent */
} AttendanceRow;

typedef struct {
  int expected, present, late, leave, absent;
} AttendanceCounts;

/* Every active member's attendance at activity id, in roster order. *pp is
 * freed by the caller with free(). Returns KR_OK, KR_NOT_FOUND (no such
 * activity), KR_NOMEM or an SQLite code. */
KrCode checkin_attendance(Db *db, int64_t activityId, AttendanceRow **pp, int *pn, AttendanceCounts *pCounts);
#endif
