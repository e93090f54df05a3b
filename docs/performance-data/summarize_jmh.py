"""Summarises the JMH JSON / EchoCompare outputs of docs/performance.md (python3 summarize_jmh.py [dir])."""
import json,glob,statistics,re,sys
D=sys.argv[1] if len(sys.argv)>1 else 'docs/performance-data'
def ok(f):
    try: json.load(open(f)); return True
    except Exception: return False
runs=sorted(int(re.search(r'run(\d+)',f).group(1)) for f in glob.glob(D+'/jmh-run*.json') if ok(f))
def load(f):
    d={}
    for b in json.load(open(f)):
        cls,m=b['benchmark'].split('.')[-2:]
        p=','.join(b.get('params',{}).values())
        raw=[x for fk in b['primaryMetric']['rawData'] for x in fk]
        d[(cls,m,p)]=(b['primaryMetric']['score'],min(raw),max(raw))
    return d
J={r:load(f'{D}/jmh-run{r}.json') for r in runs}
V={}
for r in runs:
    try: V[r]=load(f'{D}/jmh-vt1-run{r}.json')
    except Exception: pass
cols=[('giambio baton',lambda w:('KernelBench',w,'baton'),J),
      ('giambio continuation',lambda w:('KernelBench',w,'continuation'),J),
      ('Kotlin runBlocking event loop',lambda w:('KotlinCoroutinesBench',w,'eventLoop'),J),
      ('Kotlin single-thread dispatcher',lambda w:('KotlinCoroutinesBench',w,'singleThread'),J),
      ('virtual threads (default scheduler)',lambda w:('VirtualThreadBench',{'switchPingPong':'synchronousQueuePingPong','spawnComplete100k':'spawnJoin100k'}.get(w,w),''),J),
      ('virtual threads, parallelism=1',lambda w:('VirtualThreadBench',{'switchPingPong':'synchronousQueuePingPong','spawnComplete100k':'spawnJoin100k'}.get(w,w),''),V)]
works=[('switchPingPong','switch, 2 tasks ping-pong'),('roundRobin1000','1,000-task round robin'),('spawnComplete100k','spawn + complete 100k')]
print('| workload | run | '+' | '.join(c[0] for c in cols)+' |')
print('|---|---|'+'---|'*len(cols))
for w,label in works:
    for r in runs:
        cells=[]
        for name,key,src in cols:
            v=src.get(r,{}).get(key(w))
            cells.append('%.0f (%.0f..%.0f)'%v if v else '-')
        print(f'| {label} | {r} | '+' | '.join(cells)+' |')
print()
# ratios giambio/peer (time per op; <1 = giambio faster)
peers=[c for c in cols[2:]]
print('| workload | giambio kernel | '+' | '.join('/ '+p[0] for p in peers)+' |')
print('|---|---|'+'---|'*len(peers))
for w,label in works:
    for g in cols[:2]:
        cells=[]
        for name,key,src in peers:
            rs=[J[r][g[1](w)][0]/src[r][key(w)][0] for r in runs if r in src and key(w) in src[r]]
            cells.append('%.2f (%s)'%(statistics.median(rs),' / '.join('%.2f'%x for x in rs)) if rs else '-')
        print(f'| {label} | {g[0].split()[1]} | '+' | '.join(cells)+' |')
