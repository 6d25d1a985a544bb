import CXlsxWriter
import NatReconCore

/// The cell formats of a committee workbook, made once per workbook.
///
/// Colours follow Excel's built-in "good / neutral / bad" cell styles, which clerks know
/// from conditional formatting: light red fill with dark red text for what needs action
/// (coverage under 90%, untested households, positives), yellow for partial, green text
/// for complete, and a pale orange row for residents who need door-to-door sampling.
struct CommitteeWorkbookStyles {
  let title: XLSXFormat
  let subtitle: XLSXFormat
  let header: XLSXFormat
  let totalsLabel: XLSXFormat
  let totalsCount: XLSXFormat
  let totalsPercent: XLSXFormat
  let totalsPercentLow: XLSXFormat
  let percent: XLSXFormat
  let percentLow: XLSXFormat
  let time: XLSXFormat
  /// Text cells that look like numbers (ID numbers, phones): Excel's text format `@`, so
  /// an edit in Excel keeps them text.
  let digitsText: XLSXFormat
  /// A resident needing door-to-door sampling (行动不便, 独居老人): the whole row.
  let doorText: XLSXFormat
  let doorDigitsText: XLSXFormat
  let doorTime: XLSXFormat
  let doorTag: XLSXFormat
  let statusNone: XLSXFormat
  let statusPartial: XLSXFormat
  let statusComplete: XLSXFormat
  let statusExempt: XLSXFormat
  let positiveCount: XLSXFormat
  let positiveResult: XLSXFormat
  /// 户进度: a household with a positive member (有阳性), whatever its other counts.
  let statusPositive: XLSXFormat
  /// 汇总: the line with positives and members awaiting retest, when there are any.
  let alert: XLSXFormat
  /// 未检名单: the row that opens each building's page.
  let buildingHeading: XLSXFormat
  /// 未检名单: the empty box for the visitor's notes.
  let notes: XLSXFormat
  /// Wrapped text (数据问题: what is wrong, what to do), and its number and text-format
  /// companions on the same rows.
  let wrapped: XLSXFormat
  let wrappedNumber: XLSXFormat
  let wrappedDigits: XLSXFormat
  /// 数据问题's last column: rejected (red) or used with a warning (yellow), top-aligned.
  let issueRejected: XLSXFormat
  let issueWarned: XLSXFormat

  /// `yyyy-mm-dd hh:mm:ss`: times as real Excel date-times, shown like the machine files.
  static let timeFormat = "yyyy-mm-dd hh:mm:ss"
  /// Two decimals, as dashboard.html prints a ratio (`CommitteeSheets.printedRatio`).
  static let percentFormat = "0.00%"
  static let textFormat = "@"

  private static let headerFill: lxw_color_t = 0xDDEBF7
  private static let totalsFill: lxw_color_t = 0xF2F2F2
  private static let badFill: lxw_color_t = 0xFFC7CE
  private static let badFont: lxw_color_t = 0x9C0006
  private static let neutralFill: lxw_color_t = 0xFFEB9C
  private static let neutralFont: lxw_color_t = 0x9C5700
  private static let goodFont: lxw_color_t = 0x006100
  private static let doorFill: lxw_color_t = 0xFCE4D6
  private static let doorFont: lxw_color_t = 0xC00000

  init(book: XLSXBook) throws(ReportError) {
    title = try book.addFormat {
      format_set_bold($0)
      format_set_font_size($0, 16)
    }
    subtitle = try book.addFormat { format_set_font_color($0, 0x404040) }
    header = try book.addFormat {
      format_set_bold($0)
      format_set_bg_color($0, Self.headerFill)
      format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue))
      // Centred over left-aligned text and right-aligned numbers alike.
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
    }
    totalsLabel = try book.addFormat {
      format_set_bold($0)
      format_set_bg_color($0, Self.totalsFill)
    }
    totalsCount = totalsLabel
    totalsPercent = try book.addFormat {
      format_set_bold($0)
      format_set_bg_color($0, Self.totalsFill)
      format_set_num_format($0, Self.percentFormat)
    }
    totalsPercentLow = try book.addFormat {
      format_set_bold($0)
      format_set_bg_color($0, Self.badFill)
      format_set_font_color($0, Self.badFont)
      format_set_num_format($0, Self.percentFormat)
    }
    percent = try book.addFormat { format_set_num_format($0, Self.percentFormat) }
    percentLow = try book.addFormat {
      format_set_num_format($0, Self.percentFormat)
      format_set_bg_color($0, Self.badFill)
      format_set_font_color($0, Self.badFont)
    }
    // Times are centred: right-aligned they run into the text column that follows.
    time = try book.addFormat {
      format_set_num_format($0, Self.timeFormat)
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
    }
    digitsText = try book.addFormat { format_set_num_format($0, Self.textFormat) }
    doorText = try book.addFormat { format_set_bg_color($0, Self.doorFill) }
    doorDigitsText = try book.addFormat {
      format_set_bg_color($0, Self.doorFill)
      format_set_num_format($0, Self.textFormat)
    }
    doorTime = try book.addFormat {
      format_set_bg_color($0, Self.doorFill)
      format_set_num_format($0, Self.timeFormat)
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
    }
    doorTag = try book.addFormat {
      format_set_bg_color($0, Self.doorFill)
      format_set_font_color($0, Self.doorFont)
      format_set_bold($0)
    }
    // Status labels are centred so they keep clear of the 阳性 count before them.
    statusNone = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_bg_color($0, Self.badFill)
      format_set_font_color($0, Self.badFont)
    }
    statusPartial = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_bg_color($0, Self.neutralFill)
      format_set_font_color($0, Self.neutralFont)
    }
    // Green text only: most households are complete, and a sheet of green fills would
    // drown the red and yellow rows that need a visit.
    statusComplete = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_font_color($0, Self.goodFont)
    }
    statusExempt = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_font_color($0, 0x808080)
    }
    positiveCount = try book.addFormat {
      format_set_bold($0)
      format_set_font_color($0, Self.badFont)
      format_set_bg_color($0, Self.badFill)
    }
    positiveResult = positiveCount
    statusPositive = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_bold($0)
      format_set_font_color($0, Self.badFont)
      format_set_bg_color($0, Self.badFill)
    }
    alert = try book.addFormat {
      format_set_bold($0)
      format_set_font_color($0, Self.doorFont)
    }
    buildingHeading = try book.addFormat {
      format_set_bold($0)
      format_set_font_size($0, 12)
      format_set_bg_color($0, Self.headerFill)
      format_set_top($0, UInt8(LXW_BORDER_MEDIUM.rawValue))
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
    }
    notes = try book.addFormat {
      format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
      format_set_border_color($0, 0xA6A6A6)
    }
    wrapped = try book.addFormat {
      format_set_text_wrap($0)
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    }
    wrappedNumber = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    }
    issueRejected = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
      format_set_bg_color($0, Self.badFill)
      format_set_font_color($0, Self.badFont)
    }
    issueWarned = try book.addFormat {
      format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
      format_set_bg_color($0, Self.neutralFill)
      format_set_font_color($0, Self.neutralFont)
    }
    wrappedDigits = try book.addFormat {
      format_set_text_wrap($0)
      format_set_num_format($0, Self.textFormat)
      format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    }
  }

  /// The format of a household status cell on 户进度 (red for a household with a
  /// positive member, never the green of a complete one).
  func status(_ status: HouseholdStatus, hasPositive: Bool) -> XLSXFormat {
    if hasPositive { return statusPositive }
    return switch status {
    case .none: statusNone
    case .partial: statusPartial
    case .complete: statusComplete
    case .exempt: statusExempt
    }
  }
}
