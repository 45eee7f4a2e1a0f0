"""UI, the last stage: the Streamlit-only code, the caches and one module per dashboard panel.

The only package (with ``dashboard.py``) that imports streamlit. It may import every earlier
stage; nothing imports it but ``dashboard.py``.
"""
