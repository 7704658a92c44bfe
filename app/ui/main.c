/* kiosk: the touch UI. Options: --config FILE, --db FILE, --windowed,
 * --size WxH, --ui-dump FILE. */
#include "app.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  AppOptions o = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--version")) { printf("kiosk %s\n", KIOSK_VERSION); return 0; }
    else if (!strcmp(a, "--windowed")) o.windowed = 1;
    else if (!strcmp(a, "--config") && i + 1 < argc) o.zConfig = argv[++i];
    else if (!strcmp(a, "--db") && i + 1 < argc) o.zDb = argv[++i];
    else if (!strcmp(a, "--ui-dump") && i + 1 < argc) o.zDump = argv[++i];
    else if (!strcmp(a, "--size") && i + 1 < argc) {
      if (sscanf(argv[++i], "%dx%d", &o.width, &o.height) != 2) { fprintf(stderr, "error: --size WIDTHxHEIGHT\n"); return 2; }
    } else {
      fprintf(stderr, "usage: kiosk [--version] [--config kiosk.conf] [--db FILE] [--windowed] [--size WxH] [--ui-dump FILE]\n");
      return 2;
    }
  }
  App *app;
  char err[512];
  if (app_create(&app, &o, err, sizeof err)) {
    fprintf(stderr, "kiosk: %s\n", err);
    return 1;
  }
  app_run(app);
  app_destroy(app);
  SDL_Quit();
  return 0;
}
