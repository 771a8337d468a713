"""URL routes: pages, the JSON API, accounts and admin. (/health/ is answered by library.health.)"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from library import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("library.urls")),
    path("api/", include((api.router.urls, "api"))),
    path("api/auth/token/", api.TokenView.as_view(), name="api-token"),
    path("api/auth/user/", api.UserView.as_view(), name="api-user"),
    path("api/auth/session/", api.SessionView.as_view(), name="api-session"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("jobs/", include("jobs.urls")),
]
