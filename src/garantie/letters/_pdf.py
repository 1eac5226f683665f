"""A4 PDF of a letter for a window envelope (fpdf2, optional extra ``garantie[pdf]``), in a Unicode font."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

from garantie.errors import LetterError

if TYPE_CHECKING:
    from garantie.letters import Letter

__all__ = ["find_font", "render_pdf"]

# fpdf2's core fonts are latin-1 only (no "€", no "œ"): a DejaVu TrueType font is required. Debian/Ubuntu ship it in
# fonts-dejavu-core; other systems in similar folders; matplotlib ships one too. GARANTIE_FONT_DIR overrides.
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
              "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")

# Layout in millimetres. The recipient block sits where a French window envelope (DL, window on the right)
# shows it; the sender block top left.
_MARGIN = 20.0
_RECIPIENT_X, _RECIPIENT_Y, _RECIPIENT_W = 110.0, 50.0, 80.0
_LINE = 5.2


def find_font() -> tuple[Path, Path]:
    """The regular and bold DejaVu Sans files, or a LetterError saying how to get them."""
    dirs = [os.environ["GARANTIE_FONT_DIR"]] if os.environ.get("GARANTIE_FONT_DIR") else []
    dirs += list(_FONT_DIRS)
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        dirs.append(str(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"))
    for folder in dirs:
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise LetterError("PDF letters need the DejaVu Sans font (for accents and '€'): install the Debian package "
                      "fonts-dejavu-core, or set GARANTIE_FONT_DIR to a folder holding DejaVuSans.ttf and "
                      "DejaVuSans-Bold.ttf")


def render_pdf(letter: Letter) -> bytes:
    try:
        from fpdf import FPDF
    except ImportError as error:  # the optional extra is missing
        raise LetterError("PDF letters need fpdf2: pip install 'garantie[pdf]'") from error
    regular, bold = find_font()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(auto=True, margin=_MARGIN)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(letter.subject)
    pdf.add_page()
    width = pdf.w - 2 * _MARGIN
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(_MARGIN, 15)
    pdf.multi_cell(80, _LINE, "\n".join(letter.sender), new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(_RECIPIENT_X, _RECIPIENT_Y)
    pdf.multi_cell(_RECIPIENT_W, _LINE, "\n".join(letter.recipient), new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(_MARGIN, 100)
    pdf.cell(width, _LINE, letter.place_date, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if letter.registered:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(width, _LINE, _registered(letter), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(width, _LINE, ("Objet : " if letter.lang == "fr" else "Subject: ") + letter.subject,
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    previous = ""
    for block in letter.blocks:
        if block.kind == "heading":
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(width, _LINE, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "item":
            pdf.set_font("DejaVu", "", 9.5)
            pdf.set_x(_MARGIN + 4)
            pdf.multi_cell(width - 4, _LINE, "– " + block.text, new_x="LMARGIN", new_y="NEXT")
        else:
            if previous == "item":
                pdf.ln(2)
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(width, _LINE, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        previous = block.kind
    return bytes(pdf.output())


def _registered(letter: Letter) -> str:
    return ("Lettre recommandée avec accusé de réception" if letter.lang == "fr"
            else "Registered letter with acknowledgement of receipt (lettre recommandée avec accusé de réception)")
