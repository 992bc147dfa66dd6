"""Page types of the municipal site, the eZator project site and the e-service pages.

One module per family of page types; everything is re-exported here for Django and imports.
"""

from ..snippets import GdprClause
from .accessibility import AccessibilityStatementPage
from .catalogue import EServiceCataloguePage
from .contact import ContactDepartment, ContactOpeningHours, ContactPage
from .content import ContentPage
from .documents import DocumentCategory, DocumentLibraryItem, DocumentLibraryPage
from .eservice import EServicePage, EServicePageForm, validate_registered_plugin
from .events import EventIndexPage, EventPage
from .guide import GuideChapterPage, GuidePage
from .home import HomePage
from .news import NewsArticlePage, NewsArticleTag, NewsIndexPage
from .notices import NoticeIndexPage, NoticePage
from .project import ProjectPage

__all__ = [
    "AccessibilityStatementPage",
    "ContactDepartment",
    "ContactOpeningHours",
    "ContactPage",
    "ContentPage",
    "DocumentCategory",
    "DocumentLibraryItem",
    "DocumentLibraryPage",
    "EServiceCataloguePage",
    "EServicePage",
    "EServicePageForm",
    "EventIndexPage",
    "EventPage",
    "GdprClause",
    "GuideChapterPage",
    "GuidePage",
    "HomePage",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsIndexPage",
    "NoticeIndexPage",
    "NoticePage",
    "ProjectPage",
    "validate_registered_plugin",
]
