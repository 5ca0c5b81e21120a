"""From files to articles and events: reading, cleaning, Arabic normalisation, dates, extraction.

Pure functions only: nothing here touches a database or reads the clock. The
word lists, rule tables and gazetteers the modules read are data files under
`data/` and `gazetteer/`.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
GAZETTEER_DIR = Path(__file__).parent / "gazetteer"
