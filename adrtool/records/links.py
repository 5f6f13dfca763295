"""Typed links between records: ``Supercedes [1. Foo](0001-foo.md)``, ``Amends ADR-0002``. Pure.

Links that name a file keep ``target_file``; when the file name carries no number
(log4brains) the link's ``target`` is UNRESOLVED (-1) until ``store.load_folder``
resolves it against the folder.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from adrtool.records.model import Link
from adrtool.records.names import DATED_NAME, number_from_filename

UNRESOLVED = -1  # Link.target of a file-named link whose number is not known yet

_SUPERSEDES = {"supersedes", "supercedes", "replaces"}
_SUPERSEDED_BY = {"superseded by", "superceded by", "replaced by", "superseded-by", "superseded_by"}
# link text may hold one level of balanced brackets: [2. Use [Kafka] now](0002-x.md)
_MD_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>\[\]]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
# Every pattern here runs on untrusted lines: keep them free of nested or adjacent
# ambiguous quantifiers (no catastrophic backtracking on long lines).
_LABEL = re.compile(r"[A-Za-z][A-Za-z _-]*")  # used with fullmatch only
_BARE_SUPERSEDE = re.compile(
    r"(supersedes|supercedes|replaces|superseded[ \t_-]+by|superceded[ \t]+by|replaced[ \t]+by)"
    r"\b[ \t]*(?::[ \t]*)?(?=(?:ADR[-_ ]?|#)?\d)",
    re.IGNORECASE,
)
_NUMBER_REF = re.compile(r"(?:ADR[-_ ]?|#)(\d+)|^\s*(\d+)\b", re.IGNORECASE)


def link_kind(label: str) -> str:
    """ "supersedes", "superseded_by" or "link" for a link label as written."""
    key = " ".join(label.lower().replace("_", " ").replace("-", " ").split())
    if key in _SUPERSEDES:
        return "supersedes"
    if key in _SUPERSEDED_BY or key.replace(" ", "-") in _SUPERSEDED_BY:
        return "superseded_by"
    return "link"


def target_of(text: str, target: str | None) -> tuple[int, str | None]:
    """(number or UNRESOLVED, file name or None) for a link's text and href."""
    file_name: str | None = None
    number: int | None = None
    if target and not target.startswith(("http://", "https://", "#", "mailto:")):
        file_name = PurePosixPath(target.split("#", 1)[0]).name or None
        if file_name and not file_name.lower().endswith(".md"):
            file_name = file_name + ".md" if DATED_NAME.match(file_name + ".md") else file_name
        if file_name:
            number = number_from_filename(file_name)
    if target is None:  # a bare "20200926-some-slug" names a log4brains file, not a number
        bare = text.strip()
        candidate = bare if bare.lower().endswith(".md") else bare + ".md"
        if " " not in bare and DATED_NAME.match(candidate):
            file_name = candidate
    if number is None and not (file_name and DATED_NAME.match(file_name)):
        m = _NUMBER_REF.search(text)
        if m:
            number = int(m.group(1) or m.group(2))
    return (UNRESOLVED if number is None else number), file_name


def links_in(label: str, rest: str, line: int | None) -> list[Link]:
    """The links in ``rest`` (Markdown links, or bare ``ADR-0003`` / ``3`` references)."""
    found = [
        Link(label, *target_of(text, href), line=line) for text, href in _MD_LINK.findall(rest)
    ]
    if found:
        return found
    for part in re.split(r",|\band\b", rest):
        number, file_name = target_of(part, None)
        if number != UNRESOLVED or file_name:
            found.append(Link(label, number, file_name, line))
    return found


def _points_at_record(link: Link) -> bool:
    """A numbered target or a Markdown file; not a web page or an image."""
    if link.target != UNRESOLVED:
        return True
    return bool(link.target_file) and str(link.target_file).lower().endswith(".md")


def link_line(text: str, line: int) -> list[Link] | None:
    """``Supercedes [1. Foo](0001-foo.md)`` -> links; None when the line is not a link line."""
    i = text.find("[")
    if i > 0 and text[i - 1] in " \t:":
        label = text[:i].rstrip()
        if label.endswith(":"):
            label = label[:-1].rstrip()
        if label and _LABEL.fullmatch(label):
            found = [lk for lk in links_in(label, text[i:], line) if _points_at_record(lk)]
            return found or None
    m = _BARE_SUPERSEDE.match(text)
    if m:
        return links_in(m.group(1), text[m.end() :], line) or None
    return None


def split_links(
    raw: list[Link] | tuple[Link, ...],
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[Link, ...]]:
    """(supersedes, superseded_by, other typed links) from links as written; unresolved
    supersession targets are left out, duplicates kept once, order kept."""
    supersedes: list[int] = []
    superseded_by: list[int] = []
    links: list[Link] = []
    for lk in raw:
        kind = link_kind(lk.label)
        if kind == "link":
            links.append(lk)
            continue
        bucket = supersedes if kind == "supersedes" else superseded_by
        if lk.target != UNRESOLVED and lk.target not in bucket:
            bucket.append(lk.target)
    return tuple(supersedes), tuple(superseded_by), tuple(links)
