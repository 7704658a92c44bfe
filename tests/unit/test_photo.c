/* Members' photos: camera-sized JPEGs and PNGs (with transparency) scaled to
 * at most 256 px and stored as JPEG; small ones kept at their size; bad
 * bytes, truncated files, pixel bombs and oversized files refused; a folder
 * imported all-or-nothing (a photo of nobody on the roster or a damaged one
 * stores nothing), again without change, a replaced photo standing over the
 * old one, and the table append-only. */
#include "check.h"
#include "db_int.h"
#include "photo.h"
#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A w x h JPEG of a gradient (shade moves it), malloc'ed into *pp. */
static size_t make_jpeg(int w, int h, int shade, unsigned char **pp) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr e;
  unsigned long n = 0;
  *pp = NULL;
  c.err = jpeg_std_error(&e);
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, pp, &n);
  c.image_width = (JDIMENSION)w, c.image_height = (JDIMENSION)h, c.input_components = 3, c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_start_compress(&c, TRUE);
  unsigned char *row = malloc((size_t)w * 3);
  while (c.next_scanline < c.image_height) {
    for (int x = 0; x < w; x++) {
      row[x * 3] = (unsigned char)(x * 255 / w);
      row[x * 3 + 1] = (unsigned char)(c.next_scanline * 255 / (unsigned)h);
      row[x * 3 + 2] = (unsigned char)shade;
    }
    jpeg_write_scanlines(&c, &row, 1);
  }
  free(row);
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  return n;
}

/* A w x h RGBA PNG, half transparent, malloc'ed into *pp. */
static size_t make_png(int w, int h, unsigned char **pp) {
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = (png_uint_32)w, img.height = (png_uint_32)h, img.format = PNG_FORMAT_RGBA;
  unsigned char *px = malloc((size_t)w * (size_t)h * 4);
  for (int i = 0; i < w * h; i++) px[i * 4] = 200, px[i * 4 + 1] = 30, px[i * 4 + 2] = 30, px[i * 4 + 3] = i % w < w / 2 ? 255 : 0;
  png_alloc_size_t n = 0;
  png_image_write_to_memory(&img, NULL, &n, 0, px, 0, NULL);
  *pp = malloc(n);
  png_image_write_to_memory(&img, *pp, &n, 0, px, 0, NULL);
  free(px);
  return n;
}

/* The size of JPEG p, or 0x0 if it does not decode. */
static void jpeg_size(const unsigned char *p, size_t n, int *pW, int *pH) {
  struct jpeg_decompress_struct c;
  struct jpeg_error_mgr e;
  c.err = jpeg_std_error(&e);
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, p, (unsigned long)n);
  *pW = *pH = 0;
  if (jpeg_read_header(&c, TRUE) == JPEG_HEADER_OK) *pW = (int)c.image_width, *pH = (int)c.image_height;
  jpeg_destroy_decompress(&c);
}

static void scaling(void) {
  static const struct { int w, h, wantW, wantH, png; } a[] = {
    {1200, 900, 256, 192, 0},  /* a camera photo, landscape */
    {3000, 4000, 192, 256, 0}, /* portrait, 12 megapixels: decoded at a DCT scale */
    {100, 80, 100, 80, 0},     /* small: kept */
    {300, 100, 256, 85, 1},    /* PNG with transparency */
    {1, 1, 1, 1, 1},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    unsigned char *in, *out;
    size_t n = a[i].png ? make_png(a[i].w, a[i].h, &in) : make_jpeg(a[i].w, a[i].h, 0, &in), nOut;
    int w, h, dw, dh;
    char err[256];
    CHECK(photo_scale(in, n, &out, &nOut, &w, &h, err, sizeof err) == KR_OK);
    jpeg_size(out, nOut, &dw, &dh);
    if (w != a[i].wantW || h != a[i].wantH || dw != w || dh != h || nOut > 64 * 1024) {
      fprintf(stderr, "%dx%d: got %dx%d (decodes as %dx%d, %zu bytes), want %dx%d\n", a[i].w, a[i].h, w, h, dw, dh,
              nOut, a[i].wantW, a[i].wantH);
      gFailures++;
    }
    free(in);
    free(out);
  }
}

static void refusals(void) {
  unsigned char *out = (unsigned char *)"x", *jpg, *png;
  size_t nOut = 1, nJpg = make_jpeg(400, 300, 0, &jpg), nPng = make_png(50, 50, &png);
  char err[256];
  CHECK(photo_scale((const unsigned char *)"", 0, &out, &nOut, NULL, NULL, err, sizeof err) == KR_MALFORMED);
  CHECK(out == NULL && nOut == 0);
  CHECK(photo_scale((const unsigned char *)"GIF89a....", 10, &out, &nOut, NULL, NULL, err, sizeof err) == KR_MALFORMED);
  CHECK(photo_scale(jpg, nJpg / 3, &out, &nOut, NULL, NULL, err, sizeof err) == KR_MALFORMED); /* cut short */
  CHECK(photo_scale(jpg, 40, &out, &nOut, NULL, NULL, err, sizeof err) == KR_MALFORMED);
  CHECK(photo_scale(png, nPng / 2, &out, &nOut, NULL, NULL, err, sizeof err) == KR_MALFORMED);
  /* a pixel bomb: a PNG header claiming 60000 x 60000 */
  unsigned char bomb[64];
  memcpy(bomb, png, 33);
  bomb[16] = bomb[20] = 0, bomb[17] = bomb[21] = 0, bomb[18] = bomb[22] = 0xEA, bomb[19] = bomb[23] = 0x60;
  uLong crc = crc32(0, bomb + 12, 17); /* IHDR's CRC, so only the size is wrong */
  bomb[29] = (unsigned char)(crc >> 24), bomb[30] = (unsigned char)(crc >> 16), bomb[31] = (unsigned char)(crc >> 8),
  bomb[32] = (unsigned char)crc;
  memcpy(bomb + 33, png + 33, 31);
  CHECK(photo_scale(bomb, sizeof bomb, &out, &nOut, NULL, NULL, err, sizeof err) == KR_TOO_LARGE);
  CHECK(strstr(err, "60000x60000") != NULL);
  unsigned char *huge = calloc(PHOTO_MAX_FILE + 1, 1);
  REQUIRE(huge);
  memcpy(huge, jpg, nJpg);
  CHECK(photo_scale(huge, PHOTO_MAX_FILE + 1, &out, &nOut, NULL, NULL, err, sizeof err) == KR_TOO_LARGE);
  free(huge);
  free(jpg);
  free(png);
}

static void put(const char *zDir, const char *zName, const unsigned char *p, size_t n) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", zDir, zName);
  FILE *f = fopen(path, "wb");
  if (f) { fwrite(p, 1, n, f); fclose(f); }
}

static int rows(Db *db) { return (int)db_int64(db->h, "SELECT count(*) FROM member_photo", NULL); }

static void import_folder(void) {
  Db *db = test_demo_db();
  REQUIRE(db);
  const int base = rows(db); /* the demo's drawn portraits (demo.h) */
  char dir[700], err[512];
  snprintf(dir, sizeof dir, "%s/photos", gDir);
  mkdir(dir, 0755);
  unsigned char *a, *b, *p;
  size_t nA = make_jpeg(800, 600, 0, &a), nB = make_jpeg(800, 600, 200, &b), nP = make_png(300, 300, &p);
  put(dir, "LM0031.jpg", a, nA);
  put(dir, "LM0054.PNG", p, nP);
  put(dir, "说明.txt", (const unsigned char *)"hi", 2);
  put(dir, "._LM0031.jpg", (const unsigned char *)"junk", 4); /* what a Mac leaves on a stick */
  PhotoStats st;
  CHECK(photo_import_dir(db, dir, &st, err, sizeof err) == KR_OK);
  CHECK(st.stored == 2 && st.unchanged == 0 && st.ignored == 2);
  unsigned char *got;
  size_t n;
  int w, h;
  REQUIRE(photo_get(db, "LM0031", &got, &n) == KR_OK && got);
  jpeg_size(got, n, &w, &h);
  CHECK(w == 256 && h == 192);
  unsigned char *first = got;
  size_t nFirst = n;
  CHECK(photo_get(db, "LM0015", &got, &n) == KR_OK && got == NULL && n == 0); /* one the demo left without */
  /* again: nothing new */
  CHECK(photo_import_dir(db, dir, &st, err, sizeof err) == KR_OK && st.stored == 0 && st.unchanged == 2);
  CHECK(rows(db) == base + 2);
  /* a new photo for LM0031 stands over the old one, which stays */
  put(dir, "LM0031.jpg", b, nB);
  CHECK(photo_import_dir(db, dir, &st, err, sizeof err) == KR_OK && st.stored == 1 && st.unchanged == 1);
  CHECK(rows(db) == base + 3);
  REQUIRE(photo_get(db, "LM0031", &got, &n) == KR_OK && got);
  CHECK(n != nFirst || memcmp(got, first, n));
  free(got);
  free(first);
  /* a photo of nobody on the roster, or a damaged one: the folder is refused, nothing stored */
  put(dir, "LM0040.jpg", a, nA);
  put(dir, "LM9999.jpg", a, nA);
  CHECK(photo_import_dir(db, dir, &st, err, sizeof err) == KR_NOT_FOUND && strstr(err, "LM9999"));
  CHECK(rows(db) == base + 3 && st.stored == 0);
  char path[1024];
  snprintf(path, sizeof path, "%s/LM9999.jpg", dir);
  remove(path);
  put(dir, "LM0041.jpg", a, nA / 2);
  CHECK(photo_import_dir(db, dir, &st, err, sizeof err) != KR_OK && strstr(err, "LM0041"));
  CHECK(rows(db) == base + 3);
  snprintf(path, sizeof path, "%s/LM0041.jpg", dir);
  remove(path);
  CHECK(photo_import_dir(db, dir, &st, err, sizeof err) == KR_OK && st.stored == 1 && rows(db) == base + 4); /* LM0040 */
  /* no such folder */
  CHECK(photo_import_dir(db, "/no/such/folder", &st, err, sizeof err) == KR_IO);
  /* append-only */
  CHECK(sqlite3_exec(db->h, "DELETE FROM member_photo", NULL, NULL, NULL) != SQLITE_OK);
  CHECK(sqlite3_exec(db->h, "UPDATE member_photo SET jpeg = x'00'", NULL, NULL, NULL) != SQLITE_OK);
  CHECK(rows(db) == base + 4);
  free(a);
  free(b);
  free(p);
  db_close(db);
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {
    {"scaling", scaling},
    {"refusals", refusals},
    {"import_folder", import_folder},
  };
  return test_main(argc, argv, aCase, (int)(sizeof aCase / sizeof aCase[0]));
}
