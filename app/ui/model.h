/* model: what the screens show, kept in one place between the core and the
 * screens.
 *
 * The core answers questions about the database; the model holds the
 * answers the screens draw from — the roster (members, names shared by two,
 * the 村民小组, the finder's index), today's activities, the admin board's
 * attendance, the volunteer categories, the honour board, and what the stick
 * and the export are doing. Screens read the fields. They change only on
 * the UI thread: through the model_* functions below, app_model_event (the
 * events), and the export screen marking its export as under way.
 *
 * It is kept fresh by events, not by restarts. Whoever changes the database
 * behind the screens' back (the worker thread: a stick, the LAN, an export)
 * posts a ModelEvent with model_post(); the UI thread receives it as an SDL
 * event of model_event_type() and refreshes what that change touched
 * (app.c's model_event handling). The model lives in app/ui and not in the
 * core because it is the UI's view of the data (its texts come from the
 * string table) and it travels by SDL events; the core stays without SDL. */
#ifndef KIOSK_MODEL_H
#define KIOSK_MODEL_H
#include "activity.h"
#include "checkin.h"
#include "config.h"
#include "db.h"
#include "finder.h"
#include "roster.h"
#include "sync.h"
#include "usb.h"
#include "volunteer.h"
#include <SDL.h>

#define HONOUR_MAX 5
#define MAX_GROUPS 40
#define MODEL_USB_LINES 6

/* What today holds for check-in. */
typedef enum {
  ACT_NONE,      /* no activity today */
  ACT_OPEN,      /* one open now: act */
  ACT_CHOOSE,    /* several open now: aOpen, the member picks */
  ACT_NOT_YET,   /* the next one's check-in opens at opensAt: act */
  ACT_OVER       /* today's are over: act is the last */
} ActState;

/* What the stick is doing. */
typedef enum {
  STICK_NONE,     /* no stick */
  STICK_READING,  /* 正在读取: the worker checks and applies its township files */
  STICK_READ      /* done: usbLines say what happened */
} StickState;

/* What the export onto the stick is doing. */
typedef enum { EXPORT_FAILED = -1, EXPORT_WORKING = 0, EXPORT_DONE = 1 } ExportState;

typedef struct {
  /* today's activities */
  Activity act;                 /* the one to check in to (or to show) */
  int haveAct;                  /* act is set */
  ActState actState;
  char opensAt[6];              /* ACT_NOT_YET: when check-in opens */
  Activity *aOpen;              /* ACT_CHOOSE: the activities open now */
  int nOpen;
  /* the roster */
  Member *aMember;              /* active members, roster order */
  int nMember;
  char *dupName;                /* per member: 1 if another member shares the name */
  char *hasPhoto;               /* per member: 1 if a photo is stored (photo.h) */
  int *aVisible;                /* scratch for a screen's filtered members (indexes), nMember long */
  char azGroup[MAX_GROUPS][64];
  int nGroup;
  Finder *finder;               /* pinyin order, index letters, keypad matching */
  unsigned rosterGen;           /* moves on each reload: a roster index held from before is stale */
  /* the admin board: today's attendance at act */
  AttendanceRow *att;
  int nAtt;
  AttendanceCounts attCounts;
  /* volunteering */
  VolCategories volCats;
  VolHonour aHonour[HONOUR_MAX];
  int nHonour;
  /* the stick */
  char stick[USB_PATH_MAX];     /* the one being used, "" when none */
  StickState stickState;
  char usbLines[MODEL_USB_LINES][256]; /* what applying its township files did, in words */
  int nUsbLines;
  int usbPending;               /* a stick came while someone was busy: show it on the home screen */
  ExportState exportState;
  int exportRecords;
  int exportEjected;            /* ExportReport's ejected */
  int exportSeq;                /* the export asked for last: an older one's answer is not its answer */
  SDL_threadID exportThread;    /* the thread the last export ran on (tests: never the UI's) */
} Model;

/* Frees what the model holds (not m itself). */
void model_free(Model *m);
/* Reads the roster again: members, duplicate names, groups, the finder.
 * Returns 0, or -1 (the model then has no members). */
int model_reload_roster(Model *m, Db *db);
/* Reads today's activities: act, actState, aOpen... */
void model_refresh_activity(Model *m, Db *db);
/* Reads today's attendance at act (the admin board). */
void model_refresh_attendance(Model *m, Db *db);
/* Reads the volunteer categories (zDefault: kiosk.conf's list). */
void model_refresh_categories(Model *m, Db *db, const char *zDefault);
/* Closes forgotten shifts and reads this month's honour board. */
void model_refresh_honour(Model *m, Db *db, int maxShiftHours);
/* The sync status line for the admin board, in words; zErr "" when the
 * last cycle went well. */
void model_sync_status(Db *db, char *z, size_t n, char *zErr, size_t nErr);

/* What changed, in an SDL event of model_event_type() with user.code one of
 * these and user.data1 a payload (described per code) that the UI thread
 * frees with model_event_free(). */
typedef enum {
  MODEL_ROSTER_CHANGED = 1,  /* members joined, left or changed; no payload */
  MODEL_PACKAGE_APPLIED,     /* a township package: SyncApplied* */
  MODEL_ACK_APPLIED,         /* the township acknowledged records: SyncApplied* */
  MODEL_SYNC_DONE,           /* a LAN cycle ended (well or not); no payload */
  MODEL_STICK_IN,            /* a stick came: char* its mount point; the worker now reads it */
  MODEL_STICK_OUT,           /* the stick in use was pulled out: char* its mount point */
  MODEL_STICK_READ,          /* the stick's township files were checked: StickReport* */
  MODEL_EXPORT_DONE,         /* the export ended: ExportReport* */
  MODEL_COUNT
} ModelEvent;

/* One township file on a stick, and what became of it. */
typedef struct {
  char name[128];               /* its file name */
  int rc;                       /* sync_apply_file's result: KR_OK, a KrCode, or -1 */
  SyncApplied applied;          /* when rc is KR_OK */
} StickFile;

typedef struct {
  char stick[USB_PATH_MAX];
  int nFile;
  StickFile aFile[MODEL_USB_LINES * 2];
} StickReport;

typedef struct {
  char stick[USB_PATH_MAX];
  int seq;                      /* worker_export's seq */
  int ok;                       /* the bundle and the workbook were written and read back */
  int ejected;                  /* after it: 1 the stick was unmounted, 0 not asked to ([usb] eject_command
                                 * empty), -1 asked but still mounted */
  int records;
  SDL_threadID thread;          /* the thread it ran on (tests: never the UI's) */
} ExportReport;

/* The SDL event type the model's events travel in (registered once). */
Uint32 model_event_type(void);
/* Posts code with payload p (malloc'ed; ownership passes to the event, or
 * p is freed if it cannot be posted). Safe from any thread. */
void model_post(ModelEvent code, void *p);
/* Frees an event's payload. */
void model_event_free(const SDL_Event *e);
#endif
