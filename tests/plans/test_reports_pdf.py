"""Each report converts to PDF with LibreOffice headless (Debian's libreoffice-calc-nogui in CI).

What a 과장 sees on paper: A4 landscape pages, every column of the table on the first page
(none cut off to a page of its own), and "page X / Y" on every page.
"""

import re
import shutil
import subprocess

import pytest

from portal.excel import A4_LANDSCAPE_MAX_WIDTH, write_report
from portal.reports import report_builder, resolve_filters
from tests.conftest import require_service

pytestmark = pytest.mark.django_db

A4_LANDSCAPE_POINTS = (842, 595)
REPORTS = ["plan-progress", "budget", "pledges", "kpis"]


def converted(name, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_service("LibreOffice", soffice, "install Debian's libreoffice-calc-nogui (make browser)")
    source = tmp_path / f"{name}.xlsx"
    report = report_builder(name)(resolve_filters(None))
    write_report(report, source)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / f"{name}.pdf"


@pytest.mark.parametrize("name", REPORTS)
def test_report_converts_to_pdf_with_libreoffice(name, tmp_path):
    pdf = converted(name, tmp_path)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 1000


@pytest.mark.parametrize("name", REPORTS)
def test_every_sheet_is_declared_narrow_enough_for_a4_landscape(name):
    for sheet in report_builder(name)(resolve_filters(None)).sheets:
        assert sum(column.width for column in sheet.columns) <= A4_LANDSCAPE_MAX_WIDTH, sheet.name


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_pages_are_a4_landscape_numbered_with_no_column_cut(name, tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in requirements-dev.txt")
    pdf = converted(name, tmp_path)
    reader = pypdf.PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        # Tables print landscape; a 공약관리카드 sheet prints portrait, as the paper card.
        assert (round(width), round(height)) in (A4_LANDSCAPE_POINTS, A4_LANDSCAPE_POINTS[::-1]), (number, width)
        assert re.search(rf"\b{number}\s*/\s*{total}\b", text), f"page {number} has no '{number} / {total}'"
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (
        A4_LANDSCAPE_POINTS
    )
    first_sheet = next(iter(report_builder(name)(resolve_filters(None)).sheets))
    squeezed = re.sub(r"\s+", "", pages[0])
    for column in first_sheet.columns:
        assert re.sub(r"\s+", "", column.header) in squeezed, f"column {column.header!r} is not on page 1"
