/* ui: drawing helpers and the frame's list of tappable widgets. A screen's
 * draw function calls ui_button() for each target; the list is what taps are
 * matched against and what --ui-dump writes, so tests tap exactly where a
 * person would. */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H
#include "text.h"
#include "theme.h"
#include <SDL.h>

#define UI_MAX_WIDGETS 160
#define UI_MAX_TEXTS 96
#define UI_ID_MAX 48

typedef struct {
  char id[UI_ID_MAX];
  char label[160];
  Rect r;
  int textPx;          /* the largest text size on it */
} Widget;

typedef enum { BTN_TILE, BTN_PRIMARY, BTN_NAV, BTN_TAB, BTN_TAB_SELECTED } ButtonKind;
typedef enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

typedef struct {
  SDL_Renderer *r;
  Text *text;
  Metrics m;
  char screen[32];
  Widget aWidget[UI_MAX_WIDGETS];
  int nWidget;
  struct { char z[160]; int px; Rect r; } aText[UI_MAX_TEXTS]; /* visible words, sizes and places */
  int nText;
  int titlePx;                     /* the screen title's size (0: none drawn) */
  char pressed[UI_ID_MAX];         /* widget under the finger, drawn pressed */
  unsigned frame;
  unsigned taps;                   /* releases of a pressed widget handled (tests wait on it) */
} Ui;

void ui_begin(Ui *ui, const char *zScreen);
void ui_fill(Ui *ui, Rect r, Color c);
void ui_outline(Ui *ui, Rect r, int thickness, Color c);
/* Draws text with its top-left (or centre/right edge, per align) at x and
 * its top at y. Returns the drawn width. */
int ui_text(Ui *ui, const char *z, int x, int y, int px, TextStyle st, Color c, Align a);
/* Draws text centred vertically in r, aligned horizontally. */
void ui_text_in(Ui *ui, const char *z, Rect r, int px, TextStyle st, Color c, Align a);
/* Registers a tappable widget without drawing; returns it. */
Widget *ui_widget(Ui *ui, const char *zId, const char *zLabel, Rect r, int textPx);
/* Draws a button with one centred label and registers it. */
void ui_button(Ui *ui, const char *zId, const char *zLabel, Rect r, ButtonKind k, int px);
/* Draws a button with a big label and a smaller hint below it, both
 * centred, and registers it. */
void ui_button2(Ui *ui, const char *zId, const char *zLabel, const char *zHint, Rect r, ButtonKind k, int px,
                int hintPx);
/* 1 if widget zId is drawn pressed this frame. */
int ui_is_pressed(const Ui *ui, const char *zId);
/* Colours for a button body and its text, pressed or not. */
void ui_button_colors(const Ui *ui, const char *zId, ButtonKind k, Color *pBody, Color *pInk);
/* A filled disc and a thick check mark / exclamation, drawn with geometry. */
void ui_disc(Ui *ui, int cx, int cy, int radius, Color c);
void ui_check(Ui *ui, int cx, int cy, int size, Color c);
void ui_bang(Ui *ui, int cx, int cy, int size, Color c);
/* A thick ✗ (a refusal), drawn with geometry like the check mark. */
void ui_cross(Ui *ui, int cx, int cy, int size, Color c);
/* The widget at (x, y), grown by slop pixels on each side; NULL if none. */
const Widget *ui_hit(const Ui *ui, int x, int y, int slop);
const Widget *ui_find(const Ui *ui, const char *zId);
/* Writes the frame's screen name, number, taps, widgets and texts as JSON to zPath,
 * atomically (a temporary file renamed over it). Returns 0 or -1. */
int ui_dump(const Ui *ui, const char *zPath);
#endif
