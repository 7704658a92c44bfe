/* worker: see worker.h.
 *
 * One thread sleeps in poll() on two descriptors — /proc/self/mountinfo
 * (sticks) and a pipe (jobs and stop) — with a timeout until the next LAN
 * cycle. Nothing runs in a loop while idle. Jobs are flags (and the export's
 * stick path) under a mutex, and a byte in the pipe to wake the thread. */
#include "worker.h"
#include "container.h"
#include "db.h"
#include "export_xlsx.h"
#include "lansync.h"
#include "model.h"
#include "sync.h"
#include "usb.h"
#include "util.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

struct Worker {
  Config cfg;
  char dbPath[CONFIG_PATH_MAX];
  KeyPair kp;
  int watch;
  SDL_Thread *thread;
  SDL_threadID id;
  int pipe[2];             /* wakes the thread: a job, or stop */
  SDL_mutex *mu;           /* guards the job fields below */
  int quit, syncNow, exportWanted, exportSeq;
  char exportStick[USB_PATH_MAX];
  volatile int abortLan;   /* cuts a transfer in progress short */
  /* the thread's own */
  Db *db;
  UsbSticks sticks;        /* mounted, as last seen */
  char stick[USB_PATH_MAX];
};

static void wake(Worker *w) {
  if (w->pipe[1] >= 0 && write(w->pipe[1], "w", 1) < 0) {} /* full: it is awake anyway */
}

/* The worker's connection, opened on first use (the file may be busy being
 * created at start). Returns NULL when it cannot be opened. */
static Db *db_of(Worker *w) {
  char err[512];
  if (!w->db && db_open(w->dbPath, NULL, &w->db, err, sizeof err)) {
    SDL_Log("worker: %s", err);
    w->db = NULL;
  }
  return w->db;
}

static void *dup_payload(const void *p, size_t n) {
  void *c = malloc(n);
  if (c) memcpy(c, p, n);
  return c;
}

static char *dup_text(const char *z) { return dup_payload(z, strlen(z) + 1); }

/* Checks and applies a new stick's township files (each checked first; a bad
 * one changes nothing) and reports them. */
static void read_stick(Worker *w, const char *zStick) {
  StickReport *rep = calloc(1, sizeof *rep);
  if (!rep) return;
  util_strlcpy(rep->stick, zStick, sizeof rep->stick);
  UsbFiles *f = malloc(sizeof *f);
  Db *db = db_of(w);
  Uint32 t0 = SDL_GetTicks();
  if (f && db) {
    usb_township_files(zStick, f);
    for (int i = 0; i < f->n && rep->nFile < (int)(sizeof rep->aFile / sizeof rep->aFile[0]); i++) {
      StickFile *sf = &rep->aFile[rep->nFile++];
      const char *base = strrchr(f->aPath[i], '/');
      util_strlcpy(sf->name, base ? base + 1 : f->aPath[i], sizeof sf->name);
      char err[512] = "";
      sf->rc = sync_apply_file(db, f->aPath[i], &sf->applied, err, sizeof err);
      if (sf->rc) {
        SDL_Log("stick: %s: %s", f->aPath[i], err);
      } else if (sf->applied.kind == CONTAINER_PACKAGE) {
        model_post(MODEL_PACKAGE_APPLIED, dup_payload(&sf->applied, sizeof sf->applied));
        if (sf->applied.members) model_post(MODEL_ROSTER_CHANGED, NULL);
      } else if (sf->applied.acked > sf->applied.ackedBefore) {
        model_post(MODEL_ACK_APPLIED, dup_payload(&sf->applied, sizeof sf->applied));
      }
    }
  }
  free(f);
  /* in SDL ticks, the clock of input events: the benchmark lines them up */
  SDL_Log("worker: stick %s: %d files read from %u to %u ms", zStick, rep->nFile, t0, SDL_GetTicks());
  model_post(MODEL_STICK_READ, rep);
}

/* Mounts changed: a stick pulled out, or a new one to read. */
static void sticks_changed(Worker *w) {
  UsbSticks now;
  if (usb_scan(NULL, w->cfg.usbRoots, &now)) return;
  int had = 0;
  for (int i = 0; i < now.n; i++) had |= !strcmp(now.a[i], w->stick);
  if (w->stick[0] && !had) {
    model_post(MODEL_STICK_OUT, dup_text(w->stick));
    w->stick[0] = 0;
  }
  const char *fresh = NULL;
  for (int i = 0; i < now.n && !fresh; i++) {
    int known = 0;
    for (int j = 0; j < w->sticks.n; j++) known |= !strcmp(now.a[i], w->sticks.a[j]);
    if (!known) fresh = now.a[i];
  }
  w->sticks = now;
  if (!fresh) return;
  util_strlcpy(w->stick, fresh, sizeof w->stick);
  model_post(MODEL_STICK_IN, dup_text(w->stick));
  read_stick(w, w->stick);
}

/* Is zStick still mounted below the USB roots? */
static int still_mounted(Worker *w, const char *zStick) {
  UsbSticks now;
  if (usb_scan(NULL, w->cfg.usbRoots, &now)) return 1;
  for (int i = 0; i < now.n; i++)
    if (!strcmp(now.a[i], zStick)) return 1;
  return 0;
}

/* Runs the eject command once: its words (split at spaces, no shell), then
 * "--" and the mount point, so a mount point is never an option. Returns
 * its exit status, or -1 when it could not be run. */
static int run_eject(const char *zCommand, const char *zStick) {
  char buf[CONFIG_PATH_MAX];
  char *azArg[18];
  int n = 0;
  util_strlcpy(buf, zCommand, sizeof buf);
  char *save = NULL;
  for (char *t = strtok_r(buf, " \t", &save); t && n < 15; t = strtok_r(NULL, " \t", &save)) azArg[n++] = t;
  if (!n) return -1;
  azArg[n++] = "--";
  azArg[n++] = (char *)zStick;
  azArg[n] = NULL;
  pid_t pid;
  int status;
  if (posix_spawnp(&pid, azArg[0], NULL, NULL, azArg, environ)) return -1;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* After an export: runs [usb] eject_command with "--" and the mount point
 * (run_eject) and waits up to 10 s for the mount to go, so the screen's
 * 可以拔出U盘 is true. A stick still busy for a moment after the last
 * write is asked again. Returns 1 unmounted, 0 nothing to do, -1 still
 * mounted. */
static int eject(Worker *w, const char *zStick) {
  if (!w->cfg.ejectCommand[0]) return 0;
  int status = -1;
  for (int i = 0; i < 10 && status; i++) {
    if (i) SDL_Delay(300);
    if ((status = run_eject(w->cfg.ejectCommand, zStick))) SDL_Log("export: %s -- %s failed (%d)", w->cfg.ejectCommand, zStick, status);
    if (!still_mounted(w, zStick)) return 1;
  }
  if (status) return -1;
  for (int i = 0; i < 100 && still_mounted(w, zStick); i++) SDL_Delay(100); /* systemd unmounts it soon after */
  if (still_mounted(w, zStick)) {
    SDL_Log("export: %s is still mounted after %s", zStick, w->cfg.ejectCommand);
    return -1;
  }
  return 1;
}

/* The bundle (signed, sealed to the township) and this month's workbook
 * into <stick>/KIOSK, each written safely and read back. */
static void do_export(Worker *w, const char *zStick, int seq) {
  ExportReport *rep = calloc(1, sizeof *rep);
  if (!rep) return;
  rep->seq = seq;
  util_strlcpy(rep->stick, zStick, sizeof rep->stick);
  rep->thread = SDL_ThreadID();
  char dir[USB_PATH_MAX + 16], err[512] = "no database", xlsx[1400];
  snprintf(dir, sizeof dir, "%s/KIOSK", zStick);
  mkdir(dir, 0755);
  SyncExport e;
  Db *db = db_of(w);
  if (!db || !zStick[0] || sync_export(db, &w->kp, &w->cfg, 0, 0, dir, &e, err, sizeof err) ||
      export_xlsx(db, &w->cfg, dir, xlsx, sizeof xlsx, err, sizeof err)) {
    SDL_Log("export: %s", zStick[0] ? err : "no stick");
  } else {
    rep->ok = 1;
    rep->records = e.records;
    rep->ejected = eject(w, zStick);
  }
  model_post(MODEL_EXPORT_DONE, rep);
}

/* One LAN cycle; returns 0 when it went well. */
static int lan_cycle(Worker *w) {
  char err[512] = "cannot open the database";
  Db *db = db_of(w);
  LanResult r;
  int rc = db ? (int)lan_sync(db, &w->kp, &w->cfg, w->cfg.hubUrl, &r, err, sizeof err) : -1;
  if (rc) {
    SDL_Log("sync: %s", err);
  } else {
    if (r.acked > r.ackedBefore) {
      SyncApplied a = {.kind = CONTAINER_ACK, .ackedBefore = r.ackedBefore, .acked = r.acked};
      model_post(MODEL_ACK_APPLIED, dup_payload(&a, sizeof a));
    }
    if (r.package) {
      /* the cycle does not say what the package held: the UI reads it all again */
      SyncApplied a = {.kind = CONTAINER_PACKAGE, .version = r.package};
      model_post(MODEL_PACKAGE_APPLIED, dup_payload(&a, sizeof a));
      model_post(MODEL_ROSTER_CHANGED, NULL);
    }
  }
  model_post(MODEL_SYNC_DONE, NULL);
  return rc;
}

static int run(void *p) {
  Worker *w = p;
  /* the screen comes first when the two want the same core */
  if (SDL_SetThreadPriority(SDL_THREAD_PRIORITY_LOW)) SDL_Log("worker: cannot lower its priority: %s", SDL_GetError());
  SDL_LockMutex(w->mu);
  w->id = SDL_ThreadID(); /* SDL_GetThreadID() may still say 0 right after the thread is created */
  SDL_UnlockMutex(w->mu);
  int fd = w->watch && w->cfg.usbRoots[0] ? open("/proc/self/mountinfo", O_RDONLY) : -1;
  int lan = w->watch && w->cfg.hubUrl[0];
  /* tests shorten the interval (kiosk.conf counts in minutes) */
  const char *zSec = getenv("KIOSK_SYNC_SECONDS");
  Uint64 interval = zSec && atoi(zSec) > 0 ? (Uint64)atoi(zSec) * 1000u : (Uint64)w->cfg.syncMinutes * 60000u;
  Uint64 backoff = interval < 60000 ? interval : 60000, nextLan = SDL_GetTicks64() + 5000; /* the first cycle soon */
  /* bench/worker.sh only: KIOSK_BENCH_EXPORTS="N DELAY_MS DIR" runs N
   * exports into DIR, DELAY_MS after start, so page turns can be timed
   * while the worker exports (the UI path needs a stick and the PIN) */
  int benchN = 0;
  Uint64 benchAt = 0;
  char benchDir[USB_PATH_MAX] = "";
  const char *zBench = getenv("KIOSK_BENCH_EXPORTS");
  unsigned benchDelay = 0;
  if (zBench && sscanf(zBench, "%d %u %511s", &benchN, &benchDelay, benchDir) == 3 && benchN > 0)
    benchAt = SDL_GetTicks64() + benchDelay;
  else
    benchN = 0;
  if (fd >= 0) sticks_changed(w); /* a stick already in at start */
  for (;;) {
    int timeout = -1;
    if (lan) {
      Uint64 now = SDL_GetTicks64();
      timeout = nextLan > now ? (int)(nextLan - now) : 0;
    }
    if (benchN > 0) {
      Uint64 now = SDL_GetTicks64();
      int t = benchAt > now ? (int)(benchAt - now) : 0;
      if (timeout < 0 || t < timeout) timeout = t;
    }
    struct pollfd pf[2] = {{w->pipe[0], POLLIN, 0}, {fd, POLLPRI | POLLERR, 0}};
    int got = poll(pf, fd >= 0 ? 2 : 1, timeout);
    if (got < 0) continue;
    if (pf[0].revents & POLLIN) {
      char buf[64];
      if (read(w->pipe[0], buf, sizeof buf) < 0) {}
    }
    SDL_LockMutex(w->mu);
    int quit = w->quit, syncNow = w->syncNow, exportWanted = w->exportWanted, exportSeq = w->exportSeq;
    char stick[USB_PATH_MAX];
    util_strlcpy(stick, w->exportStick, sizeof stick);
    w->syncNow = w->exportWanted = 0;
    SDL_UnlockMutex(w->mu);
    if (quit) break;
    if (fd >= 0 && (pf[1].revents & (POLLPRI | POLLERR))) {
      /* re-arm: the kernel flags the file until it is read from the start */
      char buf[4096];
      lseek(fd, 0, SEEK_SET);
      while (read(fd, buf, sizeof buf) > 0) {}
      sticks_changed(w);
    }
    if (exportWanted) do_export(w, stick, exportSeq);
    if (benchN > 0 && SDL_GetTicks64() >= benchAt) {
      Uint32 t0 = SDL_GetTicks();
      for (int i = 0; i < benchN; i++) do_export(w, benchDir, -1); /* -1: the UI ignores their reports */
      SDL_Log("worker: %d bench exports from %u to %u ms", benchN, t0, SDL_GetTicks());
      benchN = 0;
    }
    if (lan && (syncNow || SDL_GetTicks64() >= nextLan)) {
      if (lan_cycle(w) == 0) {
        nextLan = SDL_GetTicks64() + interval;
        backoff = interval < 60000 ? interval : 60000;
      } else {
        nextLan = SDL_GetTicks64() + backoff;
        backoff = backoff * 2 > interval ? interval : backoff * 2;
      }
    }
  }
  if (fd >= 0) close(fd);
  db_close(w->db);
  w->db = NULL;
  return 0;
}

Worker *worker_start(const Config *cfg, const char *zDbPath, const KeyPair *kp, int watch) {
  Worker *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->cfg = *cfg;
  w->kp = *kp;
  w->watch = watch;
  util_strlcpy(w->dbPath, zDbPath, sizeof w->dbPath);
  w->pipe[0] = w->pipe[1] = -1;
  model_event_type();
  if (pipe(w->pipe) || !(w->mu = SDL_CreateMutex())) goto fail;
  fcntl(w->pipe[1], F_SETFL, O_NONBLOCK);
  fcntl(w->pipe[0], F_SETFL, O_NONBLOCK);
  if (watch && cfg->hubUrl[0]) lan_set_abort(&w->abortLan);
  if (!(w->thread = SDL_CreateThread(run, "worker", w))) goto fail;
  return w;
fail:
  if (w->pipe[0] >= 0) close(w->pipe[0]);
  if (w->pipe[1] >= 0) close(w->pipe[1]);
  if (w->mu) SDL_DestroyMutex(w->mu);
  lan_set_abort(NULL);
  keypair_wipe(&w->kp);
  free(w);
  return NULL;
}

void worker_sync_now(Worker *w) {
  if (!w) return;
  SDL_LockMutex(w->mu);
  w->syncNow = 1;
  SDL_UnlockMutex(w->mu);
  wake(w);
}

int worker_export(Worker *w, const char *zStick, int seq) {
  if (!w) return -1;
  SDL_LockMutex(w->mu);
  w->exportWanted = 1;
  w->exportSeq = seq;
  util_strlcpy(w->exportStick, zStick, sizeof w->exportStick);
  SDL_UnlockMutex(w->mu);
  wake(w);
  return 0;
}

SDL_threadID worker_thread_id(Worker *w) {
  if (!w) return 0;
  SDL_LockMutex(w->mu);
  SDL_threadID id = w->id;
  SDL_UnlockMutex(w->mu);
  return id;
}

void worker_stop(Worker *w) {
  if (!w) return;
  SDL_LockMutex(w->mu);
  w->quit = 1;
  SDL_UnlockMutex(w->mu);
  w->abortLan = 1;
  wake(w);
  SDL_WaitThread(w->thread, NULL);
  close(w->pipe[0]);
  close(w->pipe[1]);
  SDL_DestroyMutex(w->mu);
  if (w->watch && w->cfg.hubUrl[0]) lan_set_abort(NULL);
  keypair_wipe(&w->kp);
  free(w);
}
