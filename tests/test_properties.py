"""Properties of the loaders and the date resolver on any input (hypothesis).

Whatever the string or the bytes: reading raises nothing but ReadError, cleaning
and extraction raise nothing, and every offset they report points at exactly
the words they report (an event's evidence, a time expression's text).
"""

from __future__ import annotations

import os
import tempfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.loaders.arabic import TASHKEEL
from chrono.loaders.read import ReadError, Source, decode, read

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of wire copy (dates, triggers, names, connectors) and the characters that
# move offsets about: tashkeel, tatweel, Arabic-Indic digits, invisible marks.
WORDS = (
    "اليوم", "أمس", "أول أمس", "أمس الخميس", "الاثنين", "الجمعة الماضية", "هذا الأسبوع", "الأسبوع الماضي",
    "منذ أسبوع", "منتصف الشهر الماضي", "أوائل", "أواخر", "في 18 من الشهر الماضي", "في عام 2014",
    "قبل نحو 10 سنوات", "غداة", "كانون الثاني", "يناير", "تموز", "آب", "رمضان", "عيد الفطر", "1442 هـ",
    "من 5 تموز إلى 7 آب", "بين", "و", "2021", "٢٠٢١", "26/7/2021", "2021-07-26", "١٨", "3 أيام", "يوم",
    "استقبل", "التقى", "بحث", "قال", "وأضاف", "أعلن", "أعلنت", "تشكيل لجنة", "هجوم", "قصف", "مقتل",
    "إصابة", "صاروخ", "استهدف", "يستقبل", "غدا", "زيارة", "بيان", "اجتماع",
    "رئيس الوزراء", "مصطفى الكاظمي", "الكاظمي", "جو بايدن", "السفير الأمريكي", "وزير الخارجية",
    "فؤاد حسين", "التحالف الدولي", "داعش", "بغداد", "واشنطن", "أربيل", "الولايات المتحدة", "العراق",
    "إن", "أن", "في", "مع", "على", "الى", "،", ".", "؟", "!", "؛", ":", "\"", "“", "”", "«", "»", "″",
    "(", ")", "-", "/", "\n", "\n\n", "\r\n", " ", " ", "\u00a0", "\u200c", "\u200f", "\ufeff",
    "ـ", "ـــ", "\u064e", "\u0651", "\u0670", "ى", "ة", "ئ", "ؤ", "²", "³", "①", "٣", "۳", "٫", "٪",
)
arabic_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.text(max_size=3),
              st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)),
    max_size=80,
).map(" ".join)
any_text = st.one_of(st.text(max_size=300), arabic_text)
reference = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)))


# --- read -------------------------------------------------------------------------------------

@PROFILE
@given(st.one_of(st.binary(max_size=2000), any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                 any_text.map(lambda t: t.encode("utf-16", "surrogatepass"))))
def test_decode_raises_nothing_but_read_error(data):
    try:
        text = decode(data, "x.txt")
    except ReadError as e:
        assert e.path == "x.txt" and e.reason
    else:
        assert isinstance(text, str)
        assert "\r" not in text


@PROFILE
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".html", ".jsonl", ".htm", ".dat"]))
def test_read_yields_sources_or_errors_for_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input" + suffix)
        with open(path, "wb") as f:
            f.write(data)
        items = list(read(path))
    assert items
    for item in items:
        assert isinstance(item, (Source, ReadError))
        if isinstance(item, Source):
            assert item.text.strip()


# --- clean and the pipeline ------------------------------------------------------------------

@PROFILE
@given(any_text)
def test_clean_keeps_its_paragraphs_as_printed(text):
    from chrono.loaders.clean import article_id, clean

    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read() gives it
    if not text.strip():
        return
    cleaned = clean(Source(path="x.txt", line=None, text=text, source_sha256="0" * 64))
    for paragraph in cleaned.text.split("\n\n"):
        assert paragraph in text
    assert len(article_id(cleaned.text)) == 16


@PROFILE
@given(any_text)
def test_prepare_never_raises_and_evidence_points_at_the_evidence(text):
    from chrono.pipeline import prepare

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return
    prepared = prepare(Source(path="x.txt", line=None, text=text, source_sha256="0" * 64))
    _check_events(prepared.text, prepared.events)


@PROFILE
@given(arabic_text, st.one_of(st.none(), st.text(max_size=40), st.dates().map(str), st.datetimes().map(str),
                              st.sampled_from(["2021-07-26T10:20:00+03:00", "Mon, 26 Jul 2021 10:20:00 GMT",
                                               "26/07/2021", "٢٦-٠٧-٢٠٢١", "0000-00-00", "2021-02-30", "yesterday"])),
       st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), st.text(max_size=60)))
def test_prepare_takes_any_jsonl_metadata(text, published, url, title):
    """A feed's published/url/title fields are whatever the scraper wrote: never a crash."""
    from chrono.pipeline import prepare

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return
    prepared = prepare(Source(path="feed.jsonl", line=3, text=text, source_sha256="0" * 64,
                              url=url, title=title, published=published))
    assert prepared.recorded.path == "feed.jsonl:3"
    if prepared.recorded.published_earliest:
        assert prepared.recorded.published_earliest <= prepared.recorded.published_latest
    _check_events(prepared.text, prepared.events)


# --- extract ----------------------------------------------------------------------------------

def _check_events(text: str, events) -> None:
    assert [e.n for e in events] == list(range(1, len(events) + 1))
    for e in events:
        assert 0 <= e.evidence_start < e.evidence_end <= len(text)
        assert text[e.evidence_start:e.evidence_end] == e.evidence
        assert e.evidence.strip() == e.evidence
        if e.date_earliest and e.date_latest:
            assert e.date_earliest <= e.date_latest
        for piece in (e.quote or "").split(" … "):  # a statement joins its quoted pieces with an ellipsis
            assert piece in text


@PROFILE
@given(any_text, reference)
def test_extract_never_raises_and_evidence_points_at_the_evidence(text, published):
    from chrono.loaders.extract import extract

    _check_events(text, extract(text, published=published, dateline=None, title=None))


@pytest.mark.parametrize("sentence", [
    "قتل ² عناصر من داعش في هجوم على بغداد أمس.",
    "أعلنت الوزارة مقتل ³ أشخاص في قصف صاروخي استهدف أربيل اليوم.",
    "أصيب ① جندي في هجوم بطائرة مسيرة على قاعدة عين الأسد.",
], ids=["superscript two", "superscript three", "circled one"])
def test_digit_like_characters_do_not_crash_the_extractor(sentence):
    """str.isdigit() is true for ², ³, ①, which int() refuses: found by the properties below."""
    from chrono.loaders.extract import extract

    _check_events(sentence, extract(sentence, published=date(2023, 3, 15), dateline=None, title=None))


@PROFILE
@given(st.lists(arabic_text, min_size=1, max_size=6), reference, st.sampled_from([None, "بغداد", "واشنطن"]))
def test_extract_on_paragraphs_with_a_dateline(paragraphs, published, dateline):
    from chrono.loaders.extract import extract

    text = "\n\n".join(paragraphs)
    _check_events(text, extract(text, published=published, dateline=dateline, title=paragraphs[0][:40]))


@pytest.mark.parametrize("sentence", [
    "استقبل رئيس الوزراء محمد شياع السوداني، الأحد المقبل، وفدا من التحالف الدولي في بغداد.",
    "التقى وزير الخارجية فؤاد حسين غدا نظيره الأمريكي في واشنطن.",
], ids=["next sunday", "tomorrow"])
def test_a_past_verb_with_a_future_date_is_not_a_happened_event_after_publication(sentence):
    from chrono.loaders.extract import extract

    published = date(2023, 3, 15)  # a Wednesday
    events = extract(sentence, published=published, dateline=None, title=None)
    assert events
    for e in events:
        assert e.status == "planned" or (e.date_latest or "") <= published.isoformat(), e


@PROFILE
@given(st.lists(arabic_text, min_size=1, max_size=4), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
def test_a_happened_event_never_ends_after_publication(paragraphs, published):
    """ANNOTATION.md: "a happened event never ends after R" (else it is planned, or clipped to R)."""
    from chrono.loaders.extract import extract

    for e in extract("\n\n".join(paragraphs), published=published, dateline=None, title=None):
        if e.status == "happened" and e.date_latest:
            assert e.date_latest <= published.isoformat(), e


# --- the date resolver ------------------------------------------------------------------------

PRECISIONS = {"day", "week", "month", "year", "range", "unknown"}


def _check_expression(text: str, expr) -> None:
    assert 0 <= expr.start < expr.end <= len(text)
    assert text[expr.start:expr.end] == expr.text
    assert expr.precision in PRECISIONS
    assert (expr.earliest is None) == (expr.latest is None)
    if expr.earliest:
        assert expr.earliest <= expr.latest
    else:
        assert expr.precision == "unknown"
    assert 0 <= expr.confidence <= 1


@PROFILE
@given(any_text, reference, st.booleans())
def test_find_dates_never_raises_and_offsets_point_at_the_words(text, ref, prefer_future):
    from chrono.loaders.dates import find_dates

    found = find_dates(text, ref, prefer_future=prefer_future)
    for expr in found:
        _check_expression(text, expr)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))  # in order, not overlapping
    if ref is None:
        assert all(e.earliest is None for e in found if e.relative)  # never against the clock


@PROFILE
@given(any_text, reference)
def test_resolve_never_raises_and_its_offsets_point_at_the_words(text, ref):
    from chrono.loaders.dates import resolve

    expr = resolve(text, ref)
    if expr is not None:
        _check_expression(text, expr)


@PROFILE
@given(st.sampled_from(WORDS[:30]), st.text(alphabet=TASHKEEL + "\u0640", max_size=4),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_tashkeel_and_tatweel_inside_a_date_keep_the_offsets_exact(phrase, marks, ref):
    from chrono.loaders.dates import find_dates

    text = "وقال في مؤتمر صحفي " + "".join(ch + marks for ch in phrase) + " إن الاجتماع انتهى"
    for expr in find_dates(text, ref):
        _check_expression(text, expr)
