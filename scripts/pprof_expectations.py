#!/usr/bin/env python3
"""Writes testdata/profiles/expected.json: what Go's own pprof says about each
profile in testdata/profiles (sample types, total per sample type, number of
samples, and the top function by flat value), for the profile reader's tests.

Needs Go (../shared/tools/install-go.sh 1.26). Usage:
  scripts/pprof_expectations.py [GO_BINARY]
"""
import json, os, re, subprocess, sys

go = sys.argv[1] if len(sys.argv) > 1 else '/usr/lib/go-1.26/bin/go'
here = os.path.dirname(os.path.abspath(__file__))
pdir = os.path.join(here, '..', 'testdata', 'profiles')

def pprof(*args):
    return subprocess.run([go, 'tool', 'pprof', *args], capture_output=True, text=True, check=True).stdout

out = {}
for name in sorted(os.listdir(pdir)):
    if not (name.endswith('.pb.gz') or name.endswith('.debug1.txt')):
        continue
    path = os.path.join(pdir, name)
    raw = pprof('-raw', path)
    lines = raw.split('\n')
    i = lines.index('Samples:')
    types = lines[i + 1].split()
    totals = [0] * len(types)
    samples = 0
    for line in lines[i + 2:]:
        if re.match(r'^\s+\S+:\[', line):
            continue  # the labels of the sample above
        m = re.match(r'^\s+(-?\d+(?:\s+-?\d+)*):', line)
        if not m:
            break
        vals = [int(v) for v in m.group(1).split()]
        samples += 1
        totals = [t + v for t, v in zip(totals, vals)]
    entry = {'sample_types': types, 'totals': totals, 'samples': samples}
    if name.endswith('.pb.gz'):
        # Top function by flat value of pprof's default sample type.
        top = pprof('-top', '-nodecount=1', '-flat', path)
        rows = [l for l in top.split('\n') if re.match(r'^\s*-?[\d.]+\w*\s+[\d.]+%', l)]
        if rows:
            parts = rows[0].split()
            entry['top_function'] = ' '.join(parts[5:])
    out[name] = entry

with open(os.path.join(pdir, 'expected.json'), 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write('\n')
print(f'{len(out)} profiles')
