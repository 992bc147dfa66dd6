"""Resident-facing account URLs (inside the language prefix)."""

from django.urls import path

from . import views

urlpatterns = [
    path("logowanie/", views.login_page, name="login"),
    path("wyloguj/", views.logout_view, name="logout"),
    path("wylogowano/", views.logged_out, name="logged-out"),
    path("sesja/", views.session_state, name="session-state"),
]
