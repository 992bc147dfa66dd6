"""The form in which staff type the six-digit code from their authenticator app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """One TOTP code ("kod jednorazowy"), six digits."""

    code = forms.RegexField(
        label=_("Kod z aplikacji"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Wpisz sześć cyfr z aplikacji uwierzytelniającej.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_code(self) -> str:
        """The code without the spaces people copy along with it."""
        return self.cleaned_data["code"].strip()
