"""A unit's action plan in and out of Excel, in the layout units already use (seed 004).

`layout.py` (the columns, their headers and how a cell's value is read), `export.py` (the plan as
an .xlsx), `reader.py` (a workbook's rows), `matching.py` (a row's indicator and question),
`imports.py` (the import as a checked plan, all or nothing, and its apply), `forms.py`,
`views.py`, `urls.py` (`/penilaian/<id>/rencana-aksi/ekspor/` and `.../impor/`).
"""
