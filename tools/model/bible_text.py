#!/usr/bin/env python3
"""Bible verses as training text, one verse a line, one file per language.

Three public GitHub repositories, read with `git show` at pinned commits
(a clone or the bare git directory of a snapshot both work):

- christos-c/bible-corpus (CC0 1.0): every file of `bibles/` that the
  snapshot holds. Files of 4 MiB and more (the complete Bibles of the large
  languages) are absent from the snapshot the project can fetch; they are
  listed as unavailable in the stats.
- seven1m/open-bibles (per-file licence in its README): the public-domain
  files present, notably the Chinese Union Version in traditional and
  simplified characters.
- gratis-bible/bible, branch `split` (one OSIS file per book; each work
  states its rights in its header): only works that are public domain
  (by age, or stated) are used, listed in GRATIS below with the reason.

Usage: bible_text.py PARTS_DIR CLDR_CORE_DIR BIBLE_CORPUS_GIT OPEN_BIBLES_GIT GRATIS_GIT
Writes PARTS_DIR/bible/<tag>.txt and stats.tsv. Each language is capped at
2 MB (Greek at 0.5 MB, see CAP_FOR), an evenly spread sample of its verses
(fixed seed).
"""
import csv
import html
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from corpus_util import Part, Tags

BIBLE_CORPUS_COMMIT = '44e5fca1bfb369a5da2ee23ebc6f421c88489c5c'
OPEN_BIBLES_COMMIT = '4e41ce04b87017781bff3108d69bb4db86b30873'
GRATIS_COMMIT = '4703e07eb96f9b796bfed11b0aa60194fa7fa190'  # branch split

CAP = 2_000_000

# open-bibles: file -> (tag, note). Only public-domain files that are
# present in the snapshot (the others are 4 MiB or more).
OPEN_BIBLES = {
    'chi-cuv.usfx.xml': ('zh-Hant', 'Chinese Union Version (1919), public domain'),
    'chi-cuv-simp.usfx.xml': ('zh-Hans', 'Chinese Union Version (1919), simplified, public domain'),
    'lav-latvian.osis.xml': ('lv', 'Latvian Bible, public domain'),
    'swa-swahili.osis.xml': ('sw', 'Swahili Bible, public domain'),
    'eng-us-oeb.osis.xml': ('en', 'Open English Bible, public domain (CC0)'),
    'eng-ylt.zefania.xml': ('en', "Young's Literal Translation NT, public domain"),
    'chr-cherokee.usfx.xml': ('chr', 'Cherokee New Testament, public domain'),
}

# gratis-bible split branch: work directory -> (tag, why it may be used).
# Left out on purpose: works marked copyrighted, non-commercial or with no
# rights statement and a modern text (af/afr3353 1953, bg/*, cs/czecep,
# es/rva 1989, fi/fin 1933/38, hr/croat 1988, it/italian1 (CEI),
# it/irv_1990, pt/acf, pt/port (Almeida Atualizada), th/kjvthai
# (rights unstated), tr/bb31 (modern), vi/vietnvb, zh/cvs, de/sch1951, ...).
GRATIS = {
    'ar/arasvd': ('ar', 'Smith & Van Dyke Arabic Bible (1865), public domain'),
    'cs/czbkr': ('cs', 'Bible kralická (1613), public domain'),
    'da/dan': ('da', 'Danish 1931/1907, listed public domain by open-bibles'),
    'de/luth1912': ('de', 'Luther 1912, public domain'),
    'de/elb1905': ('de', 'Elberfelder 1905, public domain'),
    'en/web': ('en', 'World English Bible, public domain'),
    'es/sparv': ('es', 'Reina-Valera 1909, public domain'),
    'fr/fren': ('fr', 'Louis Segond 1910, public domain'),
    'he/wcl': ('he', 'Westminster Leningrad Codex, public domain'),
    'hu/hun': ('hu', 'Károli (1908 revision), public domain'),
    'it/itadio': ('it', 'Diodati, public domain'),
    'ko/kor': ('ko', 'Korean Revised Version (개역한글, 1961): its 50-year term ran out '
                     'at the end of 2011; open-bibles lists its copy as public domain'),
    'la/clvul': ('la', 'Clementine Vulgate, public domain (stated)'),
    'no/nor': ('no', 'Norwegian 1930, listed public domain by open-bibles'),
    'no/norsmb': ('nn', 'Studentmållagsbibelen 1921, public domain (stated)'),
    'pl/poland': ('pl', 'Biblia Gdańska (1632/1881), public domain'),
    'ro/ru': ('ro', 'Cornilescu 1924, listed public domain by open-bibles'),
    'ru/rst': ('ru', 'Russian Synodal 1876, public domain (stated)'),
    'sq/alb1': ('sq', 'Albanian Bible, listed public domain by open-bibles'),
    'sv/svd': ('sv', 'Swedish 1917, public domain'),
    'tl/tlgangbiblia': ('tl', 'Ang Dating Biblia (1905), public domain (stated)'),
    'vi/vie': ('vi', 'Vietnamese Cadman 1934, listed public domain by open-bibles'),
    'xx/cebb': ('ceb', 'Cebuano Ang Biblia, public domain (stated)'),
    'xx/dutv': ('nl', 'Statenvertaling (1637), public domain'),
    'xx/esp': ('eo', 'Esperanto Bible (Zamenhof), public domain'),
    'xx/greekm': ('el', 'Modern Greek (Vamvas), public domain; written without accents'),
}

# Greek: the only Bible is written without accents (and without the ano
# teleia); it is capped lower so that accented text (UDHR, CLDR, Faker) is
# not outweighed.
CAP_FOR = {'el': 500_000}


def git_show(gitdir, commit, path):
    r = subprocess.run(['git', '--git-dir', gitdir, 'show', '%s:%s' % (commit, path)],
                       capture_output=True)
    if r.returncode != 0:
        return None
    return r.stdout


def git_ls(gitdir, commit, path=''):
    r = subprocess.run(['git', '--git-dir', gitdir, 'ls-tree', '--name-only', commit,
                        path], capture_output=True, check=True)
    return r.stdout.decode('utf-8', 'surrogateescape').splitlines()


def text_of(el, skip=('note', 'f', 'x', 'rdg', 'fig')):
    """The text of an element without its notes (namespace ignored)."""
    out = []

    def walk(e):
        tag = e.tag.rsplit('}', 1)[-1]
        if tag in skip:
            if e.tail:
                out.append(e.tail)
            return
        if e.text:
            out.append(e.text)
        for c in e:
            walk(c)
        if e.tail:
            out.append(e.tail)
    tail = el.tail
    el.tail = None
    walk(el)
    el.tail = tail
    return ''.join(out)


# Hebrew: cantillation always removed; vowel points kept on every tenth verse
# (modern text is written without them, but pointed text exists).
_HE_CANT = re.compile('[\u0591-\u05af\u05bd\u05c0\u05c4\u05c5\u05c6]')
_HE_POINTS = re.compile('[\u05b0-\u05bc\u05bf\u05c1\u05c2\u05c7]')
_HE_KQ = re.compile(r'\[([^\]]*?)\s*כ\]\s*\(([^)]*?)\s*ק\)')


def hebrew(v, i):
    v = _HE_KQ.sub(lambda m: m.group(2), v)
    v = re.sub(r'\[[^\]]*?\s*כ\]', '', v)
    v = re.sub(r'\(([^)]*?)\s*ק\)', r'\1', v)
    v = _HE_CANT.sub('', v)
    if i % 10:
        v = _HE_POINTS.sub('', v)
    return v.replace('\u05be', ' ').replace('\u05c3', '.')


_TAG = re.compile(r'<[^>]*>')
_NOTE = re.compile(r'<note\b.*?</note>', re.S)


def osis_verses(data):
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        # A few book files are not well-formed XML: take the verses by
        # pattern, notes removed, entities resolved.
        text = data.decode('utf-8', 'replace')
        for m in re.finditer(r'<verse\b[^>]*>(.*?)</verse>', text, re.S):
            v = _TAG.sub('', _NOTE.sub('', m.group(1)))
            yield html.unescape(v)
        return
    for el in root.iter():
        if el.tag.rsplit('}', 1)[-1] == 'verse' and (el.text or len(el)):
            yield text_of(el)


def usfx_verses(data):
    """USFX: verse text lies between <v/> and <ve/> milestones."""
    root = ET.fromstring(data)
    cur = None
    out = []

    def walk(e):
        nonlocal cur
        tag = e.tag.rsplit('}', 1)[-1]
        if tag in ('f', 'x', 'note', 'h', 'toc', 'id', 'rem'):
            if cur is not None and e.tail:
                cur.append(e.tail)
            return
        if tag == 'v':
            if cur is not None:
                out.append(''.join(cur))
            cur = []
        elif tag == 've':
            if cur is not None:
                out.append(''.join(cur))
            cur = None
        elif tag == 'c':
            if cur is not None:
                out.append(''.join(cur))
            cur = None
        if cur is not None and e.text and tag not in ('v', 've', 'c'):
            cur.append(e.text)
        for c in e:
            walk(c)
        if cur is not None and e.tail:
            cur.append(e.tail)
    walk(root)
    if cur:
        out.append(''.join(cur))
    return out


def zefania_verses(data):
    root = ET.fromstring(data)
    for el in root.iter('VERS'):
        yield text_of(el, skip=('NOTE', 'note', 'DIV', 'gr', 'STYLE_SKIP'))


def main():
    parts, cldr_core, bc_git, ob_git, gr_git = sys.argv[1:6]
    tags = Tags(cldr_core)
    part = Part(parts, 'bible', cap_bytes=CAP)
    unavailable = []

    # christos-c/bible-corpus
    meta = git_show(bc_git, BIBLE_CORPUS_COMMIT, 'metadata.csv').decode('utf-8')
    iso = {row['Filename']: row['ISO_639-3'] for row in csv.DictReader(io.StringIO(meta))}
    for name in git_ls(bc_git, BIBLE_CORPUS_COMMIT, 'bibles/'):
        fname = name.split('/', 1)[1]
        data = git_show(bc_git, BIBLE_CORPUS_COMMIT, name)
        code = iso.get(fname)
        if data is None:
            unavailable.append('bible-corpus:' + fname)
            continue
        if not code:
            print('no metadata for', fname, file=sys.stderr)
            continue
        tag = tags.norm(code)
        root = ET.fromstring(data)
        for seg in root.iter('seg'):
            if seg.text:
                part.add(tag, seg.text)

    # seven1m/open-bibles
    for fname, (tag, _note) in OPEN_BIBLES.items():
        data = git_show(ob_git, OPEN_BIBLES_COMMIT, fname)
        if data is None:
            unavailable.append('open-bibles:' + fname)
            continue
        if '.usfx.' in fname:
            verses = usfx_verses(data)
        elif '.osis.' in fname:
            verses = osis_verses(data)
        else:
            verses = zefania_verses(data)
        for v in verses:
            part.add(tag, v)

    # gratis-bible/bible, split branch
    for work, (tag, _note) in GRATIS.items():
        books = [b for b in git_ls(gr_git, GRATIS_COMMIT, work + '/') if b.endswith('.xml')]
        if not books:
            unavailable.append('gratis-bible:' + work)
        i = 0
        for b in books:
            data = git_show(gr_git, GRATIS_COMMIT, b)
            if data is None:
                unavailable.append('gratis-bible:' + b)
                continue
            for v in osis_verses(data):
                i += 1
                if tag == 'he':
                    v = hebrew(v, i)
                elif tag == 'ru':
                    # verse numbers of the other numbering: "(17:37) "
                    v = re.sub(r'^\s*\(\d+:\d+\)\s*', '', v)
                elif tag == 'ko':
                    # a stray " !" (a paragraph mark of the conversion)
                    v = re.sub(r'\s+!(?=\s|$)', '', v)
                elif work == 'xx/greekm':
                    # this edition lost the ano teleia to '?'
                    v = v.replace('?', '\u0387')
                part.add(tag, v)

    part.write(cap_for=lambda tag: CAP_FOR.get(tag, CAP))
    if unavailable:
        print('unavailable (absent from the snapshot): %d files: %s' % (
            len(unavailable), ' '.join(sorted(unavailable))))


if __name__ == '__main__':
    main()
