"""Site-wide security: the content security policy, response headers and the staff second factor.

Brute-force lockout of the staff login is django-axes, configured in the settings; this package
only supplies its Polish lockout page.
"""
