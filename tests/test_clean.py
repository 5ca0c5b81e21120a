"""chrono.loaders.clean and chrono.loaders.outlets: the article inside a scraped page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.loaders.clean import (
    FURNITURE_FILE,
    Cleaned,
    article_id,
    clean,
    furniture,
    identity_text,
    line_key,
)
from chrono.loaders.outlets import OUTLETS_FILE, dateline_line, dateline_prefix, key, table
from chrono.loaders.read import Source, read

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def seed(prefix: str) -> Source:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    (source,) = read(str(path))
    return source


# prefix, paragraphs, first paragraph starts, last paragraph starts, title starts,
# outlet, dateline, lines that must be furniture
SEED_TABLE = [
    ("000", 10, "اعلن السفير الامريكي", "وبين تولر:", "السفير الامريكي: لا تزال",
     "Al Noor News", "بغداد",
     ["اخبار العراقاهم الاخبار", "النور نيوز/ بغداد", "اظهر المزيد", "مقالات ذات صلة",
      "اترك تعليقاً", "زر الذهاب إلى الأعلى"]),
    ("001", 14, "ايلاف من لندن: فيما", "واوضح أن عدد", "الكاظمي: العراق لم يعد",
     "Elaph", "لندن",
     [": آخر تحديث", "65", "84", "60", "مواضيع ذات صلة", "عدد التعليقات 0",
      "لم يتم العثور على نتائج", "في أخبار"]),
    ("002", 13, "اعلن التحالف الدولي", "تأتي زيارة الكاظمي", "بيان من التحالف الدولي",
     "NRT Arabic", None,
     ["عناوین:", "PM:12:36:26/07/2021", "3084 مشاهدة", "البوم الصور"]),
    ("003", 9, "وصف البيت الأبيض", "حيث جرى بحث", "البيت الابيض :العلاقات",
     "Watan Press", "واشنطن",
     ["Sliderالعرب والعالم", "واشنطن / متابعة وطن برس", "مقالات ذات صلة"]),
    ("004", 13, "شدد رئيس الجمهورية", "ويوجد في العراق", "مغايراً لتوجه الحكومة..",
     "Min Karbalaa Al-Khabar", "بغداد",
     ["×", "أخر الأخبار", "• 9-01-2024, 17:11", "• 135 مشاهدة", "من كربلاء الخبر - بغداد"]),
]


@pytest.mark.parametrize(
    ("prefix", "count", "first", "last", "title", "outlet", "dateline", "dropped"), SEED_TABLE
)
def test_seed_pages(prefix, count, first, last, title, outlet, dateline, dropped):
    source = seed(prefix)
    cleaned = clean(source)
    paragraphs = cleaned.text.split("\n\n")
    assert len(paragraphs) == count
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].startswith(last)
    assert cleaned.title.startswith(title)
    assert (cleaned.outlet, cleaned.dateline, cleaned.warnings) == (outlet, dateline, ())
    assert set(dropped) <= set(cleaned.furniture)
    # every printed line is kept as printed, or set aside, or is the title; never lost
    lines = [line.strip() for line in source.text.splitlines() if line.strip()]
    assert sorted([*paragraphs, *cleaned.furniture, cleaned.title]) == sorted(lines)
    assert cleaned.title in lines and cleaned.title not in cleaned.furniture
    assert not any(line_key(p) == line_key(cleaned.title) for p in paragraphs)


def test_a_site_name_above_the_article_does_not_hide_its_dateline():
    page = ("الصباح نيوز\nسياسة\nالغنوشي يعتصم أمام البرلمان واتحاد الشغل يدعو إلى ضمانات\n"
            "تونس - الصباح نيوز\nأعلن رئيس الجمهورية قيس سعيد مساء أمس تجميد كل اختصاصات مجلس "
            "نواب الشعب ورفع الحصانة عن كل أعضائه وإعفاء رئيس الحكومة من مهامه.\n")
    cleaned = clean(Source("p.txt", None, page, "0" * 64))
    assert (cleaned.outlet, cleaned.dateline) == ("Assabah News", "تونس")


def test_repeated_headline_inside_the_body_is_dropped():
    cleaned = clean(seed("001"))
    repeated = "انطلاق جولة الحوار الاستراتيجي العراقي الاميركي"
    assert cleaned.furniture.count(repeated) == 2
    assert repeated not in cleaned.text.split("\n\n")


def test_a_rescrape_with_other_counts_and_timestamps_has_the_same_id():
    source = seed("002")
    rescraped = Source(
        path="other.txt",
        line=None,
        text=source.text.replace("3084 مشاهدة", "3190 مشاهدة").replace(
            "PM:12:36:26/07/2021", "PM:01:05:27/07/2021"),
        source_sha256="0" * 64,
    )
    assert rescraped.text != source.text
    assert article_id(clean(rescraped).text) == article_id(clean(source).text)
    edited = Source("e.txt", None, source.text.replace("الاثنين", "الثلاثاء", 1), "0" * 64)
    assert article_id(clean(edited).text) != article_id(clean(source).text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("قال الوزير   اليوم إن الحوار مستمر.", "قال الوزير اليوم\nإن الحوار مستمر."),
        ("قال الوزير اليوم إن الحوار مستمر. 135 مشاهدة", "قال الوزير اليوم إن الحوار مستمر. 2,040 مشاهدة"),
        ("أعلن الرئيس الساعة 17:11 أن", "أعلن الرئيس الساعة 09:30 أن"),
        ("أعلنَ الرئيسُ أنّ الحوار مستمر", "اعلن الرئيس ان الحوار مستمر"),
        ("قال الوزير إن الحوار مستمر.\n\n• 135 مشاهدة", "قال الوزير إن الحوار مستمر."),
    ],
)
def test_identity_text_ignores_furniture_tokens(a, b):
    assert identity_text(a) == identity_text(b)
    assert article_id(a) == article_id(b)
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(a))


def test_identity_text_keeps_dates_and_words():
    assert article_id("هجوم في 26/07/2021 على القاعدة") != article_id(
        "هجوم في 27/07/2021 على القاعدة")
    assert article_id("هجوم على القاعدة") != article_id("هجوم على السفارة")


@pytest.mark.parametrize(
    "line",
    [
        "اترك تعليقاً", "اترك تعليقا", "زر الذهاب إلى الأعلى", "مقالات ذات صلة", "• 135 مشاهدة",
        "عدد التعليقات 0", "عدد المشاهدات: 1,204", "PM:12:36:26/07/2021", "9-01-2024, 17:11",
        "الثلاثاء 26 تموز 2021 - 10:15 ص", "آخر تحديث: 10 فبراير 2021 - 17:40 GMT",
        "منذ 3 ساعات", "3 دقائق للقراءة", "فيسبوك تويتر واتساب تلغرام", "Facebook | Twitter | Email",
        "الرئيسية > أخبار > العراق", "اخبار العراقاهم الاخبار", "Sliderالعرب والعالم",
        "اقرأ أيضاً: السوداني يستقبل وفدا", "شروط النشر: عدم الإساءة للكاتب", "×", "»", "65",
        "© 2024 جميع الحقوق محفوظة", "(أرشيفية)", "الصورة: رويترز", "البوم الصور",
        "المصدر: الجزيرة + وكالات", "بقلم: أحمد علي",
    ],
)
def test_furniture_lines(line):
    assert furniture().matches(line_key(line))


@pytest.mark.parametrize(
    "line",
    [
        "وأضاف الجنرال أن القوات الأمريكية موجودة في العراق بدعوة من الحكومة هناك.",
        "المصدر أكد أن الاجتماع عقد في بغداد.",
        "قتل 3 أشخاص في هجوم على سوق شعبي.",
        "السفير الامريكي: لا تزال هناك حاجة لقيام التحالف بمساعدة القوات العراقية",
        "وشارك في الاجتماع 40 مسؤولا.",
        "العراق والولايات المتحدة يبدآن جولة حوار جديدة",
        "بقلمه الرشيق كتب الوزير مقالا عن الحوار.",
    ],
)
def test_not_furniture(line):
    assert not furniture().matches(line_key(line))


@pytest.mark.parametrize(
    ("line", "place", "outlet"),
    [
        ("النور نيوز/ بغداد", "بغداد", "Al Noor News"),
        ("واشنطن / متابعة وطن برس", "واشنطن", "Watan Press"),
        ("من كربلاء الخبر - بغداد", "بغداد", "Min Karbalaa Al-Khabar"),
        ("السومرية نيوز/ بغداد", "بغداد", "Alsumaria"),
        ("بغداد اليوم - بغداد", "بغداد", "Baghdad Today"),
        ("بغداد/ الأناضول", "بغداد", "Anadolu Agency"),
        ("دبي - العربية.نت", "دبي", "Al Arabiya"),
        ("لندن: «الشرق الأوسط»", "لندن", "Asharq Al-Awsat"),
        ("أربيل - رووداو", "أربيل", "Rudaw"),
        ("رووداو ديجيتال", None, "Rudaw"),
        ("عنب بلدي – إدلب", "إدلب", "Enab Baladi"),
        ("بغداد / تميم الحسن", "بغداد", None),
        ("بغداد -", "بغداد", None),
        ("بغداد - ناس", "بغداد", "Nas News"),
        ("أبوظبي - البيان", "أبوظبي", "Al Bayan"),
        ("الكويت - جريدة الراي", "الكويت", "Al-Rai"),
    ],
)
def test_dateline_lines(line, place, outlet):
    found = dateline_line(line)
    assert (found.place, found.outlet) == (place, outlet)


@pytest.mark.parametrize(
    "line",
    [
        "السفير الامريكي: لا تزال هناك حاجة لقيام التحالف بمساعدة القوات العراقية",
        "واشنطن: لا انسحاب",
        "وقال المتحدث إن الحوار مستمر.",
        "العراق والولايات المتحدة يبدآن جولة حوار جديدة",
        "كتب- أحمد عمار:",  # a byline names a writer, not a place
        "كتبت - سارة محمود",
    ],
)
def test_not_datelines(line):
    assert dateline_line(line) is None


@pytest.mark.parametrize(
    ("paragraph", "place", "outlet"),
    [
        ("ايلاف من لندن: فيما انطلقت الجولة الثالثة من الحوار", "لندن", "Elaph"),
        ("بغداد (رويترز) - قال مسؤولون عراقيون إن", "بغداد", "Reuters"),
        ("بغداد 15 يناير 2024 (شينخوا) -- أعلن الجيش العراقي", "بغداد", "Xinhua"),
        ("شفق نيوز/ أعلن رئيس الوزراء - خلال مؤتمر صحفي - أن", None, "Shafaq News"),
        ("السومرية نيوز/ بغداد - أعلنت وزارة الداخلية", "بغداد", "Alsumaria"),
        ("بيروت - أ ف ب: قال مسؤول", "بيروت", "AFP"),
    ],
)
def test_dateline_opening_a_paragraph(paragraph, place, outlet):
    found = dateline_prefix(paragraph)
    assert (found.place, found.outlet) == (place, outlet)


@pytest.mark.parametrize(
    "paragraph",
    ["وقال الرئيس: إن الحوار مستمر", "قالت رويترز - نقلا عن مصادر - إن", "واشنطن: قال البيت الأبيض"],
)
def test_no_dateline_opening_a_paragraph(paragraph):
    assert dateline_prefix(paragraph) is None


BODY = (
    "قال رئيس الوزراء اليوم إن الحكومة ماضية في الحوار مع الولايات المتحدة.\n"
    "وأضاف في مؤتمر صحفي أن اللجان الفنية ستجتمع الأسبوع المقبل في بغداد."
)


@pytest.mark.parametrize(
    ("url", "title", "text", "outlet", "clean_title"),
    [
        ("https://www.shafaq.com/ar/سياسة/1", None, BODY, "Shafaq News", None),
        ("https://arabic.rt.com/middle_east/1", "عنوان", BODY, "RT Arabic", "عنوان"),
        (None, "الحوار مستمر | الجزيرة نت", BODY, "Al Jazeera", "الحوار مستمر"),
        (None, None, "بغداد/ المدى\n" + BODY, "Al Mada", None),
        (None, None, BODY.replace("صحفي", "صحفي تابعته «السومرية نيوز»"), "Alsumaria", None),
        ("https://example.org/x", None, BODY, None, None),
        (None, None, "قالت رويترز إن الحوار مستمر بين البلدين منذ أشهر عدة.", None, None),
    ],
)
def test_outlet_sources(url, title, text, outlet, clean_title):
    cleaned = clean(Source("x.jsonl", 1, text, "0" * 64, url=url, title=title))
    assert (cleaned.outlet, cleaned.title) == (outlet, clean_title)
    assert cleaned.text.endswith("في بغداد.") or cleaned.text.endswith("منذ أشهر عدة.")


def test_scraped_html_page_of_another_outlet():
    text = "\n".join([
        "الرئيسية > سياسة",
        "الحوار مستمر بين بغداد وواشنطن",
        "منذ 3 ساعات",
        "فيسبوك تويتر واتساب",
        "بغداد/ شفق نيوز",
        "قال رئيس الوزراء اليوم إن الحكومة ماضية في الحوار مع الولايات المتحدة.",
        "اقرأ أيضاً",
        "السوداني يستقبل وفدا أمريكيا",
        "وأضاف في مؤتمر صحفي أن اللجان الفنية ستجتمع الأسبوع المقبل في بغداد.",
        "الحوار مستمر بين بغداد وواشنطن",
        "وأكد أن العلاقات بين البلدين متينة",
        "وختم بالقول إن الحكومة ستعلن نتائج الحوار في حينه.",
        "الأكثر قراءة",
        "قال رئيس الوزراء في خبر آخر طويل جدا إن الحكومة ستفعل أشياء كثيرة لا علاقة لها بهذا المقال على الإطلاق.",
    ])
    cleaned = clean(Source("page.html", None, text, "0" * 64, title="الحوار مستمر بين بغداد وواشنطن"))
    assert cleaned.text.split("\n\n") == [
        "قال رئيس الوزراء اليوم إن الحكومة ماضية في الحوار مع الولايات المتحدة.",
        "وأضاف في مؤتمر صحفي أن اللجان الفنية ستجتمع الأسبوع المقبل في بغداد.",
        "وأكد أن العلاقات بين البلدين متينة",
        "وختم بالقول إن الحكومة ستعلن نتائج الحوار في حينه.",
    ]
    assert (cleaned.title, cleaned.outlet, cleaned.dateline) == (
        "الحوار مستمر بين بغداد وواشنطن", "Shafaq News", "بغداد")
    assert "منذ 3 ساعات" in cleaned.furniture


@pytest.mark.parametrize(
    ("text", "title", "paragraphs", "warnings"),
    [
        ("", None, [], ("no Arabic text", "no article text found")),
        ("The ambassador said talks go on.", None, ["The ambassador said talks go on."],
         ("no Arabic text",)),
        ("عنوان قصير\nنص قصير بلا نقطة", "عنوان قصير", ["نص قصير بلا نقطة"], ()),
        ("سطر واحد فقط", None, ["سطر واحد فقط"], ()),
        ("اترك تعليقاً\n65", None, [], ("no article text found",)),
    ],
)
def test_small_and_odd_texts(text, title, paragraphs, warnings):
    cleaned = clean(Source("x.txt", None, text, "0" * 64))
    assert (cleaned.title, cleaned.warnings) == (title, warnings)
    assert [p for p in cleaned.text.split("\n\n") if p] == paragraphs


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=40)),
       st.one_of(st.none(), st.text(max_size=40)))
def test_clean_never_raises(text, title, url):
    cleaned = clean(Source("x.txt", None, text, "0" * 64, url=url, title=title))
    assert isinstance(cleaned, Cleaned)
    for paragraph in filter(None, cleaned.text.split("\n\n")):
        assert paragraph == paragraph.strip() and paragraph in text
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(cleaned.text))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(
    ["مقالات ذات صلة", "135 مشاهدة", "قال الوزير إن الحوار مستمر بين البلدين.", "عنوان الخبر",
     "بغداد/ شفق نيوز", "اترك تعليقاً", "وأضاف أن اللجان ستجتمع في بغداد الأسبوع المقبل.",
     "“قال", "الرئيسية > أخبار", ""]), max_size=12))
def test_cleaning_partitions_the_lines(lines):
    text = "\n".join(lines)
    cleaned = clean(Source("x.txt", None, text, "0" * 64))
    kept = [p for p in cleaned.text.split("\n\n") if p]
    title = [cleaned.title] if cleaned.title else []
    assert sorted(kept + list(cleaned.furniture) + title) == sorted(line for line in lines if line)


def test_furniture_data_is_valid():
    data = yaml.safe_load(FURNITURE_FILE.read_text(encoding="utf-8"))
    assert set(data) == {"lines", "prefixes", "sections", "share", "timestamps", "patterns",
                         "tail", "link_markers"}
    for name in ("lines", "prefixes", "sections", "share", "timestamps", "link_markers"):
        entries = data[name]
        assert all(isinstance(e, str) and line_key(e) for e in entries), name
    for pattern in data["patterns"] + data["tail"]["patterns"]:
        re.compile(pattern)
    # every tail line is furniture on its own too
    assert all(furniture().matches(line_key(e)) for e in data["tail"]["lines"])


def test_outlets_data_is_valid():
    data = yaml.safe_load(OUTLETS_FILE.read_text(encoding="utf-8"))
    names = [o["name"] for o in data["outlets"]]
    assert len(names) == len(set(names))
    owner: dict[str, str] = {}
    for outlet in data["outlets"]:
        assert set(outlet) <= {"name", "name_ar", "forms", "domains", "country"}
        assert outlet.get("country") is None or re.fullmatch(r"[A-Z]{2}", outlet["country"])
        for form in [outlet["name_ar"], *outlet["forms"]]:
            assert owner.setdefault(key(form), outlet["name"]) == outlet["name"], form
        for domain in outlet.get("domains", []):
            assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", domain), domain
    assert len(table().by_form) == len(owner)


@pytest.mark.parametrize("stamp", ["الاثنين 19 جويلية 2021", "19/07/2021 - 10:30", "الأحد، 4 شباط 2024 الساعة 09:15"])
def test_a_line_that_is_only_a_date_is_page_furniture_not_the_title(stamp):
    page = "\n".join([
        "الخبر", stamp, "مقتل ثلاثة جنود في كمين بكركوك",
        "قتل ثلاثة جنود عراقيين في كمين نصبه مسلحون جنوب غربي مدينة كركوك، وفق ما أفادت مصادر أمنية.",
    ])
    cleaned = clean(Source(path="x.txt", line=None, text=page, source_sha256="0" * 64))
    assert cleaned.title == "مقتل ثلاثة جنود في كمين بكركوك"
    assert stamp in cleaned.furniture


@pytest.mark.parametrize("menu", [
    ["بث مباشر", "العالم العربي", "كوردستان"],
    ["شبكة 964", "سياسي", "أخبار العالم العربي"],
    ["الأربعاء 31 كانون الثاني 2024 - 19 رجب 1445", "بسم الله الرحمن الرحيم"],
])
def test_the_title_is_the_headline_not_a_menu_item_a_site_name_or_a_date(menu):
    page = "\n".join([
        *menu, "مقتل ثلاثة جنود في كمين بكركوك",
        "قتل ثلاثة جنود عراقيين في كمين نصبه مسلحون جنوب غربي مدينة كركوك، وفق ما أفادت مصادر أمنية.",
    ])
    cleaned = clean(Source(path="x.txt", line=None, text=page, source_sha256="0" * 64))
    assert cleaned.title == "مقتل ثلاثة جنود في كمين بكركوك"
