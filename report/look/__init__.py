"""How the briefing looks: the one theme, a template's brand, and the fonts' glyph coverage."""
