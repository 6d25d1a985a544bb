import NatReconCore

extension HouseholdStatus {
  /// The label committee workbooks show (全部已检/部分已检/未检/免检).
  public var chineseLabel: String {
    switch self {
    case .complete: "全部已检"
    case .partial: "部分已检"
    case .none: "未检"
    case .exempt: "免检"
    }
  }
}
