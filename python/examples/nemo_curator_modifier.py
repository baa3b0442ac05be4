"""A NeMo Curator document modifier built on fix_batch, in place of its
UnicodeReformatter (which calls ftfy.fix_text per document).

NeMo Curator's modifiers subclass `nemo_curator.modifiers.DocumentModifier`
and implement `modify_document(self, text) -> str`; the Modify stage applies
it to each document's text column. This one keeps that method and adds a
batch method for the stages that hand over a whole pandas Series (or Arrow
column), where fix_series/fix_arrow do the partition in one call. The import
is optional so that the example runs without NeMo Curator.
"""

import mojifix

try:
    from nemo_curator.modifiers import DocumentModifier
except ImportError:  # shape only

    class DocumentModifier:  # type: ignore[no-redef]
        def __init__(self):
            pass


class MojifixReformatter(DocumentModifier):
    def __init__(self, **ftfy_options):
        super().__init__()
        # UnicodeReformatter's fields, by keyword, as ftfy's TextFixerConfig.
        self.config = mojifix.TextFixerConfig(**ftfy_options)

    def modify_document(self, text: str) -> str:
        return mojifix.fix_text(text, self.config)

    def modify_series(self, texts):
        """A pandas Series at a time (nulls kept)."""
        return mojifix.fix_series(texts, self.config)

    def modify_batch(self, texts: list) -> list:
        return mojifix.fix_batch(texts, self.config)


if __name__ == "__main__":
    m = MojifixReformatter(uncurl_quotes=False, normalization=None)
    print(m.modify_document("cafÃ© “ok”"), m.modify_batch(["soonâ„¢", None]))
