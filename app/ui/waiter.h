/* waiter: the UI thread's sleep until the next event or deadline.
 *
 * SDL_WaitEventTimeout truly blocks only on video drivers with a wait hook
 * (X11, Wayland). On KMSDRM — the kiosk's console without a desktop — and
 * on the offscreen driver it sleeps 1 ms and polls again: a thousand
 * wake-ups a second while nobody touches the screen. There the waiter
 * blocks in poll() itself, on
 *   - an eventfd that every event pushed from another thread (the worker,
 *     speech, SDL's timers) signals, through an SDL event watch;
 *   - on KMSDRM, its own descriptors of the input devices (/dev/input/
 *     event*, read-only, never grabbed): the kernel gives each open file its
 *     own copy of the events, so reading ours (and throwing them away) only
 *     wakes us, and SDL still reads its own; and an inotify watch on
 *     /dev/input for devices plugged in later;
 * then drains SDL's queue with SDL_PollEvent, which pumps the driver. */
#ifndef KIOSK_WAITER_H
#define KIOSK_WAITER_H
#include <SDL.h>

typedef struct Waiter Waiter;

/* After SDL's video is up: a waiter for the driver in use (destroyed with
 * waiter_destroy). NULL when out of memory; waiter_wait(NULL, ...) then
 * falls back to SDL_WaitEventTimeout. */
Waiter *waiter_create(void);
void waiter_destroy(Waiter *w);
/* Waits up to ms (> 0) for an event: 1 with it in *e, 0 when the time ran out. */
int waiter_wait(Waiter *w, SDL_Event *e, int ms);
/* 1 when the waiter blocks by itself (the driver has no blocking wait). */
int waiter_own_wait(const Waiter *w);
#endif
