"""Deployment and CI signals: mostly file names; a few YAML files are sniffed (head only)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from adrtool.scan.findings import Findings

DEPLOYMENT_ORDER = ("docker", "kubernetes", "helm", "serverless", "paas")

PAAS_FILES = frozenset(
    {"Procfile", "fly.toml", "render.yaml", "heroku.yml", "app.json", ".platform.app.yaml"}
)
SERVERLESS_FILES = frozenset(
    {"serverless.yml", "serverless.yaml", "serverless.ts", "serverless.json", "wrangler.toml",
     "host.json", "samconfig.toml"}
)  # fmt: skip
# exact repo-relative path (root only) -> CI id
CI_FILES = {
    ".gitlab-ci.yml": "gitlab-ci",
    ".gitlab-ci.yaml": "gitlab-ci",
    "Jenkinsfile": "jenkins",
    ".circleci/config.yml": "circleci",
    ".circleci/config.yaml": "circleci",
    "azure-pipelines.yml": "azure-pipelines",
    "azure-pipelines.yaml": "azure-pipelines",
    "bitbucket-pipelines.yml": "bitbucket-pipelines",
    ".travis.yml": "travis-ci",
    ".drone.yml": "drone",
    ".buildkite/pipeline.yml": "buildkite",
    ".woodpecker.yml": "woodpecker",
}
K8S_KINDS = (
    "Deployment|Service|StatefulSet|DaemonSet|Ingress|ConfigMap|Secret|CronJob|Job|Pod"
    "|ReplicaSet|HorizontalPodAutoscaler|Namespace|PersistentVolumeClaim|ServiceAccount"
    "|NetworkPolicy|Kustomization|Rollout|IngressRoute|HelmRelease"
)
_K8S_API = re.compile(r"(?m)^[ \t-]*apiVersion:\s*[\"']?[\w.-]*/?v\d")
_K8S_KIND = re.compile(rf"(?m)^[ \t-]*kind:\s*[\"']?(?:{K8S_KINDS})\b")
_SAM = re.compile(r"AWS::Serverless")
_GAE = re.compile(r"(?m)^runtime:\s*\S+")
_NETLIFY_FUNCTIONS = re.compile(r"(?m)^\s*(?:\[functions\]|functions\s*=)")
_VERCEL_FUNCTIONS = re.compile(r"\"functions\"\s*:")
SNIFF_BYTES = 16 * 1024
MAX_K8S_HITS = 5  # evidence enough; stop reading YAML after this many manifests
MAX_YAML_SNIFFS = 2000


def is_docker(name: str) -> bool:
    lower = name.lower()
    return (
        lower in ("dockerfile", "containerfile", ".dockerignore")
        or lower.startswith(("dockerfile.", "containerfile."))
        or lower.endswith((".dockerfile", ".containerfile"))
        or (lower.startswith(("docker-compose", "compose.")) and lower.endswith((".yml", ".yaml")))
    )


def detect_names(found: Findings, files: Sequence[str]) -> list[str]:
    """Signals from names alone; returns the YAML files worth sniffing for Kubernetes."""
    yaml_files: list[str] = []
    for rel in files:
        folder, _, name = rel.rpartition("/")
        if rel in CI_FILES:
            found.add("ci", CI_FILES[rel], rel)
        elif folder == ".github/workflows" and name.endswith((".yml", ".yaml")):
            found.add("ci", "github-actions", rel)
        if is_docker(name):
            found.add("deployment", "docker", rel)
        elif name == "Chart.yaml":
            found.add("deployment", "helm", rel)
            found.add("deployment", "kubernetes", rel)
        elif name in ("kustomization.yaml", "kustomization.yml", "skaffold.yaml"):
            found.add("deployment", "kubernetes", rel)
        elif name in SERVERLESS_FILES:
            found.add("deployment", "serverless", rel)
        elif name in PAAS_FILES:
            found.add("deployment", "paas", rel)
        elif name in ("template.yaml", "template.yml", "app.yaml", "app.yml", "netlify.toml",
                      "vercel.json"):  # fmt: skip
            _sniff_special(found, rel, name)
        elif name.endswith((".yaml", ".yml")) and not rel.startswith((".github/", ".gitlab")):
            yaml_files.append(rel)
        if rel.startswith("netlify/functions/") or "/netlify/functions/" in rel:
            found.add("deployment", "serverless", rel)
    if "vercel.json" in found.files:  # Vercel serves each file under api/ as a function
        for rel in files:
            if rel.startswith("api/") and rel.endswith((".js", ".ts", ".py", ".go", ".rb")):
                found.add("deployment", "serverless", rel)
                break
    return yaml_files


def _sniff_special(found: Findings, rel: str, name: str) -> None:
    text = found.read(rel, limit=SNIFF_BYTES, quiet=True) or ""
    if name.startswith("template.") and _SAM.search(text):
        found.add("deployment", "serverless", rel)
    elif name.startswith("app.") and _GAE.search(text):
        found.add("deployment", "paas", rel)  # Google App Engine
    elif (name == "netlify.toml" and _NETLIFY_FUNCTIONS.search(text)) or (
        name == "vercel.json" and _VERCEL_FUNCTIONS.search(text)
    ):
        found.add("deployment", "serverless", rel)
    elif name.startswith(("template.", "app.")):
        _sniff_kubernetes(found, [rel])


def _k8s_priority(rel: str) -> tuple[int, str]:
    hint = re.search(r"(?i)k8s|kube|helm|chart|deploy|manifest|overlay|kustomiz|infra|ops", rel)
    return (0 if hint else 1, rel)


def _sniff_kubernetes(found: Findings, yaml_files: Sequence[str]) -> None:
    hits = 0
    for rel in sorted(yaml_files, key=_k8s_priority)[:MAX_YAML_SNIFFS]:
        text = found.read(rel, limit=SNIFF_BYTES, quiet=True)
        if text and _K8S_API.search(text) and _K8S_KIND.search(text):
            found.add("deployment", "kubernetes", rel)
            hits += 1
            if hits >= MAX_K8S_HITS:
                return


def detect_deployment(found: Findings, files: Sequence[str]) -> None:
    """Add deployment and CI evidence for the listed files."""
    _sniff_kubernetes(found, detect_names(found, files))
