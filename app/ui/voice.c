/* voice: see voice.h. */
#include "voice.h"
#include "util.h"
#include <SDL.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

#define MAX_ARGS 16

struct Voice {
  int enabled, warned;
  char cmd[512];
  char *azArg[MAX_ARGS + 2];
  int nArg;
  pid_t pid;
};

Voice *voice_create(int enabled, const char *zCommand) {
  Voice *v = calloc(1, sizeof *v);
  if (!v) return NULL;
  v->enabled = enabled && zCommand && zCommand[0];
  util_strlcpy(v->cmd, zCommand ? zCommand : "", sizeof v->cmd);
  char *save = NULL;
  for (char *t = strtok_r(v->cmd, " ", &save); t && v->nArg < MAX_ARGS; t = strtok_r(NULL, " ", &save))
    v->azArg[v->nArg++] = t;
  if (!v->nArg) v->enabled = 0;
  return v;
}

/* Collects a finished child, so none is left a zombie. */
static void reap(Voice *v) {
  if (v->pid && waitpid(v->pid, NULL, WNOHANG) == v->pid) v->pid = 0;
}

void voice_stop(Voice *v) {
  if (!v || !v->pid) return;
  reap(v);
  if (!v->pid) return;
  kill(v->pid, SIGTERM);
  waitpid(v->pid, NULL, 0); /* espeak-ng exits at once on SIGTERM */
  v->pid = 0;
}

void voice_say(Voice *v, const char *zText) {
  if (!v || !v->enabled) return;
  voice_stop(v);
  v->azArg[v->nArg] = (char *)zText;
  v->azArg[v->nArg + 1] = NULL;
  pid_t pid;
  int rc = posix_spawnp(&pid, v->azArg[0], NULL, NULL, v->azArg, environ);
  if (rc) {
    if (!v->warned) SDL_Log("cannot run %s: %s; speaking is off", v->azArg[0], strerror(rc));
    v->warned = 1;
    v->enabled = 0;
    return;
  }
  v->pid = pid;
}

void voice_destroy(Voice *v) {
  if (!v) return;
  voice_stop(v);
  free(v);
}

int voice_pid(const Voice *v) { return v ? (int)v->pid : 0; }
