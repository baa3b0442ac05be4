#!/usr/bin/env python3
"""Write the clean multilingual training text for mojifix's plausibility model.

Source: the Faker package (https://pypi.org/project/Faker/, MIT licence),
version pinned below: its per-locale word lists, person names, addresses,
company names and job titles for every locale it ships (103 locales, 60+
languages and 20+ scripts). Generated with a fixed seed, so the output is
reproducible for a given Faker version. On top of that, a few hundred lines
of typographic context generated from templates in this file (prices with
currency signs, quotes in each language's style, degrees, trademarks,
fractions), so that symbols that also appear in mojibake are seen where clean
text really uses them.

Usage: pip install 'faker==37.12.0' && python3 tools/model/gen_corpus.py > target/model-corpus.txt
Then:  cargo run --release --example gen_model -- target/model-corpus.txt
"""
import random
import sys

import faker
from faker.config import AVAILABLE_LOCALES

LINES_PER_KIND = 120


def safe(fn):
    try:
        return str(fn())
    except Exception:
        return None


def main():
    out = sys.stdout
    rnd = random.Random(20261125)
    for loc in AVAILABLE_LOCALES:
        fk = faker.Faker(loc)
        fk.seed_instance(1234)
        kinds = [fk.sentence, fk.name, fk.address, fk.city, fk.company, fk.job,
                 fk.street_name, fk.catch_phrase, fk.text]
        for kind in kinds:
            for _ in range(LINES_PER_KIND):
                s = safe(kind)
                if not s:
                    break
                s = s.replace('\n', ', ')
                r = rnd.random()
                if r < 0.15:
                    s = s.upper()
                elif r < 0.25:
                    s = s.title()
                out.write(s + '\n')
    # typographic context
    words = ['Preis', 'price', 'prix', 'precio', 'цена', 'τιμή', 'cena', 'hinta']
    # Words of many languages, for the quotes and symbols around them.
    for loc in ['de_DE', 'fr_FR', 'pl_PL', 'cs_CZ', 'lt_LT', 'lv_LV', 'hu_HU', 'ro_RO', 'tr_TR',
                'ru_RU', 'uk_UA', 'el_GR', 'sk_SK', 'hr_HR', 'sl_SI', 'da_DK', 'sv_SE', 'is_IS',
                'es_ES', 'pt_PT', 'vi_VN', 'et_EE', 'fi_FI', 'nl_NL', 'it_IT']:
        fk = faker.Faker(loc)
        fk.seed_instance(7)
        for _ in range(20):
            words.extend(w.strip('.,;:!?') for w in (safe(fk.sentence) or '').split())
    words = [w for w in words if w]
    cur = ['€', '£', '¥', '$', '¢', '₽', '₺', 'zł', 'Kč']
    quotes = [('„', '“'), ('“', '”'), ('‘', '’'), ('«', '»'), ('» ', ' «'), ('‹', '›'), ('「', '」'), ('"', '"')]
    marks = ['™', '®', '©', '°C', '°', '±', '×', '÷', '½', '¼', '¾', '²', '³', 'µm', '§', '¶', '†', '‡', '•', '…', '–', '—', '·', '¿', '¡', '№']
    for _ in range(12000):
        w = rnd.choice(words)
        if rnd.random() < 0.2:
            w = w.upper()
        n = rnd.randint(0, 9999)
        c = rnd.choice(cur)
        q = rnd.choice(quotes)
        m = rnd.choice(marks)
        form = rnd.randrange(11)
        if form == 8:
            s = f'{w} {n}{c}'
        elif form == 9:
            s = f'({w} {n % 100}k{c}/{w})'
        elif form == 10:
            s = f'{w} <{n % 50}k{c}, {m}'
        elif form == 0:
            s = f'{w}: {n} {c}'
        elif form == 1:
            s = f'{w}: {c}{n},{rnd.randint(0, 99):02d}'
        elif form == 2:
            s = f'{q[0]}{w}{q[1]} {n}'
        elif form == 3:
            s = f'{w}{m} {n}'
        elif form == 4:
            s = f'{n}{m} {w}'
        elif form == 5:
            s = f'{m} {w} {m}'
        elif form == 6:
            s = f'{w} {m} {q[0]}{n}{q[1]}'
        else:
            s = f'{q[0]}{w}…{q[1]} — {n} {c}'
        out.write(s + '\n')
    # symbols, arrows and emoji where notes and chat messages put them:
    # after a space, at the start or end of a line, in lists
    symbols = ('→ ← ↑ ↓ ⇒ ↔ ✅ ✔ ✓ ❌ ✗ ★ ☆ ♥ ☺ ☐ ☑ ⚠ ⚠️ ⭐ ✨ 🎉 🚀 👍 👍🏽 😀 😊 🙂 😂 🔥 💡 📌 📝 🛠️ 👉 '
               '❤️ 🙏 🤔 👀 💪 🎯 📅 🇩🇪 🇫🇷 👨‍💻 • ◦ ▪ ■ □ ● ○ ▶ ► × ÷ ± ≈ ≠ ≤ ≥ ∞ √ ∑ π µ ° '
               '– — … ™ © ® € £ ¥ § ¶ † ‡ ‰ ′ ″ № ℃ ½ ¼ ¾ ² ³ ¹ ‹ › « » „ “ ” ‘ ’ ‚').split()
    sentence_locales = ['en_US', 'de_DE', 'fr_FR', 'es_ES', 'it_IT', 'pt_BR', 'nl_NL', 'pl_PL', 'cs_CZ',
                        'ru_RU', 'uk_UA', 'bg_BG', 'el_GR', 'tr_TR', 'sv_SE', 'hu_HU', 'ro_RO', 'lt_LT',
                        'lv_LV', 'ar_AA', 'he_IL', 'ja_JP', 'zh_CN', 'ko_KR', 'hi_IN', 'th_TH', 'vi_VN']
    for loc in sentence_locales:
        fk = faker.Faker(loc)
        fk.seed_instance(99)
        for _ in range(600):
            words = (safe(fk.sentence) or '').split()
            if not words:
                continue
            for _ in range(rnd.randint(1, 3)):
                words.insert(rnd.randint(0, len(words)), rnd.choice(symbols))
            s = ' '.join(words)
            if rnd.random() < 0.2:
                s = s.upper()
            if rnd.random() < 0.3:
                s = rnd.choice(['- ', '* ', '1. ', '> ']) + s
            out.write(s + '\n')
    # non-breaking spaces where typography puts them: French punctuation,
    # thousands, units, initials
    nb = ['\u00a0', '\u202f']
    for _ in range(1500):
        w = rnd.choice(words)
        n = rnd.randint(1000, 999999)
        sp = rnd.choice(nb)
        form = rnd.randrange(5)
        if form == 0:
            s = f'{w}{sp}: {n}{sp}{rnd.choice(cur)}'
        elif form == 1:
            s = f'«{sp}{w}{sp}» {n // 1000}{sp}{n % 1000:03d}'
        elif form == 2:
            s = f'{w}{sp}? {n}{sp}km'
        elif form == 3:
            s = f'M.{sp}{w.title()} {n}{sp}%'
        else:
            s = f'{w} {sp} {n}'
        out.write(s + '\n')


if __name__ == '__main__':
    main()
