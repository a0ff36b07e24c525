"""report: turn a folder of figures into a briefing deck and a printable PDF."""

__version__ = "0.1.0"
