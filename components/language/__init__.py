"""Language analysis, the second stage: one text at a time -> sentences, keywords, actors, tone.

Holds sentence splitting, keyword extraction, actor dictionaries and mention finding, and
sentiment. May import ``components.settings`` and ``components.ingest``; never a later stage,
never streamlit.
"""
