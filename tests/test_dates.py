"""The Arabic temporal resolver: one row per expression form (ANNOTATION.md, "Dates")."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.loaders.dates import find_dates, publication_date, resolve
from chrono.loaders.dates.finder import PUNCTUATION
from chrono.loaders.dates.grammar import lexicon
from chrono.loaders.numbers import number_value

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
MON = date(2021, 7, 26)  # a Monday
TUE = date(2024, 1, 9)  # a Tuesday

# phrase, reference, earliest, latest, precision
ROWS = [
    # absolute, numeric
    ("26/07/2021", None, "2021-07-26", "2021-07-26", "day"),
    ("9-01-2024", None, "2024-01-09", "2024-01-09", "day"),
    ("2021-07-26", None, "2021-07-26", "2021-07-26", "day"),
    ("٢٦/٠٧/٢٠٢١", None, "2021-07-26", "2021-07-26", "day"),
    ("14-09-1432 هـ", None, "2011-08-14", "2011-08-14", "day"),
    # day + month name + year, every series
    ("9 كانون الثاني 2024", None, "2024-01-09", "2024-01-09", "day"),
    ("26 تموز 2021", None, "2021-07-26", "2021-07-26", "day"),
    ("3 يوليه 2020", None, "2020-07-03", "2020-07-03", "day"),
    ("15 إبريل 2019", None, "2019-04-15", "2019-04-15", "day"),
    ("12 جويلية 2022", None, "2022-07-12", "2022-07-12", "day"),
    ("5 أوت 2021", None, "2021-08-05", "2021-08-05", "day"),
    ("1 فيفري 2020", None, "2020-02-01", "2020-02-01", "day"),
    ("في 29 يوليو 1938", None, "1938-07-29", "1938-07-29", "day"),
    ("الثالث عشر من تموز 2021", None, "2021-07-13", "2021-07-13", "day"),
    # two ordinal days joined by و after بين are a range, not their sum
    ("بين الثالث والخامس من تموز 2021", None, "2021-07-03", "2021-07-05", "range"),
    ("بين الحادي عشر والثالث عشر من الشهر الجاري", MON, "2021-07-11", "2021-07-13", "range"),
    ("السادس والعشرين من تموز 2021", None, "2021-07-26", "2021-07-26", "day"),
    ("15 رمضان 1442 هـ", None, "2021-04-27", "2021-04-27", "day"),
    # month + year, doubled names, year alone
    ("مايو ايار عام 2020", None, "2020-05-01", "2020-05-31", "month"),
    ("آب/أغسطس 2020", None, "2020-08-01", "2020-08-31", "month"),
    ("رمضان 2019", None, "2019-05-06", "2019-06-03", "month"),
    ("عام 2014", None, "2014-01-01", "2014-12-31", "year"),
    ("في 2014", None, "2014-01-01", "2014-12-31", "year"),
    # yearless: the latest one on or before R
    ("1 مارس", MON, "2021-03-01", "2021-03-01", "day"),
    # a month name with a modifier: the next one after R, or the last one before it
    ("منتصف أبريل المقبل", MON, "2022-04-11", "2022-04-20", "range"),
    ("أواخر ديسمبر الماضي", MON, "2020-12-21", "2020-12-31", "range"),
    ("في 9 ديسمبر المقبل", MON, "2021-12-09", "2021-12-09", "day"),
    ("30 تموز الجاري", MON, "2021-07-30", "2021-07-30", "day"),
    ("في 30 يوليو المقبل", MON, "2021-07-30", "2021-07-30", "day"),  # the coming one: this year
    ("في 20 يوليو الماضي", MON, "2021-07-20", "2021-07-20", "day"),
    ("1 ديسمبر", MON, "2020-12-01", "2020-12-01", "day"),
    ("شهر رمضان", MON, "2021-04-13", "2021-05-12", "month"),
    # holidays
    ("عيد الفطر 2021", None, "2021-05-13", "2021-05-13", "day"),
    ("عيد الأضحى", MON, "2021-07-20", "2021-07-20", "day"),
    ("عيد الفصح 2013", None, "2013-03-31", "2013-03-31", "day"),
    # the night from one day into the next: both days; two days that do not follow each
    # other are no such night
    ("ليل الأحد الاثنين", MON, "2021-07-25", "2021-07-26", "range"),
    ("ليلة الخميس على الجمعة", MON, "2021-07-22", "2021-07-23", "range"),
    ("ليل الأحد", MON, "2021-07-25", "2021-07-25", "day"),
    # days relative to R, with and without a weekday
    ("اليوم", MON, "2021-07-26", "2021-07-26", "day"),
    ("اليوم الاثنين", MON, "2021-07-26", "2021-07-26", "day"),
    ("امس الأحد", MON, "2021-07-25", "2021-07-25", "day"),
    ("أول أمس", MON, "2021-07-24", "2021-07-24", "day"),
    ("أمس الأول", MON, "2021-07-24", "2021-07-24", "day"),  # Gulf and Levantine order
    ("مساء أمس الأول", MON, "2021-07-24", "2021-07-24", "day"),
    # a relative day before "إلى" (folded "الي", as "الذي"/"التي" are not) is still a day
    ("وصل الوزير أمس إلى بغداد", MON, "2021-07-25", "2021-07-25", "day"),
    ("يتوجه مساء اليوم إلى أربيل", MON, "2021-07-26", "2021-07-26", "day"),
    ("من أمس إلى اليوم", MON, "2021-07-25", "2021-07-26", "range"),
    ("غدا", MON, "2021-07-27", "2021-07-27", "day"),
    ("بعد غد", MON, "2021-07-28", "2021-07-28", "day"),
    ("الجمعة الماضية", MON, "2021-07-23", "2021-07-23", "day"),
    ("الاثنين المقبل", MON, "2021-08-02", "2021-08-02", "day"),
    ("الاثنين", MON, "2021-07-26", "2021-07-26", "day"),
    ("الخميس", MON, "2021-07-22", "2021-07-22", "day"),
    ("بعد ظهر الأربعاء", MON, "2021-07-21", "2021-07-21", "day"),
    ("مساء اليوم", MON, "2021-07-26", "2021-07-26", "day"),
    ("الليلة الماضية", MON, "2021-07-25", "2021-07-25", "day"),
    ("أحد الأسبوع الماضي", MON, "2021-07-25", "2021-07-25", "day"),
    # spans relative to R
    ("الأسبوع الماضي", MON, "2021-07-19", "2021-07-25", "week"),
    ("هذا الأسبوع", MON, "2021-07-26", "2021-08-01", "week"),
    ("الشهر الماضي", MON, "2021-06-01", "2021-06-30", "month"),
    ("العام الماضي", MON, "2020-01-01", "2020-12-31", "year"),
    ("منذ أسبوع", MON, "2021-07-19", "2021-07-19", "day"),
    ("منذ ثلاثة أيام", MON, "2021-07-23", "2021-07-23", "day"),
    ("منذ 21 يوما", MON, "2021-07-05", "2021-07-05", "day"),
    ("قبل شهرين", MON, "2021-05-01", "2021-05-31", "month"),
    ("قبل نحو 10 سنوات", MON, "2010-01-01", "2012-12-31", "range"),
    ("خلال الأشهر الماضية", MON, "2021-04-01", "2021-07-26", "range"),
    ("الأسبوعين الماضيين", MON, "2021-07-12", "2021-07-25", "range"),
    ("الأسابيع الثلاثة القادمة", MON, "2021-08-02", "2021-08-22", "range"),
    ("خلال أسبوعين", MON, "2021-07-26", "2021-08-08", "range"),
    ("منذ أيام", MON, "2021-07-20", "2021-07-24", "range"),
    # parts of a period
    ("منتصف الشهر الماضي", MON, "2021-06-11", "2021-06-20", "range"),
    ("أواخر الشهر الماضي", MON, "2021-06-21", "2021-06-30", "range"),
    ("أوائل تموز", MON, "2021-07-01", "2021-07-10", "range"),
    ("مطلع العام الحالي", MON, "2021-01-01", "2021-04-30", "range"),
    ("في 18 من الشهر الماضي", MON, "2021-06-18", "2021-06-18", "day"),
    # ordinals of a month
    ("الثلاثاء الثالث من شهر أيلول 2014", None, "2014-09-16", "2014-09-16", "day"),
    ("اخر اثنين من الشهر القادم", MON, "2021-08-30", "2021-08-30", "day"),
    ("الاسبوع الاول من شهر عشرة 2014", None, "2014-10-06", "2014-10-12", "week"),
    # intervals
    ("بين 5 و7 تموز", MON, "2021-07-05", "2021-07-07", "range"),
    ("من 13 الى 15 تموز", MON, "2021-07-13", "2021-07-15", "range"),
    ("من 5 تموز إلى 7 آب 2021", None, "2021-07-05", "2021-08-07", "range"),
]


@pytest.mark.parametrize(("phrase", "reference", "earliest", "latest", "precision"), ROWS)
def test_resolves(phrase, reference, earliest, latest, precision):
    found = resolve(phrase, reference)
    assert found is not None
    assert (found.earliest.isoformat(), found.latest.isoformat(), found.precision) == (
        earliest, latest, precision)
    assert phrase[found.start:found.end] == found.text


@pytest.mark.parametrize(("phrase", "reference", "confidence"), [
    ("اليوم الاثنين", MON, 1.0),
    ("امس الخميس", MON, 0.5),  # R-1 is a Sunday
    ("الثلاثاء 9 كانون الثاني 2024", None, 1.0),
    ("الخميس 9 كانون الثاني 2024", None, 0.5),  # 9 January 2024 is a Tuesday
    ("مايو أيار 2020", None, 1.0),
    ("مايو حزيران 2020", None, 0.7),
])
def test_named_weekday_or_month_must_agree(phrase, reference, confidence):
    assert resolve(phrase, reference).confidence == confidence


@pytest.mark.parametrize(("phrase", "direction"), [
    ("غدا", "future"), ("الاثنين المقبل", "future"), ("الأسبوع القادم", "future"),
    ("اليوم", "present"), ("هذا الأسبوع", "present"), ("امس", "past"),
    ("الأسبوع الماضي", "past"), ("26 تموز 2020", "past"),
])
def test_direction(phrase, direction):
    assert resolve(phrase, MON).direction == direction


@pytest.mark.parametrize("phrase", [
    "3084 مشاهدة", "2500 جندي", "90 دولة", "60 بالمائة", "أسفر عن 36 قتيلا و62 جريحا",
    "حب", "اياب", "ابحث", "الأمين العام", "القائد العام للقوات المسلحة",
    "مارس الضغط على الحكومة", "لا أحد يمتلك الأسلحة", "ونتطلع إلى اليوم الذي تنتهي فيه الحاجة", "في اليوم اللي سقط فيه النظام",
    "قبل ثلاثة أشهر من انتخابات نيابية مبكرة", "استمر أكثر من أسبوع", "الأحد عشر لاعبا",
    "", "   ", "abc",
])
def test_not_dates(phrase):
    assert find_dates(phrase, MON) == []


@pytest.mark.parametrize("phrase", ["امس", "الأسبوع الماضي", "الجمعة الماضية", "منذ أسبوع"])
def test_relative_without_reference_stays_unresolved(phrase):
    found = resolve(phrase, None)
    assert (found.earliest, found.latest, found.precision, found.relative) == (
        None, None, "unknown", True)


def test_absolute_without_reference_resolves():
    found = resolve("9 كانون الثاني 2024", None)
    assert (found.earliest, found.relative) == (TUE, False)


def test_finds_every_expression_in_order_with_offsets():
    sentence = "وَصَلَ الوفد أَمْسِ الخَمِيسِ، وسيغادر غداً، بعد زيارة بدأت في 18 من الشهر الماضي."
    found = find_dates(sentence, MON)
    assert [(e.text, e.earliest.isoformat()) for e in found] == [
        ("أَمْسِ الخَمِيسِ", "2021-07-25"), ("غداً", "2021-07-27"),
        ("في 18 من الشهر الماضي", "2021-06-18")]
    assert all(sentence[e.start:e.end] == e.text for e in found)


@pytest.mark.parametrize(("phrase", "earliest"), [
    ("فجر 17 تشرين الأول 2016", "2016-10-17"),
    ("مساء 5 آب 2020", "2020-08-05"),
    ("صباح الخميس 3 مارس 2016", "2016-03-03"),
    ("فجر يوم 17 تشرين الأول 2016", "2016-10-17"),
])
def test_a_part_of_the_day_belongs_to_a_dated_day(phrase, earliest):
    # "فجر" read apart from its date would be the verb "blew up" to the extractor
    found = resolve(phrase, None)
    assert (found.text, found.earliest.isoformat(), found.precision) == (phrase, earliest, "day")


def test_prefer_future_reads_forwards():
    assert resolve("الاثنين", TUE, prefer_future=True).earliest == date(2024, 1, 15)
    assert resolve("1 مارس", TUE, prefer_future=True).earliest == date(2024, 3, 1)
    assert resolve("الاثنين", TUE).earliest == date(2024, 1, 8)


def test_bare_duration_reads_as_ago_in_resolve_only():
    phrase = "1 عام, 1 شهر, 1 أسبوع, 1 يوم"
    assert find_dates(phrase, MON) == []
    found = resolve(phrase, date(2014, 9, 1))
    assert (found.earliest, found.confidence) == (date(2013, 7, 24), 0.6)


@pytest.mark.parametrize(("furniture", "body", "hint", "expected"), [
    (["PM:12:36:26/07/2021", "3084 مشاهدة"], "", None, "2021-07-26"),
    (["  • 9-01-2024, 17:11", "  • 135 مشاهدة"], "", None, "2024-01-09"),
    ([], "وقال التحالف في بيان، (26 تموز 2021)، إن", None, "2021-07-26"),
    ([], "استقبل الرئيس، اليوم الثلاثاء (9 كانون الثاني 2024)، السفيرة", None, "2024-01-09"),
    ([], "وصف البيت الأبيض، أمس الخميس (20 آب 2020)، العلاقات", None, "2020-08-21"),
    ([], "", "2021-07-26T12:36:00+03:00", "2021-07-26"),
    ([], "", "Mon, 26 Jul 2021 12:36:00 GMT", "2021-07-26"),
    (["آخر تحديث"], "وقال امس الخميس إن العلاقات قوية في عام 2014", None, None),
])
def test_publication_date(furniture, body, hint, expected):
    found = publication_date(furniture, body, hint)
    assert (found.earliest.isoformat() if found else None) == expected


@pytest.mark.parametrize(("seed", "expected"), [
    ("000_", None), ("002_", "2021-07-26"), ("003_", None), ("004_", "2024-01-09"),
])
def test_publication_date_of_seed_articles(seed, expected):
    path = next(SEEDS.glob(seed + "*.txt"))
    text = path.read_text(encoding="utf-8")
    found = publication_date([], text)
    assert (found.earliest.isoformat() if found else None) == expected


def test_seed_article_resolves_against_its_own_date():
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    reference = publication_date([], text).earliest
    found = {e.text: (e.earliest, e.latest) for e in find_dates(text, reference)}
    assert found["الجمعة الماضية"] == (date(2024, 1, 5), date(2024, 1, 5))
    assert found["أمس الاثنين"] == (date(2024, 1, 8), date(2024, 1, 8))
    assert found["قبل نحو 10 سنوات"] == (date(2013, 1, 1), date(2015, 12, 31))
    assert not any("2500" in t or "135" in t for t in found)


@pytest.mark.parametrize(("words", "value"), [
    ("الثالث عشر", 13), ("الثالث والعشرين", 23), ("السادس والعشرين", 26), ("ثلاثة", 3),
    ("عشرة", 10), ("الحادي عشر", 11), ("اثنا عشر", 12), ("الأول", 1), ("اخر", -1),
    ("ثلاثمائة وخمسين", 350), ("الفين", 2000), ("بغداد", None),
])
def test_number_words(words, value):
    from chrono.loaders.arabic import fold
    assert number_value(fold(words)) == value


def test_tables_cover_every_month_and_weekday():
    lx = lexicon()
    assert set(lx.months.values()) == set(range(1, 13))
    assert set(lx.hijri_months.values()) == set(range(1, 13))
    assert set(lx.weekdays.values()) == set(range(7))
    assert not set(lx.months) & set(lx.hijri_months)
    assert lx.ambiguous_months <= set(lx.months) | set(lx.hijri_months)
    assert set(lx.modifiers.values()) == {"past", "future", "present"}


PIECES = list("امسالخميسيومكانونتموز٠١٢٣٤٥٦٧٨٩0123456789/-:() ،,.\u064e\u0651\u0640هـذقبين") + [
    "الأسبوع الماضي", " 2021", "كانون الثاني", "الاثنين", "منذ ", "عام ", " إلى ", "من ", " و"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.sampled_from([None, MON]))
def test_never_raises_and_offsets_point_at_the_words(text, reference):
    for found in find_dates(text, reference):
        assert text[found.start:found.end] == found.text
        assert found.precision in ("day", "week", "month", "year", "range", "unknown")
        assert (found.earliest is None) == (found.latest is None)
        if found.earliest:
            assert found.earliest <= found.latest
    resolve(text, reference)
    publication_date([text], text, text)


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_any_string(text):
    for found in find_dates(text, MON):
        assert text[found.start:found.end] == found.text




def test_words_of_letters_or_digits_are_the_back_words_runs():
    """The scanner places the words before an anchor with str.rfind when they are letters
    or decimal digits only, instead of WORDS_BACK's \\w+ runs: the same words only while
    every such character is a regex \\w and every space and PUNCTUATION mark is not."""
    chars = [chr(i) for i in range(sys.maxunicode + 1)]
    plain = "".join(c for c in chars if c.isalpha() or c.isdecimal())
    apart = "".join(c for c in chars if c.isspace()) + PUNCTUATION
    assert regex.fullmatch(r"\w*", plain) and regex.fullmatch(r"\W*", apart)
