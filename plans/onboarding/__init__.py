"""A whole plan as one workbook: export it, or onboard a city's plan from it (upload, preview, one-transaction apply)."""
