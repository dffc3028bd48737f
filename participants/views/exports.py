"""Export of the bases to XLSX and CSV with formula injection neutralised."""

urlpatterns = []
