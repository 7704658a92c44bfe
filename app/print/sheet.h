/* sheet: the paper sign-in sheet for when the machine is down — A4, the
 * activity at the top, then one row a member: number, name, group, a box
 * to sign in, and the member's QR code, so the secretary can later enter
 * the sheet (in admin, as records with method "paper"). */
#ifndef KIOSK_SHEET_H
#define KIOSK_SHEET_H
#include "activity.h"
#include "cards.h"
#include "config.h"

#define SHEET_ROWS_PER_PAGE 11

/* Writes the sheet for activity a with the n members (and their card
 * payloads) in a to zOut, under a temporary name renamed when complete.
 * Returns 0, or -1 with an English message. */
int sheet_pdf(const char *zOut, const Activity *act, const CardItem *a, int n, const Config *cfg, char *zErr,
              int nErr);
#endif
