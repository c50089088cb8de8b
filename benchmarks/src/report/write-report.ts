import fs from 'node:fs';
import path from 'node:path';
import type { BenchReport } from '../bench-report.js';
import { queryLatencyChart, scalingChart, syncRateChart } from './charts.js';
import { markdownReport } from './markdown-report.js';

/** '2026-01-31T12:00:00.000Z' -> '2026-01-31T12-00-00Z': sortable and safe in every file system. */
export function reportStamp(isoTime: string): string {
  return isoTime.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Writes `<out>/<stamp>.md`, `<stamp>.json` and `<stamp>-*.svg`, and returns the report with the
 * absolute paths of what it wrote.
 */
export function writeReport(out: string, report: Omit<BenchReport, 'files'>): BenchReport {
  fs.mkdirSync(out, { recursive: true });
  const stamp = reportStamp(report.generatedAt);
  const file = (name: string): string => path.join(out, name);
  const charts: Record<string, string> = {};
  if (report.sync !== null) {
    charts.syncRate = `${stamp}-sync-rate.svg`;
    fs.writeFileSync(file(charts.syncRate), syncRateChart(report.sync));
  }
  if (report.queries !== null) {
    charts.queryLatency = `${stamp}-query-latency.svg`;
    fs.writeFileSync(file(charts.queryLatency), queryLatencyChart(report.queries));
  }
  if (report.scaling !== null) {
    charts.scaling = `${stamp}-scaling.svg`;
    fs.writeFileSync(file(charts.scaling), scalingChart(report.scaling));
  }
  const complete: BenchReport = {
    ...report,
    files: {
      markdown: file(`${stamp}.md`),
      json: file(`${stamp}.json`),
      charts: Object.values(charts).map(file),
    },
  };
  fs.writeFileSync(complete.files.markdown, markdownReport(complete, charts));
  // On disk the files are named relative to the report, so a committed report names no machine's paths.
  const stored = {
    ...complete,
    files: {
      markdown: `${stamp}.md`,
      json: `${stamp}.json`,
      charts: Object.values(charts),
    },
  };
  fs.writeFileSync(complete.files.json, `${JSON.stringify(stored, null, 2)}\n`);
  return complete;
}
