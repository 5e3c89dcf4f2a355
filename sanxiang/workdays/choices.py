"""Stable ASCII codes with Chinese labels for the working-day calendar."""

from django.db import models


class CalendarSource(models.TextChoices):
    PACKAGE = "package", "chinesecalendar 包"
    IMPORT = "import", "文件导入"
    MANUAL = "manual", "手工录入"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休）"
    WORKDAY = "workday", "调休上班（班）"


# Spellings accepted in CSV files and on the command line, besides the codes themselves.
KIND_ALIASES = {
    "休": DayKind.HOLIDAY,
    "假": DayKind.HOLIDAY,
    "法定节假日": DayKind.HOLIDAY,
    "班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
}

# chinese_calendar.Holiday member name -> the name used in State Council notices.
HOLIDAY_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
    "anti_fascist_70th_day": "抗战胜利纪念日",
}

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
