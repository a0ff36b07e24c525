"""Reading the data folder: its file names, the CSV and workbook readers, briefing.toml, comparing two versions."""

from types import MappingProxyType

CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES = (
    "clusters.csv",
    "economies.csv",
    "intensity.csv",
    "facts.csv",
    "sources.csv",
)
TABLE_FILES = (CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES)
SETTINGS = "briefing.toml"
# The other layout: one workbook whose sheets, named like the files without ".csv", hold the same columns.
WORKBOOK = "figures.xlsx"
SHEETS = MappingProxyType({name: name.removesuffix(".csv") for name in TABLE_FILES})
DATA_FILES = (*TABLE_FILES, WORKBOOK, SETTINGS)

# Edition-specific claims a fact can carry (facts.csv, column claim), and what each asserts. The words print a
# claim only when the data holds it for the edition being built, so a later edition never repeats it.
CLAIMS = MappingProxyType(
    {
        "first_lead": "the economy with the most top-100 clusters leads the count for the first time",
        "first_top_five": "the cluster enters the top five for the first time",
    }
)

# What a further fact is about (facts.csv, column topic): a hub's slide states its innovation facts; context facts
# (revenues, company lists, output) are listed with their sources in the PDF's data appendix only.
TOPICS = MappingProxyType(
    {
        "innovation": "patents, science, rankings: stated on the hub's slide and page",
        "context": "the economy around the cluster: listed in the data appendix only",
    }
)
