/* strings: see strings.h. Format strings take printf arguments. */
#include "strings.h"

static const char *const azStr[S_COUNT] = {
  [S_CENTRE_SUFFIX] = "党群服务中心",
  [S_BACK] = "返回",
  [S_HOME] = "首页",
  [S_CHECKIN] = "签到",
  [S_CHECKIN_HINT] = "点这里，找到自己的名字",
  [S_TODAY_ACTIVITY] = "今日活动",
  [S_NO_ACTIVITY_TODAY] = "今天没有安排活动",
  [S_NO_ACTIVITY_HINT] = "有活动的日子，这里可以签到",
  [S_FIND_YOURSELF] = "请点您的名字",
  [S_ALL_GROUPS] = "全部",
  [S_PREV_PAGE] = "上一页",
  [S_NEXT_PAGE] = "下一页",
  [S_PAGE_FMT] = "第 %d / %d 页",
  [S_CHECKIN_OK] = "签到成功",
  [S_CHECKIN_LATE_NOTE] = "已记为迟到",
  [S_ALREADY_FMT] = "您已签到 %s",
  [S_ALREADY_NOTE] = "不用再签，谢谢您",
  [S_SAVE_FAILED] = "没有签上",
  [S_SAVE_FAILED_HINT] = "机器出了点问题，请找村里管理员",
  [S_BORN_FMT] = "%d年生",
  [S_PHONE_FMT] = "尾号%s",
  [S_RETURN_HOME_FMT] = "%d 秒后回到首页",
  [S_IDLE_FMT] = "%d 秒后回到首页",
  [S_IDLE_TOUCH] = "还要用，请点屏幕",
  [S_TIME_FMT] = "%s",
  [S_WEEKDAY_0] = "星期日", [S_WEEKDAY_1] = "星期一", [S_WEEKDAY_2] = "星期二", [S_WEEKDAY_3] = "星期三",
  [S_WEEKDAY_4] = "星期四", [S_WEEKDAY_5] = "星期五", [S_WEEKDAY_6] = "星期六",
  [S_DATE_FMT] = "%d年%d月%d日",
  [S_NO_MEMBERS] = "名单是空的，请找管理员导入",
  [S_BY_NUMBER] = "按号码找",
  [S_KEYPAD_TITLE] = "手机后四位或党员编号",
  [S_KEYPAD_HINT] = "请按手机后四位或党员编号，\n您的名字会出现在这里",
  [S_KEYPAD_CLEAR] = "清空",
  [S_KEYPAD_DELETE] = "删除",
  [S_KEYPAD_NONE] = "没有找到，请检查号码",
  [S_KEYPAD_MORE_FMT] = "还有 %d 位，请再按几个数字",
  [S_LETTER_TITLE_FMT] = "请点您的名字 · %c",
  [S_SAY_OK_FMT] = "%s，签到成功",
  [S_SAY_ALREADY_FMT] = "%s，您已经签过到了",
  [S_SAY_FAILED] = "没有签上，请找管理员",
};

const char *str(StringId id) {
  const char *z = (id >= 0 && id < S_COUNT) ? azStr[id] : 0;
  return z ? z : "?";
}
