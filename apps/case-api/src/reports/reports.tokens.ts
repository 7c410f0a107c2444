export const REPORT_SOURCES = Symbol('REPORT_SOURCES');

export interface ReportSources {
  households: string;
  payments: string;
  inspections: string;
  chromiumPath: string;
}
