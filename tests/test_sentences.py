"""chrono.loaders.sentences: sentences and clauses with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.loaders.clean import clean
from chrono.loaders.read import read
from chrono.loaders.sentences import CLAUSES_FILE, Span, clauses, sentences

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الوزير إن الحوار مستمر. وأضاف أن اللجان تعمل.",
         ["قال الوزير إن الحوار مستمر.", "وأضاف أن اللجان تعمل."]),
        ("هل انتهى الحوار؟ قال لا! ثم غادر",
         ["هل انتهى الحوار؟", "قال لا!", "ثم غادر"]),
        # a stop inside a closed quote does not end the sentence
        ("وقال “نحن هنا. وسنبقى هنا” مضيفا أن الحوار مستمر. ثم غادر.",
         ["وقال “نحن هنا. وسنبقى هنا” مضيفا أن الحوار مستمر.", "ثم غادر."]),
        # a stop just before the quote closes does
        ("وقال: «نحن هنا. وسنبقى.» وأضاف أن الحوار مستمر.",
         ["وقال: «نحن هنا. وسنبقى.»", "وأضاف أن الحوار مستمر."]),
        ('وقال "الحوار مستمر." ثم غادر.', ['وقال "الحوار مستمر."', "ثم غادر."]),
        ("وقال “الحوار مستمر”. ثم غادر.", ["وقال “الحوار مستمر”.", "ثم غادر."]),
        # pages open quotes with ” and close with ″: every double quote toggles
        ("وتابع:” نحن هنا. وسنبقى″، مبينا ان الحوار مستمر. ثم غادر.",
         ["وتابع:” نحن هنا. وسنبقى″، مبينا ان الحوار مستمر.", "ثم غادر."]),
        # a quote still open at the paragraph's end is a stray: sentences split as usual
        ("وقال “نحن هنا. وسنبقى هنا.\nثم غادر.", ["وقال “نحن هنا.", "وسنبقى هنا.", "ثم غادر."]),
        # never across a line break, even inside a quote
        ("وقال “نحن هنا\nوسنبقى” هنا.", ["وقال “نحن هنا", "وسنبقى” هنا."]),
        ("يبلغ النمو 2.5 بالمئة. وقال د. أحمد إن أ.ف.ب نقلت الخبر.",
         ["يبلغ النمو 2.5 بالمئة.", "وقال د. أحمد إن أ.ف.ب نقلت الخبر."]),
        ("استلمت مهامها عام 2020 .. مشيرا الى ان الامر تحقق... ثم غادر",
         ["استلمت مهامها عام 2020 .. مشيرا الى ان الامر تحقق...", "ثم غادر"]),
        ("زار موقع www.example.com أمس.", ["زار موقع www.example.com أمس."]),
        ("  \n\n  ", []),
        ("فقرة أولى\n\nفقرة ثانية.", ["فقرة أولى", "فقرة ثانية."]),
    ],
)
def test_sentences(text, expected):
    spans = sentences(text)
    assert [s.text for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("أعلن السفير دعم الانتخابات في العراق، فيما أشار إلى أن اللقاء كان مثمرا.",
         ["أعلن السفير دعم الانتخابات في العراق", "فيما أشار إلى أن اللقاء كان مثمرا."]),
        ("التقى الرئيس نظيره الأمريكي في البيت الأبيض، في حين اجتمع الوزيران في الخارجية.",
         ["التقى الرئيس نظيره الأمريكي في البيت الأبيض", "في حين اجتمع الوزيران في الخارجية."]),
        ("وشدد على عدم السماح لأي تهديد للعراق، كما أكد رفضه أن يكون العراق منطلقا لتهديد جيرانه.",
         ["وشدد على عدم السماح لأي تهديد للعراق", "كما أكد رفضه أن يكون العراق منطلقا لتهديد جيرانه."]),
        ("قتل ثلاثة جنود في هجوم شمال بغداد؛ وأصيب خمسة آخرون بجروح في الانفجار.",
         ["قتل ثلاثة جنود في هجوم شمال بغداد", "وأصيب خمسة آخرون بجروح في الانفجار."]),
        ("وصل الوفد إلى بغداد مساء أمس بينما غادر الوفد الآخر إلى أربيل صباحا.",
         ["وصل الوفد إلى بغداد مساء أمس", "بينما غادر الوفد الآخر إلى أربيل صباحا."]),
        # not at "فيما يخص" (regarding), not inside quotes, not leaving a stub
        ("جرى بحث التعاون الأمني فيما يخص التدريب والتسليح للقوات الأمنية.",
         ["جرى بحث التعاون الأمني فيما يخص التدريب والتسليح للقوات الأمنية."]),
        ("وقال “نحن ندعم العراق، فيما نرفض أي تدخل في شؤونه الداخلية” مؤكدا ذلك.",
         ["وقال “نحن ندعم العراق، فيما نرفض أي تدخل في شؤونه الداخلية” مؤكدا ذلك."]),
        ("ايلاف من لندن: فيما انطلقت الجولة الثالثة من الحوار الاستراتيجي.",
         ["ايلاف من لندن: فيما انطلقت الجولة الثالثة من الحوار الاستراتيجي."]),
        ("قال الوزير كلاما كثيرا، فيما رد.", ["قال الوزير كلاما كثيرا، فيما رد."]),
    ],
)
def test_clauses(sentence, expected):
    text = "مقدمة.\n" + sentence  # offsets stay relative to the whole text
    (span,) = [s for s in sentences(text) if s.start > 0]
    parts = clauses(span)
    assert [c.text for c in parts] == expected
    assert all(text[c.start : c.end] == c.text for c in parts)


def test_clause_data_is_valid():
    data = yaml.safe_load(CLAUSES_FILE.read_text(encoding="utf-8"))
    assert set(data) == {"after_comma", "anywhere", "not_before", "marks", "min_words"}
    assert all(isinstance(w, str) and w.strip() for k in ("after_comma", "anywhere", "not_before",
                                                          "marks") for w in data[k])
    assert isinstance(data["min_words"], int) and data["min_words"] >= 1


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_sentences_stay_inside_paragraphs(name):
    (source,) = read(str(SEEDS / name))
    text = clean(source).text
    spans = sentences(text)
    assert len(spans) >= text.count("\n\n") + 1
    for span in spans:
        assert text[span.start : span.end] == span.text and "\n" not in span.text
        for clause in clauses(span):
            assert span.start <= clause.start < clause.end <= span.end
            assert text[clause.start : clause.end] == clause.text
    # nothing but whitespace falls between sentences
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


def _check(text: str, spans: list[Span]) -> None:
    previous_end = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text and span.text == span.text.strip()
        assert span.start >= previous_end
        previous_end = span.end


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اب تث.،؛؟!\n“”″\"«» 12فيما")) , max_size=200))
def test_offsets_on_arabic_like_text(text):
    spans = sentences(text)
    _check(text, spans)
    assert all("\n" not in s.text for s in spans)
    for span in spans:
        _check(text, clauses(span))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_sentences_never_raise(text):
    spans = sentences(text)
    _check(text, spans)
    for span in spans:
        _check(text, clauses(span))
