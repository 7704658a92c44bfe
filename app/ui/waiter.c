/* waiter: see waiter.h.
 *
 * The race: SDL calls event watches before it puts the event in the queue.
 * If the UI thread drains the eventfd in between and finds the queue still
 * empty, the wake-up is spent with the event not yet there; so after a
 * wake-up that found nothing, the next few polls wait at most 1 ms. */
#include "waiter.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#define MAX_INPUTS 32

struct Waiter {
  int own;                 /* block ourselves (no wait hook in the driver) */
  int efd;                 /* signalled by events pushed from any thread */
  int ifd;                 /* inotify on /dev/input (KMSDRM), or -1 */
  int aInput[MAX_INPUTS];  /* our own descriptors of the input devices */
  char azInput[MAX_INPUTS][32];
  int nInput;
  SDL_threadID ui;         /* the UI thread: its own events need no wake-up */
};

/* An event is being pushed: from another thread, wake the UI thread. The
 * UI thread's own (SDL_PollEvent's sentinel, the driver's events while it
 * pumps) are in the queue before it looks, and must not wake it, or every
 * look would wake it again. */
static int SDLCALL on_event(void *p, SDL_Event *e) {
  (void)e;
  Waiter *w = p;
  if (SDL_ThreadID() == w->ui) return 0;
  uint64_t one = 1;
  if (write(w->efd, &one, sizeof one) < 0) {} /* EAGAIN: the counter is full, it is awake anyway */
  return 0;
}

/* Opens the input devices not open yet. */
static void scan_inputs(Waiter *w) {
  DIR *d = opendir("/dev/input");
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && w->nInput < MAX_INPUTS) {
    if (strncmp(e->d_name, "event", 5) || strlen(e->d_name) >= sizeof w->azInput[0]) continue;
    int known = 0;
    for (int i = 0; i < w->nInput; i++) known |= !strcmp(w->azInput[i], e->d_name);
    if (known) continue;
    char path[64];
    snprintf(path, sizeof path, "/dev/input/%s", e->d_name);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue; /* not ours to read: SDL cannot either */
    w->aInput[w->nInput] = fd;
    strcpy(w->azInput[w->nInput++], e->d_name);
  }
  closedir(d);
}

Waiter *waiter_create(void) {
  Waiter *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->efd = w->ifd = -1;
  w->ui = SDL_ThreadID();
  const char *drv = SDL_GetCurrentVideoDriver();
  /* KIOSK_SDL_WAIT=1: SDL's own wait everywhere (bench/idle.sh measures the difference) */
  w->own = drv && strcmp(drv, "x11") && strcmp(drv, "wayland") && !getenv("KIOSK_SDL_WAIT");
  if (!w->own) return w;
  w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (w->efd < 0) { w->own = 0; return w; }
  SDL_AddEventWatch(on_event, w);
  if (!strcmp(drv, "kmsdrm")) {
    w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->ifd >= 0 && inotify_add_watch(w->ifd, "/dev/input", IN_CREATE | IN_ATTRIB) < 0) {
      close(w->ifd);
      w->ifd = -1;
    }
    scan_inputs(w);
  }
  return w;
}

void waiter_destroy(Waiter *w) {
  if (!w) return;
  if (w->efd >= 0) {
    SDL_DelEventWatch(on_event, w);
    close(w->efd);
  }
  if (w->ifd >= 0) close(w->ifd);
  for (int i = 0; i < w->nInput; i++) close(w->aInput[i]);
  free(w);
}

int waiter_own_wait(const Waiter *w) { return w && w->own; }

/* Empties what woke us; returns 1 if the eventfd had been signalled. */
static int drain(Waiter *w) {
  uint64_t n = 0;
  int woke = read(w->efd, &n, sizeof n) == (ssize_t)sizeof n && n > 0;
  for (int i = 0; i < w->nInput; i++) {
    struct input_event ev[16];
    ssize_t got;
    while ((got = read(w->aInput[i], ev, sizeof ev)) > 0) {}
    if (got < 0 && errno == ENODEV) { /* unplugged: forget it */
      close(w->aInput[i]);
      w->aInput[i] = w->aInput[w->nInput - 1];
      strcpy(w->azInput[i], w->azInput[w->nInput - 1]);
      w->nInput--;
      i--;
    }
  }
  if (w->ifd >= 0) {
    char buf[1024];
    int grew = 0;
    while (read(w->ifd, buf, sizeof buf) > 0) grew = 1;
    if (grew) scan_inputs(w);
  }
  return woke;
}

int waiter_wait(Waiter *w, SDL_Event *e, int ms) {
  if (!w || !w->own) return SDL_WaitEventTimeout(e, ms);
  Uint64 end = SDL_GetTicks64() + (Uint64)(ms > 0 ? ms : 0);
  int soon = 0; /* polls left that wait at most 1 ms (see the race above) */
  for (;;) {
    if (drain(w)) soon = 5;
    if (SDL_PollEvent(e)) return 1;
    Uint64 now = SDL_GetTicks64();
    if (now >= end) return 0;
    int t = (int)(end - now);
    if (soon > 0) {
      soon--;
      t = 1;
    }
    struct pollfd pf[2 + MAX_INPUTS];
    int n = 0;
    pf[n++] = (struct pollfd){w->efd, POLLIN, 0};
    if (w->ifd >= 0) pf[n++] = (struct pollfd){w->ifd, POLLIN, 0};
    for (int i = 0; i < w->nInput; i++) pf[n++] = (struct pollfd){w->aInput[i], POLLIN, 0};
    poll(pf, (nfds_t)n, t);
  }
}
