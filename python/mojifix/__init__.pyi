from typing import Any, BinaryIO, Iterable, Iterator, Literal, NamedTuple, TextIO, overload

__version__: str

class ExplanationStep(NamedTuple):
    action: str
    parameter: str

class ExplainedText(NamedTuple):
    text: str
    explanation: list[ExplanationStep] | None

class TextFixerConfig(NamedTuple):
    unescape_html: str | bool = "auto"
    remove_terminal_escapes: bool = True
    fix_encoding: bool = True
    restore_byte_a0: bool = True
    replace_lossy_sequences: bool = True
    decode_inconsistent_utf8: bool = True
    fix_c1_controls: bool = True
    fix_latin_ligatures: bool = True
    fix_character_width: bool = True
    uncurl_quotes: bool = True
    fix_line_breaks: bool = True
    fix_surrogates: bool = True
    remove_control_chars: bool = True
    normalization: Literal["NFC", "NFD", "NFKC", "NFKD"] | None = "NFC"
    max_decode_length: int = 1000000
    explain: bool = True

def fix_text(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str: ...
def fix_text_segment(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str: ...
def fix_encoding(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str: ...
def fix_and_explain(
    text: str, config: TextFixerConfig | None = None, **kwargs: Any
) -> ExplainedText: ...
def fix_encoding_and_explain(
    text: str, config: TextFixerConfig | None = None, **kwargs: Any
) -> ExplainedText: ...
def apply_plan(text: str, plan: Iterable[tuple[str, str]]) -> str: ...
def guess_bytes(data: bytes) -> tuple[str, str]: ...
def fix_bytes(
    data: bytes,
    config: TextFixerConfig | None = None,
    *,
    encoding: str | None = None,
    **kwargs: Any,
) -> str: ...
def fix_file(
    file: TextIO | BinaryIO | Iterable[str] | Iterable[bytes],
    encoding: str | None = None,
    config: TextFixerConfig | None = None,
    **kwargs: Any,
) -> Iterator[str]: ...
def is_bad(text: str) -> bool: ...
@overload
def fix_batch(
    texts: Iterable[str | None],
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: Literal[False] = False,
    **kwargs: Any,
) -> list[str | None]: ...
@overload
def fix_batch(
    texts: Iterable[str | None],
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: Literal[True],
    **kwargs: Any,
) -> tuple[list[str | None], list[bool]]: ...
def fix_arrow(
    array: Any,
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: bool = False,
    **kwargs: Any,
) -> Any: ...
def fix_series(
    series: Any,
    config: TextFixerConfig | None = None,
    *,
    threads: int = 1,
    with_changed: bool = False,
    **kwargs: Any,
) -> Any: ...
