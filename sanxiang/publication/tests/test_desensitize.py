"""The desensitization engine, rule by rule, with positive and negative examples (DISC-10, PUB-01/02)."""

import string

from hypothesis import given
from hypothesis import strategies as st

from sanxiang.publication import desensitize as e
from sanxiang.testing.factories import credit_code


def kinds(text, **people):
    return [(r.kind, text[r.start : r.end]) for r in e.find(text, e.People(**people))]


def out(text, **people):
    return e.desensitize(text, e.People(**people)).text


def valid_id(first17: str) -> str:
    return first17 + e.id_check_char(first17)


# --- resident ID numbers --------------------------------------------------------------------


def test_a_valid_18_digit_id_number_is_replaced_by_a_fixed_placeholder():
    number = valid_id("14088219850312001")
    text = f"公民身份号码：{number}，"
    assert out(text) == "公民身份号码：［身份证号码已隐去］，"
    assert kinds(text) == [("id_number", number)]


def test_an_id_number_with_a_wrong_check_digit_is_still_hidden_as_unverified():
    good = valid_id("14088219850312001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert kinds(f"号码{bad}。") == [("id_number_unverified", bad)]


def test_an_id_number_ending_in_x_is_recognised_in_either_case():
    for i in range(1000):
        first17 = f"11010519491231{i:03d}"
        if e.id_check_char(first17) == "X":
            break
    assert kinds(f"号{first17}x，") == [("id_number", first17 + "x")]


def test_an_18_digit_number_without_a_region_or_birth_date_is_not_an_id_number():
    assert kinds("案卷号 991234567890123456 号") == []  # region 99 does not exist, not Luhn-valid
    assert kinds("编号140882209913990011") == []  # 2099-13-99 is no birth date


def test_a_15_digit_old_id_number_is_hidden_when_region_and_birth_date_are_plausible():
    assert kinds("旧证号140882850312001。") == [("id_number_15", "140882850312001")]
    assert kinds("流水号990000000000000。") == []


def test_a_unified_social_credit_code_is_kept():
    code = credit_code()
    assert out(f"统一社会信用代码：{code}") == f"统一社会信用代码：{code}"


@given(
    region=st.sampled_from(sorted(e.PROVINCES)),
    rest=st.text(string.digits, min_size=4, max_size=4),
    birth=st.dates(
        min_value=__import__("datetime").date(1930, 1, 1), max_value=__import__("datetime").date(2010, 12, 31)
    ),
    serial=st.text(string.digits, min_size=3, max_size=3),
)
def test_every_valid_id_number_is_hidden_wherever_it_stands(region, rest, birth, serial):
    number = valid_id(f"{region}{rest}{birth:%Y%m%d}{serial}")
    text = f"甲{number}乙"
    result = out(text, public=())
    assert number not in result and number[:-1] not in result


# --- phones, e-mail, cards -------------------------------------------------------------------


def test_mobile_numbers_are_hidden_with_or_without_separators_and_country_code():
    for phone in ("13812345678", "138-1234-5678", "+86 13812345678", "138 1234 5678"):
        assert out(f"电话{phone}。") == "电话［电话已隐去］。", phone


def test_landline_numbers_with_an_area_code_are_hidden():
    assert out("座机0359-5021234，") == "座机［电话已隐去］，"
    assert out("（0359）5021234").count("5021234") == 0


def test_a_bare_local_number_is_hidden_only_after_a_phone_label():
    assert "5021234" not in out("联系电话：5021234")
    assert out("罚款5021234元") == "罚款5021234元"


def test_amounts_dates_and_document_numbers_are_not_phone_numbers():
    text = "罚款人民币5,000.00元，2026年3月5日，河市监罚〔2026〕12号，货值13800元"
    assert out(text) == text


def test_a_bank_card_number_passing_luhn_is_hidden():
    assert kinds("卡6222021234567890128。") == [("bank_card", "6222021234567890128")]
    assert "1234" not in out("卡号 6222 0212 3456 7890 128")


def test_a_long_number_failing_luhn_is_kept_unless_labelled_as_an_account():
    assert kinds("编号6222021234567890129。") == []
    assert kinds("账号：6222021234567890129。") == [("bank_account", "6222021234567890129")]


def test_luhn_check_accepts_known_numbers():
    assert e.luhn_ok("4111111111111111")
    assert not e.luhn_ok("4111111111111112")


def test_email_addresses_are_hidden():
    assert out("邮箱wang.xm@example.com。") == "邮箱［邮箱已隐去］。"
    assert out("网址 www.samr.gov.cn") == "网址 www.samr.gov.cn"


# --- addresses -------------------------------------------------------------------------------


def test_a_labelled_home_address_keeps_province_city_and_county_only():
    assert out("住址：山西省运城市河津市樊村镇北方平村3组，") == "住址：山西省运城市河津市××，"


def test_a_street_named_like_a_district_is_not_taken_for_the_county():
    assert out("住址：河津市城区街道龙门大道1号") == "住址：河津市××"


def test_a_free_text_home_address_with_a_house_number_is_hidden_below_county():
    assert out("其家住在河津市清涧街道新耿大街8号院3单元。").count("新耿大街") == 0


def test_a_known_address_of_the_case_is_hidden_wherever_it_appears():
    text = "现场位于河津市龙门新村。"
    assert "龙门新村" not in out(text, addresses=("河津市龙门新村",))


def test_an_address_without_detail_below_county_is_kept():
    assert out("违法地点：河津市") == "违法地点：河津市"


def test_the_bodys_own_public_address_and_phone_are_kept():
    text = "地址：河津市龙门大道100号，电话：0359-5020000"
    assert out(text, public=("河津市龙门大道100号", "0359-5020000")) == text


# --- plates ----------------------------------------------------------------------------------


def test_licence_plates_are_hidden_including_new_energy_plates():
    assert out("车辆晋M12345停放") == "车辆［车牌号已隐去］停放"
    assert out("晋M·D12345") == "［车牌号已隐去］"
    assert out("车辆京AD12345") == "车辆［车牌号已隐去］"


def test_text_that_only_resembles_a_plate_is_kept():
    assert out("晋A区域") == "晋A区域"
    assert out("苏E区的项目第2期") == "苏E区的项目第2期"


# --- names -----------------------------------------------------------------------------------


def test_a_natural_person_party_is_published_as_surname_and_mou():
    assert out("当事人王小明销售", parties=("王小明",)) == "当事人王某销售"


def test_compound_surnames_stay_whole():
    assert e.party_alias("欧阳娜娜") == "欧阳某"
    assert e.party_alias("司马相如") == "司马某"


def test_minority_and_foreign_names_keep_their_first_character():
    assert e.party_alias("阿不都·热合曼") == "阿某"
    assert e.party_alias("约翰·史密斯") == "约某"


def test_two_parties_with_one_surname_become_mou_jia_and_mou_yi():
    aliases = e.party_aliases(["王小明", "王大力"])
    assert aliases == {"王小明": "王某甲", "王大力": "王某乙"}


def test_the_full_mask_policy_hides_the_surname_too():
    result = e.desensitize("当事人王小明", e.People(parties=("王小明",)), e.Policy(party_style="mask"))
    assert result.text == "当事人某某"


def test_known_other_persons_are_hidden_and_officers_are_kept():
    text = "证人赵铁柱在场，执法人员张明出示证件。"
    assert out(text, others=("赵铁柱",), officers=("张明",)) == "证人某某在场，执法人员张明出示证件。"


def test_jieba_name_guesses_hide_unknown_names():
    assert "李秀英" not in out("其邻居李秀英证实。")


def test_jieba_mis_tags_like_licence_and_law_titles_are_not_names():
    text = "未取得食品经营许可证，违反《中华人民共和国食品安全法》第三十五条。"
    assert out(text) == text


def test_a_name_inside_an_organisation_name_is_kept():
    text = "河津市张三丰餐饮有限公司销售过期食品"
    assert out(text, organisations=("河津市张三丰餐饮有限公司",)) == text


def test_organisation_names_are_kept():
    assert out("当事人河津市某某商贸有限公司") == "当事人河津市某某商贸有限公司"


# --- the log, apply, DISC-09 -----------------------------------------------------------------


def test_the_redaction_log_holds_kind_span_and_replacement_but_no_original_text():
    text = "电话13812345678"
    (r,) = e.find(text)
    assert set(r.as_dict()) == {"kind", "start", "end", "replacement", "origin"}
    assert "13812345678" not in str(r.as_dict())
    assert text[r.start : r.end] == "13812345678"


def test_staff_can_add_a_redaction_for_every_occurrence_of_a_phrase():
    text = "甲方龙门饭店与龙门饭店的老板"
    result = e.manual(text, "龙门饭店", [])
    assert e.apply(text, result) == "甲方［已隐去］与［已隐去］的老板"
    assert {r.origin for r in result} == {"manual"}


def test_the_diff_check_accepts_the_served_text_minus_logged_redactions():
    text = "当事人王小明，电话13812345678，证人李秀英。"
    result = e.desensitize(text, e.People(parties=("王小明",)))
    assert e.diff_problems(text, result.text, result.redactions) == []


def test_the_diff_check_finds_an_edit_that_no_redaction_explains():
    text = "当事人王小明，罚款5000元。"
    result = e.desensitize(text, e.People(parties=("王小明",)))
    edited = result.text.replace("5000", "500")
    assert e.diff_problems(text, edited, result.redactions)
    assert e.diff_problems(text, result.text + "补充", result.redactions)


def test_the_diff_check_refuses_an_unlogged_redaction():
    text = "当事人王小明，罚款5000元。"
    assert e.diff_problems(text, "当事人王某，罚款5000元。", [])


@given(st.text(alphabet="王小明罚款元，。0123456789甲乙", max_size=40))
def test_applying_the_engines_own_redactions_always_passes_the_diff_check(text):
    result = e.desensitize(text, e.People(parties=("王小明",)), e.Policy(use_jieba=False))
    assert e.diff_problems(text, result.text, result.redactions) == []
