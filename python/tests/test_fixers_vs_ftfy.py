"""Each of ftfy's fixers beside the encoding repair, compared with ftfy 6.3
itself (a test dependency) on cases for that fixer: with the repair off, so
that only the fixer under test acts, and with ftfy's defaults."""

import pytest

import mojifix
from conftest import need

ftfy = need("ftfy")

ONLY = dict(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=False,
    # ftfy runs this one even with fix_encoding off, on every C1 control;
    # mojifix reads C1 controls in context, inside its repair.
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
)

CASES = {
    "unescape_html": [
        "&lt;tag&gt;",
        "P&eacute;rez &amp; P&EACUTE;REZ, &ntilde; &Ntilde; &NTILDE; &nTILDE;",
        "&Jscr;ohn &HilbertSpace;ancock &checkmark;",
        "BUNDESSTRA&SZLIG;E",
        "&#233; &#xE9; &#XE9; &#x2019; &#8364; &#128; &#150; &#x81;",
        "&#0; &#1; &#xD800; &#99999999999; &#xffff; &#x1FFFE; &#xFDD0; &#13;",
        "this&not that, AT&T, &amp, & ;, &#12ab;, &#x;, &;",
        "&abcdefghijklmnopqrstuvwx; &abcdefghijklmnopqrstuvwxy;",
        "&amp;amp;amp; &amp;lt;",
        "line one &amp;\n<b>then html</b> &amp;\n&amp; after",
        "no markup here &hellip;\nstill none &mdash;",
    ],
    "remove_terminal_escapes": [
        "\x1b[36;44mI'm blue\x1b[0m",
        "\x1b[1m\x1b[31mred\x1b[m plain \x1b[ not \x1b",
        "\x1b\x1b[Ka",
    ],
    "fix_latin_ligatures": ["ﬂuﬃeﬆ ﬁnal ﬀ ﬄ ﬅ", "Ĳssel ĳs ŉ Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ Ǳ ǲ ǳ", "æ œ ﭏ"],
    "fix_character_width": [
        "ＬＯＵＤ　ＮＯＩＳＥＳ",
        "Ｕﾀｰﾝ ﾊﾟﾋﾞ ￠￡￤ ｡｢｣､ ﾡﾢ ＼～",
        "全角のテキスト、ハンカク。",
    ],
    "fix_line_breaks": ["a\r\nb\rc\u2028d\u2029e\x85f\n", "\r\r\n\n"],
    "remove_control_chars": [
        "a\x00b\x07c\x0bd\x0ee\x1ff\x7fg",
        "\ufeffBOM \u206a\u206f \ufff9\ufffa\ufffb\ufffc \ufffd",
        "keep \t\n\x0c\r \x85\x9c \u200d\u200e\u202e \U000e0067 \U0001d173",
    ],
    "uncurl_quotes": ["‘single’ “double” ‚low‛ „low‟"],
}

NORMAL = ["ﬁ x² Å e\u0301 ＡＢ ½ ㈱", "plain"]


@pytest.mark.parametrize(
    "fixer,text", [(f, t) for f, ts in CASES.items() for t in ts], ids=lambda x: repr(x)[:30]
)
def test_fixer_alone_like_ftfy(fixer, text):
    opts = dict(ONLY, **{fixer: True})
    assert mojifix.fix_text(text, **opts) == ftfy.fix_text(text, **opts)


@pytest.mark.parametrize("fixer,text", [(f, t) for f, ts in CASES.items() for t in ts])
def test_fixer_with_ftfy_defaults(fixer, text):
    # ŉ becomes ʼn, whose U+02BC ftfy's uncurling straightens and mojifix's
    # keeps (a letter in several orthographies): see known-differences.json.
    text = text.replace("ŉ", "")
    # ftfy turns every C1 control into windows-1252 punctuation; mojifix's
    # repair reads them in context (\x85 alone on a line stays a NEL).
    text = text.replace("\x85", "").replace("\x9c", "")
    assert mojifix.fix_text(text) == ftfy.fix_text(text)


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD", None])
@pytest.mark.parametrize("text", NORMAL)
def test_normalization_like_ftfy(form, text):
    opts = dict(ONLY, normalization=form)
    assert mojifix.fix_text(text, **opts) == ftfy.fix_text(text, **opts)
    assert mojifix.fix_text(text, normalization=form) == ftfy.fix_text(text, normalization=form)


@pytest.mark.parametrize(
    "text", ["\ud83d\ude00 pair", "lone \udca9 low", "\udca9\ud83d reversed", "ok"]
)
def test_surrogates_like_ftfy(text):
    opts = dict(ONLY, fix_surrogates=True)
    assert mojifix.fix_text(text, **opts) == ftfy.fix_text(text, **opts)
    assert mojifix.fix_text(text) == ftfy.fix_text(text)


def test_segment_and_file_html_rule_like_ftfy():
    import io

    text = "&amp;\n<html>\n&amp;\n"
    assert mojifix.fix_text_segment(text) == ftfy.fix_text_segment(text)
    assert list(mojifix.fix_file(io.StringIO(text))) == list(ftfy.fix_file(io.StringIO(text)))
