/* photo: see photo.h. A photo is decoded to RGB (a JPEG at a reduced DCT
 * scale when it is much larger than needed, so a 12-megapixel camera file
 * never takes 36 MB), shrunk with an area average (each output pixel the
 * mean of the input pixels it covers: no aliasing on faces), and encoded as
 * a JPEG of quality 85 — about 10-20 KB for 256 px. */
#include "photo.h"
#include "db_int.h"
#include "roster.h"
#include "util.h"
#include <dirent.h>
#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jb;
  char msg[JMSG_LENGTH_MAX];
} JpegErr;

static void jpeg_fail(j_common_ptr c) {
  JpegErr *e = (JpegErr *)c->err;
  (*c->err->format_message)(c, e->msg);
  longjmp(e->jb, 1);
}

/* Warnings are not failures, except a file that ends early: libjpeg would
 * fill the rest with grey, and a photo cut short by a bad copy is refused. */
static void jpeg_quiet(j_common_ptr c, int level) {
  if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF) jpeg_fail(c);
}

/* Decodes JPEG p into *ppRgb (malloc'ed, w*h*3). Returns KR_OK or a code. */
static KrCode decode_jpeg(const unsigned char *p, size_t n, unsigned char **ppRgb, int *pW, int *pH, char *zErr,
                          int nErr) {
  struct jpeg_decompress_struct c;
  JpegErr e;
  unsigned char *volatile rgb = NULL;
  c.err = jpeg_std_error(&e.pub);
  e.pub.error_exit = jpeg_fail;
  e.pub.emit_message = jpeg_quiet;
  if (setjmp(e.jb)) {
    free(rgb);
    jpeg_destroy_decompress(&c);
    snprintf(zErr, nErr, "not a readable JPEG: %s", e.msg);
    return KR_MALFORMED;
  }
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, p, (unsigned long)n);
  jpeg_read_header(&c, TRUE);
  if ((double)c.image_width * c.image_height > PHOTO_MAX_PIXELS) {
    jpeg_destroy_decompress(&c);
    snprintf(zErr, nErr, "the photo is %ux%u pixels, over the limit of %d megapixels", c.image_width,
             c.image_height, PHOTO_MAX_PIXELS / (1024 * 1024));
    return KR_TOO_LARGE;
  }
  c.out_color_space = JCS_RGB;
  /* the coarsest DCT scale that still leaves at least PHOTO_SIDE pixels */
  unsigned longer = c.image_width > c.image_height ? c.image_width : c.image_height;
  c.scale_num = 1;
  c.scale_denom = 1;
  while (c.scale_denom < 8 && longer / (c.scale_denom * 2) >= PHOTO_SIDE) c.scale_denom *= 2;
  jpeg_start_decompress(&c);
  int w = (int)c.output_width, h = (int)c.output_height;
  rgb = malloc((size_t)w * (size_t)h * 3);
  if (!rgb) {
    jpeg_destroy_decompress(&c);
    snprintf(zErr, nErr, "out of memory");
    return KR_NOMEM;
  }
  while (c.output_scanline < c.output_height) {
    JSAMPROW row = rgb + (size_t)c.output_scanline * (size_t)w * 3;
    jpeg_read_scanlines(&c, &row, 1);
  }
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  *ppRgb = rgb;
  *pW = w, *pH = h;
  return KR_OK;
}

/* Decodes PNG p (any colour type; transparency over white) into *ppRgb. */
static KrCode decode_png(const unsigned char *p, size_t n, unsigned char **ppRgb, int *pW, int *pH, char *zErr,
                         int nErr) {
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&img, p, n)) {
    snprintf(zErr, nErr, "not a readable PNG: %s", img.message);
    return KR_MALFORMED;
  }
  if ((double)img.width * img.height > PHOTO_MAX_PIXELS) {
    png_image_free(&img);
    snprintf(zErr, nErr, "the photo is %ux%u pixels, over the limit of %d megapixels", img.width, img.height,
             PHOTO_MAX_PIXELS / (1024 * 1024));
    return KR_TOO_LARGE;
  }
  img.format = PNG_FORMAT_RGB;
  unsigned char *rgb = malloc(PNG_IMAGE_SIZE(img));
  if (!rgb) {
    png_image_free(&img);
    snprintf(zErr, nErr, "out of memory");
    return KR_NOMEM;
  }
  png_color white = {255, 255, 255};
  if (!png_image_finish_read(&img, &white, rgb, 0, NULL)) {
    free(rgb);
    snprintf(zErr, nErr, "not a readable PNG: %s", img.message);
    return KR_MALFORMED;
  }
  *ppRgb = rgb;
  *pW = (int)img.width, *pH = (int)img.height;
  return KR_OK;
}

/* Shrinks rgb (w x h) so its longer side is at most PHOTO_SIDE, by area
 * averaging, into *ppOut (malloc'ed; rgb itself when no shrinking is needed). */
static KrCode shrink(unsigned char *rgb, int w, int h, unsigned char **ppOut, int *pW, int *pH) {
  int longer = w > h ? w : h;
  if (longer <= PHOTO_SIDE) { *ppOut = rgb, *pW = w, *pH = h; return KR_OK; }
  int W = w >= h ? PHOTO_SIDE : (int)((long)w * PHOTO_SIDE / h), H = h > w ? PHOTO_SIDE : (int)((long)h * PHOTO_SIDE / w);
  if (W < 1) W = 1;
  if (H < 1) H = 1;
  unsigned char *out = malloc((size_t)W * (size_t)H * 3);
  if (!out) return KR_NOMEM;
  for (int Y = 0; Y < H; Y++) {
    int y0 = (int)((long)Y * h / H), y1 = (int)((long)(Y + 1) * h / H);
    if (y1 <= y0) y1 = y0 + 1;
    for (int X = 0; X < W; X++) {
      int x0 = (int)((long)X * w / W), x1 = (int)((long)(X + 1) * w / W);
      if (x1 <= x0) x1 = x0 + 1;
      unsigned long s[3] = {0, 0, 0}, k = 0;
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++, k++)
          for (int ch = 0; ch < 3; ch++) s[ch] += rgb[((size_t)y * (size_t)w + (size_t)x) * 3 + (size_t)ch];
      for (int ch = 0; ch < 3; ch++) out[((size_t)Y * (size_t)W + (size_t)X) * 3 + (size_t)ch] = (unsigned char)(s[ch] / k);
    }
  }
  free(rgb);
  *ppOut = out, *pW = W, *pH = H;
  return KR_OK;
}

static KrCode encode_jpeg(const unsigned char *rgb, int w, int h, unsigned char **ppOut, size_t *pn, char *zErr,
                          int nErr) {
  struct jpeg_compress_struct c;
  JpegErr e;
  unsigned char *buf = NULL;
  unsigned long size = 0;
  c.err = jpeg_std_error(&e.pub);
  e.pub.error_exit = jpeg_fail;
  e.pub.emit_message = jpeg_quiet;
  if (setjmp(e.jb)) {
    jpeg_destroy_compress(&c);
    free(buf);
    snprintf(zErr, nErr, "the photo could not be encoded: %s", e.msg);
    return KR_NOMEM;
  }
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = (JDIMENSION)w;
  c.image_height = (JDIMENSION)h;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 85, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = (JSAMPROW)(rgb + (size_t)c.next_scanline * (size_t)w * 3);
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  *ppOut = buf;
  *pn = size;
  return KR_OK;
}

KrCode photo_scale(const unsigned char *p, size_t n, unsigned char **ppOut, size_t *pnOut, int *pW, int *pH,
                   char *zErr, int nErr) {
  *ppOut = NULL;
  *pnOut = 0;
  if (n > PHOTO_MAX_FILE) {
    snprintf(zErr, nErr, "the photo is %zu bytes, over the limit of %d MiB", n, PHOTO_MAX_FILE / (1024 * 1024));
    return KR_TOO_LARGE;
  }
  unsigned char *rgb = NULL, *small = NULL;
  int w = 0, h = 0;
  KrCode rc;
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) rc = decode_jpeg(p, n, &rgb, &w, &h, zErr, nErr);
  else if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) rc = decode_png(p, n, &rgb, &w, &h, zErr, nErr);
  else {
    snprintf(zErr, nErr, "not a JPEG or PNG photo");
    return KR_MALFORMED;
  }
  if (rc) return rc;
  if ((rc = shrink(rgb, w, h, &small, &w, &h))) {
    free(rgb);
    snprintf(zErr, nErr, "out of memory");
    return rc;
  }
  rc = encode_jpeg(small, w, h, ppOut, pnOut, zErr, nErr);
  free(small);
  if (!rc) {
    if (pW) *pW = w;
    if (pH) *pH = h;
  }
  return rc;
}

KrCode photo_get(Db *db, const char *zMemberNo, unsigned char **pp, size_t *pn) {
  *pp = NULL;
  *pn = 0;
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, "SELECT jpeg FROM member_photo WHERE member_no = ?1 ORDER BY seq DESC LIMIT 1",
                              -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  sqlite3_bind_text(s, 1, zMemberNo, -1, SQLITE_STATIC);
  KrCode out = KR_OK;
  if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    int n = sqlite3_column_bytes(s, 0);
    const void *blob = sqlite3_column_blob(s, 0);
    if (n > 0 && blob) {
      *pp = malloc((size_t)n);
      if (*pp) { memcpy(*pp, blob, (size_t)n); *pn = (size_t)n; }
      else out = KR_NOMEM;
    }
  } else if (rc != SQLITE_DONE) out = kr_sqlite(rc);
  sqlite3_finalize(s);
  return out;
}

KrCode photo_each_member(Db *db, void (*fn)(const char *zMemberNo, void *ctx), void *ctx) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(db->h, "SELECT DISTINCT member_no FROM member_photo", -1, &s, NULL);
  if (rc != SQLITE_OK) return kr_sqlite(rc);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) fn((const char *)sqlite3_column_text(s, 0), ctx);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? KR_OK : kr_sqlite(rc);
}

/* Reads regular file zPath (at most PHOTO_MAX_FILE bytes) into *pp. */
static KrCode read_file(const char *zPath, unsigned char **pp, size_t *pn, char *zErr, int nErr) {
  FILE *f = fopen(zPath, "rb");
  struct stat st;
  if (!f || fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
    if (f) fclose(f);
    snprintf(zErr, nErr, "%s: cannot be read as a file", zPath);
    return KR_IO;
  }
  if (st.st_size > PHOTO_MAX_FILE) {
    fclose(f);
    snprintf(zErr, nErr, "%s: %lld bytes, over the limit of %d MiB", zPath, (long long)st.st_size,
             PHOTO_MAX_FILE / (1024 * 1024));
    return KR_TOO_LARGE;
  }
  *pp = malloc((size_t)st.st_size + 1);
  if (!*pp) { fclose(f); snprintf(zErr, nErr, "out of memory"); return KR_NOMEM; }
  *pn = fread(*pp, 1, (size_t)st.st_size, f);
  int bad = ferror(f) || *pn != (size_t)st.st_size;
  fclose(f);
  if (bad) { free(*pp); *pp = NULL; snprintf(zErr, nErr, "%s: read error", zPath); return KR_IO; }
  return KR_OK;
}

/* The member number a photo's file name gives ("LM0031.jpg" -> "LM0031"),
 * or 0 when the name does not end in .jpg, .jpeg or .png. */
static int photo_name(const char *zFile, char *zNo, size_t nNo) {
  static const char *const aExt[] = {".jpg", ".jpeg", ".png"};
  size_t len = strlen(zFile);
  if (zFile[0] == '.') return 0; /* hidden files (a Mac's ._LM0031.jpg) */
  for (size_t i = 0; i < sizeof aExt / sizeof aExt[0]; i++) {
    size_t k = strlen(aExt[i]);
    if (len > k && !strcasecmp(zFile + len - k, aExt[i])) {
      snprintf(zNo, nNo, "%.*s", (int)(len - k), zFile);
      return 1;
    }
  }
  return 0;
}

/* Stores JPEG bytes jpeg (already scaled) as zNo's photo unless it is the
 * one held. Takes nothing: the caller frees jpeg. */
static KrCode store_jpeg(Db *db, const char *zNo, const unsigned char *jpeg, size_t nJpeg, PhotoStats *pStats,
                         char *zErr, int nErr) {
  unsigned char *held = NULL;
  size_t nHeld = 0;
  KrCode rc = photo_get(db, zNo, &held, &nHeld);
  if (rc) { snprintf(zErr, nErr, "database error"); return rc; }
  int same = held && nHeld == nJpeg && !memcmp(held, jpeg, nJpeg);
  free(held);
  if (same) { pStats->unchanged++; return KR_OK; }
  char uuid[UUID_LEN + 1];
  util_uuid4(uuid);
  int64_t seq;
  sqlite3_stmt *s = NULL;
  int src = db_next_seq(db, &seq);
  if (src == SQLITE_OK)
    src = sqlite3_prepare_v2(db->h,
                             "INSERT INTO member_photo(uuid, kiosk_id, seq, member_no, jpeg, at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                             -1, &s, NULL);
  if (src == SQLITE_OK) {
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, db_kiosk_id(db), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, seq);
    sqlite3_bind_text(s, 4, zNo, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 5, jpeg, (int)nJpeg, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, util_now());
    src = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->h);
  }
  sqlite3_finalize(s);
  if (src != SQLITE_OK) { snprintf(zErr, nErr, "the photo could not be saved: %s", sqlite3_errmsg(db->h)); return kr_sqlite(src); }
  pStats->stored++;
  return KR_OK;
}

/* Whether zNo is on the roster; the message names zWhat when not. */
static KrCode on_roster(Db *db, const char *zNo, const char *zWhat, char *zErr, int nErr) {
  Member m;
  if (roster_get(db, zNo, &m) == 0) return KR_OK;
  snprintf(zErr, nErr, "%s: no member %s on the roster (photos are named by member number)", zWhat, zNo);
  return KR_NOT_FOUND;
}

KrCode photo_store_rgb(Db *db, const char *zMemberNo, const unsigned char *rgb, int w, int h, PhotoStats *pStats,
                       char *zErr, int nErr) {
  if (w < 1 || h < 1 || w > PHOTO_SIDE || h > PHOTO_SIDE) {
    snprintf(zErr, nErr, "a drawn photo must be 1..%d pixels a side, not %dx%d", PHOTO_SIDE, w, h);
    return KR_TOO_LARGE;
  }
  KrCode rc = on_roster(db, zMemberNo, "photo", zErr, nErr);
  if (rc) return rc;
  unsigned char *jpeg = NULL;
  size_t nJpeg = 0;
  if ((rc = encode_jpeg(rgb, w, h, &jpeg, &nJpeg, zErr, nErr))) return rc;
  rc = store_jpeg(db, zMemberNo, jpeg, nJpeg, pStats, zErr, nErr);
  free(jpeg);
  return rc;
}

/* Stores one photo file for zNo (inside the caller's transaction). */
static KrCode import_one(Db *db, const char *zPath, const char *zNo, PhotoStats *pStats, char *zErr, int nErr) {
  KrCode rc = on_roster(db, zNo, zPath, zErr, nErr);
  if (rc) return rc;
  unsigned char *raw = NULL, *jpeg = NULL;
  size_t nRaw = 0, nJpeg = 0;
  char why[256];
  if ((rc = read_file(zPath, &raw, &nRaw, zErr, nErr))) return rc;
  rc = photo_scale(raw, nRaw, &jpeg, &nJpeg, NULL, NULL, why, sizeof why);
  free(raw);
  if (rc) { snprintf(zErr, nErr, "%s: %s", zPath, why); return rc; }
  rc = store_jpeg(db, zNo, jpeg, nJpeg, pStats, zErr, nErr);
  free(jpeg);
  return rc;
}

KrCode photo_import_dir(Db *db, const char *zDir, PhotoStats *pStats, char *zErr, int nErr) {
  memset(pStats, 0, sizeof *pStats);
  struct dirent **aEnt = NULL;
  int nEnt = scandir(zDir, &aEnt, NULL, alphasort);
  if (nEnt < 0) { snprintf(zErr, nErr, "%s: cannot be read as a folder", zDir); return KR_IO; }
  KrCode rc = KR_OK;
  int src = db_begin(db);
  if (src != SQLITE_OK) { snprintf(zErr, nErr, "the database is busy"); rc = kr_sqlite(src); }
  for (int i = 0; i < nEnt && !rc; i++) {
    char no[128], path[4096];
    if (!strcmp(aEnt[i]->d_name, ".") || !strcmp(aEnt[i]->d_name, "..")) continue;
    if (!photo_name(aEnt[i]->d_name, no, sizeof no)) { pStats->ignored++; continue; }
    snprintf(path, sizeof path, "%s/%s", zDir, aEnt[i]->d_name);
    rc = import_one(db, path, no, pStats, zErr, nErr);
  }
  for (int i = 0; i < nEnt; i++) free(aEnt[i]);
  free(aEnt);
  if (src != SQLITE_OK) return rc;
  if (!rc && (src = db_commit(db)) != SQLITE_OK) {
    snprintf(zErr, nErr, "the photos could not be saved: %s", sqlite3_errmsg(db->h));
    rc = kr_sqlite(src);
  }
  if (rc) {
    db_rollback(db);
    int ignored = pStats->ignored;
    memset(pStats, 0, sizeof *pStats);
    pStats->ignored = ignored;
  }
  return rc;
}
