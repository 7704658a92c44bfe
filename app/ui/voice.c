/* voice: see voice.h. */
#include "voice.h"
#include "util.h"
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS 16

struct Voice {
  int enabled, warned;
  char cmd[512];
  char *azArg[MAX_ARGS + 2];
  int nArg;
  pid_t pid;
  Sint32 seq;            /* the number of the sentence being spoken */
  SDL_Thread *waiter;    /* reaps the child, then reports the end */
  SDL_atomic_t reaped;   /* set by the waiter: pid is gone and must not be signalled */
};

typedef struct {
  pid_t pid;
  Sint32 seq;
  SDL_atomic_t *reaped;
} Waiting;

static Uint32 gEventType;

Uint32 voice_event_type(void) {
  if (!gEventType) {
    Uint32 t = SDL_RegisterEvents(1);
    gEventType = t == (Uint32)-1 ? SDL_USEREVENT : t;
  }
  return gEventType;
}

/* 1 if program z can be run: a path that is executable, or a name on PATH. */
static int on_path(const char *z) {
  if (strchr(z, '/')) return access(z, X_OK) == 0;
  const char *path = getenv("PATH");
  char dir[1024];
  while (path && *path) {
    const char *colon = strchr(path, ':');
    size_t n = colon ? (size_t)(colon - path) : strlen(path);
    char full[1600];
    snprintf(dir, sizeof dir, "%.*s", (int)n, path);
    snprintf(full, sizeof full, "%s/%s", n ? dir : ".", z);
    if (access(full, X_OK) == 0) return 1;
    path = colon ? colon + 1 : NULL;
  }
  return 0;
}

Voice *voice_create(int enabled, const char *zCommand) {
  Voice *v = calloc(1, sizeof *v);
  if (!v) return NULL;
  voice_event_type();
  v->enabled = enabled && zCommand && zCommand[0];
  util_strlcpy(v->cmd, zCommand ? zCommand : "", sizeof v->cmd);
  char *save = NULL;
  for (char *t = strtok_r(v->cmd, " ", &save); t && v->nArg < MAX_ARGS; t = strtok_r(NULL, " ", &save))
    v->azArg[v->nArg++] = t;
  if (!v->nArg) v->enabled = 0;
  return v;
}

int voice_available(const Voice *v) { return v && v->enabled && on_path(v->azArg[0]); }

static int wait_child(void *p) {
  Waiting w = *(Waiting *)p;
  free(p);
  while (waitpid(w.pid, NULL, 0) < 0 && errno == EINTR) {}
  SDL_AtomicSet(w.reaped, 1);
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = voice_event_type();
  e.user.code = w.seq;
  SDL_PushEvent(&e);
  return 0;
}

void voice_stop(Voice *v) {
  if (!v || !v->pid) return;
  if (v->waiter) {
    if (!SDL_AtomicGet(&v->reaped)) kill(v->pid, SIGTERM); /* espeak-ng exits at once; the waiter reaps it */
    SDL_WaitThread(v->waiter, NULL);
  } else {
    kill(v->pid, SIGTERM);
    waitpid(v->pid, NULL, 0);
  }
  v->waiter = NULL;
  v->pid = 0;
}

Sint32 voice_say(Voice *v, const char *zText) {
  if (!v || !v->enabled) return 0;
  voice_stop(v);
  /* a sentence that finished by itself: collect its waiter */
  if (v->waiter) { SDL_WaitThread(v->waiter, NULL); v->waiter = NULL; }
  v->azArg[v->nArg] = (char *)zText;
  v->azArg[v->nArg + 1] = NULL;
  pid_t pid;
  int rc = posix_spawnp(&pid, v->azArg[0], NULL, NULL, v->azArg, environ);
  if (rc) {
    if (!v->warned) SDL_Log("cannot run %s: %s; speaking is off", v->azArg[0], strerror(rc));
    v->warned = 1;
    v->enabled = 0;
    return 0;
  }
  v->pid = pid;
  v->seq++;
  SDL_AtomicSet(&v->reaped, 0);
  Waiting *w = malloc(sizeof *w);
  if (w) {
    *w = (Waiting){pid, v->seq, &v->reaped};
    v->waiter = SDL_CreateThread(wait_child, "voice", w);
    if (!v->waiter) free(w);
  }
  if (!v->waiter) { /* no thread: speak anyway, reap at the next stop */
    SDL_Log("cannot watch the speech program: %s", SDL_GetError());
  }
  return v->seq;
}

void voice_destroy(Voice *v) {
  if (!v) return;
  voice_stop(v);
  if (v->waiter) SDL_WaitThread(v->waiter, NULL);
  free(v);
}

int voice_pid(const Voice *v) { return v ? (int)v->pid : 0; }
