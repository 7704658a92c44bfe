/* strings: every word the kiosk shows, in one table (Simplified Chinese).
 * Code refers to strings by id; nothing user-visible is written inline. */
#ifndef KIOSK_STRINGS_H
#define KIOSK_STRINGS_H

typedef enum {
  S_CENTRE_SUFFIX,      /* "党群服务中心" */
  S_BACK, S_HOME,
  S_CHECKIN, S_CHECKIN_HINT,
  S_TODAY_ACTIVITY, S_NO_ACTIVITY_TODAY, S_NO_ACTIVITY_HINT,
  S_FIND_YOURSELF, S_ALL_GROUPS,
  S_PREV_PAGE, S_NEXT_PAGE, S_PAGE_FMT,
  S_CHECKIN_OK, S_CHECKIN_LATE_NOTE, S_ALREADY_FMT, S_ALREADY_NOTE,
  S_SAVE_FAILED, S_SAVE_FAILED_HINT,
  S_BORN_FMT, S_PHONE_FMT,
  S_RETURN_HOME_FMT, S_IDLE_FMT, S_IDLE_TOUCH,
  S_TIME_FMT,
  S_WEEKDAY_0, S_WEEKDAY_1, S_WEEKDAY_2, S_WEEKDAY_3, S_WEEKDAY_4, S_WEEKDAY_5, S_WEEKDAY_6,
  S_DATE_FMT,
  S_NO_MEMBERS,
  S_BY_NUMBER, S_KEYPAD_TITLE, S_KEYPAD_HINT, S_KEYPAD_CLEAR, S_KEYPAD_DELETE,
  S_KEYPAD_NONE, S_KEYPAD_MORE_FMT, S_LETTER_TITLE_FMT,
  S_COUNT
} StringId;

/* The string for id; static storage. */
const char *str(StringId id);
#endif
