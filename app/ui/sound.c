/* sound: see sound.h. */
#include "sound.h"
#include <math.h>
#include <stdlib.h>

#define RATE 48000

struct Sound {
  int enabled;
  SDL_AudioDeviceID dev;
  int audioInit;
  Sint16 *aTone[TONE_COUNT];
  Uint32 nTone[TONE_COUNT]; /* bytes */
  int last;
  Uint64 lastAt;
  Uint64 retryAt;   /* after a failed open, when to try again */
};

/* A missing device is tried again at most once a minute (a USB speaker may
 * be plugged in later), not on every screen change. */
#define RETRY_MS 60000

/* Appends a note of f Hz for ms, with 5 ms fades so it does not click. */
static Sint16 *note(Sint16 *p, double f, int ms, double vol) {
  int n = RATE * ms / 1000, fade = RATE * 5 / 1000;
  for (int i = 0; i < n; i++) {
    double env = i < fade ? (double)i / fade : i > n - fade ? (double)(n - i) / fade : 1.0;
    double x = sin(2 * M_PI * f * i / RATE) + 0.3 * sin(4 * M_PI * f * i / RATE); /* a little brighter */
    *p++ = (Sint16)(x * env * vol * 32767 / 1.3);
  }
  return p;
}

static Sint16 *silence(Sint16 *p, int ms) {
  int n = RATE * ms / 1000;
  for (int i = 0; i < n; i++) *p++ = 0;
  return p;
}

Sound *sound_create(int enabled) {
  Sound *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->enabled = enabled;
  s->last = -1;
  int total = RATE * 400 / 1000;
  for (int t = 0; t < TONE_COUNT; t++) {
    s->aTone[t] = calloc((size_t)total, sizeof(Sint16));
    if (!s->aTone[t]) { sound_destroy(s); return NULL; }
  }
  /* saved: two rising notes (C6, G6); refused: two low notes (A3) */
  Sint16 *p = note(s->aTone[TONE_OK], 1046.5, 90, 0.5);
  p = note(p, 1568.0, 140, 0.5);
  s->nTone[TONE_OK] = (Uint32)((p - s->aTone[TONE_OK]) * 2);
  p = note(s->aTone[TONE_REFUSED], 220.0, 140, 0.6);
  p = silence(p, 60);
  p = note(p, 220.0, 140, 0.6);
  s->nTone[TONE_REFUSED] = (Uint32)((p - s->aTone[TONE_REFUSED]) * 2);
  return s;
}

void sound_destroy(Sound *s) {
  if (!s) return;
  if (s->dev) SDL_CloseAudioDevice(s->dev);
  if (s->audioInit) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  for (int t = 0; t < TONE_COUNT; t++) free(s->aTone[t]);
  free(s);
}

void sound_wake(Sound *s) {
  if (!s || !s->enabled || s->dev || SDL_GetTicks64() < s->retryAt) return;
  if (!s->audioInit) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO)) { s->enabled = 0; SDL_Log("no audio: %s", SDL_GetError()); return; }
    s->audioInit = 1;
  }
  SDL_AudioSpec want = {0}, have;
  want.freq = RATE;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 512; /* ~11 ms: a short path from the queue to the speaker */
  s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
  if (!s->dev) {
    if (!s->retryAt) SDL_Log("no audio device (%s): tones are off until one appears", SDL_GetError());
    s->retryAt = SDL_GetTicks64() + RETRY_MS;
    return;
  }
  SDL_PauseAudioDevice(s->dev, 0);
}

void sound_rest(Sound *s) {
  if (!s || !s->dev || SDL_GetQueuedAudioSize(s->dev) > 0) return;
  SDL_CloseAudioDevice(s->dev);
  s->dev = 0;
}

int sound_play(Sound *s, ToneId t) {
  if (!s || !s->enabled) return 0;
  if (!s->dev) sound_wake(s);
  if (!s->dev) return 0;
  SDL_ClearQueuedAudio(s->dev);
  if (SDL_QueueAudio(s->dev, s->aTone[t], s->nTone[t])) return 0;
  s->last = (int)t;
  s->lastAt = SDL_GetTicks64();
  return 1;
}

int sound_is_open(const Sound *s) { return s && s->dev != 0; }

int sound_last(const Sound *s, Uint64 *pAt) {
  if (pAt) *pAt = s ? s->lastAt : 0;
  return s ? s->last : -1;
}
