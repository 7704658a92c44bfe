/* watch: see watch.h. */
#include "watch.h"
#include "db.h"
#include "lansync.h"
#include "sync.h"
#include "util.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct Watch {
  Config cfg;
  char dbPath[CONFIG_PATH_MAX];
  KeyPair kp;
  SDL_Thread *usb, *lan;
  int pipe[2];             /* wakes the stick watcher to stop */
  SDL_sem *wake;           /* wakes the syncer early (or to stop) */
  SDL_atomic_t quit;
  volatile int abortLan;   /* cuts a transfer in progress short */
};

static Uint32 gUsb, gSync;

Uint32 watch_usb_event(void) {
  if (!gUsb) {
    Uint32 t = SDL_RegisterEvents(2);
    gUsb = t == (Uint32)-1 ? SDL_USEREVENT + 1 : t;
    gSync = gUsb + 1;
  }
  return gUsb;
}

Uint32 watch_sync_event(void) {
  watch_usb_event();
  return gSync;
}

static void push(Uint32 type) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = type;
  SDL_PushEvent(&e);
}

static int usb_thread(void *p) {
  Watch *w = p;
  int fd = open("/proc/self/mountinfo", O_RDONLY);
  if (fd < 0) return 0;
  push(watch_usb_event()); /* a stick already in at start */
  while (!SDL_AtomicGet(&w->quit)) {
    struct pollfd pf[2] = {{fd, POLLPRI | POLLERR, 0}, {w->pipe[0], POLLIN, 0}};
    if (poll(pf, 2, -1) < 0) continue;
    if (pf[1].revents) break;
    if (pf[0].revents & (POLLPRI | POLLERR)) {
      /* re-arm: the kernel flags the file until it is read from the start */
      char buf[4096];
      lseek(fd, 0, SEEK_SET);
      while (read(fd, buf, sizeof buf) > 0) {}
      push(watch_usb_event());
    }
  }
  close(fd);
  return 0;
}

static int lan_thread(void *p) {
  Watch *w = p;
  Db *db = NULL;
  char err[512];
  Uint32 delay = 5000; /* the first cycle soon after start */
  Uint32 interval = (Uint32)w->cfg.syncMinutes * 60000u, backoff = 60000;
  while (!SDL_AtomicGet(&w->quit)) {
    SDL_SemWaitTimeout(w->wake, delay);
    if (SDL_AtomicGet(&w->quit)) break;
    if (!db && db_open(w->dbPath, NULL, &db, err, sizeof err)) { db = NULL; delay = backoff; continue; }
    LanResult r;
    if (lan_sync(db, &w->kp, &w->cfg, w->cfg.hubUrl, &r, err, sizeof err) == 0) {
      delay = interval;
      backoff = 60000;
    } else {
      sync_meta_set(db, "last_sync_error", err);
      SDL_Log("sync: %s", err);
      delay = backoff;
      backoff = backoff * 2 > interval ? interval : backoff * 2;
    }
    push(watch_sync_event());
  }
  db_close(db);
  return 0;
}

Watch *watch_start(const Config *cfg, const char *zDbPath, const KeyPair *kp) {
  Watch *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->cfg = *cfg;
  w->kp = *kp;
  util_strlcpy(w->dbPath, zDbPath, sizeof w->dbPath);
  w->pipe[0] = w->pipe[1] = -1;
  watch_usb_event();
  if (cfg->usbRoots[0] && pipe(w->pipe) == 0) w->usb = SDL_CreateThread(usb_thread, "usb", w);
  if (cfg->hubUrl[0] && (w->wake = SDL_CreateSemaphore(0))) {
    lan_set_abort(&w->abortLan);
    w->lan = SDL_CreateThread(lan_thread, "sync", w);
  }
  return w;
}

void watch_sync_now(Watch *w) {
  if (w && w->wake) SDL_SemPost(w->wake);
}

void watch_stop(Watch *w) {
  if (!w) return;
  SDL_AtomicSet(&w->quit, 1);
  w->abortLan = 1;
  if (w->pipe[1] >= 0 && write(w->pipe[1], "q", 1) < 0) {}
  if (w->wake) SDL_SemPost(w->wake);
  if (w->usb) SDL_WaitThread(w->usb, NULL);
  if (w->lan) SDL_WaitThread(w->lan, NULL);
  if (w->pipe[0] >= 0) close(w->pipe[0]);
  if (w->pipe[1] >= 0) close(w->pipe[1]);
  if (w->wake) SDL_DestroySemaphore(w->wake);
  if (w->lan) lan_set_abort(NULL);
  keypair_wipe(&w->kp);
  free(w);
}
