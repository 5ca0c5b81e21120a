"""From files to articles and events: reading, cleaning, Arabic normalisation, dates, extraction.

Pure functions only: nothing here touches a database or reads the clock.
"""
