"""Create the local demo staff account and print its password once (development only)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo staff account for local use and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url: str, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError(
                "Demo accounts are disabled in these settings; create staff with createsuperuser."
            )
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Admin panel: {base_url}/admin/ (user '{USERNAME}'; the password was printed when "
                f"the account was created; set a new one with: python manage.py changepassword "
                f"{USERNAME})"
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=USERNAME,
            email="admin@example.invalid",
            password=password,
            first_name="Administrator",
            last_name="Demo",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin panel: {base_url}/admin/ — user '{USERNAME}', password '{password}' "
                "(shown only now; local demo account)"
            )
        )
