// NatReconReports owns the report rows and their writers: machine CSV files
// (CSVTableWriter) and committee workbooks (XLSX, through CXlsxWriter).
// It imports NatReconCore and CXlsxWriter only; no C type leaves this module.
