"""Every limit the tool enforces on what it is given, in one place, so the README and the checks agree.

Data inside these limits builds; data or a template beyond them is refused with a message before anything
is written. The numbers are chosen so that a refused input is clearly not a briefing (or not a template),
and an accepted one builds in well under 600 MB of memory.
"""

from __future__ import annotations

# --- file names ---------------------------------------------------------------------------------
MAX_SLUG_BYTES = 96  # a hub's file-name stem in out/hubs/, in UTF-8 bytes (file systems allow 255)

# --- data that the briefing draws ------------------------------------------------------------------
MAX_FACTS_PER_CLUSTER = 40  # facts.csv rows for one cluster; more is a database, not a briefing
MAX_CHART_ROWS = 12  # clusters a data-sized chart draws (the intensity leaders); the rest are in the text and
# the appendix. That chart grows 90 px a row: uncapped, 5,000 rows would make it 450,000 px tall.
MAX_CHART_PIXELS = 12_000_000  # one rendered chart image (the briefing's charts are under a million each)
MAX_CHART_SIDE_PX = 8_000  # either side of one rendered chart image

# --- the workbook layout (figures.xlsx); the file itself has the CSV files' 2 MB and each sheet their rows -----
MAX_WORKBOOK_UNPACKED_BYTES = 64 * 2**20  # all its parts together, unpacked: a 2 MB workbook of figures is a few MB

# --- deck templates (--template), checked before any library opens them -----------------------------
MAX_TEMPLATE_FILE_BYTES = 50 * 2**20  # the .pptx/.potx file itself
MAX_TEMPLATE_UNPACKED_BYTES = 60 * 2**20  # all its parts together, unpacked
MAX_TEMPLATE_PART_BYTES = 25 * 2**20  # its largest part, unpacked (a full-screen background photo fits)
MAX_TEMPLATE_PARTS = 1_000  # zip entries
MAX_TEMPLATE_RATIO = 100  # unpacked / packed size of any part over 1 MB (XML packs about 10:1, images 1:1)
RATIO_CHECKED_FROM_BYTES = 2**20
