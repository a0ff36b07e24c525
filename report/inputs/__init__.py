"""Reading the data folder: its file names, the CSV reader, briefing.toml, and comparing two versions."""

CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES = (
    "clusters.csv",
    "economies.csv",
    "intensity.csv",
    "facts.csv",
    "sources.csv",
)
TABLE_FILES = (CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES)
SETTINGS = "briefing.toml"
DATA_FILES = (*TABLE_FILES, SETTINGS)
