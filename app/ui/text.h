/* text: Chinese text on screen. Noto Sans CJK SC first, then fallback faces
 * glyph by glyph (SDL2_ttf has no fallback of its own): each string is split
 * into runs of code points that one face provides, the runs are rendered and
 * joined on a common baseline. Finished strings are cached as textures keyed
 * by a hash of (text, size, style, colour), so a frame renders no glyphs. */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H
#include "config.h"
#include "theme.h"
#include <SDL.h>

typedef struct Text Text;
typedef enum { STYLE_REGULAR = 0, STYLE_BOLD = 1 } TextStyle;

/* Opens the faces named in cfg (fallbacks are opened on first need). The
 * renderer is borrowed. Returns 0, or -1 with an English message. *pp is
 * destroyed with text_close(). */
int text_open(Text **pp, SDL_Renderer *r, const Config *cfg, char *zErr, int nErr);
void text_close(Text *t);

/* A cached texture of z; owned by the cache, valid until the next text_get
 * call may evict it (so use it at once). Sets *pw, *ph. NULL on failure or
 * for an empty string. */
SDL_Texture *text_get(Text *t, const char *z, int px, TextStyle style, Color c, int *pw, int *ph);
/* Size of z without rendering it. */
void text_measure(Text *t, const char *z, int px, TextStyle style, int *pw, int *ph);
/* The largest size in [minPx, px] at which z fits maxW, or 0 if none does. */
int text_fit(Text *t, const char *z, int px, int minPx, TextStyle style, int maxW);
/* Number of code points in z that no installed face provides (would be tofu). */
int text_missing(Text *t, const char *z);
/* Index of the face that draws code point c (0 = primary; >1 = a fallback);
 * -1 when none has it. For tests. */
int text_face_for(Text *t, Uint32 c);
/* Cache statistics, for tests and benchmarks. */
void text_stats(Text *t, int *pEntries, int *pHits, int *pMisses);
#endif
