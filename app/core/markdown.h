/* markdown: the small Markdown subset notices are written in — headings
 * ("# ", "## ", "### "), paragraphs (lines joined until a blank line),
 * list items ("- ", "* ", "1. "), images on a line of their own
 * ("![说明](photo.jpg)") and **bold** within text. Anything else is plain
 * text: a notice never fails to show because of its markup. */
#ifndef KIOSK_MARKDOWN_H
#define KIOSK_MARKDOWN_H
#include "result.h"
#include <stddef.h>

typedef enum { MD_HEADING, MD_PARAGRAPH, MD_ITEM, MD_IMAGE } MdKind;

#define MD_MAX_SPANS 16

typedef struct {
  MdKind kind;
  int level;           /* heading 1-3; list item: 0 bullet, n numbered */
  char *text;          /* the words, markup removed (image: its caption) */
  char *src;           /* image: the file named, else NULL */
  struct { size_t start, len; } aBold[MD_MAX_SPANS]; /* bold byte ranges of text */
  int nBold;
} MdBlock;

typedef struct {
  MdBlock *a;
  int n;
} MdDoc;

/* Parses z into *pDoc (freed with md_free, which is also safe after a
 * failure). Any text parses; KR_OK, or KR_NOMEM / KR_TOO_LARGE (over 1 GiB). */
KrCode md_parse(const char *z, MdDoc *pDoc);
void md_free(MdDoc *pDoc);
#endif
