"""Build ``corpus/crawl_sample.warc.gz`` from the HTML pages in ``warc_src/``.

Each page becomes one WARC ``response`` record (with an HTTP header block), the
way a crawler such as wget or Heritrix would have stored it. The target URL is
read from the page's ``og:url`` meta tag, so the record and the page agree.
Run from anywhere: ``python examples/make_warc.py``. Output is deterministic
(fixed record dates and ids) so re-running does not change the committed file.
"""

from __future__ import annotations

import re
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "warc_src"
OUTPUT = HERE / "corpus" / "crawl_sample.warc.gz"
OG_URL = re.compile(r'<meta property="og:url" content="([^"]+)"')
PUBLISHED = re.compile(r'<meta property="article:published_time" content="([^"]+)"')


def _record_date(html: str) -> str:
    # Crawl a few hours after publication; WARC-Date must be UTC "Z" form.
    found = PUBLISHED.search(html)
    day = found.group(1)[:10] if found else "2025-01-01"
    return f"{day}T23:00:00Z"


def write_warc(sources: list[Path], output: Path) -> int:
    with output.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for page in sources:
            html = page.read_text(encoding="utf-8")
            url = OG_URL.search(html)
            if url is None:
                raise SystemExit(f"{page.name}: no og:url meta tag")
            body = html.encode("utf-8")
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url.group(1),
                "response",
                payload=BytesIO(body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Date": _record_date(html),
                    "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url.group(1))}>",
                },
            )
            writer.write_record(record)
    return len(sources)


if __name__ == "__main__":
    count = write_warc(sorted(SOURCES.glob("*.html")), OUTPUT)
    print(f"wrote {count} records to {OUTPUT.relative_to(HERE.parent)}")
