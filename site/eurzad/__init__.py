"""The composition root of the e-Urząd portal: settings, URLs, WSGI/ASGI and dev services.

Lives in the ``site/`` folder of the checkout; named ``eurzad`` because the standard library owns
``site`` (see README, "Layout").
"""
