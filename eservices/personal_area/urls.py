"""URLs of the app (filled in by the trusted-profile issue)."""

urlpatterns: list = []
