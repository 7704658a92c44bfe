/* sound: short tones that answer a check-in (rising: saved) or a refusal
 * (low, twice). The tones are synthesised once; playing one is a queue
 * operation, so it starts within a few milliseconds of the tap.
 *
 * An open audio device keeps SDL's mixing thread awake, so the device is
 * opened only while someone is using the kiosk (sound_wake, when a member
 * leaves the home screen) and closed when the kiosk rests at home
 * (sound_rest): idle costs nothing. With no audio device at all, every
 * call is a no-op and the kiosk works the same, silently. */
#ifndef KIOSK_SOUND_H
#define KIOSK_SOUND_H
#include <SDL.h>

typedef struct Sound Sound;
typedef enum { TONE_OK, TONE_REFUSED, TONE_COUNT } ToneId;

/* Prepares the tones. enabled = 0 makes a silent Sound. Never fails for
 * want of a device; returns NULL only when out of memory. */
Sound *sound_create(int enabled);
void sound_destroy(Sound *s);
/* Opens the device (if closed) so a tone can start at once. */
void sound_wake(Sound *s);
/* Closes the device once no tone is playing. */
void sound_rest(Sound *s);
/* Starts tone t, cutting off any tone still playing. Returns 1 if it was
 * queued on a device, 0 when silent. */
int sound_play(Sound *s, ToneId t);
/* 1 while a device is open (for tests). */
int sound_is_open(const Sound *s);
/* The tone last queued and SDL_GetTicks64() when it was (for tests). */
int sound_last(const Sound *s, Uint64 *pAt);
#endif
