"""XLSForm import (parsed with pyxform) and export, so designers can round-trip in a spreadsheet."""

from __future__ import annotations

from barometre.questionnaire.xlsform.reader import compile_xlsform, read_xlsform
from barometre.questionnaire.xlsform.writer import export_xlsform, neutralise

__all__ = ["compile_xlsform", "export_xlsform", "neutralise", "read_xlsform"]
