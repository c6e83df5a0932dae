"""Views of claims for people: the article page (``--format html``), the corpus sources page and displaCy spans."""

from claimx.view.article import article_page, document_section
from claimx.view.writer import HtmlWriter, TextPiece

__all__ = ["HtmlWriter", "TextPiece", "article_page", "document_section"]
