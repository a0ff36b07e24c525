"""The briefing's words: number formatting, and the prose templates bound to the data."""
