/// Chinese personal names: common surnames with their rough frequency and the characters
/// given names are made of, split by generation and sex so that a household of a
/// grandmother, her son and a grandchild reads right (桂英, 建军, 梓轩).
enum NameTables {
  /// Common surnames, most frequent first (Ministry of Public Security 2020 ranking),
  /// with relative weights; a few double surnames at the end.
  static let surnames: [String] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林",
    "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "邓", "冯", "曹", "彭", "曾", "肖", "田", "董", "潘",
    "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜",
    "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟", "秦",
    "邱", "侯", "江", "尹", "薛", "闫", "段", "雷", "龙", "黎", "史", "陶", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "钱", "严", "戴", "欧阳", "诸葛", "司马", "上官",
  ]
  static let surnameWeights: [Int] = {
    var w: [Int] = []
    for i in 0..<surnames.count { w.append(i < 10 ? 60 - i * 3 : (i < 40 ? 20 : (i < 96 ? 8 : 1))) }
    // Shanghai skews to 徐, 朱, 沈, 陆, 顾, 钱, 张, 王.
    for name in ["徐", "朱", "沈", "陆", "顾", "钱"] {
      if let i = surnames.firstIndex(of: name) { w[i] += 20 }
    }
    return w
  }()

  /// Given-name characters of people born before about 1965.
  static let olderMale = Array("国建华明德志文军平伟荣福根宝林兴忠海金生祥富春贵发永昌")
  static let olderFemale = Array("秀英桂兰凤珍芳玉美华琴萍娣娟妹菊霞敏丽云红梅莲")
  /// Born about 1965–1995.
  static let middleMale = Array("伟强军磊勇杰涛斌鹏超刚辉健峰波浩飞毅俊彬明华东亮凯")
  static let middleFemale = Array("丽敏静燕娟艳玲婷霞洁琳莉蕾颖慧晶雯倩瑜佳蓉薇")
  /// Born after about 1995.
  static let youngMale = Array("宇轩浩然子梓博文睿涵铭晨逸辰昊俊泽宸一航嘉皓奕")
  static let youngFemale = Array("欣怡梓涵诗雨萱可馨子悦思语彤若汐依诺佳琪晴妍")
}
