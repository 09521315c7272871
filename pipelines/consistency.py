"""Document-level clean-up after the NER.

``entity_graph_doc_entities`` does these things, each measured on held-out text
(see the model card). This module holds the component, the rules for people
and organisations and the order all rules run in; the rules for products are
in ``product_rules``, those for places in ``place_rules``, and what they share
(the text as the features read it, jieba's counts, how a name ends) in
``doc_rules``.

1. Precision guard for names. A photo credit's 摄 is cut off the name before
   it (（记者李舸摄） -> 李舸). A predicted PERSON written in Chinese
   characters is kept when it starts with a common surname, or is written
   only in the characters used to transliterate foreign names (克林顿), or is
   not a common word in jieba's dictionary (two characters: not in it at all;
   longer: frequency below ``common_word_freq``), or the tagger is sure of it
   (``sure_names``: mean PERSON probability over its characters, 迟浩田 of
   国防部长迟浩田上将; a longer string after a common surname only when it is a
   transliteration, 谢列兹尼奥夫). A single Latin word is not
   taken for a person (LABUBU, Stellantis, Qwen3); other Latin names and names from
   the gazetteer are always kept. So 诸如, 小二 and 简言之 are dropped while
   王兴 and 奥尔布赖特 stay. So is a name in a list: one of three or more names
   back to back (a committee list, 华国锋荣毅仁薄一波), where jieba's dictionary
   holds famous names among its words. A "person" whose name is a country's
   (马拉维) is that country, a GPE, unless 先生/女士 follows (贝宁先生); one
   right after a foreign country or a province is a place in it (匈牙利塞格德)
   unless 先生/女士 follows or a dot joins its parts (伊朗沙赫拉姆·阿米里). A
   character before a name that is no surname belongs to the word before
   (宣教科郝彦南 -> 郝彦南).
2. Marks in names (``name_marks``): the parts of a foreign name joined by a
   hyphen or dot are one name (汤姆-克鲁斯, 索尔-坎贝尔), and a name loses a
   mark or bracket the tagger took in after it (米切尔·, 叶超）); any other entity
   loses a bracket at its edge that it does not close or open (智谱）, （阿里),
   and the 年 or 月 of a date right before it (9月 + 华油惠博普科技股份有限公司).
   An entity that starts or ends inside a word of Latin letters takes in the
   whole word (niska有限公司 -> Elektromekaniska有限公司), and one with a space
   between two Chinese characters is the longer of its parts (李根 人 -> 李根).
3. Boundary guard for organisations. An ORG loses the exchange's risk flag
   before a listed company's short name (*ST三联 -> 三联); one run together
   with a news dateline's 讯 is the paper and what follows (商报讯海航集团 ->
   海航集团). An ORG with 中国 after it that ends there is
   its China arm (星巴克中国表示, not 星巴克中国市场). An ORG that runs on into a list tail
   (滴滴等公司 -> 滴滴), a person's role (瑞幸咖啡代言人 -> 瑞幸咖啡) or its board
   (江南水务监事会 -> 江南水务) is cut
   back, as is one that runs on into a verb (上汽合作 -> 上汽), unless what is left
   is a place or a common word (杭州创立: dropped); one made only of descriptors
   (互联网集团, 一家科技公司, 品牌代言人) or is a common acronym (AI, IPO) is
   dropped; a place with an unnamed company after it (深圳初创公司) is the
   place, and before a name the place and the name (东莞厂商音络科技), as is a
   description of a business and its kind before its name (湖南零食品牌辣小鲜,
   南京医疗AI公司问仁科技; not a company named so, 湖北省纺织品公司); a
   gazetteer company with its group or legal form after it is named so
   (拼多多集团), and 旗下 parts a business group from its parent
   (腾讯旗下天美工作室群); places
   run together with their divisions (上海黄浦区) or with the 人 of where
   someone is from (河南周口人) are the places; a name read as a person's right
   after what only a company is (制药巨头诺和诺德) is that company; a legal
   form with no name in it (股份有限公司) takes in the name
   the tagger left before it (苏州星河精密机械股份有限公司). Ordinals
   (``org_ordinals``): one after a name is the next thing's (中共十一届三中全会
   -> 中共), a verb before one is no part of the name (选举第九届全国人民代表大会),
   and a name that starts inside one takes in the rest (五次全国代表大会 ->
   第十五次全国代表大会).
4. Full names before 先生/女士 or a biography's 男/女 (张三，男，汉族): the two
   or three Chinese characters there, starting with a common surname and not a
   common word, become a PERSON, replacing the part of it the model found
   (恩军 of 于恩军) unless that part starts with a surname itself.
5. Organisations from context (``role_orgs``, ``pipelines.role_orgs``): the
   name before a role and a person (喜茶创始人聂云宸, 澄观资本合伙人赵一鸣), what a
   sentence says was founded (成立了海蝶制作公司), and a name the model read as
   a person's with a company word right after it (远舟物流, 巴克莱资本) or that
   the document names with one elsewhere (德邦 and 德邦股份); and people named
   between an organisation's role and a verb of saying (小红书CEO星矢称: the
   花名 business news gives executives), when the name is no word or is a
   common surname and two characters (德意志银行分析师石化成预计: analysts,
   economists and spokespeople too). An
   organisation, or a place, with an industry right after it is a listed
   company's short name (华星化工; 济南钢铁 where the tagger found 济南), not
   the sector (钢铁行业, 中国医药文化); a Latin name with a legal form or kind
   at its end is a company (Direct Power International Ltd, SABMiller plc).
   A company is also named right after what it is (语音技术公司声脉科技近日),
   and Latin names are people after a role (分析师Ronald Keung) and research
   firms before their data (Canalys数据显示; ``pipelines.latin_names``).
6. Titles (``title_references``). A surname with a title in place of a given
   name (王总, 吴小姐, 黄教授, 老王) is kept only where the document names a
   person of that surname in full, whom it refers to (黄总 and 黄峥: the graph
   joins them); alone it names no one, and every lone 王总 of a corpus would
   be one node.
7. Product versions (``product_versions``, ``pipelines.versions``): a product
   takes in the model and edition written after it (iPhone 17, Mate 70 Pro),
   and a company with a model code after it is that product (蔚来ET9); a
   product is named without the kind after it (豆包大模型 -> 豆包, H20芯片); a
   company or app with a service after it is that service (华为商城, 微信小游戏).
   A model number with an edition after a Chinese name (跑鞋飞电6 Ultra,
   小米平板7 Ultra), a bare model code after its maker and 的 or a word of
   launch (乐道汽车的L90, 全新ES8), and a kind, a name and a Latin model
   (智能眼镜澜视Air) are products.
8. Titles (``titles``): a title in 《》 that no entity touches is a WORK_OF_ART
   (a book, a film), or a PRODUCT where words of games are near it and none of
   films or books (CLUENER's game), after the consistency step below; a game's
   title is one wherever it recurs, and over the tagger's parts inside it
   (《山海拾遗》, not 山海). A name in quotes after the kind of product, service
   or feature it is, after 名为, or that a launch names, is a PRODUCT
   (``quoted_products``: AI助手“支小宝”, 即时零售服务“小时达”, 名为“即梦”的应用,
   推出AI录音卡片“随记Note 2”; not 推出“百亿补贴”计划), before the consistency
   step so that it recurs, over the tagger's reading of it as a person's or its
   parts (新品“东方树叶青柑普洱”), with the quoted names listed after it
   (“火山岩烤”和“藤椒青柠”); a name in quotes after what names a person by it is a
   PERSON (花名“无招”, 网络主播“小鹿酱”); names listed before the kind of product
   they are (运满满和货车帮两款App) are products; names read as people in a list
   of companies are ORGs (讯飞、思必驰等老牌玩家).
9. Consistency. A string labelled as an entity once (two characters or more)
   is labelled the same way wherever else it occurs in the document, unless
   that place overlaps another entity or continues a Latin word. The name a
   company of the document goes by without its industry word is that company
   where it stands alone (恒瑞 where 恒瑞医药 is named; not 大商股份), and so is a
   word two of its names start with or that it says alone again and again
   (光年 of 光年通讯 and 光年 X6; 綠洲 of 綠洲茶飲); a name the organisations of the
   document go by more often than a person does is theirs (富通). After it, a
   product's Latin model names it alone and its other editions (极川X9 ... X9;
   星海Nova 7 Pro beside 星海Nova 7 Ultra), a hyphened product's name its other
   versions (墨言-3-Mini), and a product's stem its line (飞电系列); a model or
   service after a company the step marked is a product (衡动 W1, 悦途打车).
   Places and parks (``guard_orgs``): parks and zones after a place are named
   areas (武汉 东湖高新区), towns and divisions the tagger cut or read as ORGs are
   places (茅台镇, 萧山区), China's cities are places where jieba reads a person
   (``names.CHINESE_PLACES``); a name between 据 and what it counted is a research
   firm (据窄门餐眼统计).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .doc_rules import (COMMON_WORD_FREQ, GENERIC_ORG, HAN, HEAD_FREQ, HEAD_MAX, RARE_PLACE_FREQ, ADMIN_PLACE,
                        ALIAS_AFTER, ByStart, CAPITAL, DESCRIPTOR, FULL_NAME_END, HONORIFIC, INDUSTRY,
                        HEAD_STOP_TAGS, LEGAL_TAIL, LIST_JOINS, MISREAD_HEAD, ROLE_TAIL, TITLE_AFTER, VERB_TAIL, clause_start,
                        common_noun, first_occurrences, head_stop, legal_head, listed_before, name_char,
                        occurrences, relabelled, stands_alone, unclaimed, word_freq, doc_text, span_text)
from .features import cut as cut_words, jieba_dictionary, jieba_word_at, jieba_words, simplified_text
from .gazetteer import Gazetteer, cuts_words
from .latin_names import latin_persons, latin_sources
from .name_marks import JOINING, mark_names
from .names import (CHINESE_PLACES, COMMON_SURNAMES, COMPOUND_SURNAMES, COUNTRIES, GENERIC_ACRONYMS, PLACE_LABELS,
                    SURNAMES, TITLES, TRANSLITERATION, title_surname)
from .place_rules import (_country, _divisions, _facility_places, _foreign_place, _is_place, _natives, _parks, _places,
                          _places_building, _places_in_places, _run_together_places)
from .product_rules import (_coded_products, _drugs, _edition_models, _hyphened_siblings, _kind_named, _latin_numbered,
                            _listed_products, _may_have_versions, _model_series, _named_products, _not_listed, _product_kinds,
                            _product_siblings, _product_stems, _product_versions, _quoted_products, _series_named, _services,
                            _subtitles, _titles)
from .role_orgs import COUNT, orgs_after_kinds, orgs_before_roles, orgs_founded, persons_after_roles
from .tag_paths import label_confidence
from .versions import CODE, DECIMAL, NOT_A_MODEL


__all__ = ["DocEntities", "make_doc_entities", "looks_like_chinese_name", "SURNAMES"]


LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")  # one Latin word, digits allowed after the first letter
_CREDIT_END = {"", "）", ")", "】", "]", " ", "\n", "，", "。"}
_LIST_TAIL = re.compile(r"等(?:公司|企业|平台|机构|集团|巨头|厂商|品牌)$")
# an analyst's team after a broker (中信证券汽车 of 中信证券汽车分析师): the sector is no part of the name
_SECTORS = (r"(汽车|传媒|电子|计算机|医药|生物医药|食品饮料|食品|通信|军工|银行业|保险"
            r"|机械|化工|钢铁|有色|煤炭|地产|房地产|非银|家电|纺织服装|农业|社服|商贸零售|零售|环保|电力|公用事业"
            r"|交运|建筑|建材|轻工|互联网|海外|宏观|策略|固收|金工|新能源|半导体|消费)$")
# the company a text is about, referred to without its name: a name in a résumé's line (Resume's gold marks
# 公司 there, every time, in lines of one sentence), never in running text of two sentences or more (every one of the
# business sets' 34 such predictions was wrong)
_REFERRING_WORDS = {"公司", "本公司", "该公司", "該公司", "集团", "集團", "本集团", "本集團", "该集团", "集团公司"}
_UNNAMED_COURT = re.compile(r"(?:一审|二审|再审|原审|初审|上级|下级|基层|当地|涉事|两级|受理)法院")  # not 终审法院, Hong Kong's
_CHILD_PREFIX = re.compile(r"(?:上市)?(?:附属公司|附屬公司|全资子公司|全資子公司|子公司)")
_SUBSIDIARY_TAIL = re.compile(r"(?:(?:下属|旗下)?(?:全资|控股)?子公司|总部|旗下)$")
_SECTOR_TAIL = re.compile(r"(?:证券|研究所|研究院|基金|资本|国际|银行)" + _SECTORS)
_SECTOR_END = re.compile(_SECTORS)  # after a gazetteer company's name (摩根大通银行业 of 摩根大通银行业分析师)
_ANALYST_AFTER = re.compile(r"行业|团队|组|首席|分析师|研究员|板块")
_COMPLEMENT = re.compile(r"[到起着过]")  # what follows a verb, not a name: 联想到, 联想起
# what no organisation's name is or holds: an amount of money (掏5000块), a region of a company (华南区域)
_TOWN = re.compile(r"[\u4e00-\u9fff]{2,4}[镇乡]")  # not 村, which brands end with (稻香村)
_NOT_A_NAME = re.compile(r"[0-9０-９](?:块|元|万|亿)|^(?:区域|集团|新集团|新公司|车企|药企|房企|险企|券商|厂商|创企)$")
_INVESTS_IN = re.compile(r"了|[<0-9０-９一二两三四五六七八九十百千数逾近超约]|[\u4e00-\u9fff]{2,}(?:公司|集团|项目|基金)"
                         r"|(?:建设|设立|成立|控股|入股)")  # an amount, or what is invested in
_KIND_OF_FIRM = re.compile(f"{DESCRIPTOR}+(?:公司|企业|厂商)$")
_CAPITAL_AT = re.compile("[A-Z]")
# a complete name, then what is no part of it: a former unit, or a verb (江苏省高级人民法院委托司法鉴定机构)
_NAME_THEN_MORE = re.compile(r"(?<=[\u4e00-\u9fff])(公司|集团|大学|学院|医院|法院|检察院|银行)"
                             r"(原|前|委托|聘请|授权|起诉|宣布|表示|认为|指出|称)")
_INDUSTRY_ONLY = re.compile(f"(?:(?!中国|国内|国外|海外|全球){DESCRIPTOR}){{2,}}")  # 新能源汽车, not 中国银行
_NAME_WITH_CODE = re.compile(r"[\u4e00-\u9fff]{2,4}[A-Z]{1,3}[0-9]{1,4}[A-Za-z]?")
_ACRONYM_GENERATION = re.compile(r"([A-Z]{2,5})[0-9]{1,2}[A-Z]?")
_NUMERAL = "一二三四五六七八九十百零〇两0123456789０１２３４５６７８９"
# an ordinal: 第十五次, 十一届, 第三期
_ORDINAL_END = re.compile(f"第?[{_NUMERAL}]+[届次期]$")
_ORDINAL_AT = re.compile(f"第?[{_NUMERAL}]+[届次期]")
_ORDINAL_BEFORE = re.compile(f"第[{_NUMERAL}]*$")  # the part of an ordinal the tagger left before a name
_LEADING_TAGS = {"v", "c", "p", "d"}  # a verb, conjunction, preposition or adverb is not the start of a name
MARKED = JOINING + "(（[【)）]】" + " "  # a text without any of them has no name to mend here
# a word that makes the name before it a company's (远舟物流, 巴克莱资本); not 文化, 教育, 科技 (包公文化, 邓小平科技思想)
# or 银行 (李四银行卡); and what a maker is named with, after a name that starts with no common surname
# (库卡机器人, 弗迪电池; not 张三汽车被盗)
_COMPANY_WORD = re.compile(r"(?:物流|资本|集团|公司|控股(?!权)|股份|证券|剧团|画廊|酒庄|影业|唱片|出版社"
                           r"|零食|超市|便利店|火锅|麻辣烫|咖啡|茶饮|大药房|体育(?!局|馆|场|课|老师|总局|频道|部))")
# and a chain or a brand named after its founder (赵一鸣零食, 乔丹体育)
_INDUSTRY_WORD = re.compile(r"(?:电池|机器人|汽车)")
# an industry after a name makes a listed company's short name (济南钢铁, 华星化工, 中远航运): the tagger
# often stops at the name; not where the sector is meant (钢铁行业, 中国医药文化)
_SHORT_NAME_INDUSTRY = re.compile(r"(?:钢铁|医药|药业|制药|化工|生物|水泥|电器|电机|激光|基因|玻璃|地产|置业|电子|航运|航空|体育"
                                  r"|租赁|有色|石化|重工|机电|电气|纺织|矿业|啤酒|传媒|影视|新材|高新|实业|乳业|酒业|铝业|煤业"
                                  r"|钾业|特钢|电缆|光电|百货|高科|物业|家电|环保|储能|精密|产投|城投|交投|金控|食品|通讯)")
# after an organisation, also what a place names a sector by (中天科技, 久其软件; not 北京科技周)
_ORG_INDUSTRY = re.compile(r"(?:科技|软件|网络|通讯|电信|信托|人寿|财险|能源|电力|石油|商务|创投|国际|投顾|基金|半导体|医疗|互娱"
                           r"|资产(?!规模|负债|总额|质量|配置|价值|管理部|重组|注入|证券化))")  # not 中钢资产规模
_SECTOR_AFTER = re.compile(r"行业|产业|板块|业|企业|市场|领域|工业|协会|学会|专业|技术|产品|工程|系统|设备|材料|资源|项目"
                           r"|文化|基地|科学|学|工作|事业|部门|专家|人才|教育|研究|发展")
# a listed company's risk flag before its short name (ST迈亚, *ST三联, SST天海, S*ST东源)
_STOCK_STATUS = re.compile(r"S?[*＊]?ST(?=[\u4e00-\u9fff])")
# a short name after a risk flag that no entity holds (*ST北生和, ST昌河公告称): two characters, as the exchange's
# four-character short names leave them; not a kind of stock (ST股, ST板块)
_FLAGGED = re.compile(r"(?<![A-Za-z])S?[*＊]?ST([\u4e00-\u9fff]{2})")
_NOT_FLAGGED = set("股板类个家只的等公")
_CLAUSE_TAGS = {"v", "c", "p", "d", "x"}  # after a place and its industry: a verb, conjunction, ... (上海医药换股)
# a company named in Latin letters with its legal form or kind at the end (Direct Power International Ltd,
# FoxBusinessNetwork, SABMiller plc): a run of Latin words (linear to find), then its last word checked
_LATIN_RUN = re.compile(r"[A-Za-z0-9&][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&][A-Za-z0-9&.\-]*)*")
_COMPANY_KIND = re.compile(r"(?:(?:(?<= )|(?<=[a-z0-9]))(?:Ltd|Limited|Inc|Corp|Corporation|LLC|GmbH|AG|PLC|plc|Holdings"
                           r"|Group|Technologies|Capital|Partners|Labs|Networks?|Ventures|Motors|Pharmaceuticals?|Systems"
                           r"|Airlines|Bank|Securities|Electronics|Technology|Industries|Healthcare|Pharma|Software|Automotive"
                           r"|Airways|Insurance|Financial|Media|Studios|Games|Investments?|Invest|Logistics|Foods|Brands|Chemicals?"
                           r"|Steel|Electric|Communications|Telecom|Holding|Entertainment|Foundry)"
                           r"|(?<= )(?:Therapeutics|Biosciences|Biotech|Resources|Appliances|Robotics"
                           r"|Semiconductors?|Energy|Power|China))\.?(?![A-Za-z0-9])")
_NO_NAME = {"The", "A", "An", "This", "That", "Our", "Its", "Their", "Your", "My", "His", "Her"}
AGENCY_ENDS = frozenset("社报局厂署")  # of the 21,706 training names, none ends so; 2,577 organisations do
ROLE_REST_FREQ = 1_000  # what is left before a role is a common word (品牌代言人), not a name
# a facility with no name of its own (新厂, 第二座晶圆厂, 第二总部): no organisation
_FACILITY_ONLY = re.compile(r"(?:第[一二三四五六七八九十两0-9]+[座个家期]?|新|首座|首个|该|这座|一座|其)?"
                            r"(?:晶圆厂|晶圓廠|工厂|工廠|厂|廠|总部|總部|基地|园区|園區|研发中心|數據中心|数据中心)$")
# a legal form with no name in it (股份有限公司, 智能装备有限公司): the tagger left the company's name before it
_LEGAL_FORM = re.compile(r"(?:" + DESCRIPTOR[3:-1] + r"|装备|机械|设备|材料|工程|实业|发展|贸易|工业)*"
                         r"(?:股份有限公司|有限责任公司|有限公司|股份公司)")
# an organisation's kind (协会, 委员会, 研究院) after common words alone, 投资分析师协会 of 注册国际投资分析师协会,
# 科技（香港）有限公司: the tagger left the name before it too
_KIND_END = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|股份公司|公司|集团|协会|学会|研究会|委员会|研究院|研究所|设计院)$")
_COMMON_TAGS = {"n", "vn", "v", "a", "an", "b"}
_ACRONYM_ORG = re.compile(r"([A-Za-z0-9]+)(?:集团|公司|企业|平台|机构|巨头|厂商|品牌|行业)$")
# after a place, words that no name has (深圳初创公司, 北京一家科技公司); not 上海汽车集团
_UNNAMED = r"(?:一家|这家|该|某|多家|两家|几家|知名|头部|初创|新创|创业|上市|民营|国有|外资|跨国|新兴|本土|当地|大型|小型|独立)"
# (the words that no name has may come after what the company does: 上海人工智能初创公司, 成都独立工作室)
PLACE_GENERIC_ORG = re.compile(f"{DESCRIPTOR}*{_UNNAMED}(?:{_UNNAMED}|{DESCRIPTOR})*(?:集团|公司|企业|平台|机构|巨头|厂商|品牌|工作室)$")
# the same with the company's name after it (新竹新创公司芯澜半导体, 成都初创公司视界方舟)
PLACE_GENERIC_HEAD = re.compile(  # not 上市公司协会; 东莞厂商音络科技, 台湾新创云杉智能 too
    f"(?:{DESCRIPTOR}*{_UNNAMED}(?:{_UNNAMED}|{DESCRIPTOR})*(?:公司|企业|厂商)?|{DESCRIPTOR}*厂商)(?=[^的]{{2}})")
# or a common acronym for what it does (杭州SaaS公司)
_PLACE_ACRONYM_ORG = re.compile(r"([A-Za-z0-9]+)(?:集团|公司|企业|平台|机构|巨头|厂商|品牌)")


def looks_like_chinese_name(text: str) -> bool:
    """A surname (single or compound) followed by one to three characters."""
    if text[:2] in COMPOUND_SURNAMES:
        return 3 <= len(text) <= 4
    return text[:1] in SURNAMES and 2 <= len(text) <= 4


LISTED = 3  # names back to back that make a list


_JOINS = {"和", "与", "及", "或", "跟", "同"}
_JOINING_TAGS = {"c", "p", "d", "u", "uj", "r"}


def _joining_word(span: Span) -> bool:
    """A "name" that is a join or starts with a function word that no common surname is (和 and 又译做 of
    阿蒂蜜丝和亚德美斯; not 于 of 于恩军)."""
    text = span_text(span)
    if text in _JOINS:
        return True
    if not span[0].tag_ or text[0] in COMMON_SURNAMES:
        return False
    start, end, tag = jieba_word_at(span.doc, span.start)
    return end - start == 1 and tag in _JOINING_TAGS


def _listed_names(ents: list[Span]) -> set[int]:
    """The start offsets of PERSON entities in a run of ``LISTED`` or more back to back."""
    listed, run = set(), []
    for e in ents:
        if e.label_ == "PERSON" and run and run[-1].end_char == e.start_char:
            run.append(e)
            continue
        if len(run) >= LISTED:
            listed.update(r.start_char for r in run)
        run = [e] if e.label_ == "PERSON" else []
    if len(run) >= LISTED:
        listed.update(r.start_char for r in run)
    return listed


class DocEntities:
    def __init__(
        self,
        name: str = "doc_entities",
        *,
        nlp: Language | None = None,
        common_word_freq: int = 20,
        surname_word_freq: int = 1_000_000,
        sure_names: float = 0.95,
        consistency: bool = True,
        guard_names: bool = True,
        guard_orgs: bool = True,
        honorifics: bool = True,
        role_orgs: bool = True,
        name_marks: bool = True,
        org_ordinals: bool = True,
        title_references: bool = True,
        product_versions: bool = True,
        titles: bool = True,
        quoted_products: bool = True,
    ):
        self.name = name
        self.nlp = nlp  # where the gazetteer's companies come from (None: no gazetteer)
        self._companies: tuple = (None, 0, frozenset())
        self.honorifics = honorifics
        self.common_word_freq = common_word_freq
        self.surname_word_freq = surname_word_freq
        self.sure_names = sure_names
        self.consistency = consistency
        self.guard_names = guard_names
        self.guard_orgs = guard_orgs
        self.role_orgs = role_orgs
        self.name_marks = name_marks
        self.org_ordinals = org_ordinals
        self.title_references = title_references
        self.product_versions = product_versions
        self.titles = titles
        self.quoted_products = quoted_products

    def companies(self) -> frozenset:
        """The names and aliases of the organisations in the pipeline's gazetteer (none without one);
        read again when the gazetteer's entries change."""
        entries = next((pipe.entries for _, pipe in self.nlp.pipeline if isinstance(pipe, Gazetteer)), []) if self.nlp else []
        if self._companies[:2] != (id(entries), len(entries)):
            names = frozenset(n for e in entries if e["type"] == "ORG" for n in [e["label"], *e["aliases"]])
            self._companies = (id(entries), len(entries), names)
        return self._companies[2]

    def keep_person(self, span: Span) -> bool:
        """A name in Chinese characters is kept when it starts with a common
        surname, is written in transliteration characters, is not a common
        word in jieba's dictionary, or the tagger is sure of it (``sure_names``:
        the mean probability of PERSON over its characters, 迟浩田 of 国防部长迟浩田上将)."""
        text = span_text(span)
        if span.id_:
            return True
        if LATIN_WORD.match(text):  # one Latin word (LABUBU, Stellantis, Qwen3) is a brand far more often than a person,
            confidence = label_confidence(span, "PERSON")  # but a name in title case the tagger is fairly sure of (Moon)
            return bool(_TITLE_CASE.fullmatch(text)) and confidence is not None and confidence >= LATIN_PERSON_SURE
        if not HAN.match(text):
            return True
        surname = text[0] in COMMON_SURNAMES or text[:2] in COMPOUND_SURNAMES
        if surname and len(text) <= 4:
            return word_freq(text) < self.surname_word_freq
        if len(text) == 1:
            return text in SURNAMES
        if all(ch in TRANSLITERATION for ch in text):
            return True  # 谢列兹尼奥夫
        if surname:
            return False  # too long for a Chinese name and no transliteration: names or words run together
        freq = word_freq(text)
        if (freq == 0) if len(text) == 2 else freq < self.common_word_freq:
            return True
        confidence = label_confidence(span, "PERSON")
        return confidence is not None and confidence >= self.sure_names

    def guard_org(self, doc: Doc, span: Span) -> Span | None:
        """The span, cut back from a list tail or a person's role; the place of a place with an unnamed
        company (深圳初创公司); or None when it is not a name."""
        if span.id_:
            return span
        text = span_text(span)
        if _COMPLEMENT.match(doc_text(doc), span.end_char) and jieba_dictionary().tag(text) == "v":
            return None  # a verb and its complement (反而联想到当年), not 联想 the company
        if _UNNAMED_COURT.fullmatch(text) or COUNT.fullmatch(text):
            return None  # a court by its instance (二审法院), a count (逾800家)
        m = _CHILD_PREFIX.match(text)
        if m and len(text) - m.end() >= 2:  # 附屬公司恒生銀行有限公司: the child's name
            span = doc.char_span(span.start_char + m.end(), span.end_char, label=span.label_)
            if span is None:
                return None
            text = text[m.end():]
        m = _STOCK_STATUS.match(text)
        if m and len(text) - m.end() >= 2:  # the exchange's flag is no part of the name: *ST三联 -> 三联
            span = doc.char_span(span.start_char + m.end(), span.end_char, label=span.label_)
            if span is None:
                return None
            text = text[m.end():]
        m = _LIST_TAIL.search(text)
        if m:
            if m.start() < 2:
                return None
            cut = doc.char_span(span.start_char, span.start_char + m.start(), label=span.label_)
            return cut
        m = ROLE_TAIL.search(text)
        if m:
            rest = text[:m.start()]
            if len(rest) < 2 or word_freq(rest) >= ROLE_REST_FREQ or GENERIC_ORG.match(rest):
                return None
            span = doc.char_span(span.start_char, span.start_char + m.start(), label=span.label_)
            if span is None:
                return None
            text = rest
        m = _SUBSIDIARY_TAIL.search(text)
        if m and m.start() >= 2:  # a company's subsidiary or headquarters: the company (华润三九子公司黄石三九,
            # 东海航运总部), a place's the place (香港子公司, 顺德总部)
            rest = text[:m.start()]
            at = doc.char_span(span.start_char + m.start(), span.start_char + m.start() + 1)
            jieba = jieba_dictionary()
            place = rest in COUNTRIES or ADMIN_PLACE.fullmatch(rest) or bool(_places(rest, jieba))
            if m.group() == "总部" and (place or TITLE_AFTER.match(doc_text(doc), span.end_char) or not (
                    rest in self.companies() or INDUSTRY.search(rest) and INDUSTRY.search(rest).end() == len(rest)
                    or _SHORT_NAME_INDUSTRY.search(rest[-2:]) or rest.endswith(("航运", "船务", "集团")))):
                pass  # a company's only where its name ends as one does (东海航运总部); not a place's (顺德总部: the
                # facility step below), an institution's branch (央行上海总部) or an institution's (太平洋总部司令)
            elif at is not None and (not at[0].tag_ or jieba_word_at(doc, at.start)[0] == at.start):  # not 篮子公司
                if rest in COUNTRIES or ADMIN_PLACE.fullmatch(rest) or (
                        jieba.tag(rest) == "ns" and word_freq(rest) >= COMMON_WORD_FREQ):  # 香港子公司 (not 关联子公司)
                    return doc.char_span(span.start_char, span.start_char + m.start(), label="GPE")
                if rest not in self.companies() and (word_freq(rest) >= HEAD_FREQ or jieba.tag(rest) == "ns"
                                                     or GENERIC_ORG.match(rest)):
                    return None  # no company's (电池子公司, 关联子公司)
                span = doc.char_span(span.start_char, span.start_char + m.start(), label=span.label_) or span
                text = span_text(span)
        m = _SECTOR_TAIL.search(text) or _SECTOR_END.search(text, 2)
        if m and m.re is not _SECTOR_TAIL and text[:m.start(1)] not in self.companies():
            m = None
        if m and _ANALYST_AFTER.match(doc_text(doc), span.end_char):
            span = doc.char_span(span.start_char, span.start_char + m.start(1), label=span.label_)
            if span is None:
                return None
            text = span_text(span)
        m = VERB_TAIL.search(text) if len(text) > 2 else None
        if m and m.group() == "投资" and not _INVESTS_IN.match(doc_text(doc), span.end_char):
            m = None  # 投资 ends the names of investment companies (鸿钧投资表示), unless what is invested in follows
        if m:  # run on into a verb: a name before it is kept (上汽合作 -> 上汽), a place or a common word is not (杭州创立)
            rest = text[:m.start()]
            if len(rest) < 2 or word_freq(rest) >= ROLE_REST_FREQ or jieba_dictionary().tag(rest) == "ns":
                return None
            span = doc.char_span(span.start_char, span.start_char + m.start(), label=span.label_)
            if span is None:
                return None
            text = rest
        m = _ACRONYM_GENERATION.fullmatch(text)
        if m and m.group(1) in GENERIC_ACRONYMS:  # a generation of a kind of chip, not a company (HBM4)
            return doc.char_span(span.start_char, span.end_char, label="PRODUCT") or span
        if _NAME_WITH_CODE.fullmatch(text) and not NOT_A_MODEL.search(text):  # a model, not its maker (银河E8)
            return doc.char_span(span.start_char, span.end_char, label="PRODUCT") or span
        if _INDUSTRY_ONLY.fullmatch(text):
            return None  # an industry, no organisation (销售新能源汽车)
        m = _NAME_THEN_MORE.search(text)
        if m:
            span = doc.char_span(span.start_char, span.start_char + m.end(1), label="ORG")  # 锐芯公司(原光学研发部)
            if span is None:
                return None
            text = span_text(span)
        if GENERIC_ORG.match(text) or text.upper() in GENERIC_ACRONYMS or _FACILITY_ONLY.match(text) or _NOT_A_NAME.search(text):
            return None
        if doc[span.start].tag_ and jieba_word_at(doc, span.start)[0] < span.start and \
                jieba_word_at(doc, span.start)[2] == "t":
            return None  # it starts inside a time (上月新能源汽车销量): no name
        if _TOWN.fullmatch(text):  # a town or a village, no organisation (仁怀市茅台镇)
            return doc.char_span(span.start_char, span.end_char, label="GPE") or span
        m = _ACRONYM_ORG.match(text)
        if m and m.group(1).upper() in GENERIC_ACRONYMS:  # 国产GPU公司, AI企业: a kind of company, not one
            return None
        if PLACE_GENERIC_ORG.search(text) or _PLACE_ACRONYM_ORG.search(text):
            jieba = jieba_dictionary()
            place = cut_words(text, jieba)[0]
            acronym = _PLACE_ACRONYM_ORG.fullmatch(text, len(place))
            if jieba.tag(place) == "ns" and (PLACE_GENERIC_ORG.match(text, len(place))
                                             or acronym and acronym.group(1).upper() in GENERIC_ACRONYMS):
                return doc.char_span(span.start_char, span.start_char + len(place), label="GPE")  # the place stays
        if _KIND_OF_FIRM.search(text) and _CAPITAL_AT.match(doc_text(doc), span.end_char):
            jieba = jieba_dictionary()  # a place and what the company does before its Latin name (美国生物技术公司Veridian)
            place = cut_words(text, jieba)[0]
            if (jieba.tag(place) == "ns" or place in COUNTRIES) and _KIND_OF_FIRM.fullmatch(text, len(place)):
                return doc.char_span(span.start_char, span.start_char + len(place), label="GPE")
        return span

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if self.guard_orgs or self.guard_names:  # no name runs across a sentence's end (莱茵认证。公司)
            ents = [e for e in ents if e.label_ == "WORK_OF_ART" or not _SENTENCE_END.search(span_text(e))
                    and not _SHARE.fullmatch(span_text(e))]  # nor is a share (三成, 逾一成) a name
        if self.guard_names:
            ents = [_photo_credit(doc, e) if e.label_ == "PERSON" else e for e in ents]
            ents = [_role_head(doc, e) if e.label_ == "PERSON" else e for e in ents]
            ents = [_agency(doc, e) if e.label_ == "PERSON" else e for e in ents]
            ents = [_country(doc, e) if e.label_ == "PERSON" else e for e in ents]
            ents = [_foreign_place(doc, e) if e.label_ == "PERSON" else e for e in ents]
            ents = _places_in_places(doc, ents)
            listed = _listed_names(ents)
            ents = [e for e in ents if e.label_ != "PERSON" or e.id_ or span_text(e) not in _JOINS and (
                e.start_char in listed and not _joining_word(e) or self.keep_person(e))]
            ents = [e for e in ents if e.label_ != "PERSON" or e.id_ or not _in_idiom(doc, e) and not _festival(e)
                    and not _runs_into_word(doc, e)]
            ents = _compound_surnames(doc, ents)
            ents = [_stray_head(doc, _title_tail(doc, e)) if e.label_ == "PERSON" else e for e in ents]
        if self.name_marks:
            ents = self._mark_names(doc, ents)
            ents = _unpaired_brackets(doc, ents)
            ents = _brackets_inside(doc, ents)
            ents = _date_heads(doc, ents)
            ents = _word_edges(doc, ents)
        if self.guard_names:  # a "person" with an edition run into it, once whole, is a model (宋PLUS)
            ents = [doc.char_span(e.start_char, e.end_char, label="PRODUCT") or e
                    if e.label_ == "PERSON" and not e.id_ and _EDITIONED.fullmatch(span_text(e)) else e for e in ents]
        if self.org_ordinals:
            ents = self._ordinals(doc, ents)
        if self.guard_orgs:
            ents = [g for g in (self.guard_org(doc, e) if e.label_ == "ORG" else e for e in ents) if g is not None]
            if len(_SENTENCE_END.findall(doc_text(doc))) >= 2:  # running text: 公司 alone refers back, names nothing
                ents = [e for e in ents if e.label_ != "ORG" or e.id_ or span_text(e) not in _REFERRING_WORDS]
            ents = _datelines(doc, ents)
            ents = _subsidiaries(doc, ents)
            ents = _business_groups(doc, ents)
            ents = _flagged_stocks(doc, ents)
            ents = _china_arms(doc, ents)
            ents = _facility_places(doc, ents, self.companies)
            ents = _places_building(doc, ents)
            ents = _parks(doc, ents)
            ents = _natives(doc, ents)
            ents = _divisions(doc, ents)
            ents = _run_together_places(doc, ents)
            ents = _people_after_company_kinds(doc, ents)
            ents = _people_listed_with_companies(doc, ents)
            ents = _place_then_company(doc, ents)
            ents = _described_names(doc, ents)
            ents = _described_unread(doc, ents)
            ents = _group_forms(doc, ents)
            ents = _partnerships(doc, ents)
            ents = _aliases_and_numbers(doc, ents)
            ents = _headless_companies(doc, ents)
            ents = _army_units(doc, ents)
        if self.honorifics:
            found, replaced = self._honorific_names(doc, ents)
            ents = [e for i, e in enumerate(ents) if i not in replaced] + found
        if self.role_orgs:
            ents = self._role_orgs(doc, ents)
        if self.title_references:
            ents = _title_references(ents)
        if self.product_versions:
            ents = _named_products(doc, ents)
            ents = _edition_models(doc, ents)
            ents = _product_versions(doc, ents)
            ents = _product_kinds(doc, ents)
            ents = _services(doc, ents)
            ents = _drugs(doc, ents)
            ents = _coded_products(doc, ents)
            ents = _kind_named(doc, ents)
            ents = _subtitles(doc, ents)
            ents = _latin_numbered(doc, ents)
            ents = _series_named(doc, ents)
        if self.quoted_products:  # before consistency: the 花名 is used alone later (无招透露), the product too
            ents = unclaimed(doc, ents, _QUOTED_PERSON, "PERSON", "“\"「『", gives_way=_not_listed)
            ents = _quoted_products(doc, ents)
        if self.consistency and ents:
            ents = _surname_before_names(doc, ents)
            ents = _one_label(ents)
            known = {id(e) for e in ents}
            ents = self._propagate(doc, ents)
            ents = _latin_surnames(doc, ents)
            ents = _capitalised_runs(doc, ents)
            ents = _company_heads(doc, ents)
            if self.product_versions and _may_have_versions(doc, [e for e in ents if id(e) not in known]):
                # a company's model or service after the name it goes by, or where it recurs (青禾 Flow 3, 悦途打车)
                ents = _services(doc, _product_versions(doc, ents))
            ents = _hyphened_siblings(doc, ents)
            ents = _model_series(doc, ents)
            ents = _product_stems(doc, ents)
            ents = _produce(doc, ents)
        if self.titles:  # after consistency: a name inside a title the document names elsewhere stays a name
            ents = _titles(doc, ents)
        if self.quoted_products:
            ents = _listed_products(doc, ents)
            ents = _product_siblings(doc, ents)
            ents = _listed_companies(doc, ents)
        doc.ents = ents
        return doc

    def _ordinals(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Organisations and the ordinals next to them: 中共十一届(三中全会) -> 中共, 选举第九届全国人民代表大会
        -> 第九届全国人民代表大会, (第十)五次全国代表大会 -> 第十五次全国代表大会 (an ordinal the tagger cut)."""
        text = doc_text(doc)
        taken = {i for e in ents for i in range(e.start_char, e.end_char)}
        out = []
        for e in ents:
            if e.label_ != "ORG" or e.id_:
                out.append(e)
                continue
            start, end, name = e.start_char, e.end_char, span_text(e)
            m = _ORDINAL_END.search(name)
            if m and m.start() >= 2:  # an ordinal after a name belongs to what follows (三中全会), not to it
                end = start + m.start()
            else:
                m = _ORDINAL_AT.match(name, 1) or _ORDINAL_AT.match(name, 2)  # after one or two characters
                if m and jieba_dictionary().tag(name[:m.start()]) in _LEADING_TAGS:
                    start += m.start()
                # a name that starts inside an ordinal takes in the rest of it (a whole ordinal before a whole
                # name is left out: 第十六届国际行动理事会 is a session of the council)
                before = _ORDINAL_BEFORE.search(text, max(0, start - 6), start)
                if before and _ORDINAL_AT.match(text[before.start():end]) and not taken & set(range(before.start(), start)):
                    start = before.start()
            if (start, end) == (e.start_char, e.end_char):
                out.append(e)
                continue
            span = doc.char_span(start, end, label="ORG")
            out.append(span if span is not None else e)
        return out

    def _mark_names(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Names with the hyphens and dots between their parts, without a mark or bracket after
        them (``pipelines.name_marks``)."""
        text = doc_text(doc)
        persons = {(e.start_char, e.end_char): e for e in ents if e.label_ == "PERSON"}
        if not persons or not any(c in text for c in MARKED):
            return ents
        others = [(e.start_char, e.end_char) for e in ents if e.label_ != "PERSON"]
        marked = mark_names(text, list(persons), others, TRANSLITERATION)
        spans = [persons.get(span) or doc.char_span(*span, label="PERSON") for span in marked]
        return [e for e in ents if e.label_ != "PERSON"] + [span for span in spans if span is not None]

    def _role_orgs(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Organisations named by the role of the person after them or as what was founded
        (``pipelines.role_orgs``), and names the model read as a person's though a company
        word follows them (远舟物流, 巴克莱资本)."""
        text = doc_text(doc)
        starts = {e.start_char for e in ents}
        ents = [self._company_of(doc, text, e, starts) if e.label_ == "PERSON" and not e.id_ else e for e in ents]
        ents = _short_org_names(doc, ents)
        ents = _industry_names(doc, ents)
        ents = _latin_companies(doc, ents)
        ents = _data_sources(doc, ents)
        persons = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
        spans = [(e.start_char, e.end_char, e.label_) for e in ents]
        for start, end in persons_after_roles(text, spans):
            span = doc.char_span(start, end, label="PERSON")
            if span is not None:
                ents = ents + [span]
        if CAPITAL.search(text):
            ents = _latin_names(doc, text, ents)
            persons = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
            spans = [(e.start_char, e.end_char, e.label_) for e in ents]
        found = orgs_before_roles(text, persons, spans) if persons else []
        found += orgs_founded(text, spans)
        found += orgs_after_kinds(text, spans, lambda: jieba_words(doc))
        for start, end in found:
            span = doc.char_span(start, end, label="ORG")
            if span is None or self.guard_org(doc, span) is not span:
                continue
            ents = [e for e in ents if e.end_char <= start or e.start_char >= end] + [span]
        return ents

    @staticmethod
    def _company_of(doc: Doc, text: str, ent: Span, starts: set[int]) -> Span:
        m = _COMPANY_WORD.match(text, ent.end_char)
        if not m and span_text(ent)[:1] not in COMMON_SURNAMES:
            m = _INDUSTRY_WORD.match(text, ent.end_char)
        if not m or any(ent.end_char <= i < m.end() for i in starts):
            return ent
        return doc.char_span(ent.start_char, m.end(), label="ORG") or ent

    def _honorific_names(self, doc: Doc, ents: list[Span]) -> tuple[list[Span], set[int]]:
        """Names before 先生/女士 or a biography's 男/女: the two or three Chinese characters
        there, starting with a common surname. Where the model found part of that name (恩军
        of 于恩军, 曹国 of 曹国其), the name replaces it; returns the new spans and the
        indices of the entities they replace."""
        text = doc_text(doc)
        if "先生" not in text and "男" not in text and "女" not in text:
            return [], set()
        found, replaced, taken = [], set(), set()
        for m in HONORIFIC.finditer(text):
            end = m.start()
            for size in (3, 2):
                start = end - size
                name = text[start:end]
                if start < 0 or not HAN.match(name) or any(i in taken for i in range(start, end)):
                    continue
                if not (name[0] in COMMON_SURNAMES or name[:2] in COMPOUND_SURNAMES):
                    continue
                if word_freq(name) >= self.common_word_freq:
                    continue
                inside = [i for i, e in enumerate(ents) if e.start_char < end and start < e.end_char]
                if any(not self._part_of_name(ents[i], start, end, text) for i in inside):
                    continue
                span = doc.char_span(start, end, label="PERSON")
                if span is not None:
                    found.append(span)
                    replaced.update(inside)
                    taken.update(range(start, end))
                    break
        return found, replaced

    @staticmethod
    def _part_of_name(ent: Span, start: int, end: int, text: str) -> bool:
        """``ent`` is a PERSON the name at ``start:end`` may replace: the name's first characters
        (曹国 of 曹国其), or its last ones when they do not start with a surname themselves."""
        if ent.label_ != "PERSON" or ent.start_char < start or ent.end_char > end:
            return False
        if ent.start_char == start:
            return True
        return text[ent.start_char] not in COMMON_SURNAMES

    def _propagate(self, doc: Doc, ents: list[Span]) -> list[Span]:
        text = doc_text(doc)
        taken = set()
        for e in ents:
            taken.update(range(e.start_char, e.end_char))
        known = {}
        for e in ents:
            name = text[e.start_char:e.end_char]
            if len(name) >= 2 and name.strip() == name:
                known.setdefault(name, e)
        added, inside = [], set()
        by_start = ByStart(ents)
        for string in sorted(known, key=len, reverse=True):
            ent = known[string]
            for s, t in occurrences(text, string):
                if any(i in taken for i in range(s, t)):
                    parts = _shorter_inside(by_start, s, t, ent.label_)  # 银河 of 银河通用 gives way
                    if not parts or inside & parts or any(a.start_char < t and s < a.end_char for a in added):
                        continue
                    inside |= parts
                if string[0].isascii() and s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
                    continue
                if string[-1].isascii() and t < len(text) and text[t].isascii() and (
                        text[t].isalnum() or text[t] == "-" and text[t + 1:t + 2].isalnum()):
                    continue  # Latin text runs on (墨言-3 of 墨言-3-Mini)
                span = doc.char_span(s, t, label=ent.label_, span_id=ent.id_ or 0)
                if span is None or cuts_words(doc, span.start, span.end):  # 中国 of 发展中国家 or 其中国有企业
                    continue
                added.append(span)
                taken.update(range(s, t))
        if inside:
            ents = [e for e in ents if (e.start_char, e.end_char) not in inside]
        return filter_spans(ents + added) if added else ents


def _one_label(ents: list[Span]) -> list[Span]:
    """A name the document's organisations go by more often than a person does (富通 twice an ORG, once a PERSON),
    or that the gazetteer names as one, is that organisation everywhere."""
    counts: dict[str, list[int]] = {}
    for e in ents:
        if e.label_ in ("ORG", "PERSON"):
            c = counts.setdefault(span_text(e), [0, 0, 0])
            c[e.label_ == "PERSON"] += 1
            c[2] += bool(e.id_) and e.label_ == "ORG"
    orgs = {name for name, (org, person, listed) in counts.items() if person and org and (org > person or listed)}
    if not orgs:
        return ents
    return [Span(e.doc, e.start, e.end, label="ORG") if e.label_ == "PERSON" and not e.id_ and span_text(e) in orgs
            else e for e in ents]


def _surname_before_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A "person" that is one character before a company or product the document names (季鲸选 of 当季鲸选实现营收,
    where 鲸选 is the company and 当季 a word) is that name with a character before it, no person: left out, for the
    consistency step to mark the name; not where the character starts a word (法人代表陈鸿道 beside 鸿道集团)."""
    names = {span_text(e) for e in ents if e.label_ in ("ORG", "PRODUCT") and e.end_char - e.start_char >= 2}
    if not names:
        return ents
    return [e for e in ents if e.label_ != "PERSON" or e.id_ or span_text(e)[1:] not in names
            or not _joins_word_before(doc, e)]


def _joins_word_before(doc: Doc, e: Span) -> bool:
    """Whether a person's first character is more likely the end of what comes before it than a surname: no
    common surname after a Chinese character (季 of 当季), or the end of a word of jieba's (年 of 2025年)."""
    text = doc_text(doc)
    if e.start_char and HAN.match(text[e.start_char - 1]) and text[e.start_char] not in COMMON_SURNAMES:
        return True
    return bool(doc[0].tag_) and jieba_word_at(doc, e.start)[0] < e.start


def _shorter_inside(ents: ByStart, start: int, end: int, label: str) -> set[tuple[int, int]]:
    """The offsets of the entities overlapping ``start:end`` when all of them lie inside it, have
    ``label`` and come from the model (not the gazetteer); else an empty set."""
    parts = [e for e in ents.overlapping(start, end) if (e.start_char, e.end_char) != (start, end)]
    if any(e.start_char < start or e.end_char > end or e.label_ != label or e.id_ for e in parts):
        return set()
    return {(e.start_char, e.end_char) for e in parts}


_ARM_NEXT_TAGS = {"v", "t", "d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv"}
_ARMS = {"中国", "香港", "台湾"}  # 星巴克中国, 中银香港, 渣打香港


def _china_arms(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation with 中国 right after it, where 中国 ends the name (a verb, a time, a function
    word or punctuation follows), is its China arm (星巴克中国表示, 汇丰中国昨日, 花旗中国的); 星巴克中国市场
    and 微软中国区 are left alone. 香港 and 台湾 likewise, but not before a verb (中银香港与渣打香港亦, not
    阿里巴巴香港上市)."""
    text = doc_text(doc)
    if "中国" not in text and "香港" not in text and "台湾" not in text:
        return ents
    jieba = jieba_dictionary()
    out = []
    for e in ents:
        end = e.end_char
        arm = text[end:end + 2]
        if e.label_ == "ORG" and arm in _ARMS and not text.startswith(arm, end - 2) \
                and not span_text(e).endswith(("社", "网", "报", "台")):  # a dateline: 新华社香港1月25日电
            rest = text[end + 2:end + 8]
            tag = jieba.tag(cut_words(rest, jieba)[0]) if rest and "\u4e00" <= rest[0] <= "\u9fff" else None
            if not rest or tag is None and (arm == "中国" or not rest[0].isalnum()) or tag in _ARM_NEXT_TAGS and (
                    arm == "中国" or tag != "v"):  # 汇丰香港表示; not 阿里巴巴香港上市
                e = doc.char_span(e.start_char, end + 2, label="ORG") or e
        out.append(e)
    return filter_spans(out) if out != ents else ents


# a person's name in Latin words (Sam Altman, Lisa Su): its last word is the surname said alone later
_LATIN_NAME_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'][A-Za-z][a-z]+)?"  # Altman, LeCun, O'Brien
_LATIN_FULL_NAME = re.compile(rf"{_LATIN_NAME_WORD}(?: {_LATIN_NAME_WORD})+")


def _latin_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """The surname of a person the document names in Latin words is that person where it stands alone
    (Sam Altman ... Altman透露; Lisa Su ... Su表示): no entity holds it, or one of another label holds just it.
    It carries the full name's canonical name, so that the graph puts both on one node."""
    surnames = {span_text(e).rsplit(" ", 1)[1]: e.id_ or span_text(e) for e in ents
                if e.label_ == "PERSON" and _LATIN_FULL_NAME.fullmatch(span_text(e))}
    if not surnames:
        return ents
    text = doc_text(doc)
    pattern = re.compile(r"(?<![A-Za-z0-9.\-])(?<![A-Za-z] )(?:" + "|".join(map(re.escape, surnames)) + r")(?![A-Za-z0-9\-]| [A-Z])")
    exact = {(e.start_char, e.end_char): e for e in ents}
    out = list(ents)
    for m in pattern.finditer(text):
        start, end = m.span()
        held = exact.get((start, end))
        if held is not None:
            if held.label_ in ("ORG", "PRODUCT", "GPE"):
                out[out.index(held)] = Span(doc, held.start, held.end, label="PERSON", span_id=surnames[m.group()])
            continue
        if any(e.start_char < end and start < e.end_char for e in ents):
            continue
        span = doc.char_span(start, end, label="PERSON", span_id=surnames[m.group()])  # the full name's node
        if span is not None:
            out.append(span)
    return sorted(out, key=lambda e: e.start) if len(out) > len(ents) else out


# a run of two to four capitalised Latin words with nothing Latin around it (Las Vegas Sands, Autohaus Becker, Mark
# Zuckerberg): one name in Chinese text
_CAPITALISED_RUN = re.compile(r"(?<![A-Za-z0-9&.'’\-])(?<![A-Za-z0-9] )[A-Z][A-Za-z'’&\-]*(?: [A-Z][A-Za-z'’&\-]*){1,3}"
                              r"(?![A-Za-z0-9&'’\-])(?! [A-Za-z0-9])")


_RUN_HEADS = {"IP", "App", "APP", "CEO", "The"}


def _capitalised_runs(doc: Doc, ents: list[Span]) -> list[Span]:
    """An entity the tagger read on some words of a run of capitalised Latin words, alone in it, is the whole run
    (Sands of Las Vegas Sands, Becker of Autohaus Becker, Innovation of ARK Innovation ETF); not a gazetteer's
    name, nor where another entity is in the run or crosses its edge."""
    text = doc_text(doc)
    if not CAPITAL.search(text):
        return ents
    out = list(ents)
    for m in _CAPITALISED_RUN.finditer(text):
        start, end = m.span()
        words = m.group().split(" ")
        while words and (words[0].upper() in GENERIC_ACRONYMS or words[0] in _RUN_HEADS):
            start += len(words.pop(0)) + 1  # a kind before the name (潮玩IP LABUBU, AI Meta)
        if len(words) < 2:
            continue
        touching = [e for e in out if e.start_char < end and start < e.end_char]
        if len(touching) != 1:
            continue
        e = touching[0]
        if e.id_ or e.start_char < start or e.end_char > end or (e.start_char, e.end_char) == (start, end) \
                or e.label_ not in ("ORG", "PERSON", "PRODUCT", "GPE", "LOC"):
            continue
        span = doc.char_span(start, end, label=e.label_)
        if span is not None:
            out[out.index(e)] = span
    return out


# a name in quotes after what names a person by it (花名“无招”, 短视频博主“阿鲸”, 网络主播“小鹿酱”)
_QUOTED_PERSON = re.compile(r"(?:花名|昵称|网名|艺名|笔名|外号|主播|博主|网红|达人|UP主|up主)[“\"「『]([^“”\"「」『』\s，。、]{1,8})[”\"」』]")


# 等 and a kind of company that ends a phrase (等老牌玩家的, 等品牌。; not 等公司高管)
_COMPANY_LIST_END = re.compile(r"等[\u4e00-\u9fff]{0,4}?(?:公司|企业|品牌|厂商|玩家|巨头|平台|机构|银行|券商)"
                               r"(?:(?![\u4e00-\u9fff])|(?=[的在中也都已均纷将正则]))")


def _listed_companies(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names the tagger read as people, listed before 等 and a kind of company (FILA、迪桑特等品牌), or
    joined to an organisation in such a list (讯飞、思必驰等老牌玩家), are ORGs. Needs the features' tags."""
    text = doc_text(doc)
    if "等" not in text:
        return ents
    by_end = {e.end_char: e for e in ents}
    relabel, added = set(), []
    for m in _COMPANY_LIST_END.finditer(text):
        listed = {(e.start_char, e.end_char) for e in _listed_entities(text, by_end, m.start())}
        if not any(by_end[end].label_ == "ORG" for _, end in listed):
            listed = set(listed_before(doc, text, m.start()) or [])
        relabel.update(id(e) for e in ents if (e.start_char, e.end_char) in listed and e.label_ == "PERSON" and not e.id_)
        added += _listed_unread(doc, text, ents, m.start())
    ents = relabelled(doc, ents, relabel, "ORG")
    return sorted(ents + added, key=lambda e: e.start_char) if added else ents


def _listed_unread(doc: Doc, text: str, ents: list[Span], list_end: int) -> list[Span]:
    """The names no entity touches in a list before 等 and a kind of company, where every name of the list is a
    company: an organisation of the tagger's or a name that ends as a company's does (海辰储能、远景动力等二线厂商)."""
    names = listed_before(doc, text, list_end)
    if not names or len(names) < 2:
        return []
    found = []
    for start, end in names:
        touching = [e for e in ents if e.start_char < end and start < e.end_char]
        if touching:
            if not any(e.label_ == "ORG" and (e.start_char, e.end_char) == (start, end) for e in touching):
                return []
        elif 3 <= end - start <= 8 and _COMPANY_NAME_END.search(text, start, end) and word_freq(text[start:end]) < HEAD_FREQ:
            found.append((start, end))
        else:
            return []
    spans = [doc.char_span(start, end, label="ORG") for start, end in found]
    return [span for span in spans if span is not None]


def _listed_entities(text: str, by_end: dict, list_end: int) -> list[Span]:
    """The entities of a list that ends at ``list_end``, each joined to the next by a join (、, 和, ...), and
    their other names in brackets after them (卡特彼勒（Caterpillar）、小松（Komatsu）等外资品牌)."""
    found, end = [], list_end
    while True:
        alias = ALIAS_AFTER.search(text[max(0, end - 32):end]) if end not in by_end else None
        if alias is not None:
            if end - 1 in by_end:
                found.append(by_end[end - 1])
            end -= len(alias.group())
        if end not in by_end:
            break
        ent = by_end[end]
        found.append(ent)
        join = next((j for j in LIST_JOINS if text.endswith(j, 0, ent.start_char)), None)
        if join is None:
            break
        end = ent.start_char - len(join)
    return found


_FUNCTION = {"d", "p", "c", "u", "uj", "ul", "r"}  # jieba: adverbs, prepositions, conjunctions, particles, pronouns
_NOT_A_GIVEN_NAME = _FUNCTION | {"v", "m", "t", "f", "q"}  # and verbs, numbers, times, places in a sentence, measures


def _compound_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """A PERSON that is only a compound surname (欧阳 of 欧阳中石) takes in the two characters after it,
    and an entity the model made of them (中石), unless they are a title (欧阳先生), a word that is no
    given name (欧阳表示, 欧阳明日是) or begin with a function word (欧阳等人)."""
    out, absorbed = [], set()
    for e in ents:
        if e.label_ == "PERSON" and not e.id_ and span_text(e) in COMPOUND_SURNAMES:
            end = e.end_char
            after = doc_text(doc)[end:end + 2]
            jieba = jieba_dictionary()
            inside = [o for o in ents if end <= o.start_char < end + 2]
            if (len(after) == 2 and HAN.match(after) and after not in TITLES
                    and jieba.tag(after) not in _NOT_A_GIVEN_NAME and jieba.tag(after[0]) not in _FUNCTION
                    and all(o.end_char <= end + 2 for o in inside)):
                longer = doc.char_span(e.start_char, end + 2, label="PERSON")
                if longer is not None:
                    e = longer
                    absorbed.update(id(o) for o in inside)
        out.append(e)
    return [e for e in out if id(e) not in absorbed]


# a title the tagger may read as the start of the name after it (董秘罗佳怡: 董 is a surname)
_TITLE_HEAD = re.compile(r"(?:董秘|秘书|董事|总裁|经理|总监|主任|主席|部长|局长|院长|行长|会长|社长|厂长|处长|科长|所长|书记|总编"
                         r"|教授|研究员|分析师|律师|主管|专员)")


def _role_head(doc: Doc, span: Span) -> Span:
    """A "person" that starts with a title, then a name of two or three characters after a common surname, is
    that name (董秘 + 罗佳怡)."""
    m = _TITLE_HEAD.match(span_text(span))
    rest = span_text(span)[m.end():] if m else ""
    if span.id_ or not 2 <= len(rest) <= 3 or rest[0] not in COMMON_SURNAMES or not HAN.fullmatch(rest[-1]):
        return span
    return doc.char_span(span.start_char + m.end(), span.end_char, label="PERSON") or span


# a "person" with an edition run into it is a model (宋PLUS, 秦PLUS)
_EDITIONED = re.compile(r"[\u4e00-\u9fff]{1,3}(?:PLUS|Plus|Pro|PRO|Max|MAX|Ultra|mini|Mini|DM-i|DM-p|EV)")
# a title whose last character the tagger may take for a name's first (首席技术官罗一鸣 -> 官罗)
_TITLE_ENDING = re.compile(r"(?:(?:执行|技术|财务|运营|信息|营销|人力|产品|科学|数据|战略|投资|法务)官|董事长|秘书长|总裁|总监|主任|主席)$")
_SAYS = re.compile(r"表示|称|说|透露|介绍|指出|认为|坦言|强调|回应|直言|告诉|在|向|对|曾|也|则|[，。、；：,]")


def _title_tail(doc: Doc, span: Span) -> Span:
    """A "person" of two characters that starts with the last of a title and goes on in a surname (官罗 of 首席技术官
    罗一鸣表示) is the name after the title: the surname and the two characters after it, where a verb of saying or
    punctuation follows them."""
    text, start = doc_text(doc), span.start_char
    name = span_text(span)
    if span.id_ or len(name) != 2 or name[1] not in COMMON_SURNAMES or not _TITLE_ENDING.search(text, max(0, start - 4),
                                                                                                 start + 1):
        return span
    end = span.end_char + 2
    if not HAN.match(text[span.end_char:end]) or not _SAYS.match(text, end):
        return span
    return doc.char_span(start + 1, end, label="PERSON") or span


def _stray_head(doc: Doc, span: Span) -> Span:
    """A "person" of four Chinese characters whose first is no surname and whose other three are a
    name after a common surname (宣教科 + 郝彦南, 屠由瑞 + 彭士禄) is those three: the first
    character belongs to the word before."""
    name = span_text(span)
    if (span.id_ or len(name) != 4 or not HAN.match(name) or name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES
            or name[1] not in COMMON_SURNAMES or all(ch in TRANSLITERATION for ch in name) or word_freq(name[1:])):
        return span
    return doc.char_span(span.start_char + 1, span.end_char, label="PERSON") or span


# what a company's name ends with after the name it goes by (恒瑞 of 恒瑞医药, 极昼 of 极昼汽车)
_HEAD_WORD = re.compile(r"(?:医药|制药|药业|生物|科技|技术|汽车|电子|智能|网络|通信|通讯|传媒|文化|食品|饮料|茶饮|咖啡|餐饮|电器|能源|股份|集团|控股"
                        r"|物流|资本)$")


def _company_heads(doc: Doc, ents: list[Span]) -> list[Span]:
    """The name a company of the document goes by without its industry or company word, where no entity
    holds it and it cuts no word (恒瑞 where 恒瑞医药 is named), is that company: an ORG with its canonical
    name. Not a place (上海 of 上海汽车), a common word, nor a person's name (李宁 of 李宁公司)."""
    heads, surnamed = {}, set()
    text = doc_text(doc)
    for e in ents:
        if e.label_ != "ORG":
            continue
        name = span_text(e)
        m = _HEAD_WORD.search(name)
        tail = LEGAL_TAIL.search(name)
        before = name[:tail.start()] if tail and tail.start() >= 2 else ""  # without its legal form and industry
        recurs = any(text.count(before[-k:]) > 1 for k in (2, 3) if len(before) >= k) or (
            len(before) >= 4 and text.count(before[:2]) > 1)  # its end, or its start (绿洲 of 绿洲茶饮)
        short_head = legal_head(before) if recurs else ""
        industry = INDUSTRY.match(name, tail.start()) if short_head else None
        if industry and industry.group() not in ("控股", "集团", "集團") and text.count(short_head + industry.group()) > 1:
            heads.setdefault(short_head + industry.group(), e.id_ or name)  # with its industry (光年通讯 of 深圳光年通讯技术有限公司)
        word = _HEAD_WORD.search(short_head) if short_head else None  # 绿洲 of 绿洲茶饮 of 绿洲茶饮控股有限公司
        for head in (name[:m.start()] if m and text.count(name[:m.start()]) > 1 else "", short_head,
                     short_head[:word.start()] if word and text.count(short_head[:word.start()]) > 1 else ""):
            # only a name said again is worth reading
            if len(head) < 2 or not HAN.match(head) or head in heads:
                continue
            freq = word_freq(head)
            jieba = jieba_dictionary()
            if head in CHINESE_PLACES:
                continue  # a city (嘉兴 of 嘉兴科技), however rare jieba's count of it
            if freq < HEAD_FREQ and (freq < RARE_PLACE_FREQ or jieba.tag(head) != "ns") or (
                    freq < BRAND_FREQ and jieba.tag(head) != "ns" and _free_count(text, head, ents) >= HEAD_REPEATS):
                # a word of jieba's too where the document says it alone again and again (綠洲 of 綠洲茶飲)
                heads[head] = e.id_ or name
                if head[:1] in COMMON_SURNAMES and len(head) <= 3:
                    surnamed.add(head)  # may be a person's name (李宁 of 李宁公司): only over the tagger's place
    for head, name in _brand_heads(ents, text).items():
        heads.setdefault(head, name)
    if not heads:
        return ents
    taken = ByStart(ents)
    added, replaced = [], {}
    for start, end, head in first_occurrences(text, heads):
        inside = taken.overlapping(start, end)
        if inside and not (len(inside) == 1 and inside[0].label_ in MISREAD_HEAD and not inside[0].id_ and (
                (inside[0].start_char, inside[0].end_char) == (start, end) or inside[0].label_ == "PERSON"
                and (inside[0].start_char + 1, inside[0].end_char) == (start, end) and _joins_word_before(doc, inside[0]))):
            # the tagger's person or place, or a person that is a word's last character and the name (季鲸选 of 当季鲸选)
            continue
        if head in surnamed and not (inside and inside[0].label_ in PLACE_LABELS):
            continue
        span = doc.char_span(start, end, label="ORG", span_id=heads[head])
        code = CODE.match(text, end) if span is not None and not inside else None
        if code and not NOT_A_MODEL.match(code.group()) and jieba_word_at(doc, span.start)[0] == span.start:
            added.append(span)  # its model code after it (远峰X7 Pro): the versions read the product
        elif span is not None and stands_alone(doc, span):
            if inside:  # the tagger read it as a person or a place (宏岳表示 where 宏岳半导体股份有限公司 is named)
                replaced[id(inside[0])] = span
            else:
                added.append(span)
    if replaced:
        ents = [replaced.get(id(e), e) for e in ents]
    return ents + added if added else ents


HEAD_REPEATS = 3  # said alone this often, a common word a company's name starts with is the name it goes by


def _free_count(text: str, word: str, ents: list[Span]) -> int:
    """How often ``word`` occurs where no organisation or product holds it."""
    held = [(e.start_char, e.end_char) for e in ents if e.label_ in ("ORG", "PRODUCT")]
    return sum(not any(a <= m.start() and m.end() <= b for a, b in held) for m in re.finditer(re.escape(word), text))
BRAND_FREQ = 1_000  # a word two names of the document start with may be a common one (光年 of 光年通讯 and 光年 X6)
BRAND_PLACE_FREQ = 200  # and a place, if not a common one (半山 of 半山咖啡 and 成都半山餐饮管理有限公司; not 长城, 华夏)


@lru_cache(maxsize=4096)
def _without_places(name: str) -> str:
    """A name without the places it starts with (深圳 of 深圳光年通讯技术有限公司, 深圳市), but a rare one (半山) or the
    country's (中国 of 中国海运集团 is part of the name)."""
    jieba = jieba_dictionary()
    for _ in range(2):
        place = next((name[:k] for k in (4, 3, 2) if len(name) > k + 1 and name[:k] not in _NATIONAL and (
            ADMIN_PLACE.fullmatch(name[:k]) or name[:k] in CHINESE_PLACES
            or jieba.tag(name[:k]) == "ns" and word_freq(name[:k]) >= BRAND_PLACE_FREQ)), "")
        if not place:
            break
        name = name[len(place):]
    return name


@lru_cache(maxsize=4096)
def _word_ends(name: str) -> frozenset:
    """Where jieba's words end in the start of ``name``."""
    ends, at = set(), 0
    for word in cut_words(simplified_text(name[:8]), jieba_dictionary()):
        at += len(word)
        ends.add(at)
    return frozenset(ends)


_NATIONAL = {"中国", "中華", "中华", "全国", "國家", "国家"}


def _brand_heads(ents: list[Span], text: str = "") -> dict[str, str]:
    """Words two names or more of the document start with, an organisation's among them, after any place
    (光年 of 深圳光年通讯技术有限公司 and 光年 X6; 半山 of 半山咖啡 and 成都半山餐饮管理有限公司): the name a company
    goes by, even where it is a word of jieba's (光年, 半山), but not a common one, where the names go on
    differently after it (not 光彩事业 of 光彩事业促进会 and its 理事会, nor 啤酒 of 重庆啤酒 and 重庆啤酒集团) and it ends
    a word of jieba's in each (not 国务院国 of 国务院国资委). The longest such start of the same names; -> the canonical
    name of the first organisation."""
    names = {}
    for e in ents:
        if e.label_ in ("ORG", "PRODUCT"):
            names.setdefault(span_text(e), e)
    cores = {name: _without_places(name) for name in names if HAN.match(name[:2])}
    firsts: dict[str, list] = {}
    for name, core in cores.items():
        firsts.setdefault(core[:2], []).append(name)
    held = Counter(span_text(e) for e in ents if e.label_ in ("ORG", "PRODUCT"))
    shared = {first for first, group in firsts.items() if len(group) >= 2 and (
        not text or text.count(first) > sum(name.count(first) * n for name, n in held.items()))}
    if not shared:
        return {}  # no two names share a start, or it is nowhere but in them
    cores = {name: core for name, core in cores.items() if core[:2] in shared}
    jieba = jieba_dictionary()
    starts: dict[str, dict] = {}  # a start -> the names it starts -> what comes after it there
    for name, core in cores.items():
        for k in (2, 3, 4):
            if len(core) >= k and all(HAN.match(ch) for ch in core[:k]):
                rest = core[k:]
                starts.setdefault(core[:k], {})[name] = "" if _GROUP_FORM.fullmatch(rest) else rest[:1]
    for head in [h for h, shared in starts.items() if len(set(shared.values())) >= 2]:  # where words end: read last
        starts[head] = {n: after for n, after in starts[head].items()
                        if len(cores[n]) == len(head) or len(head) in _word_ends(cores[n])}
    heads = {}
    for head in sorted(starts, key=len, reverse=True):
        shared = starts[head]
        if len(set(shared.values())) < 2 or any(starts[longer].keys() == shared.keys() for longer in heads
                                                if longer.startswith(head)):
            continue  # names that go on alike after it are one name's forms (光彩事业促进会, 重庆啤酒集团)
        orgs = [names[n] for n in shared if names[n].label_ == "ORG"]
        freq = word_freq(head)
        if orgs and head not in CHINESE_PLACES and freq < BRAND_FREQ and (
                freq < BRAND_PLACE_FREQ or jieba.tag(head) != "ns") \
                and not (head[:1] in COMMON_SURNAMES and len(head) <= 3 and jieba.tag(head) in ("nr", None)):
            heads[head] = orgs[0].id_ or span_text(orgs[0])
    return heads


def _short_org_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A PERSON that is an organisation of the document without its company word (德邦 where 德邦股份 is
    named) and does not start with a common surname (李宁 of 李宁公司 stays a person) is that ORG's; so
    is a place that jieba's dictionary does not know as one (德邦, not 北京 of 北京控股)."""
    orgs = {span_text(e) for e in ents if e.label_ == "ORG"}
    if not orgs:
        return ents
    jieba = jieba_dictionary()
    out = []
    for e in ents:
        name = span_text(e)
        mistaken = (e.label_ == "PERSON" and name[:1] not in COMMON_SURNAMES
                    or e.label_ in PLACE_LABELS and jieba.tag(name) != "ns")
        if (mistaken and not e.id_
                and any(org.startswith(name) and _COMPANY_WORD.fullmatch(org[len(name):]) for org in orgs)):
            e = doc.char_span(e.start_char, e.end_char, label="ORG") or e
        out.append(e)
    return out


def _latin_names(doc: Doc, text: str, ents: list[Span]) -> list[Span]:
    """People after a role and research firms before their data, named in Latin letters (``pipelines.latin_names``:
    分析师Ronald Keung, Canalys数据显示), in place of the entities inside them."""
    spans = [(e.start_char, e.end_char, e.label_) for e in ents]
    for label, found in (("PERSON", latin_persons(text, spans)), ("ORG", latin_sources(text, spans))):
        for start, end in found:
            span = doc.char_span(start, end, label=label)
            if span is not None:
                ents = [e for e in ents if e.end_char <= start or e.start_char >= end] + [span]
    return ents


def _industry_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation or place with an industry right after it is the company of that name, a listed
    company's short name (华星化工, 中远航运; 济南钢铁 and 上海医药 where the tagger found the city), its
    company word too if one follows (济南钢铁集团). The industry must be a word of jieba's there and not
    be followed by what makes it the sector (钢铁行业, 中国医药文化); after a place, a verb, conjunction,
    preposition, adverb or punctuation must follow (上海医药换股, not 北京电子商务). Needs the features' tags."""
    text = doc_text(doc)
    starts = {e.start_char for e in ents}
    return [_with_industry(doc, text, e, starts) if e.label_ in ("ORG", "GPE", "LOC") else e for e in ents]


# a source of data after 据, before what it counted (据窄门餐眼统计, 据久谦中台估算, 据研究机构伽马数据显示)
_DATA_SOURCE = re.compile(r"据(?:第三方|研究|咨询|数据|市场)?(?:机构|平台)?([\u4e00-\u9fff]{2,6}?)(?:初步|不完全|实地)?"
                          r"(?:数据显示|统计|报告|调查|监测|测算|估算|估计|调研|发布)")
# and a source at a clause's start before what its data show (窄门餐眼数据显示), a paper before its reporter (据证券时报记者了解)
_SOURCE_SHOWS = re.compile(r"(?:^|(?<=[，。；：！？\s]))([\u4e00-\u9fff]{3,6}?)(?:数据|统计|报告|调查|监测)(?:显示|表明)")
_PAPER = re.compile(r"据([\u4e00-\u9fff]{2,6}?)记者(?:了解|获悉|调查|报道|统计|采访|注意到|查询)")
_NO_SOURCE = re.compile(r"的|一项|一份|另|调查|研究|临床|行业|第三方|机构|最新|此前|记者|人士|业主|网友|专家|本报|本刊|官方|媒体|消息|有关|相关|当地|不完全|初步|部门")


def _data_sources(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name that no entity holds between 据 and what it counted or estimated is an organisation, a research
    firm (据窄门餐眼统计); so is one at a clause's start before what its data show (窄门餐眼数据显示), and a paper
    before its reporter (据证券时报记者了解); not a common word (据报告), nor what may be a person's name (据张华统计)."""
    text = doc_text(doc)
    if "据" not in text and "显示" not in text and "表明" not in text:
        return ents
    found = []
    for m in (*_DATA_SOURCE.finditer(text), *_SOURCE_SHOWS.finditer(text), *_PAPER.finditer(text)):
        start, end = m.span(1)
        name = m.group(1)
        if any(e.start_char < end and start < e.end_char for e in (*ents, *found)) or word_freq(name) >= HEAD_FREQ \
                or _NO_SOURCE.search(name) \
                or common_noun(name) or name[0] in COMMON_SURNAMES and len(name) <= 3:
            continue
        span = doc.char_span(start, end, label="ORG")
        if span is not None:
            found.append(span)
    return sorted(ents + found, key=lambda e: e.start_char) if found else ents


def _latin_companies(doc: Doc, ents: list[Span]) -> list[Span]:
    """A company named in Latin letters with its legal form or kind at the end (Direct Power International
    Ltd, SABMiller plc, FoxBusinessNetwork) is an ORG, in place of the entities inside it (the tagger
    often finds its first word, or nothing); not where an entity runs past it, nor The Group."""
    text = doc_text(doc)
    if not CAPITAL.search(text):
        return ents
    found = ((m.start(), kind) for m in _LATIN_RUN.finditer(text) for kind in _COMPANY_KIND.finditer(m.group()))
    for run_start, kind in found:
        words = kind.string[:kind.end()].split(" ")
        first = len(words) - 1  # the name: the capitalised words right before its kind (Pixar of Disney and Pixar Group)
        while first > 0 and (words[first - 1][:1].isupper() or words[first - 1] == "&"):
            first -= 1
        words = words[first:]
        while words and words[0] in _NO_NAME:
            words = words[1:]
        if not words or not words[0][:1].isupper():
            continue
        end = run_start + kind.end()
        start = end - len(" ".join(words))
        if end - start - len(kind.group()) < 2:  # no name before the kind (Group, AG)
            continue
        places = []
        for e in ents:  # a country run together with the name (美国Arcelon of 美国Arcelon Therapeutics) stays a place
            before = text[e.start_char:start]
            if e.start_char < start < e.end_char <= end and (before in COUNTRIES or _is_place(before, jieba_dictionary())):
                places.append((e, doc.char_span(e.start_char, start, label="GPE")))
        if any(e.start_char < start < e.end_char or e.start_char < end < e.end_char for e in ents
               if e not in [old for old, _ in places]) or any(place is None for _, place in places):
            continue
        span = doc.char_span(start, end, label="ORG")
        if span is not None:
            ents = [e for e in ents if e.end_char <= start or e.start_char >= end] + [span] + [p for _, p in places]
    return ents


_PROVINCE_LETTERS = set("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔滇藏陕秦甘陇宁新港澳台")  # one character for a province


def _with_industry(doc: Doc, text: str, ent: Span, starts: set[int]) -> Span:
    m = _SHORT_NAME_INDUSTRY.match(text, ent.end_char) or ent.label_ == "ORG" and _ORG_INDUSTRY.match(text, ent.end_char)
    if not m or ent.end_char - ent.start_char < 2 and span_text(ent) not in _PROVINCE_LETTERS or any(
            ent.end_char <= i < m.end() for i in starts) or FULL_NAME_END.search(span_text(ent)):  # 粤传媒, not 新英体育
        return ent
    word = doc.char_span(m.start(), m.end())
    if word is None or not word[0].tag_:
        return ent
    end = m.end()
    company = _COMPANY_WORD.match(text, end)
    last = doc[jieba_word_at(doc, word.end - 1)[1] - 1]
    word_end = last.idx + len(last.text)
    if jieba_word_at(doc, word.start)[0] != word.start or word_end not in (end, company and company.end()):
        return ent  # the industry is part of a longer word (电子商务), not one with its company word (化工集团)
    if company and ent.label_ != "ORG" and company.end() in starts:
        return ent  # a place's industry and company word before the company's name (美国制药公司默沙东)
    if company:
        end = company.end()
    elif _SECTOR_AFTER.match(text, end) or _ANALYST_AFTER.match(text, end) and _SECTOR_END.fullmatch(m.group()):
        return ent  # a sector (钢铁行业), or an analyst's (高盛医药分析师)
    elif ent.label_ != "ORG" and end < len(text) and (jieba_dictionary().tag(span_text(ent)) == "ns"
                                                      or word_freq(span_text(ent)) >= COMMON_WORD_FREQ):
        # a place of jieba's: the industry of the place, unless a clause goes on (上海医药换股); a name the tagger
        # read as a place is the company (湖南 景达生物的资产)
        after = doc.char_span(end, end + 1)
        if after is None or jieba_word_at(doc, after.start)[2][:1] not in _CLAUSE_TAGS:
            return ent
    return doc.char_span(ent.start_char, end, label="ORG") or ent


_CLOSING = {"）": "（", ")": "(", "】": "【", "]": "[", "」": "「", "』": "『", "》": "《", "”": "“"}
_OPENING = {v: k for k, v in _CLOSING.items()}


def _unpaired_brackets(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities without a bracket at their edge that they do not pair (智谱） -> 智谱, （阿里 -> 阿里) or
    that wraps them whole (（智谱） -> 智谱)."""
    out = []
    for e in ents:
        name, start, end = span_text(e), e.start_char, e.end_char
        while end - start > 1 and name[-1] in _CLOSING and name.count(_CLOSING[name[-1]]) < name.count(name[-1]):
            name, end = name[:-1], end - 1
        while end - start > 1 and name[0] in _OPENING and name.count(_OPENING[name[0]]) < name.count(name[0]):
            name, start = name[1:], start + 1
        if end - start > 2 and _OPENING.get(name[0]) == name[-1] and name.count(name[0]) == 1:
            name, start, end = name[1:-1], start + 1, end - 1  # wrapped whole: （智谱）
        span = e
        if (start, end) != (e.start_char, e.end_char):
            span = doc.char_span(start, end, label=e.label_, span_id=e.id_ or 0) or e
        out.append(span)
    return out


_POST_WORD = re.compile(r".*职|加入|加盟|出任|担任")  # taking a post (任职于, 加入) before a company's name


def _bracket_head(text: str, at: int) -> int:
    """Where the name before the bracket at ``at`` starts (新纶科技 of 新纶科技（日本）有限公司, 益世咨询 after 任职):
    back over its words to a clause's start, a function or time word, a post taken or a role; ``at`` if none."""
    left = at
    while left > 0 and at - left < HEAD_MAX and name_char(text[left - 1]):
        left -= 1
    jieba = jieba_dictionary()
    head = at
    for word in reversed(cut_words(text[left:at], jieba)):
        tag = jieba.tag(word)
        if (tag in HEAD_STOP_TAGS or tag == "t" or tag == "v" and len(word) == 1 or word.endswith("任")
                or _POST_WORD.fullmatch(word) or VERB_TAIL.fullmatch(word) or ROLE_TAIL.fullmatch(word)
                or word.endswith(("公司", "集团"))):
            return head if at - head >= 2 else at
        head -= len(word)
    return head if at - head >= 2 and (head == 0 or not name_char(text[head - 1])) else at


def _brackets_inside(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities with a bracket inside that they do not pair: a name and place in brackets before them joined
    (新纶科技（日本）有限公司 for 日本）有限公司, 长城证券 + 汇通）深圳二部), else the bracket and what follows it
    cut off (第三机械工业部（航空工业 -> 第三机械工业部, 乐凯集团)公司 -> 乐凯集团); a common word alone before a place
    in brackets is a name's end (星河智能（香港）有限公司 for 智能（香港）有限公司)."""
    text = doc_text(doc)
    if "）" not in text and ")" not in text and "（" not in text and "(" not in text:
        return ents
    out, drop = [], set()
    for e in ents:
        name, start, end = span_text(e), e.start_char, e.end_char
        close = next((i for i, ch in enumerate(name) if ch in "）)" and name.count(_CLOSING[ch]) < name.count(ch)), None)
        opening = next((i for i, ch in enumerate(name) if ch in "（(" and name.count(_OPENING[ch]) < name.count(ch)), None)
        span = e
        if close is not None and opening is None:
            if start > 0 and text[start - 1] == _CLOSING[name[close]]:
                before = next((o for o in ents if o.end_char == start - 1 and o.label_ == "ORG"), None)
                head = before.start_char if before is not None else _bracket_head(text, start - 1)
                if head < start - 1:
                    span = doc.char_span(head, end, label=e.label_) or e
                    if before is not None and span is not e:
                        drop.add(before.start_char)
            elif close >= 2:
                span = doc.char_span(start, start + close, label=e.label_) or e
        elif opening is None and close is None and e.label_ == "ORG" and "（" in name and start > 0 and name_char(text[start - 1]):
            at = start + name.index("（")  # a common word alone before the place in brackets (智能（香港）有限公司)
            word = name[: at - start]
            jieba = jieba_dictionary()
            if jieba.tag(word) in _COMMON_TAGS and word_freq(word) >= HEAD_FREQ:
                head = _bracket_head(text, at)
                if head < start:
                    span = doc.char_span(head, end, label=e.label_) or e
        elif opening is not None and close is None and opening >= 2:
            span = doc.char_span(start, start + opening, label=e.label_) or e
        out.append(span)
    return [e for e in out if not (e.start_char in drop and e.label_ == "ORG" and e.end_char < len(text)
                                   and text[e.end_char] in "（(")]


_LETTER_OR_SPACE = re.compile(r"[A-Za-z\s]")
_DATELINE = re.compile("[报网社台]讯")
_RUN_ON_WORDS = {"vs", "and", "the", "of", "for", "by", "with", "at", "in", "on", "to", "from", "feat", "ft"}


_SUBSIDIARY = re.compile(r"旗下(?:的)?|母公司|子公司")
# a company's business group named after it: the company, up to 8 characters of the group's field, and the
# unit (腾讯互动娱乐事业群, 阿里中国电商事业群, 天美工作室群); not a 事业部, which résumés name apart from it
_UNIT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,8}?(?:事业群|工作室群)")
_NOT_IN_UNIT = re.compile(r"[的和与及或在是为向对将把被从]|旗下")  # 腾讯旗下天美工作室群: two organisations


_TITLE_CASE = re.compile(r"[A-Z][a-z]{2,}")
LATIN_PERSON_SURE = 0.8  # chosen on dev: at .5, Robotaxi
_SENTENCE_END = re.compile(r"[。！？]")  # not Latin marks (Yahoo!)
_SHARE = re.compile(r"[逾约近超]?[一二三四五六七八九十两半几]+成(?:以上|左右)?")


IDIOM_MIN, IDIOM_FREQ = 4, 50  # a set phrase: four characters or more, a count of jieba's of 50 or more


def _runs_into_word(doc: Doc, span: Span) -> bool:
    """A "person" that starts with no surname and whose last character starts a word of jieba's that goes on
    after it (铰链良 of 在铰链良率上: 良率) is no name."""
    name = span_text(span)
    if not len(span) or not span[0].tag_ or not HAN.match(name) or name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES \
            or all(ch in TRANSLITERATION for ch in name):
        return False
    start, end, _ = jieba_word_at(doc, span.end - 1)
    return start == span.end - 1 and end > span.end


def _festival(span: Span) -> bool:
    """A "person" of three characters or more that ends as a festival does and starts with no common surname
    (平安夜, 中秋节; 2 of the 21,706 training names end so, 叶非夜 and 王庆节, both after a common surname)."""
    name = span_text(span)
    return len(name) >= 3 and name[-1] in "夜节" and name[0] not in COMMON_SURNAMES


def _in_idiom(doc: Doc, span: Span) -> bool:
    """The span lies inside a set phrase of jieba's, after its first character (马龙 of 车水马龙): no name."""
    if not len(span) or not span[0].tag_:
        return False
    start, end, _ = jieba_word_at(doc, span.start)
    if end - start < IDIOM_MIN or start == span.start or span.end > end:
        return False
    return word_freq(doc[start:end].text) >= IDIOM_FREQ


def _flagged_stocks(doc: Doc, ents: list[Span]) -> list[Span]:
    """The short name after a listed company's risk flag is an ORG (*ST北生, ST昌河), where no entity runs across
    it (a place the tagger read there, 远东 of *ST远东, becomes the company)."""
    text = doc_text(doc)
    if "ST" not in text:
        return ents
    out = list(ents)
    for m in _FLAGGED.finditer(text):
        start, end = m.span(1)
        if m.group(1)[0] in _NOT_FLAGGED or word_freq(m.group(1)) >= COMMON_WORD_FREQ:
            continue
        touching = [e for e in out if e.start_char < end and start < e.end_char]
        if touching and not (len(touching) == 1 and (touching[0].start_char, touching[0].end_char) == (start, end)
                             and touching[0].label_ != "ORG"):
            continue
        span = doc.char_span(start, end, label="ORG")
        if span is not None:
            out = [e for e in out if e not in touching] + [span]
    return sorted(out, key=lambda x: x.start_char)


def _business_groups(doc: Doc, ents: list[Span]) -> list[Span]:
    """A company (or its product, 微信) with its business group after it is the group, one ORG
    (腾讯互动娱乐事业群; 阿里/ORG 中国/GPE 电商事业群 -> 阿里中国电商事业群): the annotators' and the graph's unit."""
    text = doc_text(doc)
    out = list(ents)
    for e in ents:
        if e.label_ not in ("ORG", "PRODUCT"):
            continue
        m = _UNIT.match(text, e.end_char)
        if not m or _NOT_IN_UNIT.search(m.group()):
            continue
        inside = [o for o in out if e.start_char <= o.start_char and o.end_char <= m.end()]
        if any(o.start_char < m.end() < o.end_char for o in out) or any(o.label_ == "PERSON" for o in inside):
            continue
        span = doc.char_span(e.start_char, m.end(), label="ORG")
        if span is not None:
            out = [o for o in out if o not in inside] + [span]
    return sorted(out, key=lambda x: x.start_char)


def _subsidiaries(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation run together with its parent or child is two (网易旗下雷火工作室 -> 网易, 雷火工作室; 茶屿母公司
    广州茶屿餐饮管理有限公司)."""
    out = []
    for e in ents:
        m = _SUBSIDIARY.search(span_text(e)) if e.label_ == "ORG" and not e.id_ else None
        if m and m.start() >= 2 and len(span_text(e)) - m.end() >= 2:
            parent = doc.char_span(e.start_char, e.start_char + m.start(), label="ORG")
            child = doc.char_span(e.start_char + m.end(), e.end_char, label="ORG")
            if parent is not None and child is not None:
                out += [parent] if word_freq(span_text(child)) >= HEAD_FREQ else [parent, child]  # not 旗下电池
                continue
        out.append(e)
    return out


def _datelines(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation run together with a news dateline's 讯 is the paper and what follows it (京华时报讯 ->
    京华时报, 商报讯海航集团 -> 海航集团; 本报 alone is no name)."""
    out = []
    for e in ents:
        m = _DATELINE.search(span_text(e)) if e.label_ == "ORG" and not e.id_ else None
        if not m:
            out.append(e)
            continue
        paper, rest = (e.start_char, e.start_char + m.start() + 1), (e.start_char + m.end(), e.end_char)
        for (start, end), min_len in ((paper, 3), (rest, 2)):
            if end - start >= min_len:
                span = doc.char_span(start, end, label="ORG")
                if span is not None:
                    out.append(span)
    return out


def _is_letter(ch: str) -> bool:
    """A Latin letter: digits are left alone (魔兽争霸3 of 魔兽争霸31.25, a version run on without a space)."""
    return ch.isascii() and ch.isalpha()


def _word_edges(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities that start or end inside a word of Latin letters take in the whole word (niska有限公司 of
    Elektromekaniska有限公司), where no other entity is there; an entity with a space between two
    Chinese characters is the longer of its parts (李根 of 李根 人帅歌靓, 伍佰 of 词：伍佰 曲：伍佰)."""
    text = doc_text(doc)
    if not _LETTER_OR_SPACE.search(text):
        return ents
    out = []
    for e in ents:
        start, end = e.start_char, e.end_char
        name = text[start:end]
        gaps = [i for i in range(1, len(name) - 1) if name[i].isspace() and HAN.match(name[i - 1]) and HAN.match(name[i + 1])]
        if gaps:
            parts = [(start, start + gaps[0])] + [(start + a + 1, start + b) for a, b in zip(gaps, gaps[1:] + [len(name)])]
            start, end = max(parts, key=lambda p: p[1] - p[0])
            while start < end and text[start].isspace():
                start += 1
        head = start
        while head > 0 and _is_letter(text[head - 1]) and _is_letter(text[start]):
            head -= 1
        if text[head:start].lower() not in _RUN_ON_WORDS:  # vs of vsac米兰, where a text lost its spaces
            start = head
        tail = end
        while tail < len(text) and _is_letter(text[tail - 1]) and _is_letter(text[tail]):
            tail += 1
        if text[end:tail].lower() not in ("er", "ers"):  # DOTAER: the players of DOTA
            end = tail
        span = e
        if (start, end) != (e.start_char, e.end_char) and not any(
                o is not e and o.start_char < end and start < o.end_char for o in ents):
            span = doc.char_span(start, end, label=e.label_, span_id=e.id_ or 0) or e
        out.append(span)
    return out


_DATE_DIGITS = set("0123456789０１２３４５６７８９〇一二三四五六七八九十")


def _date_heads(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities without the 年 or 月 of a date right before them (2009年9 + 月华油惠博普科技股份有限公司:
    jieba's word 月华 pulls the 月 in); gazetteer names are kept."""
    text = doc_text(doc)
    out = []
    for e in ents:
        start = e.start_char
        if (not e.id_ and e.end_char - start > 2 and text[start] in "年月" and start
                and text[start - 1] in _DATE_DIGITS):
            e = doc.char_span(start + 1, e.end_char, label=e.label_) or e
        out.append(e)
    return out


def _title_references(ents: list[Span]) -> list[Span]:
    """Without the names made of a surname and a title (王总, 吴小姐), or a surname the title follows (王 of 王先生),
    whose surname no full name in the document has; gazetteer names are kept."""
    names = [span_text(e) for e in ents]
    surnames = {i: title_surname(names[i]) or _titled_surname(e) for i, e in enumerate(ents)
                if e.label_ == "PERSON" and not e.id_}
    titled = [i for i, surname in surnames.items() if surname]
    if not titled:
        return ents
    full = [n for i, (n, e) in enumerate(zip(names, ents)) if e.label_ == "PERSON" and len(n) >= 2 and not surnames.get(i)]
    lone = {i for i in titled if not any(name.startswith(surnames[i]) for name in full)}
    return [e for i, e in enumerate(ents) if i not in lone]


def _titled_surname(e: Span) -> str | None:
    """The surname of a "person" that is a surname alone with a title after it in the text (王 of 王先生), or None."""
    name = span_text(e)
    if len(name) != 1 or name not in SURNAMES:
        return None
    after = doc_text(e.doc)[e.end_char:e.end_char + 2]
    return name if after[:1] in TITLES or after in TITLES else None


def _agency(doc: Doc, span: Span) -> Span:
    """A "person" of three characters or more ending as an organisation's name does (彭博社, 人民日报,
    公安局; no name in the training data ends so) is an organisation."""
    name = span_text(span)
    if len(name) < 3 or name[-1] not in AGENCY_ENDS or span.id_:
        return span
    return doc.char_span(span.start_char, span.end_char, label="ORG") or span


def _photo_credit(doc: Doc, span: Span) -> Span:
    """The name in a photo credit without the 摄 after it (（新华社记者李舸摄） -> 李舸)."""
    text = doc_text(doc)
    if len(span) < 3 or not span_text(span).endswith("摄") or text[span.end_char : span.end_char + 1] not in _CREDIT_END:
        return span
    return doc.char_span(span.start_char, span.end_char - 1, label=span.label_, span_id=span.id_ or 0) or span


@Language.factory(
    "entity_graph_doc_entities",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"common_word_freq": 20, "surname_word_freq": 1_000_000, "sure_names": 0.95, "consistency": True,
                    "guard_names": True, "guard_orgs": True, "honorifics": True, "role_orgs": True, "name_marks": True,
                    "org_ordinals": True, "title_references": True, "product_versions": True, "titles": True,
                    "quoted_products": True},
)
def make_doc_entities(
    nlp: Language, name: str, common_word_freq: int, surname_word_freq: int, sure_names: float, consistency: bool,
    guard_names: bool, guard_orgs: bool, honorifics: bool, role_orgs: bool, name_marks: bool, org_ordinals: bool,
    title_references: bool, product_versions: bool, titles: bool, quoted_products: bool,
) -> DocEntities:
    return DocEntities(
        name,
        nlp=nlp,
        common_word_freq=common_word_freq,
        surname_word_freq=surname_word_freq,
        sure_names=sure_names,
        consistency=consistency,
        guard_names=guard_names,
        guard_orgs=guard_orgs,
        honorifics=honorifics,
        role_orgs=role_orgs,
        name_marks=name_marks,
        org_ordinals=org_ordinals,
        title_references=title_references,
        product_versions=product_versions,
        titles=titles,
        quoted_products=quoted_products,
    )


def _nameless(name: str) -> bool:
    """An organisation's kind after common words alone, a place in brackets allowed (投资分析师协会,
    科技（香港）有限公司): no name of its own in it."""
    m = _KIND_END.search(name)
    if not m or m.start() == 0:
        return False
    jieba = jieba_dictionary()
    # a common word at its start, of any length (动力 where 动力机 is a rarer word: 动力机器人有限公司)
    heads = [name[:n] for n in (4, 3, 2) if n <= m.start() and jieba.freq(name[:n])]
    if not any(jieba.tag(head) in _COMMON_TAGS and word_freq(head) >= COMMON_WORD_FREQ for head in heads):
        return False  # most names start with a place or a name of their own: no need to cut them into words
    words = cut_words(name[: m.start()], jieba)
    if len(words[0]) < 2 or word_freq(words[0]) < COMMON_WORD_FREQ:
        return False
    bracket = False
    for word in words:
        if word in "（(）)":
            bracket = word in "（("
        elif not bracket and jieba.tag(word) not in _COMMON_TAGS:
            return False
    return True


def _company_head(doc: Doc, ents: list[Span], start: int) -> int:
    """Where the name of the company whose legal form starts at ``start`` begins: at a place among
    the words before it, back to punctuation or a word no name holds (``head_stop``): 历任|苏州星河精密;
    else at the first of those words after a verb (verbs are in names, 传动 and 制造, but 担任 is not one);
    ``start`` when there is no such name within ``HEAD_MAX``."""
    text = doc_text(doc)
    left = start
    while left > 0 and start - left < HEAD_MAX and name_char(text[left - 1]):
        left -= 1
    jieba = jieba_dictionary()
    words = cut_words(text[left:start], jieba)
    head = start
    for word in reversed(words):
        if head_stop(word, jieba):
            break
        head -= len(word)
    places = [e.start_char for e in ents if e.label_ in PLACE_LABELS and head <= e.start_char and e.end_char <= start]
    if places:
        return min(places)
    bounded = left == 0 or not name_char(text[left - 1])
    head = start
    for word in reversed(words):
        if head_stop(word, jieba) or jieba.tag(word) in ("v", "vn"):
            bounded = True
            break
        head -= len(word)
    return head if bounded and start - head >= 2 else start


# what a company does and its kind, with no name (游戏公司, 新能源汽车企业), right before the company's name
_KIND_OF_COMPANY = re.compile(f"{DESCRIPTOR}+(?:公司|企业|厂商|工作室)")
# the kind of business a description ends with, before the name it describes (湖南零食品牌辣小鲜)
_DESCRIBED_KIND = re.compile(r"(?:公司|企业|厂商|品牌|工作室|服务商|基金)")
_DESCRIPTION_TAGS = {"n", "vn", "a", "an", "b", "eng", "nz", "ns", "l"}
# what ends an institution's or a unit's name, not a company's (通州供电局, 军工专家咨询委)
_UNIT_END = re.compile(r"(?:[局厂所院处科部委会站队社室组]|中心|分行|支行|分公司|子公司|办事处)$")
NAME_WORD_FREQ = 1_000  # the name described starts with no common word (总经理 of 深圳燃气公司总经理)
# how a company's own name ends, where the tagger found none after its description (饭点科技, 目见光学, 启明微电子)
_COMPANY_NAME_END = re.compile(r"(?:科技|智能|电子|光学|食品|网络|生物|医药|制药|药业|传媒|电器|信息|软件|通讯|通信|汽车|能源|材料|机器人"
                               r"|数据|互娱|娱乐|游戏|文化|教育|物流|资本|控股|股份|集团|半导体|航空|动力|健康|医疗|影业|视觉|芯|微"
                               r"|储能|锂能|精密|新能源|光伏|财险|证券)$")


def _description_words(words: list[str], jieba) -> bool:
    """Whether jieba's ``words`` only describe (a place, what a business does: 湖南 零食, 成都 SaaS, 智能 硬件),
    with nothing of a name's own in them."""
    for w in words:
        if w.upper() in GENERIC_ACRONYMS or re.fullmatch(DESCRIPTOR, w):
            continue
        if w in CHINESE_PLACES:
            continue
        if len(w) < 2 or jieba.tag(w) not in _DESCRIPTION_TAGS or jieba.tag(w) != "ns" and word_freq(w) < 20:
            return False
        if w in ("集团", "有限", "股份", "控股", "总", "分"):
            return False
    return True


def _described_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A description of a business, its kind and then its name (湖南零食品牌辣小鲜, 南京医疗AI公司问仁科技,
    合肥芯片设计公司启明微电子) is no organisation: the place it starts with, if any, and the name. The tagger's
    ORG may be the description alone, with or without the kind, or all of it; where the name after it is
    no entity, it runs to the next verb or function word. Needs the features' tags."""
    if not len(doc) or not doc[0].tag_:
        return ents
    text = doc_text(doc)
    jieba = jieba_dictionary()
    by_start = {e.start_char: e for e in ents}
    out, dropped = [], set()
    for e in ents:
        if e.label_ != "ORG" or e.id_ or id(e) in dropped:
            out.append(e)
            continue
        name = span_text(e)
        kinds = list(_DESCRIBED_KIND.finditer(name, 2))
        kind = kinds[-1] if kinds else _DESCRIBED_KIND.match(text, e.end_char)
        if kind is None:
            out.append(e)
            continue
        cut = e.start_char + kind.start() if kinds else e.end_char  # where the description ends
        after = e.start_char + kind.end() if kinds else kind.end()  # where the name starts
        name_end = e.end_char if kinds and e.end_char > after else None
        follower = by_start.get(after)
        if name_end is None and follower is not None and follower.label_ == "ORG":
            name_end = follower.end_char
        elif name_end is None:
            name_end = _name_end(text, after)
        described = text[after:name_end] if name_end else ""
        if (len(described) < 2 or _KIND_END.search(described) or _UNIT_END.search(described)
                or _DESCRIBED_KIND.search(described)
                or not (follower is not None and name_end == follower.end_char or _COMPANY_NAME_END.search(described)
                        or _NEWS_VERB.match(text, name_end))):
            out.append(e)  # no name after the kind (the checks that read jieba's words come last: they cost)
            continue
        first = cut_words(described, jieba)[0]
        words = cut_words(text[e.start_char:cut], jieba)
        if (len(first) >= 2 and (word_freq(first) >= NAME_WORD_FREQ or _common_verb(first, jieba))
                or not words or not _description_words(words, jieba)):
            out.append(e)
            continue
        place = doc.char_span(e.start_char, e.start_char + len(words[0]), label="GPE") if _is_place(words[0], jieba) else None
        company = doc.char_span(after, name_end, label="ORG")
        if company is None or any(o.start_char < name_end and after < o.end_char and o is not follower and o is not e
                                  for o in ents):
            out.append(e)
            continue
        out += [s for s in (place, company) if s is not None]
        if follower is not None:
            dropped.add(id(follower))
    return [e for e in out if id(e) not in dropped]


_UNREAD_KIND = re.compile(r"(?:公司|企业|厂商|品牌|工作室|服务商|车企|药企|创企|平台)")


def _common_verb(word: str, jieba) -> bool:
    """A verb of jieba's common enough to start no name (表示; not 启明 of 启明微电子)."""
    return jieba.tag(word) == "v" and word_freq(word) >= HEAD_FREQ


def _described_unread(doc: Doc, ents: list[Span]) -> list[Span]:
    """A company's name that no entity holds, right after a description of its business and its kind, is an ORG
    where it ends as a company's name does (独立游戏工作室山海互娱, 新势力车企极昼汽车). Needs the features' tags."""
    if not len(doc) or not doc[0].tag_:
        return ents
    text = doc_text(doc)
    found = []
    for m in _UNREAD_KIND.finditer(text):
        name_end = _name_end(text, m.end())
        described = text[m.end():name_end] if name_end else ""
        if not 3 <= len(described) <= 8 or not _COMPANY_NAME_END.search(described) or _DESCRIBED_KIND.search(described) \
                or any(e.start_char < name_end and m.end() < e.end_char for e in ents):
            continue
        jieba = jieba_dictionary()
        first = cut_words(described, jieba)[0]
        if len(first) >= 2 and (word_freq(first) >= NAME_WORD_FREQ or _common_verb(first, jieba)) \
                or len(first) == len(described) or jieba.tag(first) in _NOT_A_GIVEN_NAME:  # nor an adverb or a number
            continue  # a common word or a verb starts no name; a word of jieba's alone is none (游戏公司网络游戏)
        before = cut_words(text[max(0, m.start() - 6):m.start()], jieba)
        if not before or not _description_words(before[-1:], jieba):
            continue  # no description right before the kind (这家公司…)
        span = doc.char_span(m.end(), name_end, label="ORG")
        if span is not None:
            found.append(span)
    return sorted(ents + found, key=lambda e: e.start_char) if found else ents


# what ends the name of a company right after its description: a verb of news, a time, a function word
_NAME_STOP = re.compile(r"发布|推出|上线|上架|宣布|完成|获得|拿到|表示|称|透露|介绍|近日|日前|今天|今年|本周|周[一二三四五六日]|旗下"
                        r"|正式|首次|已|将|正|也|则|还|又|在|于|的|和|与|及|是|为|等|[^\u4e00-\u9fffA-Za-z0-9]")


# a company's name with its group's or legal form after it (拼多多集团, 拼多多控股公司)
_GROUP_FORM = re.compile(r"(?:控股集团|集团公司|控股公司|股份有限公司|有限公司|股份公司|集团|控股|公司)(?![\u4e00-\u9fff]{0,2}(?:旗下|成员|内部))")


# a partnership's legal form in brackets after its name (深圳前海鸿钧投资合伙企业（有限合伙）)
_PARTNERSHIP = re.compile(r"[（(](?:有限|普通)合伙[）)]")


_LATIN_ALIAS = re.compile(r"[（(]([A-Za-z][A-Za-z0-9&'.\-]*(?: [A-Za-z0-9&'.\-]+){0,3})[）)]")
_CHINESE_NUMERAL = set("一二两三四五六七八九十百千万几")


def _aliases_and_numbers(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation with its Latin name in brackets is two (中芯国际（SMIC）); a "person" with a version after it is a
    product (小衍2.0); one right after a Chinese number, not starting with a common surname, is a unit (三十吉瓦时).
    (A "person" with one Latin word in brackets is not made a company: 吴姗儒(Sandy), as often as 马士基（Maersk）.)"""
    text = doc_text(doc)
    out = []
    for e in ents:
        name = span_text(e)
        m = _LATIN_ALIAS.search(name) if e.label_ == "ORG" and not e.id_ and name.endswith(("）", ")")) else None
        if m and m.start() >= 2:
            first = doc.char_span(e.start_char, e.start_char + m.start(), label="ORG")
            alias = doc.char_span(e.start_char + m.start(1), e.start_char + m.end(1), label="ORG")
            if first is not None and alias is not None:
                out += [first, alias]
                continue
        if e.label_ == "PERSON" and not e.id_:
            if e.start_char and text[e.start_char - 1] in _CHINESE_NUMERAL and name[0] not in COMMON_SURNAMES:
                continue  # a unit after a number (三十吉瓦时)
            version = DECIMAL.match(text, e.end_char)
            if version and not (e.start_char and text[e.start_char - 1] in "“「\""):  # (quoted: the quote rules')
                e = doc.char_span(e.start_char, version.end(), label="PRODUCT") or e
        out.append(e)
    return out


def _partnerships(doc: Doc, ents: list[Span]) -> list[Span]:
    """A partnership's name takes in its legal form in brackets, where the tagger stopped before or inside it."""
    text = doc_text(doc)
    if "合伙" not in text:
        return ents
    out = []
    for e in ents:
        if e.label_ == "ORG" and not e.id_:
            at = text.rfind("（", e.start_char, e.end_char)
            at = at if at >= 0 and _PARTNERSHIP.match(text, at) else e.end_char
            m = _PARTNERSHIP.match(text, at)
            if m and m.end() > e.end_char:
                e = doc.char_span(e.start_char, m.end(), label="ORG") or e
        out.append(e)
    return out


def _group_forms(doc: Doc, ents: list[Span]) -> list[Span]:
    """A gazetteer company with its group's name or legal form right after it is named so, one ORG that keeps
    the company's canonical name (拼多多集团); so is an organisation ending 控股 or 集团 with 公司 after it."""
    text = doc_text(doc)
    starts = {e.start_char for e in ents}
    out = []
    for e in ents:
        m = _GROUP_FORM.match(text, e.end_char) if e.label_ == "ORG" else None
        if m and not e.id_ and not (re.search(r"(?:控股|集团)$", span_text(e)) and m.group() == "公司"):
            m = None
        if m and not any(e.end_char <= i < m.end() for i in starts):
            span = doc.char_span(e.start_char, m.end(), label="ORG", span_id=e.id_ or 0)
            if span is not None:
                e = span
        out.append(e)
    return out


_NEWS_VERB = re.compile(r"发布|推出|上线|上架|宣布|完成|获得|拿到")  # what the company described did (辣小鲜推出)


def _name_end(text: str, start: int) -> int | None:
    """Where the name of a company that starts at ``start`` ends: before a verb of news, a time, a function
    word or punctuation (饭点科技 of 饭点科技上线), two to eight characters on."""
    m = _NAME_STOP.search(text, start, start + 9)
    return m.start() if m and m.start() - start >= 2 else None


def _place_then_company(doc: Doc, ents: list[Span]) -> list[Span]:
    """An ORG that is a place, words that name no company and then the company's name (新竹新创公司芯澜半导体)
    is the place and that name."""
    jieba = None
    out = []
    org_starts = {e.start_char for e in ents if e.label_ == "ORG"}
    for e in ents:
        text = span_text(e)
        if e.label_ == "ORG" and not e.id_ and e.end_char in org_starts and _KIND_OF_COMPANY.search(text, 2):
            jieba = jieba or jieba_dictionary()
            place = cut_words(text, jieba)[0]
            if jieba.tag(place) == "ns" and _KIND_OF_COMPANY.fullmatch(text, len(place)):
                span = doc.char_span(e.start_char, e.start_char + len(place), label="GPE")
                if span is not None:  # 广州游戏公司 of 广州游戏公司赤羽网络: the place, then the company it introduces
                    out.append(span)
                    continue
        if e.label_ == "ORG" and not e.id_ and PLACE_GENERIC_HEAD.search(text, 2):
            jieba = jieba or jieba_dictionary()
            place = cut_words(text, jieba)[0]
            m = PLACE_GENERIC_HEAD.match(text, len(place))
            rest = text[m.end():] if m else ""
            if m and jieba.tag(place) == "ns" and word_freq(rest) < ROLE_REST_FREQ and not _KIND_END.search(rest):
                out += [s for s in (doc.char_span(e.start_char, e.start_char + len(place), label="GPE"),
                                    doc.char_span(e.start_char + m.end(), e.end_char, label="ORG")) if s is not None]
                continue
        out.append(e)
    return out


# what only a company is, right before its name (制药巨头诺和诺德, 代工厂商富士康); not 公司 or 企业, which a person's name
# may follow in a list of speakers
_COMPANY_KIND_BEFORE = re.compile(r"(?:上市公司|老字号|巨头|厂商|供应商|制造商|服务商|运营商|开发商|品牌|独角兽|创企|车企|药企|房企|险企)"
                                  r"(?:的|中[，,])?$")
# what only a company has, right after its name (罗森门店, 王品公布上月营收): in MSRA's and CLUENER's training data
# every name so followed is an organisation's
_COMPANY_ONLY_AFTER = re.compile(r"股价|股價|市值|财报|財報|营收|營收|净利润|淨利潤|销售额|銷售額|总部|總部|估值|门店|門店"
                                 r"|公布[^，。；]{0,6}(?:营收|營收|业绩|業績|财报|財報|年报|年報|销量|銷量|交付)")
# what a company has and a tycoon too (李嘉诚旗下): after a name that is not shaped as a Chinese person's (纳爱斯旗下)
_HOLDER_AFTER = re.compile(r"旗下|创始人|創辦人")


def _people_after_company_kinds(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name the tagger read as a person's right after what only a company is, or before what only a company
    has, is that company (丹麦制药巨头诺和诺德宣布, 同为老字号的胡庆余堂, 纳爱斯旗下的超能, 罗森门店)."""
    text = doc_text(doc)
    return [doc.char_span(e.start_char, e.end_char, label="ORG") or e
            if e.label_ == "PERSON" and not e.id_ and HAN.match(span_text(e)) and (
                _COMPANY_KIND_BEFORE.search(text, max(0, e.start_char - 5), e.start_char)
                or _COMPANY_ONLY_AFTER.match(text, e.end_char)
                or _HOLDER_AFTER.match(text, e.end_char) and not _person_shaped(span_text(e))) else e for e in ents]


# what the names around a person in a list of people and their posts are
_POST = re.compile(r"[\u4e00-\u9fff]{0,4}(?:长|長|总裁|總裁|总经理|總經理|董事|主席|经理|經理|总监|總監|书记|書記|主任|老板|老闆|创始人|創辦人"
                   r"|代表|院士|教授|先生|女士|外援|球员|选手|队员|主帅|教练|门将|前锋|中锋|后卫|射手|球星|等兵|列兵|将军|[上中少大]校|[上中少]尉|[上中下]士)")


def _people_listed_with_companies(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name read as a person's, listed right next to an organisation (亨氏和达能公司, 博世、采埃孚) is one,
    where neither comes with a post (王频与鹏程寄售有限公司老板柯鹏) and the name is not shaped as a Chinese person's
    (shareholders and parties to a suit are listed so: 公司与孙毅、浙富股份): in MSRA's and CLUENER's training data,
    3,506 of 3,591 names not so shaped listed next to an organisation without a post are organisations'."""
    text = doc_text(doc)
    orgs = {e.start_char: e for e in ents if e.label_ == "ORG"}
    org_ends = {e.end_char: e for e in orgs.values()}
    out = []
    for e in ents:
        if e.label_ == "PERSON" and not e.id_ and len(e) >= 2 and HAN.match(span_text(e)) and not _person_shaped(span_text(e)):
            after = orgs.get(e.end_char + 1) if e.end_char < len(text) and text[e.end_char] in "与與和及、" else None
            before = org_ends.get(e.start_char - 1) if e.start_char and text[e.start_char - 1] in "与與和及、" else None
            company = after or before
            if company is not None and not _POST.match(text, company.end_char) and not _POST.match(text, e.end_char) \
                    and not _POST.search(text, max(0, min(e.start_char, company.start_char) - 4), min(e.start_char, company.start_char)):
                e = doc.char_span(e.start_char, e.end_char, label="ORG") or e
        out.append(e)
    return out


def _person_shaped(name: str) -> bool:
    """Written as a Chinese person's name is: a common surname and one or two characters."""
    return (name[0] in COMMON_SURNAMES and 2 <= len(name) <= 3) or (name[:2] in COMPOUND_SURNAMES and len(name) <= 4)


# a brand that is a word for produce, where the text speaks of the produce (山东烟台的苹果迎来丰收, 一斤小米, 有机小米)
_PRODUCE_BEFORE = re.compile(r"(?:[一两二三四五六七八九十几半0-9]+(?:斤|个|箱|亩|吨|公斤|袋|筐)|有机|正宗的|新鲜的?|当地的?|本地)$")
_PRODUCE_AFTER = re.compile(r"减产|增产|丰收|迎来丰收|收购价|地头|种植|采收|产区|果园|果农|上市季|采摘")
PRODUCE_FREQ = 300  # the brand is a common word of jieba's (苹果, 小米), counted this often or more


def _produce(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation or product whose name is a common noun (苹果, 小米) is no name where the text speaks of the
    produce: a measure or 有机 before it, a harvest or a price at the farm after it (not 湖北的东风, a carmaker)."""
    text = doc_text(doc)
    out = []
    for e in ents:
        if e.label_ in ("ORG", "PRODUCT") and len(e) and word_freq(span_text(e)) >= PRODUCE_FREQ \
                and jieba_dictionary().tag(span_text(e)) == "n" and (
                _PRODUCE_BEFORE.search(text, max(0, e.start_char - 4), e.start_char)
                or _PRODUCE_AFTER.match(text, e.end_char)):
            continue
        out.append(e)
    return out


_UNIT_NUMBER = re.compile(r"[0-9]{3,6}部队")


def _army_units(doc: Doc, ents: list[Span]) -> list[Span]:
    """A military region and its numbered unit are one organisation (兰州军区 84564部队), as résumés name them."""
    text = doc_text(doc)
    if "军区" not in text:
        return ents
    out = list(ents)
    for e in ents:
        m = _UNIT_NUMBER.match(text, e.end_char) if e.label_ in ("ORG", *PLACE_LABELS) and span_text(e).endswith("军区") \
            else None
        if m is None:
            continue
        inside = [o for o in out if e.end_char <= o.start_char and o.end_char <= m.end()]
        if any(o.start_char < m.end() < o.end_char for o in out):
            continue
        span = doc.char_span(e.start_char, m.end(), label="ORG")
        if span is not None:
            out = [o for o in out if o is not e and o not in inside] + [span]
    return sorted(out, key=lambda x: x.start_char)


def _headless_companies(doc: Doc, ents: list[Span]) -> list[Span]:
    """An ORG that is only a legal form (股份有限公司) takes in the name the tagger left before it
    (苏州/GPE 星河精密 股份有限公司/ORG -> one ORG), and the entities inside that name."""
    out = list(ents)
    text = doc_text(doc)
    for e in ents:
        if e.label_ != "ORG" or e.id_:
            continue
        legal = bool(_LEGAL_FORM.fullmatch(span_text(e)))
        if not legal and not _nameless(span_text(e)):
            continue
        start = _company_head(doc, out, e.start_char)
        if start == e.start_char or not legal and not clause_start(text, start):
            continue  # a kind after common words takes in a name only from the start of its clause
        if any(o.start_char < start < o.end_char for o in out):
            continue  # an entity that runs into the name from before: leave both
        span = doc.char_span(start, e.end_char, label="ORG")
        if span is not None:
            out = [o for o in out if not (start <= o.start_char and o.end_char <= e.end_char)] + [span]
    return sorted(out, key=lambda x: x.start_char)
