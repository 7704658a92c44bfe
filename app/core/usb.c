/* usb: see usb.h. */
#include "usb.h"
#include "util.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* mountinfo escapes space, tab, newline and backslash as \040 etc. */
static void unescape(char *z) {
  char *o = z;
  for (char *p = z; *p;) {
    if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
      *o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
      p += 4;
    } else *o++ = *p++;
  }
  *o = 0;
}

static int under(const char *zPath, const char *zRoots) {
  const char *r = zRoots;
  while (r && *r) {
    const char *colon = strchr(r, ':');
    size_t n = colon ? (size_t)(colon - r) : strlen(r);
    while (n > 1 && r[n - 1] == '/') n--;
    if (n && !strncmp(zPath, r, n) && zPath[n] == '/' && zPath[n + 1]) return 1;
    r = colon ? colon + 1 : NULL;
  }
  return 0;
}

void usb_parse(const char *zMountinfo, const char *zRoots, UsbSticks *p) {
  memset(p, 0, sizeof *p);
  const char *line = zMountinfo;
  while (line && *line) {
    const char *eol = strchr(line, '\n');
    size_t n = eol ? (size_t)(eol - line) : strlen(line);
    char buf[2048];
    if (n < sizeof buf) {
      memcpy(buf, line, n);
      buf[n] = 0;
      /* id parent major:minor root mountpoint ... */
      char *save = NULL, *f[5] = {0};
      f[0] = strtok_r(buf, " ", &save);
      for (int i = 1; i < 5 && f[i - 1]; i++) f[i] = strtok_r(NULL, " ", &save);
      if (f[4]) {
        unescape(f[4]);
        if (under(f[4], zRoots) && p->n < USB_MAX_STICKS) {
          int dup = 0;
          for (int i = 0; i < p->n; i++) dup |= !strcmp(p->a[i], f[4]);
          if (!dup) util_strlcpy(p->a[p->n++], f[4], USB_PATH_MAX);
        }
      }
    }
    line = eol ? eol + 1 : NULL;
  }
}

KrCode usb_scan(const char *zPath, const char *zRoots, UsbSticks *p) {
  char *z;
  size_t n;
  memset(p, 0, sizeof *p);
  if (util_read_file(zPath ? zPath : "/proc/self/mountinfo", &z, &n)) return KR_IO;
  usb_parse(z, zRoots, p);
  free(z);
  return KR_OK;
}

static void list(const char *zDir, UsbFiles *p) {
  DIR *d = opendir(zDir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && p->n < 32) {
    size_t l = strlen(e->d_name);
    if (l > 4 && (!strcmp(e->d_name + l - 4, ".ksp") || !strcmp(e->d_name + l - 4, ".ksa")))
      snprintf(p->aPath[p->n++], sizeof p->aPath[0], "%s/%s", zDir, e->d_name);
  }
  closedir(d);
}

static int by_name(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

void usb_township_files(const char *zDir, UsbFiles *p) {
  memset(p, 0, sizeof *p);
  char sub[USB_PATH_MAX + 16];
  list(zDir, p);
  snprintf(sub, sizeof sub, "%s/KIOSK", zDir);
  list(sub, p);
  /* packages in version order (their names carry it), acknowledgements after */
  qsort(p->aPath, (size_t)p->n, sizeof p->aPath[0], by_name);
}
