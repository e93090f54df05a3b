"""Summarises the JMH JSON / EchoCompare outputs of docs/performance.md (python3 summarize_echo.py [dir])."""
import glob,re,sys,statistics as st
D=sys.argv[1] if len(sys.argv)>1 else 'docs/performance-data'
rows=[]
for f in sorted(glob.glob(D+'/echo-run*.txt')):
    run=int(re.search(r'run(\d+)',f).group(1))
    txt=open(f).read()
    if '| server |' not in txt: continue
    for line in txt.splitlines():
        p=line.split(',')
        if len(p)>=9 and p[0].isdigit():
            rows.append(dict(run=run,server=p[1],clients=int(p[2]),rt=float(p[6]),p50=float(p[7]),p99=float(p[8]),
                             mean=float(p[9]) if len(p)>9 else None,fair=float(p[10]) if len(p)>10 else None))
runs=sorted({r['run'] for r in rows})
servers=['giambio-baton','giambio-continuation','vthread','netty1','netty']
clients=sorted({r['clients'] for r in rows})
def sel(s,c,run=None): return [r for r in rows if r['server']==s and r['clients']==c and (run is None or r['run']==run)]
def med(xs): return st.median(xs)
print('runs',runs)
print('| clients | server | round trips/s: median (min..max) | per-run medians | p50 µs median (min..max) | p99 µs median (min..max) | mean µs median | fairness median (min) |')
print('|---|---|---|---|---|---|---|---|')
for c in clients:
    for s in servers:
        w=sel(s,c)
        if not w: continue
        rt=[r['rt'] for r in w]; p50=[r['p50'] for r in w]; p99=[r['p99'] for r in w]
        means=[r['mean'] for r in w if r['mean'] is not None]; fair=[r['fair'] for r in w if r['fair'] is not None]
        pr=' / '.join('%.0fk'%(med([r['rt'] for r in sel(s,c,run)])/1e3) for run in runs)
        print(f"| {c} | {s} | {med(rt)/1e3:.1f}k ({min(rt)/1e3:.1f}k..{max(rt)/1e3:.1f}k) | {pr} | {med(p50):.0f} ({min(p50):.0f}..{max(p50):.0f}) | {med(p99):.0f} ({min(p99):.0f}..{max(p99):.0f}) | "
              + (f"{med(means):.0f}" if means else '-') + ' | ' + (f"{med(fair):.2f} ({min(fair):.2f})" if fair else '-') + ' |')
print()
print('throughput ratio giambio/peer (median of per-run ratios of per-run medians; >1 = giambio ahead), per-run in brackets')
peers=['vthread','netty1','netty']
print('| clients | giambio kernel | '+' | '.join('/ '+p for p in peers)+' |')
print('|---|---|'+'---|'*len(peers))
for c in clients:
    for g in servers[:2]:
        cells=[]
        for p in peers:
            rs=[med([r['rt'] for r in sel(g,c,run)])/med([r['rt'] for r in sel(p,c,run)]) for run in runs if sel(g,c,run) and sel(p,c,run)]
            cells.append('%.2f (%s)'%(med(rs),' / '.join('%.2f'%x for x in rs)))
        print(f'| {c} | {g[8:]} | '+' | '.join(cells)+' |')
print()
print('p99 latency ratio giambio/peer (<1 = giambio lower tail)')
print('| clients | giambio kernel | '+' | '.join('/ '+p for p in peers)+' |')
print('|---|---|'+'---|'*len(peers))
for c in clients:
    for g in servers[:2]:
        cells=[]
        for p in peers:
            rs=[med([r['p99'] for r in sel(g,c,run)])/med([r['p99'] for r in sel(p,c,run)]) for run in runs if sel(g,c,run) and sel(p,c,run)]
            cells.append('%.2f (%s)'%(med(rs),' / '.join('%.2f'%x for x in rs)))
        print(f'| {c} | {g[8:]} | '+' | '.join(cells)+' |')
