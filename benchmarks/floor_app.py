"""The floor for the dashboard's speed: a bare Streamlit app with the same Plotly charts.

    streamlit run benchmarks/floor_app.py -- FIGURES.json     # written by bench_dashboard.py

No Newsscope code: it reads the figures that the dashboard drew (recorded from its script by
``benchmarks/bench_dashboard.py``, for the first page and for each clicked actor) and draws
them with the same chart keys, in the same columns, with the same Streamlit and Plotly. A
click on an actor bar puts that actor in the URL and draws that actor's figures, as the
dashboard does. So whatever the dashboard takes beyond this app is Newsscope's own work.
"""

import json
import sys
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
figures = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
actor = st.query_params.get("actor", "")
for key, value in st.session_state.items():  # a click on an actor bar (the last selection wins)
    if key.startswith("ns_chart_actors_") and value and value["selection"]["points"]:
        point = value["selection"]["points"][0]
        data = point.get("customdata")
        actor = data[0] if isinstance(data, list) else data
charts = figures.get(actor or "", figures[""])
st.title("Floor")
halves = st.columns(2)
for index, (key, figure) in enumerate(charts):
    place = halves[index % 2] if index < 4 else st.container()
    with place:
        st.plotly_chart(figure, key=key, on_select="rerun", selection_mode="points", config={"displayModeBar": False})
if actor:
    st.query_params["actor"] = actor
