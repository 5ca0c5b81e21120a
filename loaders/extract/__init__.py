"""Events from the sentences of a cleaned article: kind, status, date, actors, place, quote,
casualties and the evidence they rest on (ANNOTATION.md says what counts).

`extractor` runs the steps: `triggers` (lexicons as data) find candidate
events, `drafts` applies modality, `subjects` and `actors` find who, `attacks`
reads casualties, `eventdates` dates each event, `reported` and `merging`
fold reports of one occasion together, `render` and `summary` write the rows.
"""

from chrono.loaders.extract.extractor import CODE_VERSION, EXTRACTOR_VERSION, extract

__all__ = ["CODE_VERSION", "EXTRACTOR_VERSION", "extract"]
