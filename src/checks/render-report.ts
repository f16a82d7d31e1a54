/**
 * Report formats by name (`--format text|json|markdown|junit`): a table, so adding a
 * format is adding a row. JSON is exactly one document, the report itself.
 */
import type { CheckReport } from './check-report.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** A warning counts as a failure (JUnit marks it so). */
  strict?: boolean;
}

const RENDERERS: Readonly<Record<ReportFormat, (report: CheckReport, options: RenderOptions) => string>> = {
  text: (report) => renderText(report),
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  markdown: (report) => renderMarkdown(report),
  junit: (report, options) => renderJunit(report, options),
};

export function renderReport(report: CheckReport, format: ReportFormat, options: RenderOptions = {}): string {
  return RENDERERS[format](report, options);
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
