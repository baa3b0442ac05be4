#!/usr/bin/env python3
"""Faker (MIT licence, version pinned in tools/model/README.md) output as one
file per language, plus symbols in context for `symbols.txt`.

Per locale, the same kinds of values as gen_corpus.py (sentences, names,
addresses, cities, companies, jobs, street names, catch phrases, text), with
fixed seeds, but without the capitalised copies gen_corpus.py adds (the
trainer makes those), and without the values a locale borrows from English
or lorem ipsum where it has no data of its own (see own_kinds). A locale's lines go to its language's file; the
script subtag is taken from the text when it is not the language's usual
one. For `symbols.txt`: Faker sentences of many locales with symbols,
arrows and emoji inserted where notes and chat messages put them, and
prices, quotes and marks in each language's typography, as gen_corpus.py
does.

Usage: faker_text.py PARTS_DIR CLDR_CORE_DIR
Writes PARTS_DIR/faker/<tag>.txt and PARTS_DIR/symbols-faker/symbols.txt.
"""
import os
import random
import re
import sys
import unicodedata

import faker
from faker.config import AVAILABLE_LOCALES

from corpus_util import Part, Tags

LINES_PER_KIND = 300
SCRIPTS = {'LATIN': 'Latn', 'CYRILLIC': 'Cyrl', 'GREEK': 'Grek', 'ARABIC': 'Arab',
           'HEBREW': 'Hebr', 'DEVANAGARI': 'Deva', 'BENGALI': 'Beng', 'THAI': 'Thai',
           'GEORGIAN': 'Geor', 'ARMENIAN': 'Armn', 'HANGUL': 'Kore', 'TAMIL': 'Taml',
           'GUJARATI': 'Gujr', 'ORIYA': 'Orya'}
SYMBOLS = ('→ ← ↑ ↓ ⇒ ↔ ✅ ✔ ✓ ❌ ✗ ★ ☆ ♥ ☺ ☐ ☑ ⚠ ⚠️ ⭐ ✨ 🎉 🚀 👍 👍🏽 😀 😊 🙂 😂 🔥 💡 📌 📝 🛠️ 👉 '
           '❤️ 🙏 🤔 👀 💪 🎯 📅 🇩🇪 🇫🇷 👨‍💻 • ◦ ▪ ■ □ ● ○ ▶ ► × ÷ ± ≈ ≠ ≤ ≥ ∞ √ ∑ π µ ° '
           '– — … ™ © ® € £ ¥ § ¶ † ‡ ‰ ′ ″ № ℃ ½ ¼ ¾ ² ³ ¹ ‹ › « » „ “ ” ‘ ’ ‚').split()
CURRENCIES = ['€', '£', '¥', '$', '¢', '₽', '₺', 'zł', 'Kč', '₴', '₪', '₩', '₫', '฿', '₹', 'лв', 'Ft', 'kr']
QUOTES = [('„', '“'), ('“', '”'), ('‘', '’'), ('«', '»'), ('«\u00a0', '\u00a0»'), ('» ', ' «'),
          ('‹', '›'), ('「', '」'), ('『', '』'), ('"', '"'), ('‚', '‘')]
MARKS = ['™', '®', '©', '°C', '°', '±', '×', '÷', '½', '¼', '¾', '²', '³', 'µm', '§', '¶', '†',
         '‡', '•', '…', '–', '—', '·', '¿', '¡', '№', '‰', '→', '✓']


def safe(fn):
    try:
        return str(fn())
    except Exception:
        return None


def line_script(line):
    """The one script all the line's letters are in ('Latn', 'Cyrl', ...;
    'other' for scripts not in SCRIPTS), or None if it mixes scripts or has
    no letters."""
    found = set()
    for ch in line:
        if ch.isalpha():
            found.add(SCRIPTS.get(unicodedata.name(ch, 'X').split(' ')[0], 'other'))
    return found.pop() if len(found) == 1 else None


# The provider behind each kind of value.
KINDS = [('sentence', 'lorem'), ('name', 'person'), ('address', 'address'),
         ('city', 'address'), ('company', 'company'), ('job', 'job'),
         ('street_name', 'address'), ('catch_phrase', 'company'), ('text', 'lorem')]

_WORD = re.compile(r'[^\W\d_]+')


def own_kinds(fk, loc):
    """The value functions of the locale whose provider is of the locale's own
    language: where a locale has no data of its own, Faker gives English
    values or Latin lorem ipsum (`9186 Kısakürek Flat, West Birbenmouth`,
    `Blanditiis at velit`), which are not text of its language."""
    lang = loc.split('_')[0]
    by_name = {p.__provider__.rsplit('.', 1)[-1]: getattr(p, '__lang__', '') or ''
               for p in fk.get_providers()}
    out = []
    for kind, provider in KINDS:
        if by_name.get(provider, '').split('_')[0] == lang:
            out.append((kind, getattr(fk, kind)))
    return out


def english_catch_phrase_words():
    from faker.providers.company.en_US import Provider
    return set(w.lower() for group in Provider.catch_phrase_words for w in group
               for w in _WORD.findall(w))


def is_english(line, vocab):
    """Catch phrases of locales with a company provider of their own but the
    English catch-phrase words."""
    words = _WORD.findall(line)
    return bool(words) and 2 * sum(w.lower() in vocab for w in words) >= len(words)


def main():
    if os.environ.get('PYTHONHASHSEED') != '0':
        # Some Faker locales build their lists from sets (it_IT's cities), whose
        # order follows the string hash seed: fix it so the output is the same
        # on every run.
        flags = ['-W' + w for w in sys.warnoptions]
        os.execve(sys.executable, [sys.executable] + flags + sys.argv,
                  dict(os.environ, PYTHONHASHSEED='0'))
    parts, cldr_core = sys.argv[1:3]
    tags = Tags(cldr_core)
    part = Part(parts, 'faker')
    sym = Part(parts, 'symbols-faker')
    rnd = random.Random(20261206)
    words_by_tag = {}
    fallback = {}
    vocab = english_catch_phrase_words()
    for loc in AVAILABLE_LOCALES:
        fk = faker.Faker(loc)
        fk.seed_instance(1234)
        lines = []
        english = loc.split('_')[0] == 'en'
        for name, kind in own_kinds(fk, loc):
            for _ in range(LINES_PER_KIND):
                s = safe(kind)
                if not s:
                    break
                s = s.replace('\n', ', ')
                if name == 'catch_phrase' and not english and is_english(s, vocab):
                    fallback[loc] = fallback.get(loc, 0) + 1
                    continue
                lines.append(s)
        lang = {'dk_DK': 'da'}.get(loc, loc)
        tag = tags.norm(lang)
        usual = tags.script_of(tag.split('-')[0])
        for s in lines:
            script = line_script(s)
            if script == 'Latn' and usual != 'Latn':
                # English or romanised fallback values of a non-Latin locale
                fallback[tag] = fallback.get(tag, 0) + 1
                continue
            if script in SCRIPTS.values() and script != usual and tag.split('-')[0] != 'zh':
                part.add(tags.norm(lang, script), s)
            else:
                part.add(tag, s)
        # symbols in context, from this locale's sentences
        fk.seed_instance(99)
        own = dict(own_kinds(fk, loc))
        sentences = [safe(own['sentence']) or '' for _ in range(150)] if 'sentence' in own else []
        words = [w.strip('.,;:!?。、') for s in sentences for w in s.split()]
        words = [w for w in words if w]
        words_by_tag.setdefault(tag, []).extend(words)
        for s in sentences:
            ws = s.split()
            if not ws:
                continue
            for _ in range(rnd.randint(1, 3)):
                ws.insert(rnd.randint(0, len(ws)), rnd.choice(SYMBOLS))
            line = ' '.join(ws)
            if rnd.random() < 0.3:
                line = rnd.choice(['- ', '* ', '1. ', '> ', '• ']) + line
            sym.add('symbols', line)
    # prices, quotes, marks and non-breaking spaces around words of every language
    for tag in sorted(words_by_tag):
        words = words_by_tag[tag]
        if not words:
            continue
        for _ in range(120):
            w = rnd.choice(words)
            n = rnd.randint(0, 99999)
            c = rnd.choice(CURRENCIES)
            q = rnd.choice(QUOTES)
            m = rnd.choice(MARKS)
            nb = rnd.choice(['\u00a0', '\u202f', ' '])
            form = rnd.randrange(10)
            s = [f'{w}: {n}{nb}{c}', f'{w}: {c}{n % 1000},{rnd.randint(0, 99):02d}',
                 f'{q[0]}{w}{q[1]} {n}', f'{w}{m} {n}', f'{n % 1000}{m} {w}', f'{m} {w} {m}',
                 f'{w} {m} {q[0]}{n}{q[1]}', f'{q[0]}{w}…{q[1]} — {n}{nb}{c}',
                 f'{n // 1000}{nb}{n % 1000:03d}{nb}{c} ({w})', f'{w} – {n % 100}{nb}%'][form]
            sym.add('symbols', s)
    part.write()
    sym.write()
    print('faker: English catch phrases of non-English locales, and Latin-only lines of '
          'non-Latin locales, left out: ' +
          ', '.join('%s %d' % kv for kv in sorted(fallback.items())))


if __name__ == '__main__':
    main()
