/* Sticks from mountinfo: only file systems strictly under the configured
 * roots, escaped names (a label with a space) read right, and the township
 * files found on a stick in order. */
#include "check.h"
#include "usb.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void parse(void) {
  const char *mi =
    "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
    "30 22 0:25 / /media rw - tmpfs tmpfs rw\n"
    "41 30 8:17 / /media/cun/KIOSK\\040STICK rw,nosuid - vfat /dev/sdb1 rw\n"
    "42 22 8:33 / /run/media/u/8GB rw - exfat /dev/sdc1 rw\n"
    "43 22 8:49 / /mnt/backup rw - ext4 /dev/sdd1 rw\n"
    "44 22 0:39 / /tmp/x rw - fuse.fusefat fusefat rw\n"
    "malformed line\n";
  UsbSticks s;
  usb_parse(mi, "/media:/run/media/", &s);
  CHECK(s.n == 2);
  CHECK(s.n == 2 && !strcmp(s.a[0], "/media/cun/KIOSK STICK") && !strcmp(s.a[1], "/run/media/u/8GB"));
  usb_parse(mi, "/mnt", &s);
  CHECK(s.n == 1 && !strcmp(s.a[0], "/mnt/backup"));
  usb_parse(mi, "", &s);
  CHECK(s.n == 0);
  usb_parse("", "/media", &s);
  CHECK(s.n == 0);
  /* /mediafoo is not under /media */
  usb_parse("50 22 8:1 / /mediafoo/x rw - vfat /dev/sdz rw\n", "/media", &s);
  CHECK(s.n == 0);
  UsbSticks real;
  CHECK(usb_scan(NULL, "/", &real) == 0); /* this process's own mountinfo reads */
}

static void files(void) {
  char dir[700], sub[760], p[800];
  test_path("stick", dir, sizeof dir);
  snprintf(sub, sizeof sub, "%s/KIOSK", dir);
  mkdir(dir, 0755);
  mkdir(sub, 0755);
  const char *names[] = {"KIOSK/p2.ksp", "p1.ksp", "KIOSK/ack-1.ksa", "readme.txt", "bundle.ksb"};
  for (int i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, names[i]);
    FILE *f = fopen(p, "w");
    if (f) fclose(f);
  }
  UsbFiles u;
  usb_township_files(dir, &u);
  CHECK(u.n == 3); /* packages and acknowledgements only */
  for (int i = 0; i < u.n; i++) CHECK(strstr(u.aPath[i], ".ks") && !strstr(u.aPath[i], ".ksb"));
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"parse", parse}, {"files", files}};
  return test_main(argc, argv, aCase, 2);
}
