"""Plain text from HTML fragments (feed item bodies), with scripts and styles dropped."""

from __future__ import annotations

import re

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}


def fragment_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element."""
    import lxml.html
    from lxml import etree

    if not html or not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", html).strip()
    for bad in root.xpath("//script|//style|//iframe|//noscript|//template"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")

    walk(root)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
