import random, json, sys, unicodedata, wordfreq
seed=int(sys.argv[1]); random.seed(seed)
LANGS='ca sk hu es de sv is sl ro cs da fr sh it fi pt fil ms id nl pl nb en ru el uk lv lt bg mk tr he vi bn ar fa ta hi ur ko zh ja'.split()
WORDS={l:[w for w in wordfreq.top_n_list(l,8000)[50:] if any(c.isalpha() for c in w)] for l in LANGS}
SYM1=list('×÷°±²³µ·¹º»«¼½¾§¶©®¬¤¥£¢¡¿ª')
PUNCT=list('“”‘’…–—•™€„†‰‹›')+['"',"'",'.',',']
n=int(sys.argv[2])
for i in range(n):
    l=random.choice(LANGS)
    ws=[random.choice(WORDS[l]) for _ in range(random.randint(2,12))]
    r=random.random()
    if r<0.3: ws=[w.upper() for w in ws]
    elif r<0.5: ws=[w.title() for w in ws]
    for _ in range(random.randint(1,2)):
        j=random.randrange(len(ws))
        m=random.random()
        a=random.choice(SYM1); p=random.choice(PUNCT)
        if m<0.3: ws[j]=ws[j]+p          # word+punct (letter+punct pairs)
        elif m<0.6: ws.insert(j,a+p)     # symbol+punct standalone
        elif m<0.8: ws[j]=ws[j]+a+p     # word+symbol+punct
        else: ws[j]=p+a+ws[j]
    line=unicodedata.normalize('NFC',' '.join(ws))
    if any(c in line for c in '\n\r\x85\u2028\u2029'): continue
    print(line)
