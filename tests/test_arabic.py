"""Arabic normalisation: folding, offsets back into the printed text, spelling variants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.loaders.arabic import fold, fold_slow, has_arabic, normalise, normalise_with_offsets


@pytest.mark.parametrize("printed, folded", [
    ("أحمد", "احمد"), ("إيران", "ايران"), ("آب", "اب"), ("الكاظمى", "الكاظمي"), ("الحكومة", "الحكومه"),
    ("مسؤول", "مسوول"), ("رئيس", "رييس"), ("٢٠٢١", "2021"), ("۲۰۲۱", "2021"),
    ("الأميركيّ", "الاميركي"), ("عـــاجل", "عاجل"), ("بيّن", "بين"), ("\u200fبغداد", "بغداد"),
])
def test_fold(printed, folded):
    assert fold(printed) == folded


@pytest.mark.parametrize("query, text", [
    ("الامريكي", "الأميركي"), ("الامريكي", "الأمريكي"), ("الكاظمى", "الكاظمي"), ("الاستراتيجي", "الستراتيجي"),
])
def test_normalise_makes_spelling_variants_meet(query, text):
    assert normalise(query) == normalise(text)


def test_fast_fold_is_fold_on_every_character():
    every_character = "".join(map(chr, range(0x10000)))
    assert fold(every_character) == fold_slow(every_character)
    assert all(fold(c) == fold_slow(c) for c in every_character)  # short texts fold another way


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اأإىةبت٣ 5\u064e\u0651\u0640\u200f\u0670x")), max_size=40))
def test_offsets_point_back_at_the_printed_characters(text):
    folded, offsets = normalise_with_offsets(text)
    assert len(offsets) == len(folded) + 1
    for i, ch in enumerate(folded):
        assert fold(text[offsets[i]]) == ch


@pytest.mark.parametrize("text, minimum, expected", [("hello", 1, False), ("قال", 3, True), ("قال", 4, False)])
def test_has_arabic(text, minimum, expected):
    assert has_arabic(text, minimum) is expected
