"""Places in a document: places run together with places or companies, a foreign place after 在, a country read as a
person, a facility's place, parks and zones after their city, divisions and towns, natives of a place."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .doc_rules import (COMMON_WORD_FREQ, HAN, HEAD_MAX, RARE_PLACE_FREQ, ADMIN_PLACE, HONORIFIC, TITLE_AFTER,
                        word_freq, doc_text, span_text)
from .features import cut as cut_words, jieba_dictionary, jieba_word_at, simplified_text
from .name_marks import JOINING
from .names import CHINESE_PLACES, COUNTRIES, PLACE_LABELS, TRANSLITERATION


def _places_in_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """A "person" right after a foreign country, a state or a province is a place in it (匈牙利塞格德,
    密歇根州马歇尔), unless 先生/女士 follows or its parts are joined by a dot, as a foreign person's
    are and a place's are not (伊朗沙赫拉姆·阿米里)."""
    text = doc_text(doc)
    ends = {e.end_char for e in ents if e.label_ == "GPE" and _holds_places(span_text(e))}
    return [
        doc.char_span(e.start_char, e.end_char, label="GPE") or e
        if e.label_ == "PERSON" and e.start_char in ends and not e.id_ and not HONORIFIC.match(text, e.end_char)
        and not any(mark in JOINING for mark in span_text(e))
        else e
        for e in ents
    ]


def _holds_places(name: str) -> bool:
    return name in COUNTRIES and name != "中国" or len(name) >= 3 and name[-1] in "州省"


# a place's name in transliteration between 在 and what is done there (苹果在库比蒂诺发布, 在德布勒森建设工厂)
_AT_PLACE_BEFORE = re.compile(r"(?:在|于|於|位于|位於|落户)$")
_AT_PLACE_AFTER = re.compile(r"(?:发布|發布|发表|發表|举行|舉行|举办|舉辦|召开|召開|建设|建設|建厂|建廠|设立|設立|开设|開設|投产|投產"
                             r"|生产|生產|组装|組裝|设厂|設廠)")


def _foreign_place(doc: Doc, span: Span) -> Span:
    """A "person" in transliteration between 在 and what is done there is a place (苹果在库比蒂诺发布)."""
    text = doc_text(doc)
    name = span_text(span)
    if span.id_ or not all(ch in TRANSLITERATION for ch in name) or not _AT_PLACE_BEFORE.search(
            text, max(0, span.start_char - 2), span.start_char) or not _AT_PLACE_AFTER.match(text, span.end_char):
        return span
    return doc.char_span(span.start_char, span.end_char, label="GPE") or span


def _country(doc: Doc, span: Span) -> Span:
    """A "person" whose name is a country's (马拉维 reads like a transliterated name) is that country,
    unless 先生/女士 follows (贝宁先生)."""
    if span_text(span) not in COUNTRIES or span.id_ or HONORIFIC.match(doc_text(doc), span.end_char):
        return span
    return doc.char_span(span.start_char, span.end_char, label="GPE") or span


_FACILITY = re.compile(r"(?:总部|超级工厂|代工厂|工厂|晶圆厂|厂区|新厂|厂|生产基地|制造基地|研发中心|数据中心|产业园|园区|办公室|设厂"
                       r"|總部|超級工廠|代工廠|工廠|晶圓廠|廠區|新廠|廠|生產基地|製造基地|研發中心|數據中心|產業園|園區|辦公室|設廠)$")
_COMPANY_IN = re.compile(r"公司|集团|科技|控股|银行|证券|汽车|电子|股份|实业|能源|集成|[院局厅委会所部署办厂社校馆]")


def _facility_places(doc: Doc, ents: list[Span], companies=frozenset) -> list[Span]:
    """An ORG that is places and a facility (上海超级工厂, 韩国利川总部, 越南工厂, 巴西卡马萨里工厂, 弗里蒙特工厂) is those
    places: the tagger took in what is built there, which names no company; a company of ``companies()`` (the
    gazetteer's, asked for only when a facility is found) before the places stays an ORG (特斯拉弗里蒙特工厂). Not an institution's (人民法院办公室, 太平洋总部司令) nor a name
    that ends in a place word by chance (株洲化工厂)."""
    jieba = None
    out = []
    for e in ents:
        m = _FACILITY.search(span_text(e)) if e.label_ in ("ORG", "GPE", "LOC") and not e.id_ else None
        head = span_text(e)[: m.start()] if m else ""
        if len(head) < 2 or _COMPANY_IN.search(head) or TITLE_AFTER.match(doc_text(doc), e.end_char):
            out.append(e)
            continue
        jieba = jieba or jieba_dictionary()
        company = _company_prefix(head, companies())
        pieces = _places(head[len(company):], jieba)
        if not pieces and e.label_ in PLACE_LABELS and len(head) <= 3 and not jieba.freq(head):
            pieces = [head]  # a place the tagger knew and jieba does not (平泽 of 平泽园区)
        if m.group() in ("厂", "廠") and not all(jieba.tag(simplified_text(p)) == "ns" and word_freq(simplified_text(p))
                                                >= RARE_PLACE_FREQ or ADMIN_PLACE.fullmatch(p) for p in pieces):
            pieces = []  # a rare foreign name before 厂 is a company's (波拉尔厂); a known place's is a factory (墨西哥厂)
        if not pieces:
            out.append(e)
            continue
        out += _pieces(doc, e.start_char, [(company, "ORG")] * bool(company) + [(p, "GPE") for p in pieces])
    return out


def _pieces(doc: Doc, start: int, pieces: list[tuple[str, str]]) -> list[Span]:
    """Spans of ``pieces`` ((text, label)) laid end to end from ``start``."""
    spans = []
    for piece, label in pieces:
        span = doc.char_span(start, start + len(piece), label=label)
        if span is not None:
            spans.append(span)
        start += len(piece)
    return spans


_BUILT = re.compile(r"新建|新开|扩建|投建|落户")


def _places_building(doc: Doc, ents: list[Span]) -> list[Span]:
    """An ORG that is places and what is being built there (余杭区新建智算中心, 泰国曼谷新开旗舰店) is those
    places: a verb is no part of a name."""
    jieba = None
    out = []
    for e in ents:
        m = _BUILT.search(span_text(e), 2) if e.label_ == "ORG" and not e.id_ else None
        if m:
            jieba = jieba or jieba_dictionary()
            pieces = _places(span_text(e)[: m.start()], jieba)
            if pieces:
                out += _pieces(doc, e.start_char, [(p, "GPE") for p in pieces])
                continue
        out.append(e)
    return out


# how the name of a park, a zone or a new town ends (杭州未来科技城, 合肥新桥智能电动汽车产业园, 武进高新区)
_PARK = re.compile(r"(?:(?:高新技术产业|经济技术|经济)?开发区|经开区|高新区|(?:产业|工业|科技|软件|物流)?园区|(?:产业|工业|科技|软件|物流)园|科学城|科技城"
                   r"|新区|自贸区|(?:综合)?保税区|产业基地|片区)(?![\u4e00-\u9fff]*(?:公司|集团|管委会|管理委员会))")


def _parks(doc: Doc, ents: list[Span]) -> list[Span]:
    """The name of a park or zone after a place (武汉 东湖高新区, 合肥 新桥智能电动汽车产业园) is a named area, a LOC over the
    tagger's pieces, and the place before it stays; with no name between them, or common words, the whole is (苏州工业园区,
    杭州未来科技城).
    Not without a place at its start (新能源汽车产业园), nor a company's (苹果园区) or the tagger's ORG (成都天府软件园)."""
    text = doc_text(doc)
    found = list(_PARK.finditer(text))
    if not found:
        return ents
    jieba = jieba_dictionary()
    out = list(ents)
    for m in found:
        head, end = _park_head(text, out, m.start(), jieba), m.end()
        if head is None:
            continue
        inside = [o for o in out if o.start_char < end and head < o.end_char]
        if any(o.start_char < head or o.end_char > end or o.label_ not in PLACE_LABELS and not _PARK.fullmatch(span_text(o))
               for o in inside):
            continue  # an entity runs over its edges, or one of another kind is in it (成都天府软件园 as an ORG)
        if m.group() == "园区" and any(o.end_char == m.start() for o in inside):
            continue  # a company's site at a place (三星电子的平泽园区): the place
        place = next((o for o in inside if o.start_char == head), None)
        place_end = place.end_char if place is not None else head + len(cut_words(text[head:m.start()], jieba)[0])
        if _PARK.search(text, head, place_end):
            continue  # what a park makes, not a park's name (株洲高新区 轨道交通装备产业园)
        # the places before the park's name stay (武汉 东湖高新区, 江苏 盐城 大丰港经济开发区, 合肥 新桥智能电动汽车产业园):
        # while another place follows, or, after the first, a name that is not only common words (杭州未来科技城 is whole)
        first = True
        while m.start() > place_end:
            word = cut_words(text[place_end:m.start()], jieba)[0]
            after = next((o for o in inside if o.start_char == place_end), None)
            if after is None and not _is_place(word, jieba) and not (first and m.start() - place_end >= 2 and _is_place(
                    text[head:place_end], jieba) and not all(
                    word_freq(w) >= COMMON_WORD_FREQ and len(w) >= 2 and jieba.tag(w) != "ns" or not HAN.match(w)
                    for w in cut_words(text[place_end:m.start()], jieba))):
                break
            inside = [o for o in inside if o is not place]
            head, first = place_end, False
            if after is None and not _is_place(word, jieba):
                break
            place = after
            place_end = after.end_char if after is not None else head + len(word)
        if len(inside) == 1 and (inside[0].start_char, inside[0].end_char) == (head, end):
            continue  # the tagger's place already
        span = doc.char_span(head, end, label="LOC")
        if span is not None:
            out = [o for o in out if o not in inside] + [span]
    return sorted(out, key=lambda e: e.start_char)


_PARK_STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "d", "r", "v", "vn", "f", "m", "q", "x"}


def _park_head(text: str, ents: list[Span], start: int, jieba) -> int | None:
    """Where a park's name that ends at ``start`` begins: the first place (an entity or a place of jieba's) among
    the words before it, back to punctuation or a function word or verb that no entity holds; None for none."""
    left = start
    while left > 0 and start - left < HEAD_MAX and HAN.match(text[left - 1]):
        left -= 1
    places = {e.start_char for e in ents if e.label_ in PLACE_LABELS and left <= e.start_char < start}
    held = [(e.start_char, e.end_char) for e in ents if e.start_char < start and left < e.end_char]
    head, at = None, start
    for word in reversed(cut_words(text[left:start], jieba)):
        at -= len(word)
        if not any(a <= at and at + len(word) <= b for a, b in held) and jieba.tag(word) in _PARK_STOP_TAGS:
            break
        if at in places or _is_place(word, jieba):
            head = at
    return head


def _is_place(word: str, jieba) -> bool:
    """A place of jieba's, or a Chinese city or province it tags otherwise (嘉兴, 合肥)."""
    return jieba.tag(word) == "ns" or word in CHINESE_PLACES


# a place with the kind of division it is (黄浦区, 安丘市); not a place word alone (新区, 古城, 西路)
_ADMIN_DIVISION = re.compile(r"[\u4e00-\u9fff]{2,}[省市区县]")  # not 城 (北京华侨城 is a company)


def _divisions(doc: Doc, ents: list[Span]) -> list[Span]:
    """A place the tagger stopped before its division's word, where jieba reads the two as one place, takes the
    word in (萧山 of 位于萧山区的 -> 萧山区)."""
    if not doc[0].tag_:
        return ents
    text = doc_text(doc)
    out = []
    for e in ents:
        if e.label_ in PLACE_LABELS and not e.id_ and e.end < len(doc) and text[e.end_char] in "区县市省镇乡" and not (
                span_text(e) in COUNTRIES or span_text(e).endswith("洲")):  # not a company's region (亚洲区总裁)
            start, end, tag = jieba_word_at(doc, e.end - 1)
            if start == e.start and end == e.end + 1 and tag == "ns":
                e = Span(doc, e.start, end, label=e.label_)
        out.append(e)
    return out


def _run_together_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """A place, then divisions of it with their kind, written together (上海黄浦区, 山东安丘市) is each of them,
    as MSRA marks them (217 places back to back in its test text, 4 runs of places as one)."""
    jieba = None
    out = []
    for e in ents:
        text = span_text(e)
        if e.label_ == "ORG" and not e.id_ and len(text) >= 4 and _ADMIN_DIVISION.fullmatch(text) and not _PARK.search(text):
            jieba = jieba or jieba_dictionary()
            pieces = _places(text, jieba)
            if len(pieces) >= 2 and _ADMIN_DIVISION.fullmatch(pieces[-1]):  # places the tagger read as an ORG (深圳宝安区)
                out += _pieces(doc, e.start_char, [(p, "GPE") for p in pieces])
                continue
        if e.label_ in PLACE_LABELS and not e.id_ and len(text) >= 4:
            jieba = jieba or jieba_dictionary()
            words = cut_words(text, jieba)
            if (len(words) >= 2 and len(words[0]) >= 2 and jieba.tag(words[0]) == "ns"
                    and all(ADMIN_PLACE.fullmatch(w) and jieba.tag(w) == "ns" for w in words[1:])):
                out += _pieces(doc, e.start_char, [(w, e.label_) for w in words])
                continue
        out.append(e)
    return out


def _natives(doc: Doc, ents: list[Span]) -> list[Span]:
    """A place that takes in the 人 of where someone is from (河南周口人, 浙江台州人) is the places: the
    training text marks the place alone after 600 of 634 such."""
    jieba = None
    out = []
    for e in ents:
        text = span_text(e)
        if e.label_ in PLACE_LABELS and not e.id_ and len(text) >= 3 and text[-1] == "人":
            jieba = jieba or jieba_dictionary()
            head = text[:-1]
            first = cut_words(head, jieba)[0]
            pieces = _places(head, jieba) or ([first, head[len(first):]] if jieba.tag(first) == "ns"
                                              and len(head) - len(first) >= 2 else [head])  # 河南 + 周口
            out += _pieces(doc, e.start_char, [(p, e.label_) for p in pieces])
            continue
        out.append(e)
    return out


def _places(head: str, jieba) -> list[str]:
    """The places ``head`` is made of (韩国利川 -> 韩国, 利川; 巴西卡马萨里; 弗里蒙特), none if it is no place."""
    if len(head) < 2:
        return []
    words = cut_words(simplified_text(head), jieba)
    rest = head[len(words[0]):]
    if _is_place(words[0], jieba) and len(rest) >= 2 and (all(ch in TRANSLITERATION for ch in rest)
                                                           or _ADMIN_DIVISION.fullmatch(rest)):
        return [words[0], rest]  # a place and a foreign town or a division in it (巴西卡马萨里工厂, 越南平阳省)
    if len(head) >= 3 and all(ch in TRANSLITERATION for ch in head):
        return [head]  # a foreign town alone (弗里蒙特工厂, 雷德蒙德总部)
    if not _is_place(words[0], jieba) or not _is_place(words[-1], jieba):  # 株洲化(工厂): no place before it
        return []
    return words if all(_is_place(w, jieba) for w in words) else [head]


def _company_prefix(text: str, names: frozenset) -> str:
    """The longest of ``names`` that ``text`` starts with and runs on after (特斯拉 of 特斯拉弗里蒙特), or ""."""
    for n in range(len(text) - 2, 1, -1):
        if text[:n] in names:
            return text[:n]
    return ""
