"""Reading the gazetteer's data files into entities, surface forms and tenures.

Every file in this folder ending in .yml or .csv is data (see data_hash); the
code here only reads it. Surfaces are returned as written: matching folds them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from chrono.loaders.gazetteer.forms import expand
from chrono.loaders.gazetteer.model import Entity, Tenure

DATA_DIR = Path(__file__).parent
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster
SLOTS = ("adj_m", "adj_f", "name")


class GazetteerDataError(ValueError):
    """A data file says something the loader cannot use."""


@dataclass
class Data:
    settings: dict[str, Any]
    titles: dict[str, Any]
    entities: dict[str, Entity] = field(default_factory=dict)
    forms: list[tuple[str, str]] = field(default_factory=list)  # (surface, entity id)
    headed: set[str] = field(default_factory=set)  # surfaces read only after a place head
    capitals: dict[str, str] = field(default_factory=dict)  # country code -> place entity id
    seats: dict[str, str] = field(default_factory=dict)  # organisation id -> place entity id
    tenures: dict[str, list[Tenure]] = field(default_factory=dict)  # office id -> tenures
    country_slots: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    bare_forms: dict[str, list[str]] = field(default_factory=dict)  # office id -> its bare surfaces
    offices_by_template: dict[tuple[str, str], str] = field(default_factory=dict)  # (template, country) -> id

    def add(self, entity: Entity, surfaces: list[str]) -> None:
        if entity.id in self.entities:
            raise GazetteerDataError(f"duplicate id {entity.id}")
        self.entities[entity.id] = entity
        for surface in dict.fromkeys([entity.name_ar, *surfaces]):
            if surface:
                self.forms.append((surface, entity.id))


def data_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.iterdir() if p.suffix in (".yml", ".csv"))


@cache
def data_hash() -> str:
    """SHA-256 over the data files' names and bytes, in name order."""
    digest = hashlib.sha256()
    for path in data_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_YAML_LOADER)


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines))))


def read(towns: bool = True) -> Data:
    """The gazetteer's data; without `towns`, its curated rows only."""
    data = Data(settings=_yaml("settings.yml"), titles=_yaml("titles.yml"))
    _read_countries(data)
    _read_people(data)
    places = _read_places(data, towns)
    _read_organisations(data, places)
    _read_offices(data)
    return data


def _read_countries(data: Data) -> None:
    for row in _yaml("countries.yml"):
        adjectives = [*row["adj_m"], *row["adj_f"], *row.get("adj_pl", [])]
        # the indefinite forms: "العراقي" -> "عراقي" (one-word adjectives only)
        bare = [a[2:] for a in adjectives if a.startswith("ال") and " " not in a]
        entity = Entity(id=f"country:{row['id']}", kind="country", name=row["name"],
                        name_ar=row["name_ar"], country=row["id"])
        data.add(entity, [*row.get("names_ar", []), *adjectives, *bare])
        if row.get("capital"):
            data.capitals[row["id"]] = f"place:{row['capital']}"
        data.country_slots[row["id"]] = {
            "adj_m": row["adj_m"],
            "adj_f": row["adj_f"],
            "name": [row["name_ar"], *row.get("names_ar", []), *row.get("metonyms", [])],
        }


def _read_people(data: Data) -> None:
    for row in _yaml("people.yml"):
        entity = Entity(id=f"person:{row['id']}", kind="person", name=row["name"],
                        name_ar=row["name_ar"], country=row.get("country"))
        data.add(entity, row.get("aliases_ar", []))


def _place_rows(towns: bool = True) -> list[dict[str, str]]:
    """The curated places, then the towns taken from GeoNames (scripts/towns_from_geonames.py)."""
    return [*_csv("places.csv"), *(_csv("towns.csv") if towns else [])]


@cache
def place_kinds() -> dict[str, str]:
    """Place entity id -> its kind (base, city, governorate ...)."""
    return {f"place:{row['id']}": row["kind"] for row in _place_rows()}


def _read_places(data: Data, towns: bool) -> dict[str, Entity]:
    places = {}
    for row in _place_rows(towns):
        entity = Entity(id=f"place:{row['id']}", kind="place", name=row["name"],
                        name_ar=row["name_ar"], country=row["country"] or None,
                        lat=float(row["lat"]), lon=float(row["lon"]))
        aliases = [a.strip() for a in row["aliases_ar"].split("|") if a.strip()]
        headed = [a.strip() for a in (row.get("headed_ar") or "").split("|") if a.strip()]
        data.add(entity, aliases + headed)
        data.headed.update(headed)
        places[row["id"]] = entity
    return places


def _read_organisations(data: Data, places: dict[str, Entity]) -> None:
    for row in _yaml("organisations.yml"):
        seat = places.get(row["seat"]) if row.get("seat") else None
        if row.get("seat") and seat is None:
            raise GazetteerDataError(f"org:{row['id']}: unknown seat {row['seat']}")
        entity = Entity(id=f"org:{row['id']}", kind=row.get("kind", "organisation"),
                        name=row["name"], name_ar=row["name_ar"], country=row.get("country"),
                        lat=seat.lat if seat else None, lon=seat.lon if seat else None)
        data.add(entity, row.get("aliases_ar", []))
        if seat is not None:
            data.seats[entity.id] = seat.id


def _read_offices(data: Data) -> None:
    spec = _yaml("offices.yml")
    templates = spec["templates"]
    for row in spec["offices"]:
        _add_office(data, row, templates)
    # every country gets the offices of the templates that name one ("President of {country}"),
    # with no holders where the file lists none: "وزير الخارجية السوداني" is Sudan's minister,
    # and the name printed after the title is its holder
    for template_id, template in templates.items():
        if "name" not in template:
            continue
        for country, slots in data.country_slots.items():
            if slots["adj_m"] and slots["adj_f"] and (template_id, country) not in data.offices_by_template:
                english = data.entities[f"country:{country}"].name
                _add_office(data, {"id": f"{country.lower()}-{template_id}", "country": country,
                                   "template": template_id,
                                   "name": template["name"].format(country=english)}, templates,
                            generated=True)


def _add_office(data: Data, row: dict[str, Any], templates: dict[str, Any],
                generated: bool = False) -> None:
    """One office; a `generated` one (no row in offices.yml) never stands for a bare title
    ("رئيس الوزراء" in a Washington dispatch is not a prime minister of the United States)."""
    macros = data.settings["macros"]
    office_id = f"office:{row['id']}"
    country = row.get("country")
    slots = data.country_slots.get(country, {}) if country else {}
    if country and not slots:
        raise GazetteerDataError(f"{office_id}: unknown country {country}")
    patterns = []
    if row.get("template"):  # qualified forms first: the first one names the office
        template = templates[row["template"]]
        patterns += template["qualified"]
        if country == data.settings["default_country"]:
            patterns += template["bare"]
            data.bare_forms[office_id] = [f for b in template["bare"] for f in expand(b, macros, slots)]
        if country and not generated:
            data.offices_by_template[(row["template"], country)] = office_id
    patterns += row.get("forms", [])
    surfaces = []
    for pattern in patterns:
        expanded = expand(pattern, macros, slots)
        if not expanded or any("{" in s or "[" in s for s in expanded):
            raise GazetteerDataError(f"{office_id}: cannot expand {pattern!r}")
        surfaces += expanded
    name_ar = row.get("name_ar") or (surfaces[0] if surfaces else row["name"])
    entity = Entity(id=office_id, kind="office", name=row["name"], name_ar=name_ar,
                    country=country)
    data.add(entity, surfaces)
    data.tenures[office_id] = [
        Tenure(person_id=f"person:{h['person']}", start=_date(h.get("from")),
               end=_date(h.get("to")), approx=bool(h.get("approx")))
        for h in row.get("holders", [])
    ]


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
