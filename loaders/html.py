"""HTML pages to text: the article's blocks, one per line, and the page's metadata.

Scripts, styles, navigation, footers, asides and forms go; block elements
(paragraphs, headings, list items, divs, <br>) become line breaks, so the
cleaner sees the page's structure the way a scraped .txt file shows it.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

DROP = (
    "script, style, noscript, template, nav, footer, aside, form, iframe, svg, canvas, "
    "button, select, textarea, object, embed, [aria-hidden=true], [hidden]"
)
BLOCKS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption "
    "figure h1 h2 h3 h4 h5 h6 header hgroup hr li main ol p pre section summary table tbody "
    "td tfoot th thead tr ul".split()
)
_SPACE = re.compile(r"[ \t\f\v\r\n\u00a0\u200b]+")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)

# (css selector, attribute) in order of preference, per field
_META = {
    "title": (
        ('meta[property="og:title"]', "content"),
        ('meta[name="twitter:title"]', "content"),
        ("title", None),
    ),
    "published": (
        ('meta[property="article:published_time"]', "content"),
        ('meta[itemprop="datePublished"]', "content"),
        ('meta[name="pubdate"]', "content"),
        ('meta[name="date"]', "content"),
        ("time[datetime]", "datetime"),
    ),
    "url": (
        ('link[rel="canonical"]', "href"),
        ('meta[property="og:url"]', "content"),
    ),
}


def looks_like_html(text: str) -> bool:
    """True for a document that starts with <!doctype html> or <html>."""
    return bool(_HTML_START.match(text[:4096]))


def html_meta(html: str) -> dict[str, str]:
    """title, published and url from the page's <head> (and <time>), where present."""
    tree = LexborHTMLParser(html)
    found: dict[str, str] = {}
    for key, choices in _META.items():
        for selector, attribute in choices:
            node = tree.css_first(selector)
            if node is None:
                continue
            value = node.text() if attribute is None else node.attributes.get(attribute)
            value = _SPACE.sub(" ", value or "").strip()
            if value:
                found[key] = value
                break
    return found


def html_to_text(html: str) -> str:
    """The visible text of the page's main content, one block per line."""
    tree = LexborHTMLParser(html)
    for node in tree.css(DROP):
        node.decompose()
    root = _content_root(tree)
    if root is None:
        return ""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    # An explicit stack (not recursion): scraped pages can nest thousands deep.
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        if node.is_text_node:
            current.append(node.text_content or "")
            continue
        if not node.is_element_node:
            continue
        block = node.tag in BLOCKS
        if entering:
            if block:
                flush()
            stack.append((node, False))
            children = []
            child = node.first_child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, True) for c in reversed(children))
        elif block:
            flush()
    flush()
    return "\n".join(lines)


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The longest <article> (related-article cards can be <article>s too), else
    <main>, else <body>; an <article> or <main> holding under a quarter of the
    page's text is a card, not the content."""
    body = tree.body or tree.root
    total = len(body.text(strip=True)) if body is not None else 0
    for selector in ("article", "main"):
        candidates = tree.css(selector)
        if candidates:
            best = max(candidates, key=lambda n: len(n.text(strip=True)))
            if len(best.text(strip=True)) >= total * 0.25:
                return best
    return body
