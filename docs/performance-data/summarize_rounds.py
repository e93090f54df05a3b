"""Summarises one EchoCompare output with several rounds (docs/performance.md, 2026-12-04 reruns).

python3 summarize_rounds.py FILE GIAMBIO_SERVERS PEERS
  e.g. summarize_rounds.py echo-64-512.txt giambio-baton,giambio-continuation netty-epoll1,netty1,vthread

Prints, per client count: each server's round trips/s (median of all windows, min..max, and each
round's median), p99 (median, min..max) and fairness; then the ratio giambio/peer of each round's
medians (throughput: >1 = giambio ahead; p99: <1 = giambio's tail lower), median over rounds with
every round's ratio in brackets.
"""
import statistics as st
import sys

path, mine, peers = sys.argv[1], sys.argv[2].split(','), sys.argv[3].split(',')
rows = []
for line in open(path):
    p = line.strip().split(',')
    if len(p) >= 11 and p[0].isdigit():
        rows.append(dict(round=int(p[0]), server=p[1], clients=int(p[2]), rt=float(p[6]),
                         p50=float(p[7]), p99=float(p[8]), fair=float(p[10])))
rounds = sorted({r['round'] for r in rows})
clients = sorted({r['clients'] for r in rows})


def sel(s, c, rnd=None):
    return [r for r in rows if r['server'] == s and r['clients'] == c and (rnd is None or r['round'] == rnd)]


def rmed(s, c, rnd, key):
    w = sel(s, c, rnd)
    return st.median(r[key] for r in w) if w else None


for c in clients:
    print(f'\n{c} clients')
    print('| server | round trips/s median (min..max) | per-round medians | p99 µs median (min..max) | fairness median |')
    print('|---|---|---|---|---|')
    for s in mine + peers:
        w = sel(s, c)
        if not w:
            continue
        rt = [r['rt'] for r in w]
        p99 = [r['p99'] for r in w]
        per = ' / '.join('%.1fk' % (rmed(s, c, k, 'rt') / 1e3) for k in rounds if sel(s, c, k))
        print(f"| {s} | {st.median(rt)/1e3:.1f}k ({min(rt)/1e3:.1f}k..{max(rt)/1e3:.1f}k) | {per} | "
              f"{st.median(p99):.0f} ({min(p99):.0f}..{max(p99):.0f}) | {st.median(r['fair'] for r in w):.2f} |")
    for key, what in (('rt', 'throughput ratio (>1 = giambio ahead)'), ('p99', 'p99 ratio (<1 = giambio lower)')):
        print(f'\n{what}, {c} clients')
        print('| giambio | ' + ' | '.join('/ ' + p for p in peers) + ' |')
        print('|---|' + '---|' * len(peers))
        for g in mine:
            cells = []
            for p in peers:
                rs = [rmed(g, c, k, key) / rmed(p, c, k, key) for k in rounds
                      if sel(g, c, k) and sel(p, c, k)]
                cells.append('%.2f (%s)' % (st.median(rs), ' / '.join('%.2f' % x for x in rs)) if rs else '-')
            print(f'| {g} | ' + ' | '.join(cells) + ' |')
