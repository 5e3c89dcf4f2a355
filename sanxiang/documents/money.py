"""Amounts in words as printed on decisions (人民币大写, e.g. 伍仟元整)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿", "万亿")


def _integer_words(n: int) -> str:
    text = str(n)
    out: list[str] = []
    zero = False
    for i, ch in enumerate(text):
        pos = len(text) - i - 1
        digit = int(ch)
        if digit == 0:
            zero = True
        else:
            if zero and out:
                out.append("零")
            zero = False
            out.append(DIGITS[digit] + SMALL_UNITS[pos % 4])
        if pos % 4 == 0 and pos > 0 and int(text[max(0, i - 3) : i + 1]):
            out.append(BIG_UNITS[pos // 4])
            zero = False
    return "".join(out)


def rmb_upper(amount: Decimal) -> str:
    """伍仟元整, 壹佰元零伍分, 壹拾万零伍佰元伍角整 (amounts below 10^16 yuan)."""
    fen = int(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    if fen < 0:
        raise ValueError("amount must not be negative")
    if fen == 0:
        return "零元整"
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    words = f"{_integer_words(yuan)}元" if yuan else ""
    if jiao:
        words += f"{DIGITS[jiao]}角"
    elif cents and yuan:
        words += "零"
    return words + (f"{DIGITS[cents]}分" if cents else "整")
