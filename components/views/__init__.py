"""Views, the fourth stage: tidy tables and a view state -> filtered tables, aggregates, figures.

Holds the view-state dataclass and its URL round trip, filters and aggregations, pure Plotly
figure builders, the reader's HTML and the reports and downloads. May import every earlier
stage; never ``ui``, never streamlit.
"""
