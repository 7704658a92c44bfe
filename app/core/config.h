/* config: kiosk.conf, an INI file read with inih. Every key has a default,
 * so a missing file is not an error for tools; a malformed one is. */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H
#include "rating.h"
#include "result.h"
#include <stddef.h>

#define CONFIG_MAX_FALLBACK 6
#define CONFIG_PATH_MAX 512

typedef struct {
  /* [kiosk] */
  char kioskId[40];      /* empty: the database's own id is used */
  char county[64], township[64], village[64], branch[96];
  char dbPath[CONFIG_PATH_MAX];
  char keyPath[CONFIG_PATH_MAX]; /* the kiosk's Ed25519 key pair; empty: kiosk.key beside the database */
  int demo;              /* load the demo village into an empty database */
  char timezone[64];     /* POSIX TZ, e.g. CST-8 (needs no tzdata) */
  /* [screen] */
  int fullscreen;
  int width, height;     /* window size when not fullscreen */
  double diagonalInch;   /* physical diagonal, for millimetre sizes */
  char renderer[32];     /* SDL render driver name, or "auto" */
  /* [behaviour] */
  int idleResetSeconds;
  int countdownSeconds;
  int confirmSeconds;
  /* [checkin] */
  int openBeforeMinutes; /* check-in opens this long before an activity starts */
  int closeAfterMinutes; /* and closes this long after it ends */
  /* [cards] */
  char cardIssuer[24];   /* the issuer id printed into this kiosk's QR cards */
  /* [volunteer] */
  char volCategories[768]; /* comma-separated category names */
  int maxShiftHours;     /* a shift nobody signs out of is closed after this long */
  /* [activity] */
  char places[768];      /* comma-separated places the activity editor offers */
  char themes[768];      /* comma-separated themes for any month (titles are kind + theme) */
  char monthThemes[12][384]; /* theme_1 .. theme_12: that month's themes, offered first */
  /* [privacy] */
  int recordCheck;       /* 我的记录 asks for the member's card or phone last 4 first */
  /* [rating] */
  RatingRules rating;    /* points and stars, until a township package sets them */
  /* [sync] */
  char hubUrl[256];      /* the township's LAN hub, e.g. http://192.168.1.10:8080; empty: USB only */
  int syncMinutes;       /* how often the kiosk syncs with the hub */
  /* [usb] */
  char usbRoots[CONFIG_PATH_MAX]; /* colon-separated: sticks are mounted below these */
  char ejectCommand[CONFIG_PATH_MAX]; /* run with the mount point after an export, to unmount it; "" none */
  /* [feedback] */
  int tones;             /* a short tone on check-in, another on refusal */
  int voice;             /* speak "张中立，签到成功" */
  int readAloud;         /* 朗读 buttons on notices and 我的记录, and spoken summaries */
  char voiceCommand[CONFIG_PATH_MAX]; /* the speech program and its options; the text is appended */
  /* [fonts] */
  char fontPrimary[CONFIG_PATH_MAX];
  int fontPrimaryIndex;
  char fontBold[CONFIG_PATH_MAX];
  int fontBoldIndex;
  char fontFallback[CONFIG_MAX_FALLBACK][CONFIG_PATH_MAX];
  int nFontFallback;
} Config;

/* Fills *c with defaults. */
void config_defaults(Config *c);
/* Loads zPath over the defaults. A missing file is fine when mayBeMissing.
 * Returns KR_OK; KR_BAD_INPUT for a bad line (the message names it),
 * KR_NOT_FOUND for a missing file, KR_IO when it cannot be read — with an
 * English message in zErr. */
KrCode config_load(Config *c, const char *zPath, int mayBeMissing, char *zErr, int nErr);
/* The i-th item (0-based) of comma-separated zList, trimmed, into zOut
 * (cut to nOut at a character boundary); returns 1, or 0 when there is no
 * such item. Empty items are skipped. */
int config_list_item(const char *zList, int i, char *zOut, size_t nOut);
/* Applies the timezone to the process (setenv TZ + tzset). */
void config_apply_timezone(const Config *c);
#endif
