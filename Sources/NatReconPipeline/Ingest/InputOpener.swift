import NatReconIO

/// Opens an input file and resolves its header, the common start of every pass.
enum InputOpener {
  static func open(
    _ file: InputFile, kind: InputKind, input: PipelineSpec.Input
  ) throws(IngestError) -> (CSVFileReader, FieldColumns, Int) {
    let reader = try CSVFileReader(
      path: file.path, displayPath: file.displayPath, encoding: input.encoding, expectedIdentity: file.identity)
    let header = try reader.readHeader() ?? []
    let mapping = try HeaderMapping.resolve(
      headers: header, kind: kind, explicitNames: input.columns, path: file.displayPath)
    return (reader, FieldColumns(mapping), header.count)
  }
}
