/* bench_taps: how many taps it takes each member of the demo village to
 * reach their own name tile and tap it, by each way of finding yourself —
 * the index letter, the surname (按姓找) and the keypad (按号码找) — from
 * the home screen, at each of the three screen shapes.
 *
 * It counts on the real screens, not on a model of them: the kiosk runs
 * offscreen (SDL's offscreen driver) on a copy of the demo village, and a
 * path is walked by handing the screens the ids a person would tap (签到,
 * the letter, 下一页 until the tile shows ...), so page sizes, the order of
 * surnames and the keypad's room are the ones a member meets. The final tap
 * on the name is counted but not made (nobody is checked in).
 *
 *   letter:  签到, the letter, 下一页 × k, the name
 *   surname: 签到, 按姓找, 下一页 × j (surname pages), the surname,
 *            下一页 × k, the name
 *   keypad:  签到, 按号码找, the digits of the phone's last 4 until the
 *            tile shows (the member number's digits when the phone has
 *            none), the name
 *
 * Prints min / median / max / mean per path and size, as key=value lines.
 * usage: bench_taps KIOSK_CONF WORK_DIR */
#include "app.h"
#include "screens.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One tap on widget zId of the screen shown; 0, or -1 if it is not there. */
static int tap(App *app, const char *zId) {
  if (!ui_find(&app->ui, zId)) return -1;
  const Screen *s = app_screen(app->cur);
  if (s->tap) s->tap(app, zId);
  app->lastInput = app_now(app); /* a person tapping: no idle reset mid-walk */
  app->dirty = 1;
  app_pump(app, 0);
  return 0;
}

static void go_checkin(App *app) {
  find_start(app, PURPOSE_CHECKIN); /* 签到 on the home screen */
  app_pump(app, 0);
}

/* Taps page:next until zTile shows; returns the taps, or -1. */
static int page_to(App *app, const char *zTile) {
  int n = 0;
  while (!ui_find(&app->ui, zTile)) {
    if (n > 200 || tap(app, "page:next")) return -1;
    n++;
  }
  return n;
}

static int by_letter(App *app, const char *zTile, int i) {
  go_checkin(app);
  char id[UI_ID_MAX];
  snprintf(id, sizeof id, "letter:%c", finder_initial(app->model.finder, i));
  if (tap(app, id)) return -1;
  int k = page_to(app, zTile);
  return k < 0 ? -1 : 1 + 1 + k + 1;
}

static int by_surname(App *app, const char *zTile, int i) {
  go_checkin(app);
  if (tap(app, "surname")) return -1;
  char id[UI_ID_MAX];
  snprintf(id, sizeof id, "surname:%s", finder_surname(app->model.finder, i));
  int j = page_to(app, id);
  if (j < 0 || tap(app, id)) return -1;
  int k = page_to(app, zTile);
  return k < 0 ? -1 : 1 + 1 + j + 1 + k + 1;
}

/* Types the digits of zDigits one by one until zTile shows; the count, or -1. */
static int type_until(App *app, const char *zDigits, const char *zTile) {
  int n = 0;
  tap(app, "key:clear");
  for (const char *p = zDigits; *p; p++) {
    if (*p < '0' || *p > '9') continue;
    char id[8] = "key:x";
    id[4] = *p;
    if (tap(app, id)) return -1;
    n++;
    if (ui_find(&app->ui, zTile)) return n;
  }
  return -1;
}

static int by_keypad(App *app, const Member *m, const char *zTile) {
  go_checkin(app);
  if (tap(app, "keypad")) return -1;
  int d = m->phone4[0] ? type_until(app, m->phone4, zTile) : -1;
  if (d < 0) d = type_until(app, m->memberNo, zTile);
  return d < 0 ? -1 : 1 + 1 + d + 1;
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void report(const char *zSize, const char *zPath, int *a, int n) {
  qsort(a, (size_t)n, sizeof *a, cmp_int);
  double sum = 0;
  for (int i = 0; i < n; i++) sum += a[i];
  printf("taps_%s_%s members=%d min=%d median=%d max=%d mean=%.2f\n", zSize, zPath, n, a[0], a[n / 2], a[n - 1],
         sum / n);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: bench_taps KIOSK_CONF WORK_DIR\n"); return 2; }
  setenv("SDL_VIDEODRIVER", "offscreen", 1);
  setenv("SDL_AUDIODRIVER", "dummy", 1);
  mkdir(argv[2], 0755);
  static const int aSize[][2] = {{1920, 1080}, {1366, 768}, {1080, 1920}};
  int failed = 0;
  for (size_t s = 0; s < sizeof aSize / sizeof aSize[0]; s++) {
    char dbPath[600], size[32], err[512];
    snprintf(size, sizeof size, "%dx%d", aSize[s][0], aSize[s][1]);
    snprintf(dbPath, sizeof dbPath, "%s/taps-%s.db", argv[2], size);
    remove(dbPath);
    if (SDL_Init(SDL_INIT_VIDEO)) { fprintf(stderr, "SDL_Init: %s\n", SDL_GetError()); return 1; }
    AppOptions o = {.zConfig = argv[1], .zDb = dbPath, .windowed = 1, .width = aSize[s][0], .height = aSize[s][1]};
    App *app;
    if (app_create(&app, &o, err, sizeof err)) { fprintf(stderr, "app_create: %s\n", err); return 1; }
    app_pump(app, 0);
    int n = app->model.nMember;
    int *aL = malloc(sizeof(int) * (size_t)n), *aS = malloc(sizeof(int) * (size_t)n), *aK = malloc(sizeof(int) * (size_t)n);
    if (!aL || !aS || !aK) return 1;
    for (int i = 0; i < n; i++) {
      const Member *m = &app->model.aMember[i];
      char tile[UI_ID_MAX];
      snprintf(tile, sizeof tile, "member:%s", m->memberNo);
      aL[i] = by_letter(app, tile, i);
      aS[i] = by_surname(app, tile, i);
      aK[i] = by_keypad(app, m, tile);
      if (aL[i] < 0 || aS[i] < 0 || aK[i] < 0) {
        fprintf(stderr, "%s: %s (%s) not reached: letter %d, surname %d, keypad %d\n", size, m->name, m->memberNo,
                aL[i], aS[i], aK[i]);
        failed++;
      }
    }
    report(size, "letter", aL, n);
    report(size, "surname", aS, n);
    report(size, "keypad", aK, n);
    free(aL);
    free(aS);
    free(aK);
    app_destroy(app);
    SDL_Quit();
  }
  return failed ? 1 : 0;
}
