"""The e-service plugin framework (base class, registry, auth levels) and the plugins, one app each."""
