/* voice: speaks a sentence ("张中立，签到成功") through a speech program
 * (espeak-ng's Mandarin voice cmn-latn-pinyin by default, from kiosk.conf).
 * The sentence is first rewritten by the core's speech_text (numbers as
 * Chinese numerals, rare ideographs as pinyin) and handed over after "--",
 * so no text can ever be taken for an option. The program runs as a child
 * process, so speaking never blocks the UI; a new sentence stops the one
 * still being spoken. When a sentence ends (finished, stopped or failed) a
 * small waiter thread pushes an SDL event of voice_event_type() whose
 * user.code is the sentence's number, so reading aloud can go on to the next
 * sentence without polling.
 *
 * A sentence failed when the program exits non-zero, dies of a signal it was
 * not sent, or writes "error" on its standard error (espeak-ng 1.51 with no
 * sound device says "error: No such file or directory" and exits 0). A
 * failure makes the voice unavailable for a minute (a USB speaker may be
 * plugged in later); at creation the program is run once on a pause alone
 * ("，") to find out before anyone asks. A missing program is logged once. */
#ifndef KIOSK_VOICE_H
#define KIOSK_VOICE_H
#include "speech.h" /* speech_name: callers put members' names in sentences with it */
#include <SDL.h>

typedef struct Voice Voice;

/* zCommand: the program and its options, split on spaces; "--" and the
 * sentence are appended. enabled = 0 makes a mute Voice. An enabled Voice
 * starts its probe at once. Free with voice_destroy. */
Voice *voice_create(int enabled, const char *zCommand);
/* Stops any speech and frees v. */
void voice_destroy(Voice *v);
/* Stops the current sentence (if any) and starts zText. Returns the
 * sentence's number (> 0), or 0 when nothing is spoken (mute, the program
 * is missing, or it failed within the last minute). */
Sint32 voice_say(Voice *v, const char *zText);
/* Stops speaking now. */
void voice_stop(Voice *v);
/* 1 if v can speak: enabled, its program is on the PATH, and it has not
 * failed within the last minute. */
int voice_available(const Voice *v);
/* 1 if sentence seq (from voice_say, reported by the end event) failed. */
int voice_failed(const Voice *v, Sint32 seq);
/* The SDL event type pushed when a sentence ends. */
Uint32 voice_event_type(void);
/* The child speaking now, or 0 (for tests). */
int voice_pid(const Voice *v);
#endif
