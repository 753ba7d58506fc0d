"""Each report converts to PDF with LibreOffice headless (Debian's libreoffice-calc-nogui in CI)."""

import shutil
import subprocess

import pytest

from portal.excel import write_report
from portal.reports import report_builder, resolve_filters
from tests.conftest import require_service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["plan-progress", "budget", "pledges", "kpis"])
def test_report_converts_to_pdf_with_libreoffice(name, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_service("LibreOffice", soffice, "install Debian's libreoffice-calc-nogui (make browser)")
    source = tmp_path / f"{name}.xlsx"
    write_report(report_builder(name)(resolve_filters(None)), source)
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
    pdf = tmp_path / f"{name}.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 1000
