"""mojifix: repairs mojibake and normalizes text, and never damages text that
was right.

A drop-in for ftfy's calls (``import mojifix as ftfy`` works for
``fix_text``, ``fix_encoding``, ``fix_and_explain``, ``TextFixerConfig``
and the rest), plus the calls data pipelines need: ``fix_batch`` (a list,
the GIL released for the whole batch, optionally on several threads),
``fix_arrow`` (Arrow string arrays, chunked arrays and streams, no Python
object per row), ``fix_series`` (pandas) and ``fix_bytes``.

    >>> import mojifix
    >>> mojifix.fix_text("cafÃ© â€“ naÃƒÂ¯ve")
    'café – naïve'
    >>> mojifix.fix_batch(["soonâ„¢", None, "fine"])
    ['soon™', None, 'fine']

The encoding repair is mojifix's own: it judges each garbled run in its
context and leaves clean text alone, so it differs from ftfy in the cases
listed in ``tests/known-differences.json``. The other steps of ftfy's
``fix_text`` (HTML entities, terminal escapes, ligatures, character width,
quotes, line breaks, surrogates, control characters, normalization) follow
ftfy 6.3 and are shared with the Rust library and its CLI.
"""

from __future__ import annotations

import collections
import functools
from typing import Any, BinaryIO, Iterable, Iterator, NamedTuple, Sequence, TextIO

from . import _mojifix

__version__: str = _mojifix.__version__

__all__ = [
    "ExplainedText",
    "ExplanationStep",
    "TextFixerConfig",
    "apply_plan",
    "fix_and_explain",
    "fix_arrow",
    "fix_batch",
    "fix_bytes",
    "fix_encoding",
    "fix_encoding_and_explain",
    "fix_file",
    "fix_series",
    "fix_text",
    "fix_text_segment",
    "guess_bytes",
    "is_bad",
]


class ExplanationStep(NamedTuple):
    """One step of a plan: ``action`` is ``"encode"``, ``"decode"``,
    ``"transcode"``, ``"apply"`` or ``"normalize"``; ``parameter`` names the
    encoding, fixer or normalization form (as ftfy's)."""

    action: str
    parameter: str

    def __repr__(self) -> str:
        return repr(tuple(self))


class ExplainedText(NamedTuple):
    """The fixed text and the steps taken (``None`` when the config's
    ``explain`` is off)."""

    text: str
    explanation: list[ExplanationStep] | None


_FIELDS: tuple[tuple[str, Any], ...] = (
    ("unescape_html", "auto"),
    ("remove_terminal_escapes", True),
    ("fix_encoding", True),
    ("restore_byte_a0", True),
    ("replace_lossy_sequences", True),
    ("decode_inconsistent_utf8", True),
    ("fix_c1_controls", True),
    ("fix_latin_ligatures", True),
    ("fix_character_width", True),
    ("uncurl_quotes", True),
    ("fix_line_breaks", True),
    ("fix_surrogates", True),
    ("remove_control_chars", True),
    ("normalization", "NFC"),
    ("max_decode_length", 1_000_000),
    ("explain", True),
)

_Base = collections.namedtuple(  # type: ignore[misc]
    "TextFixerConfig", [n for n, _ in _FIELDS], defaults=[d for _, d in _FIELDS]
)


class TextFixerConfig(_Base):  # type: ignore[misc,valid-type]
    """ftfy 6.3's configuration: the same sixteen fields, names and defaults.

    Immutable; ``_replace(**changes)`` gives a changed copy. An unknown field
    is a ``TypeError``; a value of the wrong kind is a ``ValueError`` that
    names the field.

    - ``unescape_html`` (``"auto"``, ``True``, ``False``): decode HTML
      entities; ``"auto"`` stops at the first line with a ``<``.
    - ``remove_terminal_escapes``, ``fix_latin_ligatures``,
      ``fix_character_width``, ``uncurl_quotes``, ``fix_line_breaks``,
      ``fix_surrogates``, ``remove_control_chars``: as ftfy's.
    - ``fix_encoding``: repair mojibake (mojifix's judgement).
      ``restore_byte_a0``, ``replace_lossy_sequences``,
      ``decode_inconsistent_utf8`` and ``fix_c1_controls`` are ftfy's
      switches inside its repair; mojifix's repair weighs lost NBSPs, lost
      bytes, mixed layers and C1 controls itself, in context, so these are
      checked and kept but change nothing.
    - ``normalization``: ``"NFC"``, ``"NFD"``, ``"NFKC"``, ``"NFKD"`` or
      ``None``.
    - ``max_decode_length``: checked (a positive int) and kept; mojifix
      bounds its own work per line, so it changes nothing.
    - ``explain``: whether ``fix_and_explain`` lists its steps.
    """

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> TextFixerConfig:
        unknown = set(kwargs) - set(cls._fields)
        if unknown:
            raise TypeError(
                f"TextFixerConfig: unknown field(s) {', '.join(sorted(unknown))}"
            )
        self = super().__new__(cls, *args, **kwargs)
        self._check()
        return self

    def _replace(self, **kwargs: Any) -> TextFixerConfig:
        unknown = set(kwargs) - set(self._fields)
        if unknown:
            raise TypeError(
                f"TextFixerConfig: unknown field(s) {', '.join(sorted(unknown))}"
            )
        new = super()._replace(**kwargs)
        new._check()
        return new

    def _check(self) -> None:
        for name, default in _FIELDS:
            value = getattr(self, name)
            if name == "unescape_html":
                ok = value == "auto" or isinstance(value, bool)
                want = "'auto', True or False"
            elif name == "normalization":
                ok = value is None or value in ("NFC", "NFD", "NFKC", "NFKD")
                want = "'NFC', 'NFD', 'NFKC', 'NFKD' or None"
            elif name == "max_decode_length":
                ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
                want = "a positive int"
            else:
                ok = isinstance(value, bool) or value in (0, 1)
                want = "True or False"
            if not ok:
                raise ValueError(
                    f"TextFixerConfig: {name} must be {want}, got {value!r}"
                )


def _config(config: Any, kwargs: dict[str, Any], explain: bool = True) -> TextFixerConfig:
    if config is None:
        config = TextFixerConfig(explain=explain)
    elif not isinstance(config, TextFixerConfig):
        # ftfy's own TextFixerConfig, or anything with the same fields.
        try:
            config = TextFixerConfig(**{n: getattr(config, n) for n, _ in _FIELDS})
        except AttributeError as e:
            raise TypeError(f"config: expected a TextFixerConfig, got {config!r}") from e
    if kwargs:
        if "fix_entities" in kwargs:  # ftfy's old name
            kwargs = dict(kwargs)
            kwargs["unescape_html"] = kwargs.pop("fix_entities")
        config = config._replace(**kwargs)
    return config


@functools.lru_cache(maxsize=128)
def _fixer_for(
    fix_encoding: bool,
    unescape_html: str,
    remove_terminal_escapes: bool,
    fix_latin_ligatures: bool,
    fix_character_width: bool,
    uncurl_quotes: bool,
    fix_line_breaks: bool,
    fix_surrogates: bool,
    remove_control_chars: bool,
    normalization: str | None,
) -> _mojifix.Fixer:
    return _mojifix.Fixer(
        fix_encoding=fix_encoding,
        unescape_html=unescape_html,
        remove_terminal_escapes=remove_terminal_escapes,
        fix_latin_ligatures=fix_latin_ligatures,
        fix_character_width=fix_character_width,
        uncurl_quotes=uncurl_quotes,
        fix_line_breaks=fix_line_breaks,
        fix_surrogates=fix_surrogates,
        remove_control_chars=remove_control_chars,
        normalization=normalization,
    )


def _fixer(c: TextFixerConfig, *, html_off: bool = False) -> _mojifix.Fixer:
    html = c.unescape_html
    html = "off" if (html_off or html is False) else ("always" if html is True else "auto")
    return _fixer_for(
        bool(c.fix_encoding),
        html,
        bool(c.remove_terminal_escapes),
        bool(c.fix_latin_ligatures),
        bool(c.fix_character_width),
        bool(c.uncurl_quotes),
        bool(c.fix_line_breaks),
        bool(c.fix_surrogates),
        bool(c.remove_control_chars),
        c.normalization,
    )


def _encoding_fixer(c: TextFixerConfig) -> _mojifix.Fixer:
    return _fixer_for(bool(c.fix_encoding), "off", False, False, False, False, False, False, False, None)


_BYTES_ERROR = (
    "mojifix fixes text (str), not bytes: decode them first, or use "
    "mojifix.fix_bytes() or mojifix.guess_bytes() for bytes in an unknown encoding"
)


def _text(text: Any) -> str:
    if isinstance(text, (bytes, bytearray)):
        raise UnicodeError(_BYTES_ERROR)
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return text


def fix_text(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """Fixes mojibake and the other glitches ``config`` asks for (ftfy's
    defaults: also HTML entities, terminal escapes, ligatures, widths,
    curly quotes, line breaks, surrogates, control characters, then NFC).

    >>> fix_text("âœ” No problems")
    '✔ No problems'
    >>> fix_text("ＬＯＵＤ　ＮＯＩＳＥＳ")
    'LOUD NOISES'
    >>> fix_text("cafÃ©", uncurl_quotes=False, normalization=None)
    'café'
    """
    c = _config(config, kwargs, explain=False)
    return _fixer(c).fix(_text(text))


def fix_text_segment(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """``fix_text`` on one segment: with ``unescape_html="auto"``, entities
    stay if the text has a ``<`` anywhere (not only from that line on)."""
    c = _config(config, kwargs, explain=False)
    text = _text(text)
    return _fixer(c, html_off=c.unescape_html == "auto" and "<" in text).fix(text)


def fix_encoding(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """Repairs mojibake only: no other step, no normalization.

    >>> fix_encoding("mÃ³vil")
    'móvil'
    """
    c = _config(config, kwargs, explain=False)
    return _encoding_fixer(c).fix(_text(text))


def _steps(steps: list[tuple[str, str]]) -> list[ExplanationStep]:
    return [ExplanationStep(a, p) for a, p in steps]


def fix_and_explain(
    text: str, config: TextFixerConfig | None = None, **kwargs: Any
) -> ExplainedText:
    """``fix_text_segment`` that also lists the steps it took, as ftfy's plan
    steps (replayable with ``apply_plan`` on text garbled the same way).

    >>> fix_and_explain("sÃ³")
    ExplainedText(text='só', explanation=[('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')])
    """
    c = _config(config, kwargs)
    text = _text(text)
    fixer = _fixer(c, html_off=c.unescape_html == "auto" and "<" in text)
    fixed, steps = fixer.explain(text)
    return ExplainedText(fixed, _steps(steps) if c.explain else None)


def fix_encoding_and_explain(
    text: str, config: TextFixerConfig | None = None, **kwargs: Any
) -> ExplainedText:
    """``fix_encoding`` that also lists the steps it took."""
    c = _config(config, kwargs)
    fixed, steps = _encoding_fixer(c).explain(_text(text))
    return ExplainedText(fixed, _steps(steps) if c.explain else None)


def _fix_surrogates(text: str) -> str:
    # UTF-16 pairs surrogates; the ones left alone become U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def apply_plan(text: str, plan: Iterable[tuple[str, str]]) -> str:
    """Replays plan steps (from ``fix_and_explain`` or ftfy's) on ``text``.

    ``("encode", codepage)`` + ``("decode", "utf-8")`` reverses a wrong
    decode: on the whole text where it reverses as a whole, else on each
    line that does. ``("apply", name)`` runs one of the fixers by ftfy's
    name, ``("normalize", form)`` normalizes.

    >>> apply_plan("crÃ¨me", [("encode", "sloppy-windows-1252"), ("decode", "utf-8")])
    'crème'
    """
    steps = [(str(a), str(p)) for a, p in plan]
    if ("apply", "fix_surrogates") in steps:
        text = _fix_surrogates(text)
        steps = [s for s in steps if s != ("apply", "fix_surrogates")]
    return _mojifix.apply_plan(text, steps)


def guess_bytes(data: bytes) -> tuple[str, str]:
    """Decodes bytes in an unknown encoding: ``(text, encoding)``.

    mojifix detects per line (a UTF-8 file with a legacy paragraph pasted in
    comes out whole, and the encoding is then ``"mixed"``); BOMs and UTF-16
    are read as such.

    >>> guess_bytes("café".encode("cp1252"))
    ('café', 'windows-1252')
    """
    if isinstance(data, str):
        raise UnicodeError("guess_bytes takes bytes; this str is already decoded")
    return _mojifix.guess_bytes(bytes(data))


def fix_bytes(
    data: bytes,
    config: TextFixerConfig | None = None,
    *,
    encoding: str | None = None,
    **kwargs: Any,
) -> str:
    """Decodes bytes in any encoding (BOM, UTF-16, legacy codepages, UTF-8
    with legacy stretches) and fixes the text. With ``encoding`` (a WHATWG
    label such as ``"cp1250"`` or ``"shift_jis"``, or the DOS ``"cp437"``
    and ``"cp850"``), the bytes are read in that encoding instead of
    detecting it; an unknown label is a ``ValueError``.

    >>> fix_bytes(b"caf\\xe9 \\x80")
    'café €'
    >>> fix_bytes(b"Matthias B\\x81chse", encoding="cp437")
    'Matthias Büchse'
    """
    if isinstance(data, str):
        raise TypeError("fix_bytes takes bytes; use fix_text for str")
    c = _config(config, kwargs, explain=False)
    return _fixer(c).fix_bytes(bytes(data), encoding)


def fix_file(
    file: TextIO | BinaryIO | Iterable[str] | Iterable[bytes],
    encoding: str | None = None,
    config: TextFixerConfig | None = None,
    **kwargs: Any,
) -> Iterator[str]:
    """Yields the fixed lines of a file (text or binary; binary lines are
    decoded with ``encoding``, or detected line by line)."""
    c = _config(config, kwargs, explain=False)
    fixer = _fixer(c)
    html_off = _fixer(c, html_off=True)
    markup = False
    for line in file:
        if isinstance(line, (bytes, bytearray)):
            line = bytes(line).decode(encoding) if encoding else guess_bytes(bytes(line))[0]
        markup = markup or (c.unescape_html == "auto" and "<" in line)
        yield (html_off if markup else fixer).fix(line)


def is_bad(text: str) -> bool:
    """Whether ``text`` holds mojibake that mojifix would repair.

    >>> is_bad("cafÃ©"), is_bad("café")
    (True, False)
    """
    return _encoding_fixer(TextFixerConfig()).is_bad(_text(text))


def fix_batch(
    texts: Iterable[str | None],
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: bool = False,
    **kwargs: Any,
) -> Any:
    """Fixes many texts at once: a list of the same length, ``None`` kept.

    The GIL is released for the whole batch; ``threads > 1`` spreads it over
    that many threads (1 by default, so one task per core does not
    oversubscribe). Rows that need nothing come back as the same objects.
    With ``with_changed=True``, returns ``(texts, changed)``, ``changed`` a
    list of bools.

    >>> fix_batch(["cafÃ©", None, "ok"], with_changed=True)
    (['café', None, 'ok'], [True, False, False])
    """
    c = _config(config, kwargs, explain=False)
    if isinstance(texts, (str, bytes)):
        raise TypeError("fix_batch takes a sequence of texts, not one text")
    return _fixer(c).fix_batch(texts, threads, with_changed)


def _like(original: Any, result: Any) -> Any:
    """``result`` (an Arrow PyCapsule object) as the library of ``original``."""
    module = type(original).__module__.split(".")[0]
    if module == "pyarrow":
        import pyarrow as pa

        if isinstance(original, pa.ChunkedArray):
            return pa.chunked_array(result)
        if isinstance(original, pa.Array):
            return pa.array(result)
        return result
    if module == "polars":
        import polars as pl

        if isinstance(original, pl.Series):
            return pl.Series(original.name, result)
    return result


def fix_arrow(
    array: Any,
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: bool = False,
    **kwargs: Any,
) -> Any:
    """Fixes an Arrow string array: ``string``, ``large_string`` or
    ``string_view``, a chunked array or a stream of them, from any library
    with the Arrow PyCapsule interface (pyarrow, polars, arro3, nanoarrow,
    ...). The same type comes back, nulls kept, with no Python object made
    per row; pyarrow and polars inputs come back as pyarrow and polars
    objects, others as an object with the PyCapsule interface. Chunks with
    nothing to fix are passed through without a copy.

    >>> import pyarrow as pa
    >>> fix_arrow(pa.array(["cafÃ©", None])).to_pylist()
    ['café', None]
    """
    c = _config(config, kwargs, explain=False)
    if not (hasattr(array, "__arrow_c_array__") or hasattr(array, "__arrow_c_stream__")):
        raise TypeError(
            f"fix_arrow: expected an Arrow array, chunked array or stream, got {type(array).__name__}"
        )
    out = _fixer(c).fix_arrow(array, threads, with_changed)
    if with_changed:
        result, changed = out
        return _like(array, result), changed
    return _like(array, out)


def fix_series(
    series: Any,
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: bool = False,
    **kwargs: Any,
) -> Any:
    """Fixes a pandas Series of text: ``None``, ``NaN`` and ``pd.NA`` are
    nulls and come back as nulls; the index, name and dtype are kept. For
    ``pandas_udf`` and Dask ``map_partitions``.

    >>> import pandas as pd
    >>> out = fix_series(pd.Series(["cafÃ©", None, float("nan")]))
    >>> out[0], out.isna().tolist()
    ('café', [False, True, True])
    """
    import pandas as pd

    values: Sequence[Any] = [None if _is_null(v) else v for v in series.tolist()]
    out = fix_batch(values, config, threads=threads, with_changed=with_changed, **kwargs)
    changed = None
    if with_changed:
        out, changed = out
    dtype = series.dtype if not (series.dtype == object) else object
    result = pd.Series(out, index=series.index, name=series.name, dtype=dtype)
    if with_changed:
        return result, pd.Series(changed, index=series.index, name=series.name, dtype=bool)
    return result


def _is_null(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    try:
        import pandas as pd

        return v is pd.NA or v is pd.NaT
    except ImportError:  # pragma: no cover
        return False
