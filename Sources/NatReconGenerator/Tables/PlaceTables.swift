/// Names of committees, compounds, sites and laboratories, and the labels in roster
/// columns (ID types, statuses, tags).
enum PlaceTables {
  /// First parts of neighbourhood committee (居委会) and compound names.
  static let placeStems: [String] = [
    "康健", "田林", "长桥", "龙华", "华富", "高安", "天平", "枫林", "徐虹", "漕溪", "宛平", "日晖", "梅陇",
    "古美", "平阳", "万源", "春申", "莘松", "金都", "银都", "罗阳", "兰亭", "华泾", "虹梅", "凌云", "仙霞",
    "新华", "番禺", "武夷", "曹杨", "桃浦", "宜川", "中远", "阳光", "锦绣", "明华", "香梅", "绿洲", "东方",
    "春江", "浦江", "浦兴", "金杨", "潍坊", "崂山", "东明", "三林", "德州", "上南", "昌里", "济阳", "凌兆",
    "新江湾", "五角场", "控江", "延吉", "鞍山", "辽源", "长白", "殷行", "政立", "国顺", "翔殷", "淞南",
    "共康", "临汾", "彭浦", "大宁", "灵石", "芷江", "天目", "宝山", "通河", "泗塘", "友谊", "吴淞", "罗店",
    "真新", "丰庄", "南翔", "安亭", "九亭", "泗泾", "岳阳", "方松", "永丰", "盈浦", "夏阳", "南桥", "西渡",
    "城桥", "堡镇", "长兴", "石化", "朱泾", "枫泾", "山阳", "张堰", "海湾", "新泾", "北新泾", "程家桥",
  ]
  /// Second parts of committee names (before 居委会).
  static let committeeSuffixes: [String] = [
    "", "一村", "二村", "三村", "四村", "五村", "六村", "七村", "北村", "南村", "东村", "西村", "新村", "第一",
    "第二", "第三", "花园", "苑",
  ]
  /// Village names' second parts for 村委会 in towns (镇).
  static let villageSuffixes: [String] = ["", "桥", "港", "浜", "泾", "塘", "宅", "家"]
  /// Compound (小区) name endings.
  static let compoundSuffixes: [String] = [
    "新村", "小区", "花园", "苑", "家园", "公寓", "城", "大楼", "一村", "二村", "三村", "名邸", "雅苑",
    "佳苑", "华庭", "公馆",
  ]

  /// Testing laboratories with the two-letter tube prefix their barcodes carry.
  static let laboratories: [(name: String, tubePrefix: String)] = [
    ("上海金域医学检验所", "KM"), ("上海迪安医学检验所", "DA"), ("上海市第六人民医院", "LY"),
    ("复旦大学附属中山医院", "ZS"), ("上海交通大学医学院附属仁济医院", "RJ"), ("上海华大医学检验所", "HD"),
    ("上海艾迪康医学检验所", "AD"), ("上海兰卫医学检验所", "LW"), ("上海市第一人民医院", "YY"),
    ("上海中医药大学附属曙光医院", "SG"),
  ]

  static let mainlandIDType = "居民身份证"
  static let passportIDType = "护照"
  static let hkMacaoIDType = "港澳居民来往内地通行证"
  static let taiwanIDType = "台湾居民来往大陆通行证"
  static let foreignerIDType = "外国人永久居留身份证"

  /// Resident statuses; `在住` is everyone at home, the others are SPEC §2.3's default
  /// exempt statuses.
  static let statuses: [String] = ["在住", "外出", "离沪", "住院"]

  /// Tags (人员类别), one bit each in `Resident.tags`.
  static let tags: [String] = ["独居老人", "行动不便", "孕产妇", "婴幼儿", "慢性病", "残疾人"]

  /// Results as a file's vocabulary writes them: index 0 negative, 1 positive, 2 pending,
  /// 3 invalid. Numeric codes follow the pipeline's `result_map` {1, 2, 99}; invalid has
  /// no code there and stays a word.
  static let resultVocabularies: [[String]] = [
    ["阴性", "混管阳性", "待出", "无效"],
    ["negative", "positive", "pending", "invalid"],
    ["1", "2", "99", "样本不合格"],
    ["阴性", "阳性", "", "样本不合格"],
    ["neg", "pos", "检测中", "invalid"],
  ]
  /// Unparsable results (`unknown_result`).
  static let unknownResults: [String] = ["未知", "已作废", "#N/A", "见报告", "复检", "3"]
  /// Unparsable times (`bad_time`).
  static let badTimes: [String] = [
    "0000-00-00 00:00:00", "#VALUE!", "2022/13/01 9:00", "NULL", "2022-02-30 10:00:00", "20220401", "上午9点",
  ]
  /// Junk in ID columns that no rule rescues (`invalid_id`).
  static let invalidIDs: [String] = ["不详", "无", "待补充", "3101041980010112343101", "#REF!", "0", "身份证遗失"]
  /// Free-text remarks (备注), some with commas and line breaks that force quoting.
  static let remarks: [String] = [
    "租户", "子女在外地", "独居,需上门采样", "联系人:女儿,电话见备注", "新迁入\n待核实", "房东代登记",
    "每日抗原,已报备", "志愿者", "楼组长",
  ]
}
