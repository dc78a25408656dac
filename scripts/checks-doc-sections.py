#!/usr/bin/env python3
"""Regenerates the image and live-cluster sections of docs/checks.md from `palisade checks list --format json`.

Usage: ./palisade checks list --format json | scripts/checks-doc-image-section.py docs/checks.md
"""
import json
import sys

SECTIONS = [
    ("Container image configuration", lambda c: c["id"].startswith("image.") and not c["id"].startswith("image.secret.")),
    ("Secrets in image layers", lambda c: c["id"].startswith("image.secret.")),
    ("Network hunter (scan network)", lambda c: c["id"].startswith("hunt.")),
    ("Audit log detections (audit analyze)", lambda c: c["id"].startswith("audit.")),
    ("Live cluster (scan cluster)", lambda c: c["id"].startswith("cluster.") or c["id"] in ("rbac.escalation-path", "rbac.node-escape-path", "rbac.powerful-pod-service-account")),
]


def render(title, checks):
    lines = [f"## {title}", "", "| id | severity | title | MITRE ATT&CK | frameworks | aliases |", "|---|---|---|---|---|---|"]
    for c in checks:
        frameworks = "; ".join([f"CIS {x}" for x in c.get("cis", [])] + [f"NSA/CISA: {x}" for x in c.get("nsa", [])])
        lines.append(f"| `{c['id']}` | {c['severity']} | {c['title']} | {', '.join(m['id'] for m in c['mitre'])} | {frameworks} | {', '.join(c.get('aliases', []))} |")
    lines.append("")
    for c in checks:
        lines += [f"### `{c['id']}`", "", c["description"], "", f"**Remediation:** {c['remediation']}", ""]
    return "\n".join(lines)


def main():
    path = sys.argv[1]
    catalogue = json.load(sys.stdin)
    text = open(path, encoding="utf-8").read()
    start = text.index("## Container image configuration")
    # Everything from the first image section to the next non-image section (or the end) is regenerated.
    tail = ""
    position = start
    while True:
        nxt = text.find("\n## ", position + 1)
        if nxt < 0:
            break
        heading = text[nxt + 4:text.index("\n", nxt + 4)]
        if heading not in [s[0] for s in SECTIONS]:
            tail = text[nxt + 1:]
            break
        position = nxt
    body = "\n".join(render(title, sorted([c for c in catalogue if keep(c)], key=lambda c: c["id"])) for title, keep in SECTIONS)
    open(path, "w", encoding="utf-8").write(text[:start] + body + ("\n" + tail if tail else ""))


if __name__ == "__main__":
    main()
