"""Machinery every app shares (workbooks, spreadsheet reading, uploads, reports, admin mixins, periods, API bases); imports no domain app."""
