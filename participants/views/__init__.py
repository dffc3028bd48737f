"""Pages of the participant bases, one module per area; each area module
may declare its own ``urlpatterns`` that ``participants/urls.py`` includes."""
