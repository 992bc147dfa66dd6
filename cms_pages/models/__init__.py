"""Page types of the municipal site, the eZator project site and the e-service pages.

One module per family of page types; everything is re-exported here for Django and imports.
"""

from .content import ContentPage
from .eservice import EServicePage, EServicePageForm, validate_registered_plugin
from .home import HomePage
from .project import ProjectPage

__all__ = [
    "ContentPage",
    "EServicePage",
    "EServicePageForm",
    "HomePage",
    "ProjectPage",
    "validate_registered_plugin",
]
