/* config: see config.h. Relative paths inside kiosk.conf are taken relative
 * to the directory of kiosk.conf, so the kiosk can be started from anywhere. */
#include "config.h"
#include "util.h"
#include "volunteer.h"
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void config_defaults(Config *c) {
  memset(c, 0, sizeof *c);
  util_strlcpy(c->county, "中牟县", sizeof c->county);
  util_strlcpy(c->township, "刘集镇", sizeof c->township);
  util_strlcpy(c->village, "鲁庙村", sizeof c->village);
  util_strlcpy(c->branch, "鲁庙村党支部", sizeof c->branch);
  util_strlcpy(c->dbPath, "kiosk.db", sizeof c->dbPath);
  util_strlcpy(c->timezone, "CST-8", sizeof c->timezone);
  c->demo = 1;
  c->fullscreen = 1;
  c->width = 1920;
  c->height = 1080;
  c->diagonalInch = 21.5;
  util_strlcpy(c->renderer, "software", sizeof c->renderer);
  c->idleResetSeconds = 60;
  c->countdownSeconds = 10;
  c->confirmSeconds = 6;
  c->keyPath[0] = 0; /* empty: kiosk.key beside the database */
  util_strlcpy(c->cardIssuer, "KIOSK", sizeof c->cardIssuer);
  c->openBeforeMinutes = 60;
  c->closeAfterMinutes = 0;
  util_strlcpy(c->volCategories, "环境整治,关爱帮扶,政策宣传,治安巡逻,文明实践,其他", sizeof c->volCategories);
  c->maxShiftHours = 8;
  c->syncMinutes = 30;
  util_strlcpy(c->usbRoots, "/media:/run/media", sizeof c->usbRoots);
  util_strlcpy(c->places, "党员活动室,村委会议室,村党群服务中心", sizeof c->places);
  c->recordCheck = 1;
  rating_defaults(&c->rating);
  c->tones = 1;
  c->voice = 0;
  c->readAloud = 1;
  util_strlcpy(c->voiceCommand, "espeak-ng -v cmn-latn-pinyin -s 150", sizeof c->voiceCommand);
  /* fonts: empty slots are found by family through fontconfig (fontfind.h) */
  c->fontPrimaryIndex = 2; /* JP, KR, SC, TC, HK: SC is face 2 (used with an explicit path) */
  c->fontBoldIndex = 2;
  c->nFontFallback = 3;
}

typedef struct {
  Config *c;
  char dir[CONFIG_PATH_MAX / 2];
  char err[256];
} LoadCtx;

/* A yes/no value into *out: KR_OK or KR_BAD_INPUT. */
static KrCode parse_bool(const char *v, int *out) {
  if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on")) { *out = 1; return KR_OK; }
  if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0") || !strcasecmp(v, "off")) { *out = 0; return KR_OK; }
  return KR_BAD_INPUT;
}

/* A whole number lo..hi into *out: KR_OK or KR_BAD_INPUT. */
static KrCode parse_int(const char *v, int lo, int hi, int *out) {
  char *end;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (end == v || *end || errno || x < lo || x > hi) return KR_BAD_INPUT;
  *out = (int)x;
  return KR_OK;
}

static void set_path(LoadCtx *x, char *dst, const char *v) {
  if (v[0] == '/' || !x->dir[0]) util_strlcpy(dst, v, CONFIG_PATH_MAX);
  else snprintf(dst, CONFIG_PATH_MAX, "%s/%s", x->dir, v);
}

static int on_key(void *user, const char *sec, const char *key, const char *v) {
  LoadCtx *x = user;
  Config *c = x->c;
#define IS(s, k) (!strcmp(sec, s) && !strcmp(key, k))
#define BAD(what) do { snprintf(x->err, sizeof x->err, "[%s] %s: %s", sec, key, what); return 0; } while (0)
  if (IS("kiosk", "kiosk_id")) util_strlcpy(c->kioskId, v, sizeof c->kioskId);
  else if (IS("kiosk", "county")) util_strlcpy(c->county, v, sizeof c->county);
  else if (IS("kiosk", "township")) util_strlcpy(c->township, v, sizeof c->township);
  else if (IS("kiosk", "village")) util_strlcpy(c->village, v, sizeof c->village);
  else if (IS("kiosk", "branch")) util_strlcpy(c->branch, v, sizeof c->branch);
  else if (IS("kiosk", "db")) set_path(x, c->dbPath, v);
  else if (IS("kiosk", "key")) set_path(x, c->keyPath, v);
  else if (IS("cards", "issuer")) util_strlcpy(c->cardIssuer, v, sizeof c->cardIssuer);
  else if (IS("kiosk", "timezone")) util_strlcpy(c->timezone, v, sizeof c->timezone);
  else if (IS("kiosk", "demo")) { if (parse_bool(v, &c->demo)) BAD("expected true or false"); }
  else if (IS("screen", "fullscreen")) { if (parse_bool(v, &c->fullscreen)) BAD("expected true or false"); }
  else if (IS("screen", "width")) { if (parse_int(v, 320, 16384, &c->width)) BAD("expected a width in pixels"); }
  else if (IS("screen", "height")) { if (parse_int(v, 240, 16384, &c->height)) BAD("expected a height in pixels"); }
  else if (IS("screen", "diagonal_inch")) {
    char *end;
    c->diagonalInch = strtod(v, &end);
    if (end == v || *end || c->diagonalInch < 5 || c->diagonalInch > 120) BAD("expected inches between 5 and 120");
  } else if (IS("screen", "renderer")) util_strlcpy(c->renderer, v, sizeof c->renderer);
  else if (IS("behaviour", "idle_reset_seconds")) { if (parse_int(v, 15, 3600, &c->idleResetSeconds)) BAD("expected 15..3600 seconds"); }
  else if (IS("behaviour", "countdown_seconds")) { if (parse_int(v, 3, 60, &c->countdownSeconds)) BAD("expected 3..60 seconds"); }
  else if (IS("behaviour", "confirm_seconds")) { if (parse_int(v, 2, 60, &c->confirmSeconds)) BAD("expected 2..60 seconds"); }
  else if (IS("checkin", "open_before_minutes")) { if (parse_int(v, 0, 720, &c->openBeforeMinutes)) BAD("expected 0..720 minutes"); }
  else if (IS("checkin", "close_after_minutes")) { if (parse_int(v, 0, 720, &c->closeAfterMinutes)) BAD("expected 0..720 minutes"); }
  else if (IS("volunteer", "categories")) {
    VolCategories vc;
    if (vol_categories_parse(v, &vc)) BAD("expected up to 12 different names, separated by commas");
    util_strlcpy(c->volCategories, v, sizeof c->volCategories);
  } else if (IS("volunteer", "max_shift_hours")) { if (parse_int(v, 1, 12, &c->maxShiftHours)) BAD("expected 1..12 hours"); }
  else if (IS("activity", "places")) util_strlcpy(c->places, v, sizeof c->places);
  else if (IS("activity", "themes")) util_strlcpy(c->themes, v, sizeof c->themes);
  else if (!strcmp(sec, "activity") && !strncmp(key, "theme_", 6)) {
    int mo;
    if (parse_int(key + 6, 1, 12, &mo)) BAD("expected theme_1 .. theme_12");
    util_strlcpy(c->monthThemes[mo - 1], v, sizeof c->monthThemes[0]);
  } else if (IS("privacy", "record_check")) { if (parse_bool(v, &c->recordCheck)) BAD("expected true or false"); }
  else if (!strcmp(sec, "rating")) {
    if (rating_set(&c->rating, key, v)) BAD("expected 0..100 points, or stars as five increasing numbers");
  }
  else if (IS("sync", "hub_url")) {
    if (v[0] && strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) BAD("expected http://HOST:PORT or nothing");
    util_strlcpy(c->hubUrl, v, sizeof c->hubUrl);
  } else if (IS("sync", "interval_minutes")) { if (parse_int(v, 1, 1440, &c->syncMinutes)) BAD("expected 1..1440 minutes"); }
  else if (IS("usb", "roots")) util_strlcpy(c->usbRoots, v, sizeof c->usbRoots);
  else if (IS("usb", "eject_command")) util_strlcpy(c->ejectCommand, v, sizeof c->ejectCommand);
  else if (IS("feedback", "tones")) { if (parse_bool(v, &c->tones)) BAD("expected true or false"); }
  else if (IS("feedback", "voice")) { if (parse_bool(v, &c->voice)) BAD("expected true or false"); }
  else if (IS("feedback", "read_aloud")) { if (parse_bool(v, &c->readAloud)) BAD("expected true or false"); }
  else if (IS("feedback", "voice_command")) util_strlcpy(c->voiceCommand, v, sizeof c->voiceCommand);
  else if (IS("fonts", "primary")) set_path(x, c->fontPrimary, v);
  else if (IS("fonts", "primary_index")) { if (parse_int(v, 0, 64, &c->fontPrimaryIndex)) BAD("expected a face index"); }
  else if (IS("fonts", "bold")) set_path(x, c->fontBold, v);
  else if (IS("fonts", "bold_index")) { if (parse_int(v, 0, 64, &c->fontBoldIndex)) BAD("expected a face index"); }
  else if (IS("fonts", "fallback")) {
    /* a colon-separated list, tried in order */
    c->nFontFallback = 0;
    char tmp[CONFIG_PATH_MAX * CONFIG_MAX_FALLBACK];
    util_strlcpy(tmp, v, sizeof tmp);
    char *save = NULL;
    for (char *t = strtok_r(tmp, ":", &save); t && c->nFontFallback < CONFIG_MAX_FALLBACK; t = strtok_r(NULL, ":", &save))
      set_path(x, c->fontFallback[c->nFontFallback++], t);
  } else BAD("unknown setting");
  return 1;
#undef IS
#undef BAD
}

KrCode config_load(Config *c, const char *zPath, int mayBeMissing, char *zErr, int nErr) {
  LoadCtx x = {.c = c};
  const char *slash = strrchr(zPath, '/');
  if (slash) snprintf(x.dir, sizeof x.dir, "%.*s", (int)(slash - zPath), zPath);
  FILE *f = fopen(zPath, "r");
  if (!f) {
    if (mayBeMissing && errno == ENOENT) return KR_OK;
    snprintf(zErr, nErr, "cannot open config file %s: %s", zPath, strerror(errno));
    return errno == ENOENT ? KR_NOT_FOUND : KR_IO;
  }
  int line = ini_parse_file(f, on_key, &x);
  fclose(f);
  if (line != 0) {
    snprintf(zErr, nErr, "%s line %d: %s", zPath, line, x.err[0] ? x.err : "malformed line");
    return line < 0 ? KR_NOMEM : KR_BAD_INPUT; /* inih: -2 is out of memory */
  }
  return KR_OK;
}

int config_list_item(const char *zList, int i, char *zOut, size_t nOut) {
  const char *p = zList ? zList : "";
  for (int k = 0; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    const char *a = p, *b = p + len;
    while (a < b && (*a == ' ' || *a == '\t')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
    if (b > a) {
      if (k == i) {
        size_t n = (size_t)(b - a);
        if (n >= nOut) { /* cut to the buffer, never inside a character */
          n = nOut ? nOut - 1 : 0;
          while (n > 0 && ((unsigned char)a[n] & 0xC0) == 0x80) n--;
        }
        if (nOut) snprintf(zOut, nOut, "%.*s", (int)n, a);
        return 1;
      }
      k++;
    }
    p = e ? e + 1 : p + len;
  }
  if (nOut) zOut[0] = 0;
  return 0;
}

void config_apply_timezone(const Config *c) {
  if (c->timezone[0]) {
    setenv("TZ", c->timezone, 1);
    tzset();
  }
}
