/* usb: removable sticks as the kiosk sees them — file systems mounted
 * under the configured roots (kiosk.conf [usb] roots, e.g. /media and
 * /run/media, where the desktop's automounter puts them), read from
 * /proc/self/mountinfo. The UI waits for that file to change with poll()
 * (POLLPRI), so nothing is scanned in a loop. */
#ifndef KIOSK_USB_H
#define KIOSK_USB_H
#include "result.h"
#include <stddef.h>

#define USB_MAX_STICKS 4
#define USB_PATH_MAX 512

typedef struct {
  char a[USB_MAX_STICKS][USB_PATH_MAX];
  int n;
} UsbSticks;

/* The mount points in zMountinfo (a mountinfo file's text) strictly under
 * one of the colon-separated roots. */
void usb_parse(const char *zMountinfo, const char *zRoots, UsbSticks *p);
/* The same from /proc/self/mountinfo (or zPath). Returns KR_OK or KR_IO. */
KrCode usb_scan(const char *zPath, const char *zRoots, UsbSticks *p);

/* What the kiosk found on a stick: township files to apply, newest first
 * within each kind. Paths are full. */
typedef struct {
  char aPath[32][USB_PATH_MAX + 128];
  int n;
} UsbFiles;
/* Lists *.ksp and *.ksa in zDir and its KIOSK subdirectory. */
void usb_township_files(const char *zDir, UsbFiles *p);
#endif
