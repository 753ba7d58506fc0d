"""The shared writer: layout, number formats, print setup and text that must never become a formula."""

import datetime
import io

import openpyxl

from portal.excel import MONEY, Column, Report, Row, Sheet, sheet_name, write_report

COLUMNS = [Column("이름", 20), Column("금액", **MONEY)]


def written(rows, **sheet):
    stream = io.BytesIO()
    report = Report(
        name="t",
        title="시험",
        sheets=[
            Sheet(name="시험", title="시험 보고서", unit_label="(단위: 백만원)", columns=COLUMNS, rows=rows, **sheet)
        ],
    )
    write_report(
        report, stream, as_of=datetime.date(2026, 5, 1), written_on=datetime.date(2026, 5, 3), filters_text="범위: 전체"
    )
    stream.seek(0)
    return openpyxl.load_workbook(stream).active


def test_title_as_of_unit_row_and_bold_bordered_header():
    ws = written([["가", 1234567]])
    assert ws["A1"].value == "시험 보고서"
    assert ws["A2"].value == "작성일: 2026-05-03 · 자료 기준일: 2026-05-01"
    assert ws["A3"].value == "범위: 전체"
    assert ws["B3"].value == "(단위: 백만원)"
    assert [ws["A4"].value, ws["B4"].value] == ["이름", "금액"]
    assert ws["A4"].font.b and ws["A4"].border.bottom.style == "thin"


def test_page_header_and_footer_name_the_report_page_x_of_y_and_the_issuer():
    stream = io.BytesIO()
    report = Report(name="t", title="시험 & 보고", issuer="남양주시 기획조정실", sheets=[])
    report.sheets = [Sheet(name="시험", title="시험 보고서", unit_label="(단위: 백만원)", columns=COLUMNS, rows=[])]
    write_report(report, stream, as_of=datetime.date(2018, 2, 24), written_on=datetime.date(2026, 5, 3))
    stream.seek(0)
    ws = openpyxl.load_workbook(stream).active
    assert ws.oddHeader.left.text == "시험 && 보고"
    assert ws.oddHeader.right.text == "자료 기준일: 2018-02-24"
    assert ws.oddFooter.left.text == "남양주시 기획조정실"
    assert ws.oddFooter.center.text == "&P / &N"
    assert ws.oddFooter.right.text == "작성일: 2026-05-03"


def test_dates_are_typed_as_dates():
    ws = written([["가", datetime.date(2019, 10, 15)]])
    assert ws["B5"].value == datetime.datetime(2019, 10, 15)
    assert ws["B5"].is_date and ws["B5"].number_format == "yyyy-mm-dd"


def test_frozen_header_autofilter_widths_and_a4_landscape_fit_to_width():
    ws = written([["가", 1], ["나", 2]])
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:B6"
    assert ws.column_dimensions["A"].width == 20
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)


def test_amounts_get_thousands_separators_one_format_per_column_and_keep_their_digits():
    ws = written([["가", 253363], ["나", 788.137]])
    assert (ws["B5"].value, ws["B5"].number_format) == (253363, "#,##0")
    assert (ws["B6"].value, ws["B6"].number_format) == (788.137, "#,##0")


def test_text_starting_with_formula_characters_is_stored_as_text():
    hostile = ["=SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", '=HYPERLINK("http://x")']
    ws = written([[text, None] for text in hostile])
    for row, text in enumerate(hostile, start=5):
        cell = ws.cell(row=row, column=1)
        assert cell.value == text
        assert cell.data_type == "s", text
        assert cell.quotePrefix
    assert written([["-", None]])["A5"].value == "-"


def test_subtotal_rows_are_bold_and_preamble_pushes_the_header_down():
    ws = written([["가", 1], Row(["소계", 1])], preamble=[["이행 상태", "공약 수"]])
    assert ws.freeze_panes == "A7"
    assert ws["A6"].value == "이름"
    assert ws["A8"].font.b and not ws["A7"].font.b


def test_sheet_names_are_valid_and_unique():
    used = set()
    assert sheet_name("1-2-4 공약관리카드: [초안]?", used) == "1-2-4 공약관리카드   초안"
    assert sheet_name("1-2-4 공약관리카드: [초안]?", used) == "1-2-4 공약관리카드   초안 (2)"
    assert len(sheet_name("가" * 40, used)) == 31
