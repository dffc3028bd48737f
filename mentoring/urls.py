from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .health import healthz

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("mentoring.accounts.urls")),
    path("territory/", include("mentoring.territory.urls")),
    path("healthz/", healthz, name="healthz"),
    path("participants/", include("participants.urls")),
    path("pairs/", include("pairs.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("surveys/", include("surveys.urls")),
    path("reports/", include("reports.urls")),
    path("monitoring/", include("reports.urls_monitoring")),
    path("public/", include("reports.urls_public")),
    path("admin/", admin.site.urls),
]
