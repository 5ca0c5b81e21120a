"""chrono: an event-sourced chronology store for Arabic news."""

__version__ = "0.1.0"
