"""Render the brief model (see :mod:`._model`) as Markdown.

Every string that came from an article goes through :func:`._text.md`, which turns ``<`` and
``>`` into entities and backslash-escapes link, code, emphasis and table characters, so a
hostile title renders as text. Evidence notes are GitHub-style footnotes (``[^3]``); documents
are referred to by their Sources label (``S2``). Charts become small text charts.
"""

from __future__ import annotations

from typing import Any

from ._text import QUAD_NAMES, md, md_code, md_url

_QUAD_GLYPHS = {1: "░", 2: "▒", 3: "▓", 4: "█"}


def _refs(refs: list[dict[str, Any]]) -> str:
    parts = []
    for r in refs:
        if r["kind"] == "note":
            parts.append(f"[^{r['n']}]")
        else:
            parts.append(f"({md(r['label'])})")
    return " ".join(parts)


def _header(b: dict[str, Any]) -> list[str]:
    lines = [f"# {md(b['title'])}", ""]
    sub = b["kind"] + (f" · {md(b['period'])}" if b["period"] else "")
    lines += [f"*{sub}*", ""]
    lines.append(" · ".join(f"**{n}** {label}" for label, n in b["counts"]))
    lines.append("")
    if b["empty"]:
        lines += ["> **Nothing to report yet:** no events or claims have been extracted from "
                  "these documents.", ""]
    return lines


def _facts(b: dict[str, Any]) -> list[str]:
    lines = ["## What happened", ""]
    if not b["facts"]:
        return lines + ["Nothing yet: no corroborated events or agreed figures.", ""]
    for f in b["facts"]:
        lines.append(f"- {md(f['text'])} {_refs(f['refs'])}".rstrip())
    return lines + [""]


def _outlets(outlets: list[dict[str, Any]]) -> str:
    return ", ".join(md(o["name"]) + (" (copy)" if o["is_copy"] else "") for o in outlets) or "—"


def _stories(b: dict[str, Any]) -> list[str]:
    if b["story"]:
        s = b["story"]
        lines = ["## Story", ""]
        dates = f"{md(s['first'])} – {md(s['last'])}" if s["first"] else "undated"
        lines.append(f"- **Dates:** {dates}")
        lines.append(f"- **Documents:** {s['n_docs']} · **carried by:** {_outlets(s['outlets'])}")
        if s["thread"]:
            lines.append(f"- **Thread:** {md(s['thread'])}")
        if s["key_entities"]:
            lines.append(f"- **Key entities:** {', '.join(md(k) for k in s['key_entities'])}")
        return lines + [""]
    lines = ["## Stories", ""]
    if not b["stories"]:
        return lines + ["No stories yet.", ""]
    lines += ["| Story | Dates | Documents | Carried by |", "|---|---|---:|---|"]
    for s in b["stories"]:
        dates = f"{md(s['first'])} – {md(s['last'])}" if s["first"] else "undated"
        lines.append(f"| {md(s['title'])} | {dates} | {s['n_docs']} | {_outlets(s['outlets'])} |")
    return lines + [""]


def _figures(b: dict[str, Any]) -> list[str]:
    lines = ["## Figures", ""]
    if not b["figures"]:
        return lines + ["No figures (counts, tolls, sizes) have been extracted yet.", ""]
    c = b["figure_counts"]
    lines += [
        f"{c['disputed']} disputed · {c['agreed']} agreed · {c['single-source']} single source",
        "",
        "| Status | Subject | Value | Outlet | Speaker | Qualifier | Source |",
        "|---|---|---:|---|---|---|---|",
    ]
    for f in b["figures"]:
        for i, v in enumerate(f["values"]):
            if i == 0:
                status = f"**{md(f['status_label']).upper()}**"
                subject = f"{md(f['subject'])} – {md(f['property'])}"
                if f["reason"]:
                    subject += f" *({md(f['reason'])})*"
            else:
                status = subject = "″"
            src = " ".join(x for x in (_refs([v["ref"]]) if v["ref"] else "",
                                       _refs([v["doc"]]) if v["doc"] else "") if x)
            lines.append(
                f"| {status} | {subject} | {md(v['value'])} | {md(v['outlet']) or '—'} | "
                f"{md(v['speaker']) or '—'} | {md(v['qualifier']) or '—'} | {src or '—'} |"
            )
    if b["figures_left_out"]:
        lines += ["", f"*{b['figures_left_out']} figures from fewer sources are left out; the "
                  "export has them all.*"]
    return lines + [""]


def _timeline(b: dict[str, Any]) -> list[str]:
    lines = ["## Timeline", ""]
    if not b["timeline"]:
        return lines + ["No dated events yet.", ""]
    for t in b["timeline"]:
        date = f"**{md(t['date'])}**" if t["date"] else "**undated**"
        if t["by_publication"]:
            date += " *(dated by publication)*"
        tags = ""
        if t["tags"] and t["tags"]["quad"]:
            tg = t["tags"]
            tags = f" · {md(tg['quad_name'])}"
            tags += f", CAMEO {md(tg['cameo'])}" if tg["cameo"] else ""
        lines.append(f"- {date} — {md(t['text'])}{tags} {_refs(t['refs'])}".rstrip())
    if b["timeline_left_out"]:
        lines += ["", f"*{b['timeline_left_out']} less-reported items are left out; the export "
                  "has them all.*"]
    return lines + [""]


def _actors(b: dict[str, Any]) -> list[str]:
    lines = ["## Main actors", ""]
    if not b["actors"]:
        return lines + ["No actors identified yet.", ""]
    lines += ["| Actor | Type | Country | Documents | Also called |", "|---|---|---|---:|---|"]
    for a in b["actors"]:
        aliases = ", ".join(md(x) for x in a["aliases"]) or "—"
        lines.append(f"| {md(a['name'])} | {md(a['type']) or '—'} | {md(a['country']) or '—'} | "
                     f"{a['n_docs']} | {aliases} |")
    if b["n_entities"] > len(b["actors"]):
        lines += ["", f"*{b['n_entities'] - len(b['actors'])} more entities not shown.*"]
    return lines + [""]


def _text_bar(quads: list[int], scale: float) -> str:
    return "".join(_QUAD_GLYPHS[q] * round(n * scale) for q, n in zip(QUAD_NAMES, quads))


def _escalation(b: dict[str, Any]) -> list[str]:
    lines = ["## Escalation", ""]
    esc = b["escalation"]
    if any(b["quad_counts"].values()):
        total = max(b["quad_counts"].values())
        lines += ["Events by QuadClass:", "", "~~~"]
        for q, name in QUAD_NAMES.items():
            n = b["quad_counts"][q]
            lines.append(f"{name:<21} {_QUAD_GLYPHS[q] * round(24 * n / total):<24} {n}")
        lines += ["~~~", ""]
    if not esc:
        return lines + ["No escalation signal yet (no dyad has coded events over time).", ""]
    top = max((sum(r["quads"]) for r in esc["rows"]), default=1) or 1
    scale = min(1.0, 30 / top)
    legend = "  ".join(f"{_QUAD_GLYPHS[q]} {name}" for q, name in QUAD_NAMES.items())
    lines += ["~~~", legend]
    dyad = None
    for r in esc["rows"]:
        if r["dyad"] != dyad:
            dyad = r["dyad"]
            lines += ["", md_code(dyad)]
        lines.append(f"  {md_code(r['period']):<12} {_text_bar(r['quads'], scale):<30} "
                     f"index {md_code(r['index'])}")
    lines += ["~~~", ""]
    lines += [
        "| Dyad | Period | Events | VCoop | MCoop | VConf | MConf | Goldstein | Index | Band |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in esc["rows"]:
        q = r["quads"]
        lines.append(f"| {md(r['dyad'])} | {md(r['period'])} | {md(r['events'])} | "
                     f"{q[0]} | {q[1]} | {q[2]} | {q[3]} | {md(r['goldstein'])} | "
                     f"{md(r['index'])} | {md(r['band']) or '—'} |")
    return lines + [""]


def _sources(b: dict[str, Any]) -> list[str]:
    lines = ["## Sources", ""]
    if not b["sources"]:
        return lines + ["No documents yet.", ""]
    for s in b["sources"]:
        title = md(s["title"])
        if s["url"]:
            title = f"[{title}]({md_url(s['url'])})"
        line = f"- **{s['label']}** {title} — {md(s['outlet'])} · "
        if s["published"]:
            line += f"published {md(s['published'])} ({md(s['published_source'])}"
            line += f": {md(s['evidence'])})" if s["evidence"] else ")"
        else:
            line += f"undated (publication date {md(s['published_source'])})"
        if s["language"]:
            line += f" · {md(s['language'])}"
        if s["story"] and not b["story"]:
            line += f" · story: {md(s['story'])}"
        line += f" · path: {md(s['path']) or '—'} · id {md(s['id'])}"
        lines.append(line)
        for c in s["copies"]:
            lines.append(f"  - copy ({md(c['kind']) or 'duplicate'}): {md(c['outlet']) or '—'} · "
                         f"path: {md(c['path']) or '—'}")
    return lines + [""]


def _notes(b: dict[str, Any]) -> list[str]:
    if not b["notes"]:
        return []
    lines = ["## Evidence", ""]
    if not b["has_texts"]:
        lines += ["*Quotes are the extracted spans; document texts were not supplied, so no "
                  "context is shown.*", ""]
    for n in b["notes"]:
        quote = f"{md(n['before'], strip=False)}**{md(n['quote'])}**{md(n['after'], strip=False)}"
        where = f"{md(n['ref'])} ({n['doc_label'] or '?'}"
        where += f", {md(n['outlet'])})" if n["outlet"] else ")"
        lines.append(f"[^{n['n']}]: {where} — “{quote}”")
    return lines + [""]


def render(b: dict[str, Any]) -> str:
    """The whole brief as one Markdown string."""
    lines = _header(b)
    for section in (_facts, _stories, _figures, _timeline, _actors, _escalation, _sources, _notes):
        lines += section(b)
    lines.append("*Generated by brinkwatch from its export; every figure links to the words it "
                 "was read from.*")
    return "\n".join(lines).rstrip() + "\n"
