"""Everything outside the portal, one package each (trusted profile, e-Doręczenia, ePUAP, tax
system, document management). Each exposes an interface, a factory building the configured
implementation from settings, and typed exceptions; nothing here imports the rest of the portal.
The packages arrive with their issues.
"""
