import random, sys, unicodedata, wordfreq
random.seed(int(sys.argv[1]))
Q={'cs':('„','“'),'sk':('„','“'),'de':('„','“'),'pl':('„','”'),'ro':('„','”'),'hu':('„','”'),'lt':('„','“'),'lv':('“','”'),'tr':('“','”'),
   'fr':('« ',' »'),'es':('«','»'),'it':('«','»'),'pt':('“','”'),'sv':('”','”'),'fi':('”','”'),'da':('»','«'),'nb':('«','»'),'is':('„','“'),'sl':('»','«'),'sh':('„','“'),
   'ru':('«','»'),'uk':('«','»'),'bg':('„','“'),'mk':('„','“'),'el':('«','»'),'vi':('“','”'),'ca':('«','»'),'nl':('‘','’'),'en':('“','”')}
WORDS={l:[w for w in wordfreq.top_n_list(l,8000)[30:] if w.isalpha() and (l in ("en","nl") or any(ord(c)>127 for c in w))] for l in Q}
TAIL=['…','—','–','•','™','’','”','“',':','!','?','.',',']
for i in range(int(sys.argv[2])):
    l=random.choice(list(Q)); o,c=Q[l]
    ws=[random.choice(WORDS[l]) for _ in range(random.randint(3,10))]
    r=random.random()
    if r<0.5: ws=[w.upper() for w in ws]
    elif r<0.7: ws=[w.title() for w in ws]
    j=random.randrange(len(ws))
    ws[j]=o+ws[j]+c
    if random.random()<0.5:
        k=random.randrange(len(ws)); ws[k]=ws[k]+random.choice(TAIL)
    print(unicodedata.normalize('NFC',' '.join(ws)))
