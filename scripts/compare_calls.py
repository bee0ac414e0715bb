#!/usr/bin/env python3
"""Measures winparity's call graph against tests/callgraph's reference for the same tree.

usage: compare_calls.py WINPARITY_REPORT.json REF.json [--examples N] [--tree DIR]

WINPARITY_REPORT.json carries "calls": [{"from", "to", "file", "line", "how"}, ...];
REF.json is tests/callgraph's output, "edges" with how "static" or "vta".
Counted twice: as sites (from, to, file, line) and as edges, the distinct (from, to) pairs.
  precision        = |W & R_all| / |W|              (R_all = static | vta)
  recall static    = |W & R_static| / |R_static|
  recall all       = |W & R_all| / |R_all|
then precision by winparity's how and recall by the reference's how. A pair is "static" in
the reference when one of its sites is, "vta" when all of them are; a winparity pair counts
under every how its sites have. --examples N prints N false positives and N false
negatives of each kind, spread evenly over their sorted list. With --tree DIR (the tree
scanned), winparity's calls in nested modules (a directory below DIR, outside vendor/, with
a go.mod of its own: `go/packages` loads `./...`, which stops there) are left out, since the
reference never loads them. Exits 0, or 2 when an input cannot be read.
"""
import json, os, sys


def nested_modules(root):
    out = []
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel != "." and (rel.split(os.sep)[0] in ("vendor", "testdata") or os.path.basename(d).startswith((".", "_"))):
            dirs[:] = []
            continue
        if rel != "." and "go.mod" in files:
            out.append(rel.replace(os.sep, "/"))
            dirs[:] = []
    return out


def read(path, key):
    try:
        with open(path) as f:
            doc = json.load(f)
        items = doc[key]
        return [(str(x["from"]), str(x["to"]), str(x["file"]), int(x["line"]), str(x.get("how", "?")))
                for x in items]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"compare_calls: cannot read {path}: {e}", file=sys.stderr)
        sys.exit(2)


def hows(items, key):
    """Maps each key (site or pair) to the set of hows it was seen with."""
    out = {}
    for it in items:
        out.setdefault(key(it), set()).add(it[4])
    return out


def ratio(n, d):
    return f"{n / d:7.2%} ({n}/{d})" if d else "    n/a (0/0)"


def sample(xs, n):
    xs = sorted(xs)
    if len(xs) <= n:
        return xs
    return [xs[i * len(xs) // n] for i in range(n)]


def report(title, w, r, n):
    """w, r: key -> set of hows. Reference keys are static when any how is."""
    r_all = set(r)
    r_static = {k for k, h in r.items() if "static" in h}
    r_vta = r_all - r_static
    hit = set(w) & r_all
    print(f"{title}: winparity {len(w)}, reference {len(r_all)} (static {len(r_static)}, vta only {len(r_vta)})")
    print(f"  precision      {ratio(len(hit), len(w))}")
    print(f"  recall static  {ratio(len(set(w) & r_static), len(r_static))}")
    print(f"  recall all     {ratio(len(hit), len(r_all))}")
    for h in sorted({h for hs in w.values() for h in hs}):
        wh = {k for k, hs in w.items() if h in hs}
        print(f"  precision of winparity how={h:<10} {ratio(len(wh & r_all), len(wh))}")
    for h, rh in (("static", r_static), ("vta", r_vta)):
        print(f"  recall of reference how={h:<10} {ratio(len(set(w) & rh), len(rh))}")
    if n:
        show = lambda k: " ".join(map(str, k))
        print(f"  false positives (winparity only), {min(n, len(set(w) - r_all))} of {len(set(w) - r_all)}:")
        for k in sample(set(w) - r_all, n):
            print(f"    {show(k)}  [{','.join(sorted(w[k]))}]")
        print(f"  false negatives (reference only), {min(n, len(r_all - set(w)))} of {len(r_all - set(w))}:")
        for k in sample(r_all - set(w), n):
            print(f"    {show(k)}  [{','.join(sorted(r[k]))}]")


def main(argv):
    args, n, tree = [], 0, None
    i = 0
    while i < len(argv):
        if argv[i] == "--tree" and i + 1 < len(argv):
            tree = argv[i + 1]
            i += 2
        elif argv[i] == "--examples" and i + 1 < len(argv) and argv[i + 1].isdigit():
            n = int(argv[i + 1])
            i += 2
        elif argv[i].startswith("--examples="):
            n = int(argv[i].split("=", 1)[1])
            i += 1
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    w = read(args[0], "calls")
    r = read(args[1], "edges")
    if tree:
        nested = nested_modules(tree)
        inside = lambda f: any(f == m or f.startswith(m + "/") for m in nested)
        left = [x for x in w if inside(x[2])]
        w = [x for x in w if not inside(x[2])]
        print(f"nested modules left out: {', '.join(nested) or 'none'} ({len(left)} winparity sites)")
    report("sites (from, to, file, line)", hows(w, lambda x: x[:4]), hows(r, lambda x: x[:4]), n)
    report("edges (from, to)", hows(w, lambda x: x[:2]), hows(r, lambda x: x[:2]), n)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # e.g. piped into head: exit quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
