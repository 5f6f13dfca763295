"""JVM manifests: Maven pom.xml, Gradle build files (Groovy and Kotlin DSL), version catalogs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from adrtool.scan.findings import Findings

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

BOOT_GROUP = "org.springframework.boot"
_GRADLE_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_GRADLE_BOOT = re.compile(r"org\.springframework\.boot|spring-boot-starter|springframework\.boot")
_GRADLE_KOTLIN = re.compile(
    r"""org\.jetbrains\.kotlin|kotlin\s*\(\s*["'](?:jvm|plugin\.spring|android)["']\s*\)"""
    r"""|kotlin-stdlib|libs\.plugins\.kotlin"""
)
_GRADLE_BOOT_ALIAS = re.compile(r"libs\.plugins\.spring[.-]?boot\b|libs\.spring\.boot\b")
_ROOT_NAME = re.compile(r"""rootProject\.name\s*=\s*["']([^"']+)["']""")


def parse_xml(found: Findings, rel: str, text: str) -> Element | None:
    """Parse XML (no external entities are ever fetched), or warn with the line."""
    from xml.etree import ElementTree

    if "<!ENTITY" in text:  # manifests never need entities; refuse entity expansion outright
        found.warn(rel, None, "XML entity declarations are not accepted; skipped")
        return None
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as e:
        found.warn(rel, e.position[0], f"invalid XML ({e}); skipped")
        return None


def local(tag: object) -> str:
    """An element's tag without its {namespace}."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def detect_pom(found: Findings, rel: str, text: str) -> None:
    root = parse_xml(found, rel, text)
    if root is None:
        return
    boot = kotlin = False
    for el in root.iter():
        tag = local(el.tag)
        if tag not in ("parent", "dependency", "plugin"):
            continue
        group, artifact = _child_text(el, "groupId"), _child_text(el, "artifactId")
        if group == BOOT_GROUP or artifact.startswith("spring-boot-"):
            boot = True
        if artifact in ("kotlin-maven-plugin", "kotlin-stdlib") or artifact.startswith(
            "kotlin-stdlib-"
        ):
            kotlin = True
    found.add("language", "kotlin" if kotlin else "java", rel)
    if boot:
        found.add("framework", "spring-boot", rel)
    found.name(_child_text(root, "name") or _child_text(root, "artifactId"), rel)


def detect_gradle(found: Findings, rel: str, text: str) -> None:
    """build.gradle / build.gradle.kts: Spring Boot plugin or dependencies; Kotlin plugin."""
    code = _GRADLE_COMMENT.sub("", text)
    kotlin = bool(_GRADLE_KOTLIN.search(code))
    found.add("language", "kotlin" if kotlin else "java", rel)
    if _GRADLE_BOOT.search(code) or _GRADLE_BOOT_ALIAS.search(code):
        found.add("framework", "spring-boot", rel)


def detect_gradle_settings(found: Findings, rel: str, text: str) -> None:
    """settings.gradle(.kts): only the project name."""
    m = _ROOT_NAME.search(_GRADLE_COMMENT.sub("", text))
    if m:
        found.name(m.group(1), rel)
