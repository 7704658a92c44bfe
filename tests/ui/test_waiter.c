/* The idle wait on a driver without a blocking wait (SDL's offscreen, like
 * KMSDRM): the waiter blocks by itself there; an event pushed from another
 * thread (as the worker and speech do) wakes it and is handed over, however
 * long the wait was meant to be; a wait with nothing coming ends with its
 * timeout and no event; and the UI thread's own looking (SDL_PollEvent's
 * sentinel) does not count as an event. No timing is asserted: a wake-up
 * that never comes shows as a timeout (0) after the long wait instead. */
#include "check.h"
#include "waiter.h"
#include <SDL.h>
#include <string.h>

static Uint32 gType;

static int push_later(void *p) {
  SDL_Delay(200);
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = gType;
  e.user.code = (int)(intptr_t)p;
  SDL_PushEvent(&e);
  return 0;
}

static void blocks_and_wakes(void) {
  REQUIRE(SDL_InitSubSystem(SDL_INIT_VIDEO) == 0);
  REQUIRE(!strcmp(SDL_GetCurrentVideoDriver(), "offscreen"));
  gType = SDL_RegisterEvents(1);
  Waiter *w = waiter_create();
  REQUIRE(w);
  CHECK(waiter_own_wait(w));
  SDL_Event e;
  while (SDL_PollEvent(&e)) {} /* whatever start-up queued */
  /* nothing comes: the timeout, no event */
  CHECK(waiter_wait(w, &e, 300) == 0);
  /* pushed from another thread while we wait up to a minute */
  for (int i = 1; i <= 3; i++) {
    SDL_Thread *t = SDL_CreateThread(push_later, "pusher", (void *)(intptr_t)i);
    REQUIRE(t);
    int got = waiter_wait(w, &e, 60000);
    CHECK(got == 1);
    CHECK(got == 1 && e.type == gType && e.user.code == i);
    SDL_WaitThread(t, NULL);
  }
  waiter_destroy(w);
  /* KIOSK_SDL_WAIT=1: SDL's own wait */
  setenv("KIOSK_SDL_WAIT", "1", 1);
  w = waiter_create();
  CHECK(w && !waiter_own_wait(w));
  waiter_destroy(w);
  unsetenv("KIOSK_SDL_WAIT");
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"blocks_and_wakes", blocks_and_wakes},
  };
  int rc = test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
  SDL_Quit();
  return rc;
}
