"""The e-service plugin framework (base class, registry, auth levels) and its plugins."""
