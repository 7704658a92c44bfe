/* fontfind: the kiosk's fonts by family name, through fontconfig.
 *
 * kiosk.conf may name font files ([fonts] primary, bold, fallback); a slot
 * left empty (the default, and the installed package's kiosk.conf) is
 * looked up by family: Noto Sans CJK SC regular and bold, then BabelStone
 * Han, HanaMinB and HanaMinA for the characters Noto lacks (CJK Ext. B+).
 * A family fontconfig does not have is not replaced by another face: the
 * slot stays empty, and the caller says which package to install. */
#ifndef KIOSK_FONTFIND_H
#define KIOSK_FONTFIND_H
#include "config.h"
#include "result.h"
#include <stddef.h>

/* Slots: FONT_REGULAR, FONT_BOLD, then FONT_FALLBACK + i for kiosk.conf's
 * fallbacks (i < cfg->nFontFallback). */
enum { FONT_REGULAR = 0, FONT_BOLD = 1, FONT_FALLBACK = 2 };

/* The font file (into zPath) and face index of a slot: the configured path
 * when set, else fontconfig's file for the slot's family. Returns KR_OK,
 * KR_NOT_FOUND (no such family installed; zPath "") or KR_BAD_INPUT (no
 * such slot). */
KrCode fontfind_slot(const Config *cfg, int slot, char *zPath, size_t nPath, int *pIndex);
/* The family a slot is looked up by ("" when none). */
const char *fontfind_family(int slot);
#endif
