import random, sys
ARGS = sys.argv[:]; sys.argv=['gen.py']
exec(open('gen.py').read().split("for t in V3: run_v3(*t)")[0])
rnd2 = random.Random(int(ARGS[1]))
def lane(esize):
    r = rnd2.random()
    if esize == 32:
        if r < 0.3: return rnd2.choice(S_SPEC + S_UN + S_FZ + S_NAN)
        if r < 0.6: return rs()
        if r < 0.7: return rnd2.choice(S_INT + U_EST)
        return rnd2.getrandbits(32)
    if r < 0.3: return rnd2.choice(D_SPEC + D_UN + D_FZ + D_NAN)
    if r < 0.6: return rd()
    if r < 0.7: return rnd2.choice(D_INT)
    return rnd2.getrandbits(64)
def vec(sz): 
    e = 32 << sz
    return pack([lane(e) for _ in range(128 // e)], e)
def vec16():
    return pack([rnd2.getrandbits(16) if rnd2.random() < .5 else rnd2.choice(H_VALS) for _ in range(8)], 16)
words = []
for (u,a,opc,_,_) in V3:
    for q in (0,1):
        for sz in (0,1):
            if sz==1 and q==0: continue
            words.append((v3(u,a,opc,q,sz), sz))
for (u,a,opc,_) in S3:
    for sz in (0,1): words.append((s3(u,a,opc,sz), sz))
for (u,a,opc,k,_) in V2:
    for q in (0,1):
        for sz in ((0,) if k=='u' else (0,1)):
            if sz==1 and q==0: continue
            words.append((v2(u,a,opc,q,sz), sz))
for (u,a,opc,k,_) in S2:
    for sz in (0,1): words.append((s2(u,a,opc,sz), sz))
for q in (0,1):
    for sz in (0,1):
        words.append((v2(0,0,0b10110,q,sz), 1)); words.append((v2(0,0,0b10111,q,sz), -sz-1))
    words.append((v2(1,0,0b10110,q,1), 1))
words.append((s2(1,0,0b10110,1), 1))
for a_,opc in [(0,0b01100),(0,0b01111),(1,0b01100),(1,0b01111)]: words.append((acr(a_,opc), 0))
for a_,opc in [(0,0b01100),(0,0b01101),(0,0b01111),(1,0b01100),(1,0b01111)]:
    for sz in (0,1): words.append((sp(a_,opc,sz), sz))
for (u,opc,_) in EL:
    for sc in (0,1):
        for sz in (0,1):
            for q in (0,1):
                if sz==1 and q==0 and not sc: continue
                for idx in range(4 >> sz): words.append((el(sc,u,opc,q,sz,idx), sz))
N = int(ARGS[2])
for w, sz in words:
    for _ in range(N):
        fpcr = rnd2.choice(MODES) | rnd2.choice([0, FZ]) | rnd2.choice([0, DN]) | rnd2.choice([0, 0, AHP])
        if sz < 0:
            v1 = vec16() if sz == -1 else vec(0)
        else:
            v1 = vec(sz)
        emit(w, fpcr, vec(sz if sz >= 0 else 0), v1, vec(sz if sz >= 0 else 0))
print('\n'.join(out))
