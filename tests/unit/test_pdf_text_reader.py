"""The tests' PDF reader takes a stream's data by its /Length (a flaky document test had
compressed data ending in a carriage return, which the search for ``endstream`` dropped)."""

from __future__ import annotations

import zlib

from tests.support.pdf_text import _stream


def test_a_stream_ending_in_a_carriage_return_is_read_whole() -> None:
    data = b"BT (x) Tj ET"
    packed = zlib.compress(data)
    assert _stream(b"<</Length 3>>stream\nab\r\nendstream") == b"ab\r"
    body = b"<</Filter /FlateDecode /Length %d>>stream\n" % len(packed) + packed + b"\nendstream"
    assert _stream(body) == data
