"""Canonical URLs: every address of one article page in one form; pages that list articles
(site roots, sections, tags) in none. Hosts are invented under the reserved ``.example``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.pipeline.dedup.urls import canonical_url

PAGE = "https://orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge"


@pytest.mark.parametrize("url", [
    PAGE,
    PAGE + "/",
    "HTTP://Orlesk-Courier.EXAMPLE/news/2024/03/council-backs-vesna-footbridge",
    "https://www.orlesk-courier.example:443/news/2024/03/council-backs-vesna-footbridge/",
    "http://orlesk-courier.example:80/news/2024/03/council-backs-vesna-footbridge#comments",
    # tracking parameters
    PAGE + "?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
    PAGE + "?fbclid=IwAR0abc&gclid=Cj0xyz&mc_cid=12ab&mc_eid=34cd",
    PAGE + "?ocid=socialflow&cmpid=rss&ref=home&src=feed",
    PAGE + "?WT.mc_id=partner&ns_campaign=x&at_medium=social",
    PAGE + "/?utm_source=a&amp;utm_medium=b",  # an href copied out of markup
    # mobile and AMP hosts, AMP forms
    "https://m.orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge",
    "https://mobile.orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge",
    "https://amp.orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge",
    "https://orlesk-courier.example/amp/news/2024/03/council-backs-vesna-footbridge",
    PAGE + "/amp",
    PAGE + "/amp/?amp_js_v=0.1",
    PAGE + "?amp",
    PAGE + "?amp=1",
    PAGE + "?output=amp",
    "https://orlesk--courier-example.cdn.ampproject.org/c/s/orlesk-courier.example"
    "/news/2024/03/council-backs-vesna-footbridge/amp",
    # a mirror of the same path for crawlers
    "https://orlesk-courier.example/nobot/news/2024/03/council-backs-vesna-footbridge",
    # the folder's default page, dot segments, escapes, no scheme
    PAGE + "/index.html",
    "https://orlesk-courier.example/news/2024/./archive/../03/council-backs-vesna-footbridge",
    "https://orlesk-courier.example/news/2024/03/council%2Dbacks-vesna-footbridge",
    "orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge",
    "//orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge",
])
def test_every_address_of_one_page_has_one_canonical_url(url: str) -> None:
    assert canonical_url(url) == PAGE


@pytest.mark.parametrize(("url", "expected"), [
    ("https://orlesk-courier.example/news/council-backs-footbridge.amp.html",
     "https://orlesk-courier.example/news/council-backs-footbridge.html"),
    ("https://orlesk-courier.example/news/council-backs-footbridge.html?outputType=amp",
     "https://orlesk-courier.example/news/council-backs-footbridge.html"),
    ("https://orlesk-courier.example/article.php?id=5521&utm_source=x",
     "https://orlesk-courier.example/article.php?id=5521"),
    ("https://www.orlesk-courier.example/?p=4821&ref=sidebar", "https://orlesk-courier.example/?p=4821"),
    ("https://orlesk-courier.example/view.jsp;jsessionid=9A1B?id=5521&PHPSESSID=77",
     "https://orlesk-courier.example/view.jsp?id=5521"),
    ("https://orlesk-courier.example/view?story=ferry-returns&b=2&a=1",
     "https://orlesk-courier.example/view?a=1&b=2&story=ferry-returns"),
    ("https://orlesk-courier.example/region/982341", "https://orlesk-courier.example/region/982341"),
    ("https://orlesk-courier.example:8080/news/ferry-service-returns-to-vesna",
     "https://orlesk-courier.example:8080/news/ferry-service-returns-to-vesna"),
])
def test_amp_files_and_meaningful_parameters(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_parameters_that_name_the_article_are_kept() -> None:
    first = canonical_url("https://orlesk-courier.example/article.php?id=5521")
    second = canonical_url("https://orlesk-courier.example/article.php?id=5522")
    assert first and second and first != second
    assert canonical_url("https://orlesk-courier.example/?p=1") != canonical_url(
        "https://orlesk-courier.example/?p=2")


def test_two_articles_of_one_site_stay_two() -> None:
    a = canonical_url("https://orlesk-courier.example/news/council-backs-vesna-footbridge")
    b = canonical_url("https://orlesk-courier.example/news/council-delays-vesna-car-park")
    assert a and b and a != b


@pytest.mark.parametrize("url", [
    None, "", "   ", "not a url", "mailto:desk@orlesk-courier.example",
    "ftp://orlesk-courier.example/news/council-backs-vesna-footbridge",
    "https:///news/council-backs-vesna-footbridge",  # no host
    "https://localhost/news/council-backs-vesna-footbridge",  # no domain
    "https://orlesk-courier.example:99999/news/council-backs-vesna-footbridge",  # bad port
    # site roots
    "https://orlesk-courier.example", "https://www.orlesk-courier.example/",
    "https://m.orlesk-courier.example/?utm_source=app", "https://orlesk-courier.example/index.html",
    "https://orlesk-courier.example/amp/", "https://orlesk-courier.example/#top",
    # pages that list articles
    "https://orlesk-courier.example/news/", "https://orlesk-courier.example/news/region",
    "https://orlesk-courier.example/2024/03/", "https://orlesk-courier.example/2024/03/12/",
    "https://orlesk-courier.example/tag/vesna-river-crossings",
    "https://orlesk-courier.example/author/mira-tallen-rosk",
    "https://orlesk-courier.example/news/page/2", "https://orlesk-courier.example/search?q=bridge",
    "https://orlesk-courier.example/feeds/world-and-region-news.xml",
])
def test_urls_that_name_no_article_have_none(url: str | None) -> None:
    assert canonical_url(url) is None


@pytest.mark.parametrize("url", [
    "https://orlesk-courier.example/2024/03/12/footbridge",  # a date path, then a slug
    "https://orlesk-courier.example/news/orlesk-council-vote-1234567",
    "https://orlesk-courier.example/ferry-returns-to-the-vesna.html",
])
def test_article_paths_have_a_canonical_url(url: str) -> None:
    assert canonical_url(url) is not None


def test_a_unicode_host_and_its_punycode_are_one() -> None:
    assert canonical_url("https://zürich-post.example/news/ferry-returns-to-the-lake") == \
        canonical_url("https://xn--zrich-post-9db.example/news/ferry-returns-to-the-lake")


# URLs built from the pieces the rules act on, and some arbitrary text among them.
_SEGMENT = st.one_of(
    st.sampled_from(["amp", "nobot", "index.html", "..", ".", "", "x.amp.html", "a%2Fb",
                     "council-backs-vesna-footbridge", "9912345", "2024", "03", "17", "tag",
                     "news", "caf%C3%A9-opens-on-the-quay", "Story.AMP", "%7Eold"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))
_PARAM = st.tuples(st.sampled_from(["utm_source", "id", "p", "amp", "ref", "story", "b", "A"]),
                   st.sampled_from(["", "1", "x y", "amp", "%26"]))
_URL = st.builds(
    lambda scheme, host, segments, params, fragment: (
        f"{scheme}{host}/{'/'.join(segments)}"
        + ("?" + "&".join(f"{k}={v}" for k, v in params) if params else "") + fragment),
    st.sampled_from(["https://", "HTTP://", "//", ""]),
    st.sampled_from(["www.orlesk-courier.example", "m.www.orlesk-courier.example",
                     "orlesk-courier.example:8080", "Zürich-Post.example", "localhost"]),
    st.lists(_SEGMENT, max_size=6), st.lists(_PARAM, max_size=4),
    st.sampled_from(["", "#top", "#"]))


@settings(max_examples=300, deadline=None)
@given(_URL)
def test_a_canonical_url_is_its_own_canonical_form(url: str) -> None:
    found = canonical_url(url)
    assert found is None or (found.startswith("https://") and canonical_url(found) == found)
