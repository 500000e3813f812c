"""Report rendering: SVG chart geometry, PDF (WeasyPrint), Excel (openpyxl) and the TPN pack.

Pure rendering from data the caller may see; the job bookkeeping lives in scoring/report_services.py
and the Celery entry point in scoring/tasks.py.
"""
