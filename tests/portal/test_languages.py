"""English pages: every UI label in English, Korean data marked lang="ko", domain words from the glossary."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import translation

from plans.models import Municipality
from portal.hooks import declared
from tests.browser.test_every_public_page import public_paths

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Text-only places where markup cannot mark a part (the window title, a feed link's title in
# the head); scripts and styles hold no prose.
UNMARKABLE = {"title", "script", "style", "link", "meta"}


class KoreanOutsideKo(HTMLParser):
    """Collects Hangul text (and Hangul in attributes people read) not inside an element marked lang="ko"."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.found = []

    def _lang(self):
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self._lang()
        for name in () if tag in UNMARKABLE else ("title", "aria-label", "alt", "placeholder"):
            if attrs.get(name) and HANGUL.search(attrs[name]) and not lang.startswith("ko"):
                self.found.append(f"{tag}@{name}: {attrs[name]}")
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in UNMARKABLE:
            return
        if HANGUL.search(data) and not self._lang().startswith("ko"):
            self.found.append(f"<{self.stack[-1][0] if self.stack else ''}> {data.strip()}")


def korean_outside_ko(html):
    parser = KoreanOutsideKo()
    parser.feed(html)
    return parser.found


def english(path):
    return path if path.startswith("/en/") else "/en" + path


def test_every_public_page_in_english_leaves_no_korean_label_unmarked(client, seeded):
    unmarked = {}
    for path in map(english, public_paths().values()):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        if found := korean_outside_ko(response.content.decode()):
            unmarked[path] = found
    assert unmarked == {}


def test_the_checker_finds_an_unmarked_label_and_passes_a_marked_name():
    assert korean_outside_ko('<p lang="en">Plans of <span lang="ko">남양주시</span></p>') == []
    assert korean_outside_ko('<p lang="en">업무계획 of Seoul</p>') == ["<p> 업무계획 of Seoul"]
    assert korean_outside_ko('<a title="최근 변경">feed</a>') == ["a@title: 최근 변경"]


def render(source, **context):
    return Template(source).render(Context(context))


def test_ko_marks_korean_data_only_on_pages_in_another_language():
    with translation.override("en"):
        assert render("{{ v|ko }}", v="남북경제") == '<span lang="ko">남북경제</span>'
        assert render("{{ v|ko }}", v="1-2-4") == "1-2-4"
        assert render("{{ v|ko }}", v="<b>안</b>") == '<span lang="ko">&lt;b&gt;안&lt;/b&gt;</span>'
    with translation.override("ko"):
        assert render("{{ v|ko }}", v="남북경제") == "남북경제"


def test_named_gives_the_english_name_where_recorded_else_the_korean_one_marked(seeded):
    namyangju = Municipality.objects.get(slug="namyangju")
    unnamed = Municipality(name="가평군", slug="gapyeong")
    with translation.override("en"):
        assert render("{{ m|named }}", m=namyangju) == namyangju.name_en
        assert render("{{ m|named }}", m=unnamed) == '<span lang="ko">가평군</span>'
    with translation.override("ko"):
        assert render("{{ m|named }}", m=namyangju) == "남양주시"


def test_every_glossary_word_has_its_english():
    words = [word for terms in declared("glossary") for word in terms]
    assert {"추진전략", "중점 추진과제", "국비", "도비", "시비"} <= set(words)
    with translation.override("en"):
        untranslated = [
            word for word in words if HANGUL.search(render("{{ v|term }}", v=word).replace('lang="ko"', ""))
        ]
    assert untranslated == []


@pytest.mark.parametrize("word", ["중점 추진과제", "추진전략", "국비", "도비", "시비", "프로젝트", "전략과제"])
def test_domain_words_stored_as_data_come_from_the_glossary(word):
    with translation.override("en"):
        shown = render("{{ v|term }}", v=word)
    assert shown and not re.search(HANGUL, shown), word
    with translation.override("ko"):
        assert render("{{ v|term }}", v=word) == word
