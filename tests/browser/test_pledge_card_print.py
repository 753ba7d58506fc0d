"""The public pledge page printed (print CSS) as its 공약관리카드 on A4 portrait pages."""

import io

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARD_BLOCKS = [
    "1-2-4",
    "남북경제교류관련 기업유치 기반조성",
    "소관부서",
    "기업지원과",
    "8075-3570",
    "그동안 추진실적 (2018.~2021.6.)",
    "2019. 10. 15.(화)",
    "시민참여(소통) 실적",
    "연도별 투자계획",
    "문제점 및 개선대책",
]


def test_pledge_page_prints_as_the_card_on_a4_without_site_navigation(page, live_server, seeded):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in requirements-dev.txt")
    from pledges.models import Pledge

    pledge = Pledge.objects.get(code="1-2-4")
    page.goto(f"{live_server.url}/goyang/pledges/{pledge.term_id}/1-2-4/")
    page.emulate_media(media="print")
    assert not page.locator(".portal-main-menu").is_visible()
    assert not page.get_by_text("이 페이지를 인쇄하면").is_visible()
    screenshot(page, "pledge-card-print")
    printed = page.pdf(prefer_css_page_size=True, print_background=True)
    (SCREENSHOTS / "pledge-card-print.pdf").write_bytes(printed)
    pdf = pypdf.PdfReader(io.BytesIO(printed))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(595, 842)}  # A4 portrait, in points
    text = "".join(p.extract_text() for p in pdf.pages)
    squeezed = "".join(text.split())
    for block in CARD_BLOCKS:
        assert "".join(block.split()) in squeezed, block
    assert "성과관리일정" not in squeezed  # the site's main menu stays off paper
    assert squeezed.index("문제점및개선대책") > squeezed.index("연도별투자계획") > squeezed.index("시민참여(소통)실적")
    assert len(pdf.pages) <= 3
