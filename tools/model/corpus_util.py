"""Shared pieces of the training-corpus scripts (see tools/model/README.md).

Every source script turns its input into lines of one language each and hands
them to a `Part`, which cleans them (NFC, one line, no control characters),
drops lines that hold mojibake or replacement characters, removes duplicates,
caps the total size and writes `PARTS/<source>/<tag>.txt` plus a
`PARTS/<source>/stats.tsv` with what was kept and dropped. `build_corpus.py`
then merges the parts into one file per language.

Language tags are BCP 47, reduced to language plus a script subtag only
where the script is not the language's usual one (`sr-Latn`, `uz-Cyrl`);
Chinese always carries its script (`zh-Hans`, `zh-Hant`). The usual script
comes from CLDR's likelySubtags (npm `cldr-core`).
"""
import json
import os
import random
import re
import unicodedata

# UTF-8 continuation bytes 0x80..0xBF as a cp1252 or Latin-1 decoder shows
# them (_CONT), and the ones among them that clean text puts after a capital
# letter: quotes, dashes, bullets, NBSP, degree (_Q).
_CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'
_LATIN1_HIGH = ''.join(chr(c) for c in range(0x80, 0xc0))
_CONT = '[' + re.escape(_LATIN1_HIGH + _CP1252_HIGH) + ']'
_Q = '‘’“”«»‹›„‚–—…•°\u00a0'
_CONT_RARE = '[' + re.escape(''.join(
    c for c in dict.fromkeys(_LATIN1_HIGH + _CP1252_HIGH) if c not in _Q)) + ']'


_LET = '[šžŠŽœŒŸƒªºµ]'


def _two_byte(leads, nbsp_is_rare=False, letters_are_rare=True):
    """A lead shown as one of `leads` with a continuation byte that clean text
    does not put there; or with a quote-like one but then followed by a
    letter (`Ã“RGÃO`); or two such pairs in a row (`×”×`). Where clean
    words put a cp1252 letter (š ž œ ...) after the lead (`Úštěk`, `KTERÝŽ`),
    `letters_are_rare=False` asks for two pairs."""
    not_let = '' if letters_are_rare else '(?!' + _LET + ')'
    rare = '(?:' + not_let + '(?:' + _CONT_RARE + ('|\u00a0' if nbsp_is_rare else '') + '))'
    return re.compile('[%s]%s|[%s]%s%s(?=\\w)|(?:[%s]%s){2}' % (
        leads, rare, leads, not_let, _CONT, leads, _CONT))


# Typical mojibake: UTF-8 read as cp1252 or Latin-1. Each pattern is a lead
# byte shown as a Latin-1 letter followed by the continuation bytes it asks
# for (`Ã©`, `Ã„rger`, `Â `, `Ð¸`, `Ñ‚`, `Å¡`, `Î±`, `×©×`, `Ø§`, `Æ°`,
# `à¸`, `ä¸­`, `â€™`, `ðŸ˜€`), written so that clean text with a quote or
# dash after a capital (`«×»`, `„IRMÃ”`, `«ÉTÉ»`, `Straße»`,
# `voilà »`) does not match.
MOJIBAKE = [
    ('Ã+cont', _two_byte('Ã')),
    ('Â+cont', _two_byte('Â', nbsp_is_rare=True)),
    ('Ð/Ñ+cont', _two_byte('ÐÑ')),
    ('Å/Ä+cont', _two_byte('ÅÄ')),
    ('Æ/Î/Ï/×/Ø/Ù+cont', _two_byte('ÆÎÏ×ØÙÚÛ', letters_are_rare=False)),
    ('other 2-byte lead+cont',
     re.compile('[ÇÈÉÊËÌÍÒÓÔÕÖÜÝÞß](?!' + _LET + ')' + _CONT_RARE)),
    ('â€', re.compile('â€')),
    # (not two letters after the lead: Sami `âžž`, `áš`)
    ('3-byte lead+2 cont',
     re.compile('[\u00e0-\u00ef](?!' + _LET + _LET + ')' + _CONT_RARE + _CONT)),
    ('4-byte lead+3 cont', re.compile('[\u00f0-\u00f4]' + _CONT_RARE + _CONT + _CONT)),
    ('C1 control', re.compile('[\u0080-\u009f]')),
    ('U+FFFD', re.compile('\ufffd')),
]

_SPACES = re.compile(r'[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+')
_DROP_CHARS = re.compile('[\u0000-\u0008\u000b-\u001f\u007f\u200b\u2060\ufeff]')


def mojibake_kind(line):
    """The name of the first mojibake pattern the line holds, or None."""
    for name, rx in MOJIBAKE:
        if rx.search(line):
            return name
    return None


def clean(line):
    """NFC, spaces collapsed (NBSP and narrow NBSP kept as they are: they
    are part of clean typography), zero-width and control characters
    dropped, trimmed."""
    line = unicodedata.normalize('NFC', line)
    line = _DROP_CHARS.sub('', line)
    line = _SPACES.sub(lambda m: m.group(0) if m.group(0) in ('\u00a0', '\u202f') else ' ', line)
    return line.strip()


class Tags:
    """Normalises language tags with CLDR data (npm cldr-core)."""

    def __init__(self, cldr_core):
        sup = os.path.join(cldr_core, 'supplemental')
        with open(os.path.join(sup, 'likelySubtags.json'), encoding='utf-8') as f:
            self.likely = json.load(f)['supplemental']['likelySubtags']
        with open(os.path.join(sup, 'aliases.json'), encoding='utf-8') as f:
            alias = json.load(f)['supplemental']['metadata']['alias']['languageAlias']
        # ISO 639-3 and -2/B codes, and macrolanguage members, to the short code.
        self.alias = {k: v['_replacement'] for k, v in alias.items()
                      if '-' not in k and '_' not in k}

    def script_of(self, lang, region=None):
        for key in ([lang + '-' + region] if region else []) + [lang]:
            full = self.likely.get(key)
            if full:
                parts = full.split('-')
                if len(parts) > 1 and len(parts[1]) == 4:
                    return parts[1]
        return None

    def norm(self, tag, script=None):
        """`tag` (BCP 47, underscores allowed, ISO 639-3 allowed) to the
        corpus file tag; `script` overrides the script subtag."""
        parts = tag.replace('_', '-').split('-')
        lang = parts[0].lower()
        lang = self.alias.get(lang, lang).split('-')[0]
        region = None
        for p in parts[1:]:
            if len(p) == 4 and p.isalpha():
                script = script or p.title()
            elif (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit()):
                region = region or p.upper()
        usual = self.script_of(lang)
        if script is None:
            script = self.script_of(lang, region) or usual
        if lang == 'zh':
            return 'zh-' + (script if script in ('Hans', 'Hant') else 'Hans')
        if script and usual and script != usual:
            return lang + '-' + script
        return lang


class Part:
    """Collects the lines of one source, per language, and writes them."""

    def __init__(self, parts_dir, source, cap_bytes=None, seed=20261206):
        self.dir = os.path.join(parts_dir, source)
        self.source = source
        self.cap = cap_bytes
        self.seed = seed
        self.lines = {}      # tag -> list of lines (source order)
        self.seen = {}       # tag -> set
        self.stats = {}      # tag -> dict of counters
        self.dropped = []    # (tag, kind, line): the lines dropped as mojibake

    def _st(self, tag):
        return self.stats.setdefault(tag, {'read': 0, 'kept': 0, 'dup': 0, 'empty': 0,
                                           'mojibake': 0, 'capped': 0})

    def add(self, tag, line):
        st = self._st(tag)
        st['read'] += 1
        line = clean(line)
        if not line:
            st['empty'] += 1
            return
        kind = mojibake_kind(line)
        if kind:
            st['mojibake'] += 1
            st.setdefault('mojibake_kinds', {}).setdefault(kind, 0)
            st['mojibake_kinds'][kind] += 1
            self.dropped.append((tag, kind, line))
            return
        seen = self.seen.setdefault(tag, set())
        if line in seen:
            st['dup'] += 1
            return
        seen.add(line)
        self.lines.setdefault(tag, []).append(line)

    def write(self, cap_for=None):
        """Writes every language, capped at `cap_for(tag)` bytes (default:
        the part's cap). A capped language keeps an evenly spread sample
        (fixed seed) in source order, so a capped Bible still covers every
        book."""
        os.makedirs(self.dir, exist_ok=True)
        for name in os.listdir(self.dir):
            if name.endswith(('.txt', '.tsv')):
                os.remove(os.path.join(self.dir, name))
        for tag in sorted(self.lines):
            lines = self.lines[tag]
            cap = cap_for(tag) if cap_for else self.cap
            total = sum(len(x.encode('utf-8')) + 1 for x in lines)
            if cap and total > cap:
                idx = list(range(len(lines)))
                random.Random('%s:%s:%d' % (self.source, tag, self.seed)).shuffle(idx)
                keep, size = set(), 0
                for i in idx:
                    n = len(lines[i].encode('utf-8')) + 1
                    if size + n > cap:
                        continue
                    keep.add(i)
                    size += n
                self._st(tag)['capped'] = len(lines) - len(keep)
                lines = [x for i, x in enumerate(lines) if i in keep]
            self._st(tag)['kept'] = len(lines)
            with open(os.path.join(self.dir, tag + '.txt'), 'w', encoding='utf-8') as f:
                for x in lines:
                    f.write(x + '\n')
        with open(os.path.join(self.dir, 'stats.tsv'), 'w', encoding='utf-8') as f:
            f.write('tag\tread\tkept\tdup\tempty\tmojibake\tcapped\tmojibake_kinds\n')
            for tag in sorted(self.stats):
                st = self.stats[tag]
                kinds = ','.join('%s=%d' % kv for kv in sorted(st.get('mojibake_kinds', {}).items()))
                f.write('%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n' % (
                    tag, st['read'], st['kept'], st['dup'], st['empty'], st['mojibake'],
                    st['capped'], kinds))
        with open(os.path.join(self.dir, 'dropped.tsv'), 'w', encoding='utf-8') as f:
            for tag, kind, line in self.dropped:
                f.write('%s\t%s\t%s\n' % (tag, kind, line))
        dropped = sum(s['mojibake'] for s in self.stats.values())
        kept = sum(s['kept'] for s in self.stats.values())
        print('%s: %d languages, %d lines kept, %d dropped as mojibake' % (
            self.source, len(self.lines), kept, dropped))


def _self_test():
    garbled = ['cafÃ©', 'Ã„rger', 'Ã“RGÃO', 'Â\u00a0x', 'Ð¿Ñ€Ð¸', 'Åžehir', 'Å¡', 'ÎšÎ±Î»',
               '×©×œ', 'Ø§Ù„', 'Æ°á»', 'â€™', 'à¸ªà¸§', 'ä¸\u00adæ–‡', 'ðŸ˜€', 'a\u0085b', 'a\ufffd']
    clean_ = ['voilà\u00a0»', 'Straße»', '«ÉTÉ»', 'SÃO PAULO', '„IRMÃ” disse', '“×” – x',
              'naïve', 'l·l', 'Úštěk', 'KTERÝŽ JSEM', 'JEŽÍŠ', 'Öštrič', 'oovtviärdásâžžân',
              'náššuvnnaid', '1ª Nº', 'Æbler', 'ÉTAT', 'Ça va', '½ × 3 ≈ 1,5 °C',
              '« đó…\u00a0» — 5 ₴']
    for t in garbled:
        assert mojibake_kind(t), t
    for t in clean_:
        assert mojibake_kind(t) is None, (t, mojibake_kind(t))
    print('corpus_util: %d garbled and %d clean examples as expected' % (
        len(garbled), len(clean_)))


if __name__ == '__main__':
    _self_test()
