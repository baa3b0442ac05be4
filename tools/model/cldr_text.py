#!/usr/bin/env python3
"""Training text and alphabets from Unicode CLDR (Unicode License v3), npm
packages at the versions pinned in tools/model/README.md:

- `cldr-annotations-full` and `cldr-annotations-derived-full`: the names and
  keywords of symbols and emoji in ~170 locales. Each symbol gives two lines
  in its locale's file (its spoken name; its keywords joined by ` | `), and
  lines for `symbols.txt` that put the symbol beside its name
  (`😀 grinsendes Gesicht`, `Gesicht: 😀`, `„😀“ – grinsen`).
- `cldr-misc-full` `characters.json`: each locale's exemplar characters
  (main, auxiliary, index, punctuation) written to `alphabets.tsv`, letters
  in lowercase and uppercase, NFC.

Usage: cldr_text.py PARTS_DIR OUT_DIR NPM_DIR
(NPM_DIR holds the unpacked packages, each as <name>-<version>/package).
Writes PARTS_DIR/cldr/<tag>.txt, PARTS_DIR/symbols-cldr/symbols.txt and
OUT_DIR/alphabets.tsv.
"""
import json
import os
import random
import sys
import unicodedata

from corpus_util import Part, Tags

VERSION = '48.2.0'
CAP_PER_LANGUAGE = 600_000
SYMBOL_LINES_PER_LOCALE = 1500


def pkg(npm, name):
    return os.path.join(npm, '%s-%s' % (name, VERSION), 'package')


def load(path, *keys):
    with open(path, encoding='utf-8') as f:
        d = json.load(f)
    for k in keys:
        d = d[k]
    return d


def parse_unicode_set(s):
    """The items of a CLDR exemplar UnicodeSet such as `[aä b {ch} d-f \\-]`:
    single characters (a combining mark written right after its base stays
    with it), `{...}` strings and ranges."""
    assert s.startswith('[') and s.endswith(']'), s
    s = s[1:-1]
    items, i, prev_joinable = [], 0, False

    def esc(j):
        c = s[j + 1]
        if c == 'u':
            return chr(int(s[j + 2:j + 6], 16)), j + 6
        if c == 'U':
            return chr(int(s[j + 2:j + 10], 16)), j + 10
        if c == 'x' and s[j + 2] == '{':
            end = s.index('}', j)
            return chr(int(s[j + 3:end], 16)), end + 1
        return c, j + 2

    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
            prev_joinable = False
            continue
        if c == '{':
            end = s.index('}', i)
            items.append(s[i + 1:end])
            i = end + 1
            prev_joinable = False
            continue
        if c == '\\':
            c, i = esc(i)
        else:
            i += 1
        if i < len(s) and s[i] == '-' and i + 1 < len(s) and not s[i + 1].isspace():
            j = i + 1
            if s[j] == '\\':
                hi, i = esc(j)
            else:
                hi, i = s[j], j + 1
            items.extend(chr(x) for x in range(ord(c), ord(hi) + 1))
            prev_joinable = False
            continue
        if prev_joinable and unicodedata.category(c).startswith('M') and items:
            items[-1] += c
        else:
            items.append(c)
        prev_joinable = True
    return [unicodedata.normalize('NFC', x) for x in items]


def with_upper(items, lang):
    """The items, then their uppercase forms (Turkic dotted capital I; no
    expansion such as ß -> SS, which is not a letter of its own)."""
    out = list(dict.fromkeys(items))
    for x in items:
        if lang in ('tr', 'az', 'crh', 'gag', 'tt', 'kk', 'ba') and x == 'i':
            up = 'İ'
        else:
            up = unicodedata.normalize('NFC', x.upper())
            if len(up) != len(x) and not x.isupper():
                # ß -> SS, ŉ -> ʼN: the capital is a sequence of other letters
                up = x[0].upper() + x[1:] if len(x[0].upper()) == 1 else None
        if up and up not in out:
            out.append(up)
    return out


def alphabets(npm, tags, out_dir):
    main = os.path.join(pkg(npm, 'cldr-misc-full'), 'main')
    rows = []
    for loc in sorted(os.listdir(main)):
        path = os.path.join(main, loc, 'characters.json')
        if not os.path.exists(path):
            continue
        ch = load(path, 'main', loc, 'characters')
        tag = tags.norm(loc) if loc != 'root' else 'und'
        lang = tag.split('-')[0]
        cols = []
        for key, upper in (('exemplarCharacters', True), ('auxiliary', True),
                           ('index', False), ('punctuation', False)):
            v = ch.get(key)
            items = parse_unicode_set(v) if v else []
            if upper:
                items = with_upper(items, lang)
            cols.append(' '.join(items))
        rows.append([loc, tag] + cols)
    with open(os.path.join(out_dir, 'alphabets.tsv'), 'w', encoding='utf-8') as f:
        f.write('# CLDR %s exemplar characters (npm cldr-misc-full, Unicode License v3). '
                'Columns: CLDR locale, corpus tag, main letters (lowercase then uppercase), '
                'auxiliary letters (likewise), index letters, punctuation; items separated '
                'by spaces, NFC.\n' % VERSION)
        f.write('locale\ttag\tmain\tauxiliary\tindex\tpunctuation\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    print('alphabets.tsv: %d locales' % len(rows))


def annotations(npm, tags, parts):
    part = Part(parts, 'cldr', cap_bytes=CAP_PER_LANGUAGE)
    sym = Part(parts, 'symbols-cldr')
    rnd = random.Random(20261206)
    quotes = [('„', '“'), ('“', '”'), ('«', '»'), ('« ', ' »'), ('「', '」'), ('"', '"'), ('‘', '’')]
    for package, key in (('cldr-annotations-full', 'annotations'),
                         ('cldr-annotations-derived-full', 'annotationsDerived')):
        root = os.path.join(pkg(npm, package), key)
        for loc in sorted(os.listdir(root)):
            path = os.path.join(root, loc, 'annotations.json')
            if loc == 'und' or not os.path.exists(path):
                continue
            tag = tags.norm(loc)
            ann = load(path, key).get('annotations', {})
            sym_lines = []
            for s in sorted(ann):
                a = ann[s]
                tts = (a.get('tts') or [''])[0]
                words = a.get('default') or []
                if tts:
                    part.add(tag, tts)
                if words and key == 'annotations':
                    part.add(tag, ' | '.join(words))
                if tts:
                    q = rnd.choice(quotes)
                    w = rnd.choice(words) if words else tts
                    form = rnd.randrange(4)
                    if form == 0:
                        sym_lines.append('%s %s' % (s, tts))
                    elif form == 1:
                        sym_lines.append('%s: %s' % (tts, s))
                    elif form == 2:
                        sym_lines.append('%s%s%s – %s' % (q[0], s, q[1], w))
                    else:
                        sym_lines.append('%s %s %s' % (w, s, tts))
            rnd.shuffle(sym_lines)
            for x in sym_lines[:SYMBOL_LINES_PER_LOCALE]:
                sym.add('symbols', x)
    part.write()
    sym.write()


# Names in CLDR's locale data: languages, territories, scripts, months, days,
# eras, date fields and relative times, time zones and cities, units,
# currencies. Formats and patterns (date patterns, number formats) are left
# out; `{0}` and `{1}` placeholders get numbers.
NAME_PACKAGES = ['cldr-localenames-full', 'cldr-dates-full', 'cldr-units-full',
                 'cldr-numbers-full']
SKIP_KEYS = {'dateFormats', 'timeFormats', 'dateTimeFormats', 'dateTimeFormats-atTime',
             'dateTimeFormats-relative', 'availableFormats', 'intervalFormats',
             'appendItems', 'dateSkeletons', 'timeSkeletons', 'hourFormat', 'gmtFormat',
             'gmtZeroFormat', 'gmtUnknownFormat', 'fallbackFormat', 'regionFormat',
             'regionFormat-type-daylight', 'regionFormat-type-standard', 'identity',
             'decimalFormats', 'percentFormats', 'scientificFormats', 'currencyFormats',
             'miscPatterns', 'minimalPairs', 'defaultNumberingSystem', 'otherNumberingSystems',
             'minimumGroupingDigits', 'rationalFormats', 'gender', '_type',
             'symbol', 'symbol-alt-narrow', 'symbol-alt-formal', 'symbol-alt-variant',
             'durationUnit-type-hm', 'durationUnit-type-hms', 'durationUnit-type-ms',
             'localeDisplayPattern', 'codePatterns'}


def leaves(d, rnd, key=''):
    if isinstance(d, dict):
        for k in sorted(d):
            if k in SKIP_KEYS or k.startswith('symbols-numberSystem') or \
                    k.startswith('decimalFormats-') or k.startswith('percentFormats-') or \
                    k.startswith('currencyFormats-') or k.startswith('scientificFormats-') or \
                    k.startswith('miscPatterns-') or k.startswith('rationalFormats-'):
                continue
            yield from leaves(d[k], rnd, k)
    elif isinstance(d, list):
        for x in d:
            yield from leaves(x, rnd, key)
    elif isinstance(d, str):
        s = d
        if '{0}' in s:
            n = '1' if 'count-one' in key else str(rnd.choice([2, 3, 5, 7, 10, 12, 24, 100]))
            s = s.replace('{0}', n)
        if '{1}' in s:
            s = s.replace('{1}', str(rnd.randint(2, 60)))
        if '{' in s or not any(c.isalpha() for c in s):
            return
        yield s


def names(npm, tags, parts):
    part = Part(parts, 'cldr-names', cap_bytes=CAP_PER_LANGUAGE)
    rnd = random.Random(20261206)
    for package in NAME_PACKAGES:
        main = os.path.join(pkg(npm, package), 'main')
        for loc in sorted(os.listdir(main)):
            if loc in ('root', 'und'):
                continue
            tag = tags.norm(loc)
            for fname in sorted(os.listdir(os.path.join(main, loc))):
                d = load(os.path.join(main, loc, fname), 'main', loc)
                for s in leaves(d, rnd):
                    part.add(tag, s)
    part.write()


def main():
    parts, out_dir, npm = sys.argv[1:4]
    tags = Tags(pkg(npm, 'cldr-core'))
    os.makedirs(out_dir, exist_ok=True)
    alphabets(npm, tags, out_dir)
    annotations(npm, tags, parts)
    names(npm, tags, parts)


if __name__ == '__main__':
    main()
