"""Create the local demo staff account and print its password and TOTP key once (dev only)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from eurzad.security.staff_otp import DEVICE_NAME, secret_for_display

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
        existing = user_model.objects.filter(username=USERNAME).first()
        if existing is not None:
            if not TOTPDevice.objects.filter(user=existing, confirmed=True).exists():
                # Accounts made before the admin required a second factor get one now.
                self._print_second_factor(self._add_device(existing))
            self.stdout.write(
                f"Admin panel: {base_url}/admin/ (user '{USERNAME}'; the password was printed when "
                f"the account was created; set a new one with: python manage.py changepassword "
                f"{USERNAME})"
            )
            return
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_superuser(
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
        self._print_second_factor(self._add_device(user))

    def _add_device(self, user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)

    def _print_second_factor(self, device: TOTPDevice) -> None:
        # The admin asks for a code after the password: add this key to an authenticator app
        # (or generate codes with: oathtool --totp -b KEY).
        self.stdout.write(
            self.style.SUCCESS(
                f"Second factor (TOTP) for '{USERNAME}': key {secret_for_display(device=device)} "
                f"— add it to an authenticator app, or scan this URI: {device.config_url} "
                "(shown only now)"
            )
        )
