"""Ingest, the first stage: files, folders and uploads -> cleaned, de-duplicated articles.

Holds the file readers (formats, encodings, zip limits), the cleaner (boilerplate, titles,
sources) and the corpus builder. May import only ``components.settings`` and the standard
library or third-party readers; never a later stage, never streamlit.
"""
