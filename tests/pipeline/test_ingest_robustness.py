"""No input file makes read() raise: arbitrary bytes under every extension."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import READERS, read

SEEDS = [
    b"",
    b"<html><body><p>",
    b'{"text": ',
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n",
    b"\x1f\x8b\x08\x00",
    b"<?xml version='1.0'?><rss><channel><item>",
    b"\xff\xfe\x00",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ext=st.sampled_from(sorted(READERS)),
    prefix=st.sampled_from(SEEDS),
    tail=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
)
def test_read_never_raises(ext: str, prefix: bytes, tail: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{ext}"
        path.write_bytes(prefix + tail)
        results = list(read(path, RunContext()))
    assert results
    for result in results:
        assert isinstance(result, (RawDocument, InputFailure))
        if isinstance(result, InputFailure):
            assert result.reason and "\n" not in result.detail
        else:
            assert result.text.strip()
