/* voice: speaks a sentence ("张中立，签到成功") through a speech program
 * (espeak-ng in Mandarin by default, from kiosk.conf). The program runs as
 * a child process, so speaking never blocks the UI; a new sentence stops
 * the one still being spoken. When a sentence ends (finished or stopped) a
 * small waiter thread pushes an SDL event of voice_event_type() whose
 * user.code is the sentence's number, so reading aloud can go on to the next
 * sentence without polling. A missing program is logged once and then
 * ignored. */
#ifndef KIOSK_VOICE_H
#define KIOSK_VOICE_H
#include <SDL.h>

typedef struct Voice Voice;

/* zCommand: the program and its options, split on spaces; the sentence is
 * appended as one more argument. enabled = 0 makes a mute Voice. */
Voice *voice_create(int enabled, const char *zCommand);
/* Stops any speech and frees v. */
void voice_destroy(Voice *v);
/* Stops the current sentence (if any) and starts zText. Returns the
 * sentence's number (> 0), or 0 when nothing is spoken (mute, or the program
 * is missing). */
Sint32 voice_say(Voice *v, const char *zText);
/* Stops speaking now. */
void voice_stop(Voice *v);
/* 1 if v can speak: enabled, and its program is on the PATH. */
int voice_available(const Voice *v);
/* The SDL event type pushed when a sentence ends. */
Uint32 voice_event_type(void);
/* The child speaking now, or 0 (for tests). */
int voice_pid(const Voice *v);
#endif
