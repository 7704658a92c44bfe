/* voice: see voice.h. Each child's standard error is a pipe the waiter
 * thread drains before reaping, so it sees the child's own report of a
 * failure; the pipe is close-on-exec, so children spawned by other threads
 * never hold it open. */
#define _GNU_SOURCE /* pipe2 */
#include "voice.h"
#include "speech.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS 16
/* After a failure, how long before speech is offered again. */
#define RETRY_MS 60000
/* What the probe says: a pause alone, so a working speaker stays silent. */
#define PROBE_TEXT "，"

struct Voice {
  int enabled, warned;
  char cmd[512];
  char *azArg[MAX_ARGS + 3]; /* the command, "--", the text, NULL */
  int nArg;
  char *zText;               /* the text being spoken, rewritten for speech */
  pid_t pid;
  Sint32 seq;                /* the number of the sentence being spoken (unique across
                              * Voices); 0: the probe */
  SDL_Thread *waiter;        /* reaps the child, then reports the end */
  SDL_atomic_t reaped;       /* set by the waiter: pid is gone and must not be signalled */
  SDL_atomic_t stopped;      /* set by voice_stop before it signals: not a failure */
  SDL_atomic_t failedSeq;    /* the last sentence that failed */
  SDL_atomic_t failedAt;     /* SDL_GetTicks() of the last failure | 1, or 0 */
};

typedef struct {
  Voice *v;
  pid_t pid;
  Sint32 seq;
  int fdErr; /* the child's standard error, or -1 */
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

/* 1 if z starts with "error" in any case. (<strings.h> is hidden by the
 * UI's own strings.h.) */
static int error_at(const char *z) {
  static const char k[] = "error";
  for (int i = 0; k[i]; i++)
    if ((z[i] | 0x20) != k[i]) return 0;
  return 1;
}

/* Drains fd; returns 1 if it said "error" anywhere, with its first such
 * line in zLine. Closes fd. */
static int read_errors(int fd, char *zLine, size_t nLine) {
  char buf[512], tail[64] = "";
  int bad = 0;
  zLine[0] = 0;
  for (;;) {
    ssize_t k = read(fd, buf, sizeof buf - 1);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    buf[k] = 0;
    /* a word cut between two reads: look at the end of the last read too */
    char both[sizeof tail + sizeof buf];
    snprintf(both, sizeof both, "%s%s", tail, buf);
    char *hit = NULL;
    for (char *p = both; *p && !hit; p++)
      if (error_at(p)) hit = p;
    if (hit && !bad) {
      bad = 1;
      char *start = hit;
      while (start > both && start[-1] != '\n') start--;
      snprintf(zLine, nLine, "%.*s", (int)strcspn(start, "\n"), start);
    }
    size_t n = strlen(both);
    snprintf(tail, sizeof tail, "%s", both + (n > 8 ? n - 8 : 0));
  }
  close(fd);
  return bad;
}

static int wait_child(void *p) {
  Waiting w = *(Waiting *)p;
  free(p);
  char line[200];
  int saidError = w.fdErr >= 0 ? read_errors(w.fdErr, line, sizeof line) : 0;
  int status = 0;
  while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {}
  SDL_AtomicSet(&w.v->reaped, 1);
  int failed = saidError || (WIFEXITED(status) && WEXITSTATUS(status) != 0) ||
               (WIFSIGNALED(status) && !SDL_AtomicGet(&w.v->stopped));
  if (failed) {
    SDL_AtomicSet(&w.v->failedSeq, w.seq);
    SDL_AtomicSet(&w.v->failedAt, (int)(SDL_GetTicks() | 1));
    SDL_Log("the speech program failed (%s); speaking is off for a minute",
            saidError ? line : WIFEXITED(status) ? "non-zero exit" : "killed");
  }
  if (w.seq) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = voice_event_type();
    e.user.code = w.seq;
    SDL_PushEvent(&e);
  }
  return 0;
}

/* 1 while a failure less than RETRY_MS old stands. */
static int failing(const Voice *v) {
  int at = SDL_AtomicGet((SDL_atomic_t *)&v->failedAt);
  return at && SDL_GetTicks() - (Uint32)at < RETRY_MS;
}

/* Starts the program on zText (already rewritten) as sentence seq.
 * Returns 0, or -1 when the program cannot be run (speaking is then off). */
static int spawn(Voice *v, const char *zText, Sint32 seq) {
  v->azArg[v->nArg] = "--"; /* whatever the text, it is never an option */
  v->azArg[v->nArg + 1] = (char *)zText;
  v->azArg[v->nArg + 2] = NULL;
  int fds[2] = {-1, -1};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (pipe2(fds, O_CLOEXEC) == 0) posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  else fds[0] = fds[1] = -1; /* no pipe: failures are seen by exit status only */
  pid_t pid;
  int rc = posix_spawnp(&pid, v->azArg[0], &fa, NULL, v->azArg, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (fds[1] >= 0) close(fds[1]);
  if (rc) {
    if (fds[0] >= 0) close(fds[0]);
    if (!v->warned) SDL_Log("cannot run %s: %s; speaking is off", v->azArg[0], strerror(rc));
    v->warned = 1;
    v->enabled = 0;
    return -1;
  }
  v->pid = pid;
  v->seq = seq;
  SDL_AtomicSet(&v->reaped, 0);
  SDL_AtomicSet(&v->stopped, 0);
  Waiting *w = malloc(sizeof *w);
  if (w) {
    *w = (Waiting){v, pid, seq, fds[0]};
    v->waiter = SDL_CreateThread(wait_child, "voice", w);
    if (!v->waiter) free(w);
  }
  if (!v->waiter) { /* no thread: speak anyway, reap at the next stop */
    if (fds[0] >= 0) close(fds[0]);
    SDL_Log("cannot watch the speech program: %s", SDL_GetError());
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
  if (v->enabled && on_path(v->azArg[0])) spawn(v, PROBE_TEXT, 0);
  return v;
}

int voice_available(const Voice *v) { return v && v->enabled && !failing(v) && on_path(v->azArg[0]); }

int voice_failed(const Voice *v, Sint32 seq) { return v && seq && SDL_AtomicGet((SDL_atomic_t *)&v->failedSeq) == seq; }

void voice_stop(Voice *v) {
  if (!v || !v->pid) return;
  SDL_AtomicSet(&v->stopped, 1);
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
  if (!v || !v->enabled || failing(v)) return 0;
  voice_stop(v);
  /* a sentence that finished by itself: collect its waiter */
  if (v->waiter) { SDL_WaitThread(v->waiter, NULL); v->waiter = NULL; }
  size_t n = 4 * strlen(zText) + 16; /* speech_text's bound: it always fits */
  char *z = malloc(n), err[128];
  if (!z) return 0;
  if (speech_text(zText, z, n, err, sizeof err)) SDL_Log("speech text: %s", err);
  free(v->zText);
  v->zText = z;
  /* numbered across every Voice, so an end event of one (the check-in
   * voice) is never taken for the reader's */
  static Sint32 gSeq;
  gSeq = gSeq < SDL_MAX_SINT32 ? gSeq + 1 : 1;
  Sint32 seq = gSeq;
  if (spawn(v, z, seq)) return 0;
  return seq;
}

void voice_destroy(Voice *v) {
  if (!v) return;
  voice_stop(v);
  if (v->waiter) SDL_WaitThread(v->waiter, NULL);
  free(v->zText);
  free(v);
}

int voice_pid(const Voice *v) { return v ? (int)v->pid : 0; }
