#!/usr/bin/env python3
"""Compares a winparity JSON report with tests/goref's output for the same tree.

usage: compare_goref.py WINPARITY.json GOREF.json  — prints every disagreement, exits 1 if any.
Compared: files (path, package, test, platforms, error presence), apis (every field but
the ones only winparity has), guards and refusals (all fields), summary counts (overall and
test-support), the test-support packages.
"""
import json, sys

def main():
    w = json.load(open(sys.argv[1]))
    g = json.load(open(sys.argv[2]))
    bad = []
    wf = {f["path"]: f for f in w["files"]}
    gf = {f["path"]: f for f in g["files"]}
    for p in sorted(set(wf) | set(gf)):
        a, b = wf.get(p), gf.get(p)
        if a is None or b is None:
            bad.append(f"file {p}: only in {'goref' if a is None else 'winparity'}")
            continue
        for k in ("package", "test", "platforms"):
            if a[k] != b[k]:
                bad.append(f"file {p}: {k} {a[k]!r} vs goref {b[k]!r}")
        if (a["error"] is None) != (b["error"] is None):
            bad.append(f"file {p}: error {a['error']!r} vs goref {b['error']!r}")
    wa = {x["id"]: x for x in w["apis"]}
    ga = {x["id"]: x for x in g["apis"]}
    for i in sorted(set(wa) | set(ga)):
        a, b = wa.get(i), ga.get(i)
        if a is None or b is None:
            bad.append(f"api {i}: only in {'goref' if a is None else 'winparity'}")
            continue
        for k in ("package_dir", "package", "receiver", "name", "kind", "exported", "status", "definitions", "messages", "missing_fields"):
            if a.get(k) != b.get(k):
                bad.append(f"api {i}: {k} {a.get(k)!r} vs goref {b.get(k)!r}")
    key = lambda x: (x["file"], x["line"], x["condition"])
    wg = sorted(w["guards"], key=key)
    gg = sorted(g["guards"], key=key)
    wgs = {key(x): x for x in wg}
    ggs = {key(x): x for x in gg}
    for k in sorted(set(wgs) | set(ggs)):
        a, b = wgs.get(k), ggs.get(k)
        if a != b:
            bad.append(f"guard {k}: {a!r} vs goref {b!r}")
    rkey = lambda x: (x["file"], x["line"], x["condition"])
    wr = {rkey(x): x for x in w.get("refusals", [])}
    gr = {rkey(x): x for x in g.get("refusals", [])}
    for k in sorted(set(wr) | set(gr)):
        a, b = wr.get(k), gr.get(k)
        if a != b:
            bad.append(f"refusal {k}: {a!r} vs goref {b!r}")
    for k in ("apis", "by_status"):
        if w["summary"][k] != g["summary"][k]:
            bad.append(f"summary {k} {w['summary'][k]} vs goref {g['summary'][k]}")
    wt, gt = w["summary"]["test_support"], g["summary"]["test_support"]
    for k in ("apis", "by_status"):
        if wt[k] != gt[k]:
            bad.append(f"summary test_support {k} {wt[k]} vs goref {gt[k]}")
    wts = sorted({p["package_dir"] for p in w["packages"] if p["test_support"]})
    if wts != g["test_support_packages"]:
        bad.append(f"test-support packages {sorted(set(wts) ^ set(g['test_support_packages']))} differ (winparity {len(wts)}, goref {len(g['test_support_packages'])})")
    for b in bad:
        print(b)
    print(f"{len(bad)} disagreements; {len(wf)} files, {len(wa)} APIs, {len(wg)} guards, {len(wr)} refusals compared")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
