"""The other ecosystems' manifests: .NET *.csproj, Gemfile, composer.json, go.mod, mix.exs."""

from __future__ import annotations

import re

from adrtool.scan.findings import Findings
from adrtool.scan.jvm import local, parse_xml
from adrtool.scan.node import load_json

WEB_SDK = "microsoft.net.sdk.web"
_HASH_COMMENT = re.compile(r"(?m)#.*$")
_GEM = re.compile(r"""(?m)^\s*gem\s*\(?\s*["']([A-Za-z0-9_.-]+)["']""")
_GO_COMMENT = re.compile(r"//[^\n]*")
_GO_MODULE = re.compile(r"(?m)^\s*module\s+\"?([^\s\"]+)")
_GO_REQUIRE = re.compile(r"(?ms)^\s*require\s*\((.*?)^\s*\)|^\s*require\s+([^\n]+)")
_MIX_PHOENIX = re.compile(r"\{\s*:phoenix\s*,")
_MIX_APP = re.compile(r"\bapp:\s*:([A-Za-z0-9_]+)")

GO_FRAMEWORKS = {"github.com/gin-gonic/gin": "gin"}
GEM_FRAMEWORKS = {"rails": "rails", "railties": "rails"}
COMPOSER_FRAMEWORKS = {"laravel/framework": "laravel"}


def detect_csproj(found: Findings, rel: str, text: str) -> None:
    """``<Project Sdk="Microsoft.NET.Sdk.Web">`` (or the ASP.NET Core shared framework)."""
    root = parse_xml(found, rel, text)
    if root is None:
        return
    found.add("language", "csharp", rel)
    sdks = [root.get("Sdk", "")]
    web = False
    for el in root.iter():
        tag = local(el.tag)
        if tag == "Sdk":
            sdks.append(el.get("Name", ""))
        elif tag in ("FrameworkReference", "PackageReference"):
            include = el.get("Include", "")
            web = (
                web
                or include == "Microsoft.AspNetCore.App"
                or (tag == "PackageReference" and include.startswith("Microsoft.AspNetCore."))
            )
    # Sdk="A;B" lists several SDKs; "Name/version" pins one
    names = {s.strip().split("/")[0].lower() for sdk in sdks for s in sdk.split(";")}
    if web or WEB_SDK in names:
        found.add("framework", "aspnet-core", rel)
    found.name(rel.rpartition("/")[2].removesuffix(".csproj"), rel)


def detect_gemfile(found: Findings, rel: str, text: str) -> None:
    found.add("language", "ruby", rel)
    for gem in _GEM.findall(_HASH_COMMENT.sub("", text)):
        if gem in GEM_FRAMEWORKS:
            found.add("framework", GEM_FRAMEWORKS[gem], rel)


def detect_composer(found: Findings, rel: str, text: str) -> None:
    data = load_json(found, rel, text)
    if data is None:
        return
    if not isinstance(data, dict):
        found.warn(rel, 1, "composer.json must be a JSON object; skipped")
        return
    found.add("language", "php", rel)
    for key in ("require", "require-dev"):
        table = data.get(key)
        for package in table if isinstance(table, dict) else ():
            if package in COMPOSER_FRAMEWORKS:
                found.add("framework", COMPOSER_FRAMEWORKS[package], rel)
    found.name(data.get("name"), rel)


def go_requires(text: str) -> list[str]:
    """Module paths in go.mod's require lines and blocks."""
    code = _GO_COMMENT.sub("", text)
    paths: list[str] = []
    for block, single in _GO_REQUIRE.findall(code):
        for line in (block or single).splitlines():
            parts = line.split()
            if parts:
                paths.append(parts[0].strip('"'))
    return paths


def detect_go_mod(found: Findings, rel: str, text: str) -> None:
    found.add("language", "go", rel)
    for path in go_requires(text):
        if path in GO_FRAMEWORKS:
            found.add("framework", GO_FRAMEWORKS[path], rel)
    module = _GO_MODULE.search(_GO_COMMENT.sub("", text))
    if module:
        found.name(module.group(1).rstrip("/").rpartition("/")[2], rel)


def detect_mix(found: Findings, rel: str, text: str) -> None:
    code = _HASH_COMMENT.sub("", text)
    found.add("language", "elixir", rel)
    if _MIX_PHOENIX.search(code):
        found.add("framework", "phoenix", rel)
    app = _MIX_APP.search(code)
    if app:
        found.name(app.group(1), rel)
