"""What Chinese personal names are made of: surnames, the characters of transliterated
foreign names, and the titles that stand in for a given name (王总, 吴小姐); and the
acronyms that are common nouns, not names (AI, IPO); and which labels are places.

Plain data and string tests, no spaCy: the graph's resolution reads them too.
"""
from __future__ import annotations

__all__ = ["COMMON_SURNAMES", "RARE_SURNAMES", "COMPOUND_SURNAMES", "SURNAMES", "TRANSLITERATION", "TITLES",
           "title_surname", "GENERIC_ACRONYMS", "PLACE_LABELS", "COUNTRIES", "CHINESE_PLACES"]

PLACE_LABELS = frozenset({"GPE", "LOC"})  # the labels of places

# China's provinces, their prefecture-level cities and well-known county-level cities and districts, by the
# names they go by without 省/市/区/县, written out by us: jieba tags some as people's names (嘉兴, 宿迁, 顺德)
CHINESE_PLACES = frozenset(
    "北京 天津 上海 重庆 河北 山西 内蒙古 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 四川 贵州 "
    "云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 "
    "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 "
    "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 "
    "铁岭 朝阳 葫芦岛 长春 四平 辽源 通化 白山 松原 白城 延边 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 "
    "牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴 张家港 常熟 太仓 宜兴 "
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 慈溪 余姚 海宁 诸暨 乐清 瑞安 萧山 余杭 "
    "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门 莆田 三明 泉州 漳州 南平 "
    "龙岩 宁德 晋江 石狮 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 "
    "泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 "
    "周口 驻马店 济源 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 "
    "张家界 益阳 郴州 永州 怀化 娄底 湘西 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 "
    "东莞 中山 潮州 揭阳 云浮 顺德 南海 番禺 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 海口 "
    "三亚 三沙 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 六盘水 "
    "遵义 安顺 毕节 铜仁 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 大理 西双版纳 拉萨 日喀则 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 "
    "榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 西宁 海东 银川 石嘴山 吴忠 固原 中卫 "
    "乌鲁木齐 克拉玛依 吐鲁番 哈密 喀什 伊犁 阿克苏 和田 昌吉 石河子 浦东 滨海 雄安 仁怀 昆明".split()
) - set("朝阳 大同 安康 普洱 中山 南海 北海 滨海 长治 白山 白银 来宾 和田 黄山 玉林".split())  # words and names as often

# the countries of the world by their usual Chinese names (and common short forms), written out by
# us; 多米尼克 (Dominica) is left out, as it is also a given name
COUNTRIES = frozenset(
    # Asia
    "中国 日本 韩国 朝鲜 蒙古 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶 印度 巴基斯坦 "
    "孟加拉国 孟加拉 尼泊尔 不丹 斯里兰卡 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 约旦 黎巴嫩 以色列 巴勒斯坦 沙特阿拉伯 沙特 "
    "也门 阿曼 阿联酋 卡塔尔 巴林 科威特 土耳其 塞浦路斯 格鲁吉亚 亚美尼亚 阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 土库曼斯坦 "
    "吉尔吉斯斯坦 塔吉克斯坦 "
    # Europe
    "俄罗斯 乌克兰 白俄罗斯 摩尔多瓦 波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 "
    "北马其顿 马其顿 阿尔巴尼亚 希腊 意大利 梵蒂冈 圣马力诺 马耳他 西班牙 葡萄牙 安道尔 法国 摩纳哥 比利时 荷兰 卢森堡 "
    "德国 奥地利 瑞士 列支敦士登 英国 爱尔兰 冰岛 挪威 瑞典 芬兰 丹麦 爱沙尼亚 拉脱维亚 立陶宛 "
    # Africa
    "埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 毛里塔尼亚 马里 尼日尔 乍得 苏丹 南苏丹 埃塞俄比亚 厄立特里亚 吉布提 索马里 "
    "肯尼亚 乌干达 卢旺达 布隆迪 坦桑尼亚 刚果 加蓬 赤道几内亚 喀麦隆 中非 尼日利亚 贝宁 多哥 加纳 科特迪瓦 利比里亚 "
    "塞拉利昂 几内亚 几内亚比绍 塞内加尔 冈比亚 佛得角 布基纳法索 圣多美和普林西比 安哥拉 赞比亚 马拉维 莫桑比克 津巴布韦 "
    "博茨瓦纳 纳米比亚 南非 莱索托 斯威士兰 埃斯瓦蒂尼 马达加斯加 毛里求斯 科摩罗 塞舌尔 "
    # the Americas
    "美国 加拿大 墨西哥 危地马拉 伯利兹 洪都拉斯 萨尔瓦多 尼加拉瓜 哥斯达黎加 巴拿马 古巴 牙买加 海地 多米尼加 巴哈马 "
    "巴巴多斯 特立尼达和多巴哥 格林纳达 圣卢西亚 安提瓜和巴布达 圣文森特和格林纳丁斯 圣基茨和尼维斯 哥伦比亚 委内瑞拉 "
    "圭亚那 苏里南 厄瓜多尔 秘鲁 巴西 玻利维亚 巴拉圭 智利 阿根廷 乌拉圭 "
    # Oceania
    "澳大利亚 新西兰 巴布亚新几内亚 斐济 所罗门群岛 瓦努阿图 萨摩亚 汤加 基里巴斯 图瓦卢 瑙鲁 帕劳 马绍尔群岛 密克罗尼西亚".split()
)

# technology and business acronyms that are common nouns, not names (AI晶片, AI初创企业, IPO)
GENERIC_ACRONYMS = frozenset(
    "AI AIGC AGI LLM API IT ICT AR VR XR MR 3G 4G 5G 6G IOT APP CPU GPU NPU TPU EV SUV SAAS PAAS IAAS OS UI UX PC TV "
    "CEO CFO CTO COO IPO GDP CPI PPI PMI ESG KPI B2B B2C O2O SOC ASIC FPGA DRAM NAND MCU DPU HBM".split()
)

# the 150 most common Chinese surnames, then rarer single ones
COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江"
    "尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
)
RARE_SURNAMES = set(
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴"
    "盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼"
    "居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
) - COMMON_SURNAMES
COMPOUND_SURNAMES = set("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 西门 独孤 南宫".split())
SURNAMES = COMMON_SURNAMES | RARE_SURNAMES
# characters used to transliterate foreign names (克林顿, 奥尔布赖特, 内塔尼亚胡)
TRANSLITERATION = set(
    "阿埃艾爱安昂奥敖巴拜班邦保鲍贝本比彼毕宾波伯勃博布查达大戴丹道德登迪蒂第丁东杜顿多厄恩尔法凡范菲费芬丰夫"
    "弗福伏盖甘冈高戈哥格根古瓜圭哈海汉杭豪赫黑亨洪胡华怀霍基吉加贾简杰金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳"
    "勒雷蕾里理丽利莉连林琳铃隆卢鲁路伦罗洛马玛迈麦曼芒梅美门蒙孟米密明摩莫默姆穆纳娜奈南内尼涅聂宁纽努诺欧帕潘"
    "庞佩彭皮平珀普奇齐恰乔切钦琴丘屈萨塞赛桑瑟森沙莎善舍什施史士斯松宋苏素索塔泰坦汤唐陶特提汀通图托瓦万旺威"
    "韦维温文沃乌伍武西希锡夏仙肖谢辛欣休雅亚扬耶叶伊依因英尤于雨约泽扎詹朱兹佐茨卓琼娃妮丝黛莱蒂菲娅列济梵修瑙"
)
# what follows a surname in place of a given name: 王总, 黄董, 吴小姐, 黄教授, 郑阿姨, 杨律师
TITLES = frozenset(
    "总 董 总裁 先生 女士 小姐 太太 夫人 教授 老师 博士 医生 大夫 律师 经理 主任 书记 局长 部长 厅长 处长 科长 所长 院长 "
    "校长 市长 县长 省长 师傅 老板 阿姨 大爷 大妈 大姐 大哥".split()
)


def title_surname(name: str) -> str | None:
    """The surname of a name made only of a surname and a title (王总 -> 王, 欧阳教授 -> 欧阳), or of
    老/小 and a common surname (老王, 小李); None for any other string (王兴, 王总监)."""
    if len(name) == 2 and name[0] in "老小" and name[1] in COMMON_SURNAMES:
        return name[1]
    for size in (2, 1):
        surname = name[:size]
        if (surname in COMPOUND_SURNAMES if size == 2 else surname in SURNAMES) and name[size:] in TITLES:
            return surname
    return None
