"""The gazetteer: people, offices and their holders by date, organisations,
countries and places with coordinates, matched in Arabic text by one automaton.

The data are the .yml and .csv files beside this module; `data_hash()` changes
whenever any of them does, so it is part of the extractor version.
"""

from chrono.loaders.gazetteer.data import GazetteerDataError, data_hash
from chrono.loaders.gazetteer.gazetteer import Gazetteer, load
from chrono.loaders.gazetteer.model import Entity, Mention, Tenure
from chrono.loaders.gazetteer.romanise import romanise

__all__ = [
    "Entity",
    "Gazetteer",
    "GazetteerDataError",
    "Mention",
    "Tenure",
    "data_hash",
    "load",
    "romanise",
]
