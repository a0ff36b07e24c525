"""Charts: Vega-Lite specs built with Altair (specs), rendered to PNG through a cache (raster)."""
