"""The dashboard's panels, one module each; every panel takes the view state and the
:class:`~components.views.selection.Views` and knows nothing of where the data came from."""

from components.ui.panels.actors import render_actors_panel
from components.ui.panels.cleaning import render_cleaning_panel
from components.ui.panels.cooccurrence import render_cooccurrence_panel
from components.ui.panels.corpus import render_corpus_panel
from components.ui.panels.dictionary import render_dictionary_panel
from components.ui.panels.downloads import render_downloads
from components.ui.panels.filters import render_filters
from components.ui.panels.header import render_chips, render_header, render_url_notes
from components.ui.panels.keywords import render_keyword_panel
from components.ui.panels.kwic import render_kwic_panel
from components.ui.panels.mentions import render_actor_panel
from components.ui.panels.quotes import render_quotes_panel
from components.ui.panels.reader import render_reader_panel
from components.ui.panels.sentiment import render_sentiment_panel
from components.ui.panels.sources import render_sources_panel
from components.ui.panels.timeline import render_timeline_panel

__all__ = [
    "render_actor_panel", "render_actors_panel", "render_chips", "render_cleaning_panel", "render_cooccurrence_panel", "render_corpus_panel",
    "render_dictionary_panel", "render_downloads", "render_filters", "render_header", "render_keyword_panel",
    "render_kwic_panel", "render_quotes_panel", "render_reader_panel", "render_sentiment_panel", "render_sources_panel", "render_timeline_panel",
    "render_url_notes",
]
