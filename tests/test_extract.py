"""The event extractor on wire-style sentences (tests/data/sentences.yml), its
lexicons, its building blocks, and its promise never to raise."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.loaders.arabic import fold
from chrono.loaders.extract import EXTRACTOR_VERSION, extract, summary
from chrono.loaders.extract.attacks import casualties
from chrono.loaders.extract.quotes import Quotes
from chrono.loaders.extract.triggers import find, lexicon, tokens
from chrono.schema.extraction import ExtractedEvent

CASES = yaml.safe_load(
    (Path(__file__).parent / "data" / "sentences.yml").read_text(encoding="utf-8")
)["cases"]


def _date(value) -> str | None:
    return None if value is None else str(value)


def _check(event: ExtractedEvent, want: dict, text: str) -> None:
    assert event.kind == want["kind"]
    if "status" in want:
        assert event.status == want["status"]
    if "date" in want:
        expected = want["date"] or [None, None]
        assert (event.date_earliest, event.date_latest) == tuple(map(_date, expected))
        if want["date"] is None:
            assert event.date_precision == "unknown"
    for key in want.get("actors", []):
        assert any(fold(key) in fold(a.name_ar) for a in event.actors), (key, event.actors)
    if "location" in want:
        assert event.location == want["location"]
    for field in ("killed", "wounded", "summary"):
        if field in want:
            assert getattr(event, field) == want[field]
    for words in want.get("quote", []):
        assert event.quote is not None and words in event.quote
    assert text[event.evidence_start : event.evidence_end] == event.evidence


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_wire_sentences(case):
    published = case["published"]
    events = extract(case["text"], published=published)
    got = [(e.kind, e.evidence[:40]) for e in events]
    assert [e.kind for e in events] == [w["kind"] for w in case["events"]], got
    for event, want in zip(events, case["events"], strict=True):
        _check(event, want, case["text"])
    assert [e.n for e in events] == list(range(1, len(events) + 1))


def test_version_names_code_and_data():
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", EXTRACTOR_VERSION)


def test_lexicon_is_well_formed():
    lex = lexicon()
    kinds = {"meeting", "statement", "attack", "announcement"}
    roles = {"speech", "participle", "continue", "announce", "act", "event", "noun", "plural",
             "planned"}
    assert len(lex.forms) > 1000
    for words, (entry, _) in lex.forms.items():
        # the fixed phrases that are no event (not_events) are the only entries of kind none
        assert (entry.kind in kinds and entry.role in roles) or (entry.kind, entry.role) == ("none", "none")
        assert all(words) and all(w == fold(w) for w in words)
    assert all(gloss for gloss in lex.act_nouns.values())
    assert set(lex.cues) >= {"future", "conditional", "negation", "hope", "threat", "habitual",
                             "denial"}


@pytest.mark.parametrize("text", [
    "ناقش الجانبان خطوط فك الاشتباك لعام 1974 في الجولان",  # a fixed phrase, no clash
    "تقع المواقع في 16 موقعا تابعا لجماعة الحوثي",  # "تابعا": affiliated, not "continued"
])
def test_words_inside_other_words_are_no_triggers(text):
    assert [(h.entry.kind, h.form) for h in find(tokens(text)) if h.entry.kind != "meeting"] == []


@pytest.mark.parametrize(
    ("text", "kind", "role"),
    [
        ("وأكد", "statement", "speech"),
        ("قالت", "statement", "speech"),
        ("وأضاف", "statement", "continue"),
        ("مضيفا", "statement", "participle"),
        ("ومضى بالقول", "statement", "continue"),
        ("استقبل", "meeting", "event"),
        ("التقت", "meeting", "event"),
        ("لقائه", "meeting", "noun"),
        ("الاجتماع", "meeting", "noun"),
        ("ويستقبل", "meeting", "planned"),
        ("هجوماً", "attack", "noun"),
        ("عبوة ناسفة", "attack", "noun"),
        ("لهجمات", "attack", "plural"),
        ("أعلنت", "announcement", "announce"),
    ],
)
def test_trigger_forms(text, kind, role):
    hits = find(tokens(text))
    assert len(hits) == 1
    assert (hits[0].entry.kind, hits[0].entry.role) == (kind, role)


def test_future_prefix_is_seen():
    (hit,) = find(tokens("سيستقبل"))
    assert hit.future and hit.entry.planned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أسفر عن 36 قتيلا على الأقل و62 جريحا", (36, 62)),
        ("مقتل خمسة أشخاص وإصابة عشرة آخرين", (5, 10)),
        ("سقوط قتيلين وثلاثة جرحى", (2, 3)),
        ("ضربة أودت بحياة قيادي في الحركة", (1, None)),
        ("أودى بحياة 12 شخصا", (12, None)),
        ("دون وقوع إصابات", (None, None)),
        # the construct duals of thousands and hundreds ("ألفي جريح": two thousand)
        ("اثنين وأربعين قتيلا وأكثر من ألفي جريح", (42, 2000)),
        ("مقتل مئتي شخص", (200, None)),
    ],
)
def test_casualties(text, expected):
    assert casualties(tokens(text)) == expected


def test_quotes_mixed_marks():
    text = 'قال: “الأول”، مضيفا:” الثاني ”\nو"الثالث'
    q = Quotes(text)
    assert q.within(0, len(text)) == ["الأول", "الثاني", "الثالث"]
    assert q.inside(text.index("الأول")) and not q.inside(text.index("مضيفا"))


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: summary.meeting([("Mustafa al-Kadhimi", "person"), ("Joe Biden", "person")],
                                 "White House", False), "Kadhimi met Biden at the White House"),
        (lambda: summary.meeting([("Joe Biden", "person"), ("Mustafa al-Kadhimi", "person")],
                                 None, True), "Biden to meet Kadhimi"),
        (lambda: summary.statement(("Matthew Tueller", "person"), "US Ambassador to Iraq", False),
         "Tueller (US Ambassador to Iraq) said"),
        (lambda: summary.attack("Sadr City", 36, 62, None), "Attack in Sadr City: 36 killed, 62 wounded"),
        (lambda: summary.announcement(("Government of Iraq", "organisation"), "formation", False),
         "Government of Iraq announced the formation"),
    ],
)
def test_summaries(call, expected):
    assert call() == expected


PIECES = list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى٠١٢٣0123456789 ،.:؟!\"“”«»\n") + [
    "قال ", "أكد ", "استقبل ", "هجوم ", "اليوم ", "أمس ", "وأضاف ", "رئيس الوزراء ",
    "في حال ", "قتيلا ", "غداة ", "السفير الأمريكي ", "خلال لقائه ", "مضيفا ", "الأحد ",
]
ARABIC = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=ARABIC, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_never_raises_and_offsets_hold(text, published):
    events = extract(text, published=published)
    for n, event in enumerate(events, 1):
        assert event.n == n
        assert text[event.evidence_start : event.evidence_end] == event.evidence
        if event.status == "happened" and published and event.date_latest:
            assert event.date_latest <= published.isoformat()


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=300))
def test_never_raises_on_any_string(text):
    assert isinstance(extract(text, published=None, dateline=text[:10], title=text[:20]), list)


@pytest.mark.parametrize(
    ("dateline", "speaker"),
    [("القاهرة", "Mostafa Madbouly"), ("بغداد", "Mustafa al-Kadhimi"), (None, "Mustafa al-Kadhimi")],
)
def test_a_bare_title_resolves_in_the_datelines_country(dateline, speaker):
    text = "أكد رئيس الوزراء في مؤتمر صحفي اليوم الأحد أن الحكومة ستواصل دعم الاستثمار في البلاد."
    (event,) = extract(text, published=date(2022, 5, 8), dateline=dateline)
    assert [a.name for a in event.actors] == [speaker]


@pytest.mark.parametrize(
    ("dateline", "outlet", "speaker"),
    [
        (None, "Youm7", "Mostafa Madbouly"),  # no dateline: a national outlet's country
        (None, "Al Jazeera", "Mustafa al-Kadhimi"),  # a pan-Arab outlet has none: the default
        ("بغداد", "Youm7", "Mustafa al-Kadhimi"),  # the dateline comes first
    ],
)
def test_with_no_dateline_a_bare_title_resolves_in_the_outlets_country(dateline, outlet, speaker):
    text = "أكد رئيس الوزراء في مؤتمر صحفي اليوم الأحد أن الحكومة ستواصل دعم الاستثمار في البلاد."
    (event,) = extract(text, published=date(2022, 5, 8), dateline=dateline, outlet=outlet)
    assert [a.name for a in event.actors] == [speaker]


def test_a_targets_nationality_is_not_the_perpetrator():
    (event,) = extract("استهدف هجوم صاروخي اليوم قاعدة تركية في بعشيقة.", published=date(2020, 6, 17))
    assert event.kind == "attack" and [a.name for a in event.actors] == []
