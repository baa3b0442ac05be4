#!/usr/bin/env python3
"""Translated user-interface messages as training text: modern software
wording (menus, dialogs, error messages, settings), one message a line, one
file per language.

Two public GitHub repositories, read with `git show` at pinned commits (a
clone or the bare git directory of a snapshot both work), and four npm
packages at pinned versions:

- godotengine/godot-editor-l10n (MIT: "All the translation content of this
  repository (msgid, msgstr) is licensed under the MIT license, like Godot
  itself", README and LICENSE.txt): the gettext catalogues of the Godot
  editor interface (`editor/`), its property and setting names
  (`properties/`) and the strings of its extractable parts
  (`extractable/`), ~80 languages. The class reference (`classes/`, files
  of 4 MiB and more, absent from the snapshot the project can fetch) is not
  read.
- microsoft/calculator (MIT, LICENSE): the `.resw` resources of Windows
  Calculator (`src/Calculator/Resources/<locale>/`), 60 locales,
  professionally translated.
- npm `@openstreetmap/id` 2.42.2 (ISC; its CONTRIBUTING.md: "Translations
  are licensed under ISC, the same license as iD"): `dist/locales/*.min.json`,
  the interface, help and walkthrough text of the OpenStreetMap editor,
  ~100 locales (its language, script, imagery and community names left out:
  names, not messages, and the first two are CLDR's).
- npm `@openstreetmap/id-tagging-schema` 7.2.0 (ISC, LICENSE.md; translated
  on the same Transifex project as iD): `dist/translations/*.min.json`, the
  names of map features, field labels and their options (`Autobusno
  stajalište`, `Vrsta prekidača`), ~110 locales.
- npm `matrix-react-sdk` 3.80.0 (Apache-2.0; from 3.110 on it is
  AGPL/GPL, and 3.80 has more languages than 3.108, the last Apache one):
  `src/i18n/strings/*.json`, the messages of the Element chat client.
- npm `@jitsi/react-native-sdk` 13.2.0 (Apache-2.0, package.json; the
  jitsi-meet sources it ships, translations included, are Apache-2.0):
  `lang/main-*.json`, the messages of the Jitsi Meet video-conference app,
  ~60 languages (`languages-*`, `countries-*`: names, left out).
- npm `typescript` 5.9.3 (Apache-2.0): `lib/<locale>/diagnosticMessages.generated.json`,
  the compiler's messages in 13 languages.

Only translations are taken: a message is left out when it is marked fuzzy,
is empty, or is the same as its English source (not translated). Messages
are split at their line breaks; markup (`[b]`, `[code]`, `<b>`) is removed,
short placeholders (`%s`, `%d`, `{0}`) are kept as software text has them,
named ones (`%(userName)s`, `{rightclick}`, `{{appName}}`, `$t(key)`) are
removed. For a language whose script is not Latin, lines without a letter
outside ASCII (`OpenGL`, `%s: %d`) are left out; Chinese lines in the other
script than their file's are left out (see _SIMP). Pseudo, constructed and
historic locales (Klingon, Toki Pona, Old English) and iD's mixed-script
`zh` and `gan` are skipped.

Usage: software_text.py PARTS_DIR CLDR_CORE_DIR GODOT_L10N_GIT CALCULATOR_GIT NPM_DIR
(NPM_DIR holds the unpacked packages as build_corpus.sh leaves them:
NPM_DIR/<name>-<version>/package, a scoped name without its `@` and with
`-` for `/`: openstreetmap-id-2.42.2).
Writes PARTS_DIR/software/<tag>.txt and stats.tsv. Each language is capped
at CAP bytes, an evenly spread sample of its lines (fixed seed).
"""
import html
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

from corpus_util import Part, Tags

GODOT_L10N_COMMIT = 'da7b2eb4c053482af6fcccb26707d8c5d14705a4'
CALCULATOR_COMMIT = '9f186049101f9a26e99a6e6cdff614d5558b5d27'

ID_VERSION = '2.42.2'
ELEMENT_VERSION = '3.80.0'
TYPESCRIPT_VERSION = '5.9.3'
JITSI_VERSION = '13.2.0'
SCHEMA_VERSION = '7.2.0'

CAP = 700_000
GODOT_DIRS = ['editor', 'properties', 'extractable']
SKIP = {'zh', 'gan', 'tlh', 'tok', 'io', 'jbo', 'ang', 'enm', 'en-UWU', 'qps-ploc'}  # constructed, historic, pseudo


def git_show(gitdir, commit, path):
    r = subprocess.run(['git', '--git-dir', gitdir, 'show', '%s:%s' % (commit, path)],
                       capture_output=True, check=True)
    return r.stdout


def git_ls(gitdir, commit, path=''):
    r = subprocess.run(['git', '--git-dir', gitdir, 'ls-tree', '--name-only', commit, path],
                       capture_output=True, check=True, text=True)
    return [x for x in r.stdout.splitlines() if x]


_PO_ESC = re.compile(r'\\(.)')
_PO_ESC_MAP = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': ''}


def _po_str(s):
    return _PO_ESC.sub(lambda m: _PO_ESC_MAP.get(m.group(1), m.group(1)), s)


def po_entries(text):
    """(msgid, [msgstr...], fuzzy) of a gettext catalogue, header left out."""
    entries = []
    cur = {}
    key = None
    fuzzy = False

    def flush():
        nonlocal cur, fuzzy, key
        if 'msgid' in cur and cur['msgid']:
            strs = [v for k, v in sorted(cur.items()) if k.startswith('msgstr')]
            entries.append((cur['msgid'], strs, fuzzy))
        cur, fuzzy, key = {}, False, None

    for line in text.splitlines():
        line = line.strip()
        if not line:
            flush()
            continue
        if line.startswith('#~'):
            continue            # obsolete entry
        if line.startswith('#'):
            if line.startswith('#,') and 'fuzzy' in line:
                if cur:
                    flush()
                fuzzy = True
            continue
        if line.startswith('"'):
            if key:
                cur[key] += _po_str(line[1:-1])
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if not m:
            continue
        key = m.group(1)
        if key == 'msgctxt' and 'msgid' in cur:
            f = fuzzy
            flush()
            fuzzy = f
        cur[key] = _po_str(m.group(2))
    flush()
    return entries


def resw_values(data):
    """name -> value of a .resw (ResX) resource file."""
    root = ET.fromstring(data)
    out = {}
    for d in root.iter('data'):
        if d.get('type') or d.get('mimetype'):
            continue
        v = d.find('value')
        if v is not None and v.text:
            out[d.get('name')] = v.text
    return out


_MARKUP = re.compile(r'\[/?(?:b|i|u|s|code|kbd|center|color|url|img|font|font_size|param|'
                     r'member|method|constant|signal|enum|annotation|theme_item|br|'
                     r'ul|ol|lb|rb)(?:[= ][^\]]*)?\]|</?[a-zA-Z][a-zA-Z0-9]*(?: [^<>]*)?/?>')
_NAMED = re.compile(r' ?(?:%\([A-Za-z_][A-Za-z0-9_]*\)[sd]|\{\{?[A-Za-z_][A-Za-z0-9_.]*\}\}?'
                    r'|\$t\([^()]*\))')
_MARKDOWN = re.compile(r'\*\*|^#+ ', re.M)
_ASCII_ONLY = re.compile(r'^[\x00-\x7f]*$')

# Frequent characters that differ between simplified and traditional
# Chinese (pairs in the same order). Some catalogues of one script carry
# messages in the other (iD's zh-HK falls back to simplified text): a zh-Hans
# line with a traditional-only character, or a zh-Hant line with a
# simplified-only one, is left out.
_SIMP = '简体这个们为说国时会对开关网点档图选择来与从将无发动当过还进经现问题务设显项页请输码错误读写长间门线节边区编辑删载储数据类转换级认证户号启断链视频听声话语订阅览试验检测实际应该态状业产东车马鸟鱼飞书钱银铁电脑灯传递'
_TRAD = '簡體這個們為說國時會對開關網點檔圖選擇來與從將無發動當過還進經現問題務設顯項頁請輸碼錯誤讀寫長間門線節邊區編輯刪載儲數據類轉換級認證戶號啟斷鏈視頻聽聲話語訂閱覽試驗檢測實際應該態狀業產東車馬鳥魚飛書錢銀鐵電腦燈傳遞'
assert len(_SIMP) == len(_TRAD)
_SIMP_ONLY = re.compile('[%s]' % ''.join(a for a, b in zip(_SIMP, _TRAD) if a != b))
_TRAD_ONLY = re.compile('[%s]' % ''.join(b for a, b in zip(_SIMP, _TRAD) if a != b))


def lines_of(text):
    text = _MARKUP.sub('', text)
    if '&' in text and ';' in text:
        text = html.unescape(text)
    text = _MARKDOWN.sub('', _NAMED.sub('', text))
    for line in text.split('\n'):
        yield line


def leaves(x, path=()):
    """(path, string) of every string in a nested JSON object."""
    if isinstance(x, dict):
        for k, v in x.items():
            yield from leaves(v, path + (k,))
    elif isinstance(x, str):
        yield path, x


def script_word(ch):
    """The first word of a letter's Unicode name (LATIN, CYRILLIC, CJK,
    HIRAGANA ...), or None for what is not a letter."""
    if not ch.isalpha():
        return None
    if ch < '\u0250':       # ª º µ count with the Latin letters
        return 'LATIN'
    return unicodedata.name(ch, 'X').split(' ')[0]


def read_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def main():
    parts, cldr_core, godot_git, calc_git, npm = sys.argv[1:6]
    tags = Tags(cldr_core)
    part = Part(parts, 'software', cap_bytes=CAP)
    other_script = {}
    pending = []     # (tag, line), added to the part once the scripts are known

    def add(tag, src, msg):
        if msg.strip() == src.strip():
            return
        non_latin = tags.script_of(tag.split('-')[0]) not in (None, 'Latn') \
            and not tag.endswith('-Latn')
        for line in lines_of(msg):
            if not any(ch.isalpha() for ch in line):
                continue
            if non_latin and _ASCII_ONLY.match(line):
                continue
            if (tag == 'zh-Hans' and _TRAD_ONLY.search(line)) or \
                    (tag == 'zh-Hant' and _SIMP_ONLY.search(line)):
                other_script[tag] = other_script.get(tag, 0) + 1
                continue
            pending.append((tag, line))

    # Godot editor catalogues, in sorted order of directory and file.
    for d in GODOT_DIRS:
        for path in sorted(git_ls(godot_git, GODOT_L10N_COMMIT, d + '/')):
            if not path.endswith('.po'):
                continue
            loc = path.rsplit('/', 1)[1][:-3]
            if loc in SKIP:
                continue
            tag = tags.norm(loc)
            text = git_show(godot_git, GODOT_L10N_COMMIT, path).decode('utf-8')
            for msgid, strs, fuzzy in po_entries(text):
                if fuzzy:
                    continue
                for s in strs:
                    if s:
                        add(tag, msgid, s)

    # Windows Calculator resources, compared with en-US by resource name.
    base = 'src/Calculator/Resources/'
    locales = sorted(p.rsplit('/', 1)[1] for p in git_ls(calc_git, CALCULATOR_COMMIT, base))
    english = {}
    for p in git_ls(calc_git, CALCULATOR_COMMIT, base + 'en-US/'):
        if p.endswith('.resw'):
            english[p.rsplit('/', 1)[1]] = resw_values(git_show(calc_git, CALCULATOR_COMMIT, p))
    for loc in locales:
        if loc in SKIP:
            continue
        tag = tags.norm(loc)
        for p in sorted(git_ls(calc_git, CALCULATOR_COMMIT, base + loc + '/')):
            if not p.endswith('.resw'):
                continue
            en = english.get(p.rsplit('/', 1)[1], {})
            for name, value in resw_values(git_show(calc_git, CALCULATOR_COMMIT, p)).items():
                if loc.startswith('en-'):
                    add(tag, '', value)
                else:
                    add(tag, en.get(name, ''), value)

    # iD and its tagging schema: every locale file, compared with en by key
    # path.
    def osm_locales(loc_dir, skip_keys):
        english = dict(leaves(read_json(os.path.join(loc_dir, 'en.min.json'))['en']))
        for name in sorted(os.listdir(loc_dir)):
            loc = name[:-len('.min.json')]
            if not name.endswith('.min.json') or loc == 'index' or loc in SKIP:
                continue
            data = read_json(os.path.join(loc_dir, name)).get(loc, {})
            tag = tags.norm(loc.split('@')[0])     # be@tarask
            for path, value in leaves(data):
                if path and (path[0] in skip_keys or path[-1] in skip_keys):
                    continue
                add(tag, '' if loc.startswith('en') else english.get(path, ''), value)

    osm_locales(os.path.join(npm, 'openstreetmap-id-' + ID_VERSION, 'package', 'dist', 'locales'),
                ('languageNames', 'scriptNames', 'imagery', 'community'))
    osm_locales(os.path.join(npm, 'openstreetmap-id-tagging-schema-' + SCHEMA_VERSION, 'package',
                             'dist', 'translations'), ('terms', 'aliases'))

    # Element (matrix-react-sdk): compared with en_EN by key path.
    el_dir = os.path.join(npm, 'matrix-react-sdk-' + ELEMENT_VERSION, 'package', 'src', 'i18n',
                          'strings')
    english = dict(leaves(read_json(os.path.join(el_dir, 'en_EN.json'))))
    for name in sorted(os.listdir(el_dir)):
        loc = name[:-5]
        if not name.endswith('.json') or loc in SKIP or loc in ('basefile', 'en_EN'):
            continue
        tag = tags.norm(loc)
        for path, value in leaves(read_json(os.path.join(el_dir, name))):
            src = english.get(path, path[0] if len(path) == 1 else '')
            add(tag, '' if loc.startswith('en') else src, value)

    # Jitsi Meet: main-<locale>.json, compared with main.json by key path.
    jt_dir = os.path.join(npm, 'jitsi-react-native-sdk-' + JITSI_VERSION, 'package', 'lang')
    english = dict(leaves(read_json(os.path.join(jt_dir, 'main.json'))))
    for name in sorted(os.listdir(jt_dir)):
        loc = name[len('main-'):-len('.json')]
        if not (name.startswith('main-') and name.endswith('.json')) or loc in SKIP:
            continue
        tag = tags.norm(loc)
        for path, value in leaves(read_json(os.path.join(jt_dir, name))):
            add(tag, '' if loc.startswith('en') else english.get(path, ''), value)

    # TypeScript compiler messages (every one translated; no English to compare).
    ts_dir = os.path.join(npm, 'typescript-' + TYPESCRIPT_VERSION, 'package', 'lib')
    for loc in sorted(os.listdir(ts_dir)):
        p = os.path.join(ts_dir, loc, 'diagnosticMessages.generated.json')
        if os.path.exists(p):
            tag = tags.norm(loc)
            for _, value in leaves(read_json(p)):
                add(tag, '', value)
    # A line whose letters are mostly of a script other than Latin that is
    # rare (under 2 %) in its language's messages is left out: Godot's Hindi catalogue has `рдорд╛рдк:`, the
    # UTF-8 of `माप:` read as cp866, which the mojibake filter (made for
    # cp1252 and Latin-1) does not see.
    counts = {}
    for tag, line in pending:
        c = counts.setdefault(tag, {})
        for sc in map(script_word, line):
            if sc:
                c[sc] = c.get(sc, 0) + 1
    wrong_script = {}
    for tag, line in pending:
        c = counts[tag]
        total = sum(c.values())
        letters = [sc for sc in map(script_word, line) if sc]
        rare = sum(1 for sc in letters if sc != 'LATIN' and c[sc] < 0.02 * total)
        if rare * 2 > len(letters):
            wrong_script.setdefault(tag, []).append(line)
            continue
        part.add(tag, line)
    part.write()
    for tag, lines in sorted(wrong_script.items()):
        print('software: %s: %d lines in a script rare in the language left out: %s' % (
            tag, len(lines), ' | '.join(lines[:3])))
    for tag, n in sorted(other_script.items()):
        print('software: %s: %d lines in the other Chinese script left out' % (tag, n))


if __name__ == '__main__':
    main()
