/* kiosk.conf's [activity] and [privacy] sections, and the comma lists the
 * activity editor reads its places and themes from: a table of lists and
 * the items they give, then files good and bad. */
#include "check.h"
#include "config.h"
#include <stdio.h>
#include <string.h>

static void list_items(void) {
  static const struct { const char *list; int i; int ok; const char *want; } aCase[] = {
    {"党员活动室,村委会议室,村党群服务中心", 0, 1, "党员活动室"},
    {"党员活动室,村委会议室,村党群服务中心", 2, 1, "村党群服务中心"},
    {"党员活动室,村委会议室,村党群服务中心", 3, 0, ""},
    {"  党员活动室 ,\t村委会议室\t", 1, 1, "村委会议室"},   /* trimmed */
    {",, 党员活动室,,, ,村委会议室,", 1, 1, "村委会议室"},   /* empty items skipped */
    {"", 0, 0, ""},
    {" , , ", 0, 0, ""},
    {"-rf,--help", 0, 1, "-rf"},                            /* data, never options */
    {"a", -1, 0, ""},
  };
  for (size_t k = 0; k < sizeof aCase / sizeof aCase[0]; k++) {
    char out[64] = "junk";
    int ok = config_list_item(aCase[k].list, aCase[k].i, out, sizeof out);
    if (ok != aCase[k].ok || strcmp(out, aCase[k].want)) {
      fprintf(stderr, "case %zu: got %d \"%s\"\n", k, ok, out);
      gFailures++;
    }
  }
  char tiny[5]; /* cut to the buffer, never past it, never inside a character */
  CHECK(config_list_item("党员活动室", 0, tiny, sizeof tiny) == 1 && !strcmp(tiny, "党"));
  char two[7];
  CHECK(config_list_item("党员活动室", 0, two, sizeof two) == 1 && !strcmp(two, "党员"));
  CHECK(config_list_item(NULL, 0, tiny, sizeof tiny) == 0 && !tiny[0]);
}

/* Writes z to gDir/kiosk.conf and loads it; returns config_load's result. */
static int load(const char *z, Config *c, char *zErr, int nErr) {
  char path[600];
  test_path("kiosk.conf", path, sizeof path);
  FILE *f = fopen(path, "w");
  if (!f) return -2;
  fputs(z, f);
  fclose(f);
  config_defaults(c);
  return config_load(c, path, 0, zErr, nErr);
}

static void sections(void) {
  Config c;
  char err[256];
  config_defaults(&c);
  CHECK(c.recordCheck == 1 && c.places[0]); /* privacy on, and places to pick, by default */
  REQUIRE(load("[activity]\nplaces = 党员活动室, 村委会议室\nthemes = 党风廉政教育\ntheme_12 = 年终总结\n"
               "theme_1 = 新春走访\n[privacy]\nrecord_check = off\n", &c, err, sizeof err) == 0);
  CHECK(!strcmp(c.places, "党员活动室, 村委会议室") && !strcmp(c.themes, "党风廉政教育"));
  CHECK(!strcmp(c.monthThemes[11], "年终总结") && !strcmp(c.monthThemes[0], "新春走访") && !c.monthThemes[5][0]);
  CHECK(c.recordCheck == 0);
  static const char *const azBad[] = {"[activity]\ntheme_13 = x\n", "[activity]\ntheme_0 = x\n",
                                      "[activity]\ntheme_x = x\n", "[privacy]\nrecord_check = maybe\n",
                                      "[privacy]\nshow_everything = true\n"};
  for (size_t k = 0; k < sizeof azBad / sizeof azBad[0]; k++) {
    err[0] = 0;
    CHECK(load(azBad[k], &c, err, sizeof err) == KR_BAD_INPUT && strstr(err, "line 2"));
  }
}

int main(int argc, char **argv) {
  static const TestCase aCase[] = {{"list_items", list_items}, {"sections", sections}};
  return test_main(argc, argv, aCase, sizeof aCase / sizeof aCase[0]);
}
