"""Views of reports, one module per area: indicators, reports, orders, awards."""
