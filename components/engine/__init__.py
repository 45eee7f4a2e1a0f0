"""Engine and storage, the third stage: a corpus and a dictionary -> the tidy tables.

Holds per-text analysis, the tables, the process pool, the Dask engine, the DuckDB store and
the data sources (one interface over bundled files, uploads, a store or Parquet output). May
import ``settings``, ``ingest`` and ``language``; never ``views`` or ``ui``, never streamlit.
"""
