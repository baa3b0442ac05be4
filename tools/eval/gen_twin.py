import random, json, sys, unicodedata, wordfreq
seed=int(sys.argv[1]); random.seed(seed)
LANGS='ca sk hu es de sv is sl ro cs da fr sh it fi pt fil ms id nl pl nb en ru el uk lv lt bg mk tr he vi bn ar fa ta hi ur ko zh ja'.split()
WORDS={l:[w for w in wordfreq.top_n_list(l,6000)[100:] if w.isalpha() or any(c.isalpha() for c in w)] for l in LANGS}
SYMS=['—','–','…','“','”','‘','’','€','±','½','©','®','™','°','•','→','✅','✔','¿','¡','«','»','„','·','§','£','¥','¢','µ','×']
EMO=['🎉','🚀','😀','👍🏽','🇩🇪','🇫🇷','👨‍👩‍👧','❤️','🛠️','✨','🙂']
PRE=['','','','* ','1. ','## ','> ','"','“']
def sloppy(b,enc):
    out=[]
    for x in b:
        try: out.append(bytes([x]).decode(enc))
        except UnicodeDecodeError: out.append(chr(x))
    return ''.join(out)
def moji(s,enc):
    b=s.encode('utf-8')
    if enc=='latin-1': return b.decode('latin-1')
    if enc in('gbk','shift_jis','euc_kr'): return b.decode(enc)
    return sloppy(b,enc)
def sentence(l,n=None,syms=True):
    n=n or random.randint(4,14)
    ws=[random.choice(WORDS[l]) for _ in range(n)]
    r=random.random()
    if r<0.15: ws=[w.upper() for w in ws]
    elif r<0.4: ws=[w.title() for w in ws]
    elif r<0.6: ws[0]=ws[0].title()
    if syms:
        for _ in range(random.randint(0,2)):
            ws.insert(random.randint(0,len(ws)),random.choice(SYMS) if random.random()<.6 else str(random.randint(1,999)))
    s=random.choice(PRE)+' '.join(ws)+random.choice(['','.','?','!',':','…','”'])
    return unicodedata.normalize('NFC',s)
CENC={'cs':['cp1250','iso8859_2'],'hu':['cp1250','iso8859_2'],'pl':['cp1250','iso8859_2'],'ro':['cp1250','iso8859_2'],'sh':['cp1250','iso8859_2'],'sk':['cp1250','iso8859_2'],'sl':['cp1250','iso8859_2'],
 'bg':['cp1251'],'mk':['cp1251'],'ru':['cp1251'],'uk':['cp1251'],'el':['cp1253'],'tr':['cp1254'],'lt':['cp1257'],'lv':['cp1257'],'zh':['gbk'],'ja':['shift_jis'],'ko':['euc_kr']}
W=set('ca da de en es fi fil fr id is it ms nb nl pt sv'.split())
out=[]
def add(kind,l,enc,inp,exp):
    if inp!=exp or kind.startswith('clean'): out.append(dict(id=len(out),kind=kind,lang=l,enc=enc,input=inp,expected=exp))
for i in range(int(sys.argv[2])):
    l=random.choice(LANGS); k=random.choice(['clean','clean-upper','double','emoji','whole','whole','partial','lossy-nbsp'])
    s=sentence(l)
    if k=='clean': add(k,l,'',s,s)
    elif k=='clean-upper': s=s.upper(); add(k,l,'',s,s)
    elif k=='double': add(k,l,'cp1252x2',moji(moji(s,'cp1252'),'cp1252'),s)
    elif k=='emoji':
        s=s+' '+random.choice(EMO); add(k,l,'cp1252',moji(s,'cp1252'),s)
    elif k in('whole','partial'):
        encs=['cp1252']+(['latin-1','mac_roman'] if l in W else [])+CENC.get(l,[])
        enc=random.choice(encs)
        try: m=moji(s,enc)
        except Exception: continue
        if moji(s,enc)==s: continue
        try:
          if enc in('gbk','shift_jis','euc_kr') and m.encode(enc).decode('utf-8')!=s: continue
        except Exception: continue
        if k=='whole': add(k,l,enc,m,s)
        else:
            c=sentence(l); add(k,l,enc,c+' '+m,c+' '+s)
    elif k=='lossy-nbsp':
        m=moji(s,'cp1252')
        if '\xa0' not in m: continue
        m2=m.replace('\xa0',' ')
        # expected: what a perfect fixer gives: the char whose encoding had A0
        add(k,l,'cp1252',m2,s)
for c in out: print(json.dumps(c,ensure_ascii=False))
