"""Report builders: the 密评 report PDF (reportlab) and the Excel workbooks (openpyxl). No Qt."""
