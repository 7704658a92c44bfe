/* fontfind: see fontfind.h. FcMatch always answers with some face (the
 * closest it has); we accept it only when one of its family names is the
 * one asked for, so a missing BabelStone Han is reported as missing rather
 * than silently replaced by DejaVu. */
#include "fontfind.h"
#include "util.h"
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

static const char *const azFamily[] = {"Noto Sans CJK SC", "Noto Sans CJK SC", "BabelStone Han", "HanaMinB",
                                       "HanaMinA"};
#define N_FAMILY ((int)(sizeof azFamily / sizeof azFamily[0]))

const char *fontfind_family(int slot) { return slot >= 0 && slot < N_FAMILY ? azFamily[slot] : ""; }

/* fontconfig's file for zFamily (bold or regular); 0 found, -1 not. */
static int match(const char *zFamily, int bold, char *zPath, size_t nPath, int *pIndex) {
  int rc = -1;
  static int once;
  if (!FcInit()) return -1;
  if (!once++) atexit(FcFini); /* fontconfig's own tables, freed at exit (else they show as leaks) */
  FcPattern *p = FcPatternCreate();
  if (!p) return -1;
  FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)zFamily);
  FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn");
  FcConfigSubstitute(NULL, p, FcMatchPattern);
  FcDefaultSubstitute(p);
  FcResult r;
  FcPattern *m = FcFontMatch(NULL, p, &r);
  if (m) {
    FcChar8 *fam, *file;
    int same = 0;
    for (int i = 0; !same && FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
      same = !strcmp((const char *)fam, zFamily);
    if (same && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
      util_strlcpy(zPath, (const char *)file, nPath);
      if (FcPatternGetInteger(m, FC_INDEX, 0, pIndex) != FcResultMatch) *pIndex = 0;
      rc = 0;
    }
    FcPatternDestroy(m);
  }
  FcPatternDestroy(p);
  return rc;
}

KrCode fontfind_slot(const Config *cfg, int slot, char *zPath, size_t nPath, int *pIndex) {
  zPath[0] = 0;
  *pIndex = 0;
  const char *zSet;
  int index = 0;
  if (slot == FONT_REGULAR) { zSet = cfg->fontPrimary; index = cfg->fontPrimaryIndex; }
  else if (slot == FONT_BOLD) { zSet = cfg->fontBold; index = cfg->fontBoldIndex; }
  else if (slot >= FONT_FALLBACK && slot - FONT_FALLBACK < cfg->nFontFallback) zSet = cfg->fontFallback[slot - FONT_FALLBACK];
  else return KR_BAD_INPUT;
  if (zSet[0]) {
    util_strlcpy(zPath, zSet, nPath);
    *pIndex = index;
    return KR_OK;
  }
  if (slot >= N_FAMILY || match(azFamily[slot], slot == FONT_BOLD, zPath, nPath, pIndex)) {
    zPath[0] = 0;
    return KR_NOT_FOUND;
  }
  return KR_OK;
}
