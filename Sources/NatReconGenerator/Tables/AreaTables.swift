/// Shanghai's districts (区) with their real streets and towns (街道/镇), the 2020
/// census population used to apportion residents, and the GB/T 2260 region codes their
/// residents' ID numbers start with.
///
/// Listed in the official order; the generator never iterates a dictionary.
struct DistrictInfo: Sendable {
  let name: String
  /// Permanent residents in the 2020 census, in ten thousands (万人).
  let populationWan: Int
  /// The district's region code today (first six digits of locally issued IDs).
  let regionCode: Int
  /// Codes of older administrative units merged into it (卢湾 → 黄浦, 闸北 → 静安, 南汇 →
  /// 浦东, 崇明县 → 崇明区); older residents still carry them.
  let legacyCodes: [Int]
  let streets: [String]
}

enum AreaTables {
  static let districts: [DistrictInfo] = [
    DistrictInfo(
      name: "黄浦区", populationWan: 66, regionCode: 310101, legacyCodes: [310103],
      streets: [
        "南京东路街道", "外滩街道", "半淞园路街道", "小东门街道", "豫园街道", "老西门街道", "五里桥街道",
        "打浦桥街道", "淮海中路街道", "瑞金二路街道",
      ]),
    DistrictInfo(
      name: "徐汇区", populationWan: 111, regionCode: 310104, legacyCodes: [],
      streets: [
        "徐家汇街道", "天平路街道", "湖南路街道", "枫林路街道", "斜土路街道", "长桥街道", "田林街道",
        "虹梅路街道", "康健新村街道", "龙华街道", "凌云路街道", "漕河泾街道", "华泾镇",
      ]),
    DistrictInfo(
      name: "长宁区", populationWan: 69, regionCode: 310105, legacyCodes: [],
      streets: [
        "华阳路街道", "江苏路街道", "新华路街道", "周家桥街道", "天山路街道", "仙霞新村街道", "虹桥街道",
        "程家桥街道", "北新泾街道", "新泾镇",
      ]),
    DistrictInfo(
      name: "静安区", populationWan: 98, regionCode: 310106, legacyCodes: [310108],
      streets: [
        "江宁路街道", "石门二路街道", "南京西路街道", "静安寺街道", "曹家渡街道", "天目西路街道", "北站街道",
        "宝山路街道", "共和新路街道", "大宁路街道", "彭浦新村街道", "临汾路街道", "芷江西路街道", "彭浦镇",
      ]),
    DistrictInfo(
      name: "普陀区", populationWan: 124, regionCode: 310107, legacyCodes: [],
      streets: [
        "曹杨新村街道", "长风新村街道", "长寿路街道", "甘泉路街道", "石泉路街道", "宜川路街道", "万里街道",
        "真如镇街道", "长征镇", "桃浦镇",
      ]),
    DistrictInfo(
      name: "虹口区", populationWan: 76, regionCode: 310109, legacyCodes: [],
      streets: ["欧阳路街道", "曲阳路街道", "广中路街道", "嘉兴路街道", "凉城新村街道", "四川北路街道", "北外滩街道", "江湾镇街道"]),
    DistrictInfo(
      name: "杨浦区", populationWan: 124, regionCode: 310110, legacyCodes: [],
      streets: [
        "定海路街道", "平凉路街道", "江浦路街道", "四平路街道", "控江路街道", "长白新村街道", "延吉新村街道",
        "殷行街道", "大桥街道", "五角场街道", "新江湾城街道", "长海路街道",
      ]),
    DistrictInfo(
      name: "闵行区", populationWan: 265, regionCode: 310112, legacyCodes: [],
      streets: [
        "江川路街道", "古美街道", "新虹街道", "浦锦街道", "莘庄镇", "七宝镇", "颛桥镇", "华漕镇", "虹桥镇",
        "梅陇镇", "吴泾镇", "马桥镇", "浦江镇",
      ]),
    DistrictInfo(
      name: "宝山区", populationWan: 223, regionCode: 310113, legacyCodes: [],
      streets: [
        "友谊路街道", "吴淞街道", "张庙街道", "罗店镇", "大场镇", "杨行镇", "月浦镇", "罗泾镇", "顾村镇",
        "高境镇", "庙行镇", "淞南镇",
      ]),
    DistrictInfo(
      name: "嘉定区", populationWan: 183, regionCode: 310114, legacyCodes: [],
      streets: ["新成路街道", "真新街道", "嘉定镇街道", "南翔镇", "安亭镇", "马陆镇", "徐行镇", "华亭镇", "外冈镇", "江桥镇"]),
    DistrictInfo(
      name: "浦东新区", populationWan: 568, regionCode: 310115, legacyCodes: [310225],
      streets: [
        "潍坊新村街道", "陆家嘴街道", "周家渡街道", "塘桥街道", "上钢新村街道", "南码头路街道", "沪东新村街道",
        "金杨新村街道", "洋泾街道", "浦兴路街道", "东明路街道", "花木街道", "川沙新镇", "高桥镇", "北蔡镇",
        "合庆镇", "唐镇", "曹路镇", "金桥镇", "高行镇", "高东镇", "张江镇", "三林镇", "惠南镇", "周浦镇",
        "新场镇", "大团镇", "康桥镇", "航头镇", "祝桥镇", "泥城镇", "宣桥镇", "书院镇", "万祥镇", "老港镇",
      ]),
    DistrictInfo(
      name: "金山区", populationWan: 82, regionCode: 310116, legacyCodes: [],
      streets: ["石化街道", "朱泾镇", "枫泾镇", "张堰镇", "亭林镇", "吕巷镇", "廊下镇", "金山卫镇", "漕泾镇", "山阳镇"]),
    DistrictInfo(
      name: "松江区", populationWan: 191, regionCode: 310117, legacyCodes: [],
      streets: [
        "岳阳街道", "永丰街道", "方松街道", "中山街道", "广富林街道", "九里亭街道", "泗泾镇", "佘山镇", "车墩镇",
        "新桥镇", "洞泾镇", "九亭镇", "泖港镇", "石湖荡镇", "新浜镇", "叶榭镇", "小昆山镇",
      ]),
    DistrictInfo(
      name: "青浦区", populationWan: 127, regionCode: 310118, legacyCodes: [],
      streets: ["夏阳街道", "盈浦街道", "香花桥街道", "朱家角镇", "练塘镇", "金泽镇", "赵巷镇", "徐泾镇", "华新镇", "重固镇", "白鹤镇"]),
    DistrictInfo(
      name: "奉贤区", populationWan: 114, regionCode: 310120, legacyCodes: [],
      streets: ["西渡街道", "奉浦街道", "金海街道", "南桥镇", "奉城镇", "庄行镇", "金汇镇", "四团镇", "青村镇", "柘林镇", "海湾镇"]),
    DistrictInfo(
      name: "崇明区", populationWan: 64, regionCode: 310151, legacyCodes: [310230],
      streets: [
        "城桥镇", "堡镇", "新河镇", "庙镇", "竖新镇", "向化镇", "三星镇", "港沿镇", "中兴镇", "陈家镇",
        "绿华镇", "港西镇", "建设镇", "新海镇", "东平镇", "长兴镇", "新村乡", "横沙乡",
      ]),
  ]

  /// Region codes of other provinces' cities that send many residents to Shanghai
  /// (Jiangsu, Zhejiang, Anhui, Jiangxi, Henan, Hubei, Sichuan, …), with relative weights.
  static let otherRegionCodes: [Int] = [
    320102, 320583, 320204, 321281, 320382, 330106, 330302, 330481, 340104, 342201, 341202, 340823,
    360102, 362502, 410105, 411302, 412702, 420106, 421181, 430104, 510107, 511602, 350102, 370102,
    130102, 610104, 500101, 110105, 440106, 450103, 520102, 230102, 220102, 210102, 120101, 140105,
  ]
  /// Every region code the generator uses, current, legacy and other provinces'.
  static let regionCodes: [Int] = {
    var codes: [Int] = []
    for d in districts {
      codes.append(d.regionCode)
      codes.append(contentsOf: d.legacyCodes)
    }
    codes.append(contentsOf: otherRegionCodes)
    return codes
  }()
  static var regionCount: Int { regionCodes.count }
  /// Region code → index into `regionCodes` (looked up, never iterated).
  static let regionIndex: [Int: Int] = {
    var map: [Int: Int] = [:]
    for (i, c) in regionCodes.enumerated() where map[c] == nil { map[c] = i }
    return map
  }()

  static let otherRegionWeights: [Int] = [
    4, 5, 3, 4, 3, 3, 3, 2, 6, 6, 4, 4, 3, 2, 4, 4, 3, 3, 2, 2, 3, 2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1,
    1, 1, 1, 1,
  ]
}
