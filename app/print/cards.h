/* cards: QR member cards as a printable A4 PDF (cairo): eight cards of
 * 85.6 × 54 mm (ID-1, the size of a bank card) a page, with cut marks. Each
 * card shows the branch, the member's name (large; rare characters through
 * the same font fallback as the screen), the group and member number, and
 * the QR code of its payload (libqrencode, ECC level M) in a 28 mm square:
 * modules of 6 dots at 300 dpi (0.508 mm; 3, 6 and 12 dots at 150, 300 and
 * 600 dpi) on the page's 1/150 inch grid, with a 4-module quiet zone, so
 * every module prints and scans as whole dots (see print_qr()). */
#ifndef KIOSK_CARDS_H
#define KIOSK_CARDS_H
#include "config.h"
#include "qrcard.h"
#include "roster.h"

typedef struct {
  Member member;
  char payload[QRCARD_PAYLOAD_MAX];
} CardItem;

#define CARDS_PER_PAGE 8

/* Writes the n cards to zOut (under a temporary name, renamed when
 * complete). The fonts come from cfg. Returns 0, or -1 with an English
 * message. */
int cards_pdf(const char *zOut, const CardItem *a, int n, const Config *cfg, char *zErr, int nErr);
#endif
