"""Generated views of an ADR folder: the Markdown index (toc) and the decision graph."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adrtool.records.model import Record
from adrtool.records.store import Folder
from adrtool.services.records import heading_title, is_nygard, read_text_file


def _read_snippet(path: Path | None, what: str) -> str:
    return "" if path is None else read_text_file(path, what).rstrip("\n")


def toc_markdown(folder: Folder, *, style: str = "auto", prefix: str = "",
                 intro: Path | None = None, outro: Path | None = None) -> str:
    """The Markdown index: adr-tools' bullet list ("list") or a table with statuses."""
    from adrtool.render import render

    if style == "auto":
        nygard = bool(folder.records) and all(is_nygard(r) for r in folder.records)
        style = "list" if nygard else "table"
    rows = [
        {"number": r.number, "title": r.title, "link": f"{prefix}{r.path.name}",
         "status": r.status or "", "date": r.date.isoformat() if r.date else ""}
        for r in folder.records
    ]
    context = {"records": rows, "style": style, "intro": _read_snippet(intro, "intro"),
               "outro": _read_snippet(outro, "outro")}
    return render("toc.md.j2", context, folder.repo)


def _edges(records: Sequence[Record]) -> list[tuple[int, int, str]]:
    """(from, to, label) for supersession and typed links, as written, without reverses."""
    from adrtool.records.parse import link_kind

    known = {r.number for r in records}
    edges: list[tuple[int, int, str]] = []
    for r in records:
        for lk in r.raw_links:
            if link_kind(lk.label) == "superseded_by" or lk.label.lower().endswith(" by"):
                continue
            if lk.target in known and (r.number, lk.target, lk.label) not in edges:
                edges.append((r.number, lk.target, lk.label))
        for n in r.supersedes:
            if n in known and not any(e[0] == r.number and e[1] == n for e in edges):
                edges.append((r.number, n, "Supersedes"))
    return edges


def graph(folder: Folder, *, fmt: str = "dot", prefix: str = "",
          extension: str = ".html") -> str:
    """The decision graph: Graphviz dot as adr-tools writes it, or a Mermaid flowchart."""
    records = folder.records
    edges = _edges(records)
    if fmt == "dot":
        out = ["digraph {", "  node [shape=plaintext];", "  subgraph {"]
        for i, r in enumerate(records):
            url = f"{prefix}{r.path.name[:-3]}{extension}"
            out.append(f'    _{r.number} [label="{_dot(heading_title(r))}"; URL="{_dot(url)}"];')
            if i > 0:
                out.append(f'    _{records[i - 1].number} -> _{r.number} '
                           '[style="dotted", weight=1];')
        out.append("  }")
        for a, b, label in edges:
            out.append(f'  _{a} -> _{b} [label="{_dot(label)}", weight=0]')
        out.append("}")
        return "\n".join(out) + "\n"
    out = ["flowchart TB"]
    for r in records:
        label = f"{heading_title(r)}" + (f" ({r.status})" if r.status else "")
        out.append(f'  adr{r.number}["{_mermaid(label)}"]')
    for a, b, label in edges:
        out.append(f'  adr{a} -->|"{_mermaid(label)}"| adr{b}')
    for r in records:
        out.append(f'  click adr{r.number} "{_mermaid(prefix + r.path.name)}"')
    return "\n".join(out) + "\n"


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _mermaid(text: str) -> str:
    return text.replace('"', "#quot;")
