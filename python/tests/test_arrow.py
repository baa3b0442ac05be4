"""fix_arrow: Arrow string arrays in, the same type out, nulls kept."""

import pytest

import mojifix

pa = pytest.importorskip("pyarrow")

ROWS = ["cafÃ©", None, "déjà vu", "", "soonâ„¢", None, "Ã€ bientÃ´t"]
FIXED = ["café", None, "déjà vu", "", "soon™", None, "À bientôt"]


@pytest.mark.parametrize("type_", [pa.string(), pa.large_string(), pa.string_view()])
def test_array_types_kept(type_):
    arr = pa.array(ROWS, type=type_)
    out = mojifix.fix_arrow(arr)
    assert isinstance(out, pa.Array)
    assert out.type == type_
    assert out.to_pylist() == FIXED
    assert out.null_count == 2


@pytest.mark.parametrize("type_", [pa.string(), pa.large_string(), pa.string_view()])
def test_chunked_and_threads(type_):
    chunked = pa.chunked_array([ROWS, ROWS[::-1], ["plain"]], type=type_)
    out = mojifix.fix_arrow(chunked, threads=2)
    assert isinstance(out, pa.ChunkedArray)
    assert out.type == type_
    assert out.num_chunks == 3
    assert out.to_pylist() == FIXED + FIXED[::-1] + ["plain"]


def test_unchanged_chunk_is_not_copied():
    arr = pa.array(["clean", "déjà", None])
    out = mojifix.fix_arrow(arr)
    assert out.to_pylist() == ["clean", "déjà", None]
    assert out.buffers()[2].address == arr.buffers()[2].address


def test_with_changed_and_config():
    out, changed = mojifix.fix_arrow(pa.array(["“cafÃ©”", None, "x"]), with_changed=True)
    assert out.to_pylist() == ['"café"', None, "x"]
    assert changed == [True, False, False]
    out = mojifix.fix_arrow(pa.array(["“cafÃ©”"]), uncurl_quotes=False)
    assert out.to_pylist() == ["“café”"]


def test_sliced_array():
    arr = pa.array(ROWS)[2:5]
    assert mojifix.fix_arrow(arr).to_pylist() == FIXED[2:5]


def test_stream():
    reader = pa.RecordBatchReader.from_batches(
        pa.schema([("t", pa.string())]), []
    )
    del reader  # record batch streams are tables, not string arrays
    chunked = pa.chunked_array([["cafÃ©"], [None]])

    class Stream:
        """Only the stream half of the interface."""

        def __arrow_c_stream__(self, requested_schema=None):
            return chunked.__arrow_c_stream__(requested_schema)

    out = mojifix.fix_arrow(Stream())
    assert pa.chunked_array(out).to_pylist() == ["café", None]


def test_all_null_array_passes():
    # Ray Data infers the `null` type for a block holding only None.
    arr = pa.array([None, None])
    out, changed = mojifix.fix_arrow(arr, with_changed=True)
    assert out.type == pa.null() and out.to_pylist() == [None, None]
    assert changed == [False, False]


def test_wrong_type_is_type_error():
    with pytest.raises(TypeError, match="string"):
        mojifix.fix_arrow(pa.array([1, 2]))
    with pytest.raises(TypeError):
        mojifix.fix_arrow(["a list"])


def test_polars_series():
    pl = pytest.importorskip("polars")
    s = pl.Series("t", ROWS)
    out = mojifix.fix_arrow(s)
    assert isinstance(out, pl.Series)
    assert out.name == "t"
    assert out.dtype == pl.String
    assert out.to_list() == FIXED
