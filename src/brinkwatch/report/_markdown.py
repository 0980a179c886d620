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


def _sentence(parts: list[dict[str, Any]]) -> str:
    out = ""
    for p in parts:
        out += _refs([p["ref"]]) if "ref" in p else md(p["text"], strip=False)
    return out.strip()


def _summary(b: dict[str, Any]) -> list[str]:
    lines = ["## The story in a few sentences", ""]
    if not b["sentences"]:
        return lines + ["Nothing yet: no corroborated events or figures.", ""]
    return lines + [" ".join(_sentence(s) for s in b["sentences"]), ""]


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


def _src(v: dict[str, Any]) -> str:
    parts = [_refs([v["ref"]]) if v["ref"] else "", _refs([v["doc"]]) if v["doc"] else ""]
    return " ".join(x for x in parts if x) or "—"


def _figures(b: dict[str, Any]) -> list[str]:
    lines = ["## Figures", ""]
    if not b["figures"]:
        return lines + ["No figures (counts, tolls, sizes) have been extracted yet.", ""]
    c = b["figure_counts"]
    lines += [f"{c['disputed']} disputed · {c['agreed']} agreed · "
              f"{c['single-source']} single source", ""]
    if b["disputed"]:
        lines += ["### Disputed", ""]
        for f in b["disputed"]:
            lines.append(f"- **{md(f['name'])}** — *{md(f['reason']) or 'sources differ'}*")
            for v in f["values"]:
                who = md(v["who"]) or "no speaker named"
                lines.append(f"  - {md(v['value'])} — {who} · {_src(v)}")
        lines.append("")
    if b["agreed"]:
        lines += ["### Agreed", "", "| Figure | Value | Documents | Sources | Why agreed |",
                  "|---|---|---:|---|---|"]
        for f in b["agreed"]:
            refs = " ".join(_src(v) for v in f["values"][:4])
            lines.append(f"| {md(f['name'])} | {md(f['headline']) or '—'} | {f['n_docs']} | "
                         f"{refs} | {md(f['reason']) or '—'} |")
        lines.append("")
    single = b["single"] + b["single_more"]
    if single:
        lines += ["### Single source", "", "| Figure | Value | Who | Source | Note |",
                  "|---|---|---|---|---|"]
        for f in b["single"]:
            for i, v in enumerate(f["values"][:2]):
                note = (md(f["reason"]) or "—") if i == 0 else "″"
                lines.append(f"| {md(f['name'])} | {md(v['value'])} | {md(v['who']) or '—'} | "
                             f"{_src(v)} | {note} |")
        if b["single_more"]:
            lines += ["", f"*{len(b['single_more'])} more single-source figures are in the "
                      "export.*"]
        lines.append("")
    if b["figures_left_out"]:
        lines += [f"*{b['figures_left_out']} figures from fewer sources are left out; the "
                  "export has them all.*", ""]
    return lines


def _row(t: dict[str, Any]) -> str:
    date = f"**{md(t['date'])}**" if t["date"] else "**undated**"
    if t["by_publication"]:
        date += " *(dated by publication)*"
    tags = ""
    if t["tags"] and t["tags"]["quad"] and not t["statement"]:
        tg = t["tags"]
        tags = f" · {md(tg['quad_name'])}" + (f", CAMEO {md(tg['cameo'])}" if tg["cameo"] else "")
    text = f"*said:* {md(t['text'])}" if t["statement"] else md(t["text"])
    return f"- {date} — {text}{tags} {_refs(t['refs'])}".rstrip()


def _timeline(b: dict[str, Any]) -> list[str]:
    lines = ["## Timeline", ""]
    if not (b["timeline"] or b["background"] or b["undated"]):
        return lines + ["No dated events yet.", ""]
    lines += [_row(t) for t in b["timeline"]] or ["No events dated in the crisis period."]
    if b["unattributed"]:
        lines += ["", f"*{b['unattributed']} statements with no identified speaker are not "
                  "shown.*"]
    if b["timeline_left_out"]:
        lines += ["", f"*{b['timeline_left_out']} less-reported items are left out; the export "
                  "has them all.*"]
    lines.append("")
    if b["background"]:
        lines += ["### Background", ""] + [_row(t) for t in b["background"]]
        if b["background_more"]:
            lines.append(f"- *{b['background_more']} more background items in the export*")
        lines.append("")
    if b["undated"]:
        lines += ["### Undated", ""] + [_row(t) for t in b["undated"]]
        if b["undated_more"]:
            lines.append(f"- *{len(b['undated_more'])} more undated items in the export*")
        lines.append("")
    return lines


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
        elif s["anchor_date"]:
            line += (f"undated; placed on {md(s['anchor_date'])} "
                     f"({md(s['anchor_source']) or 'inferred'}: {md(s['anchor_reason']) or '—'})")
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
    for section in (_summary, _stories, _figures, _timeline, _actors, _escalation, _sources, _notes):
        lines += section(b)
    lines.append("*Generated by brinkwatch from its export; every figure links to the words it "
                 "was read from.*")
    return "\n".join(lines).rstrip() + "\n"
