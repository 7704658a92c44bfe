/* screens: what one screen hands to another. Each screen keeps its own
 * state (a static struct in its file) and nobody else reaches into it; where
 * two screens share something, it goes through one of these small
 * interfaces, named for the screen that owns it:
 *
 *   the finder (screen_checkin.c)   what finding yourself is for, who was found
 *   the confirmation (screen_confirm.c)  the check-in answer being shown
 *   the volunteer entry (screen_volunteer.c)  the entry being made, step by step
 *   the volunteer answer (screen_vol_done.c)
 *   the PIN (screen_pin.c)          where the right PIN leads
 *   the activity editor (screen_activity_edit.c), the activities' one-line
 *   notice (screen_activities.c), the notice list (screen_notice_list.c)
 *   and event mode's scans (screen_event.c).
 *
 * The state is the process's (one kiosk, one App at a time); each screen
 * starts its own afresh in its enter. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H
#include "app.h"

/* --- the finder: name grid, keypad, scanned card --- */
/* Goes to the name grid to find a member for purpose p. */
void find_start(App *app, Purpose p);
/* What the finder is finding for now. */
Purpose find_purpose(void);
void find_set_purpose(Purpose p);
/* The member last found for volunteering or my record (zeroed when none). */
const Member *find_member(void);
void find_set_member(const Member *m);
/* Back to the name grid after 不是我 cancelled a check-in: its title says
 * so until the next tap. */
void find_after_not_me(App *app);
/* Draws page *pPage (clamped to the pages there are) of the members
 * app->model.aVisible[0..n) as name tiles in grid, and the pager
 * (page:prev / page:next) in pager: the name grid, shared by the letters
 * and the surname screen. */
void find_draw_names(App *app, Ui *ui, Rect grid, Rect pager, int n, int *pPage);

/* --- 我的记录's check of who is asking (screen_record_verify.c) --- */
/* Asks for m's card or phone last 4 before showing m's record. */
void record_verify_ask(App *app, const Member *m);

/* --- the confirmation of a check-in --- */
typedef struct {
  int ok;                       /* committed: the screen may say so */
  CheckinRecord rec;            /* when ok */
  int code;                     /* checkin_record's KrCode when not ok, -1 when it was not called */
  QrCardResult card;            /* a scanned card's refusal, QRCARD_OK otherwise */
  char err[256];                /* English, for the log */
} Confirmation;
/* Shows c (copied) on the confirmation screen. */
void confirm_show(App *app, const Confirmation *c);
/* What the confirmation screen shows (or last showed). */
const Confirmation *confirm_last(void);

/* --- the volunteer entry being made --- */
typedef struct {
  int cat, day, half;           /* category index, days back, hours × 2 */
  int starting;                 /* the category is for a shift being started, not hours being logged */
  VolShift shift;               /* the member's open shift, or the one just started or ended */
} VolDraft;
/* The entry being made (never NULL; the volunteer screens share it). */
VolDraft *vol_draft(void);
/* Shows how a volunteer action ended: what, the hours (× 2) and the flag
 * of an ended shift. */
void vol_done_show(App *app, VolDone what, int half, const char *zFlag);

/* --- the PIN --- */
/* Asks for the PIN, then goes to next (the admin board when the PIN screen
 * is opened any other way). */
void pin_ask(App *app, ScreenId next);

/* --- the secretary's activities --- */
/* Opens the editor on a copy of a, or on a new activity when a is NULL. */
void activity_edit_open(App *app, const Activity *a);
/* The one-line message on the activities list ("" clears it). */
void activities_notice(const char *z);

/* --- notices --- */
/* Lists category cat's notices. */
void notice_list_open(App *app, int cat);

/* --- event mode --- */
typedef struct {
  char name[128], hm[6], note[96];
  char next[160];               /* a refusal's next step, "" when none */
  int kind;                     /* EVENT_NEW, EVENT_ALREADY, EVENT_REFUSED */
} EventScan;
/* The last scans, newest first, into *pa (static; at most 5). Returns how many. */
int event_recent(const EventScan **pa);
/* Members checked in so far at the station's activity. */
int event_count(void);
/* 1 while the scan station is locked: from its opening until the right
 * PIN. While locked, every way home (首页, 返回 on another screen, the idle
 * reset) leads back to the station, and a scan anywhere is the station's. */
int event_locked(void);
/* Unlocks the station (the right PIN was entered), here and in the
 * database. */
void event_unlock(App *app);
/* At start: forgets any station of an App before this one (tests), then
 * reads the lock kept in the database. Returns 1 when the station was left
 * locked today and today has an activity (model.act read): start on it,
 * locked. A lock from another day, or with no activity today, is let go
 * (cleared) and 0 returned: start at home. */
int event_restore(App *app);
#endif
