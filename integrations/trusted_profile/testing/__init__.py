"""Test doubles of the trusted-profile integration that run the real protocol (no mocks)."""

from integrations.trusted_profile.testing.wk_emulator import ActiveSession, WKEmulator
from integrations.trusted_profile.testing.wk_messages import Resident

__all__ = ["ActiveSession", "Resident", "WKEmulator"]
