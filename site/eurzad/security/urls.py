"""URLs of the staff second factor, mounted under /admin/ before Wagtail's own admin URLs."""

from django.urls import path

from . import views

urlpatterns = [
    path("drugi-etap/", views.verify, name="staff_otp_verify"),
    path("drugi-etap/konfiguracja/", views.enrol, name="staff_otp_enrol"),
]
