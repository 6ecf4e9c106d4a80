import type { TestRunReport } from '../../../src-shared/testing/report';
import { writeFileAtomic } from '../../util/atomic-file';
import type { ExchangeLookup } from './exchange-log';
import { htmlReport } from './html-report';
import { jsonReport } from './json-report';
import { junitReport } from './junit-report';

export interface ReportFiles {
  json?: string;
  junit?: string;
  html?: string;
}

/** Writes each requested report (a crash mid-write leaves no half file a CI job would misread). */
export async function writeReports(report: TestRunReport, files: ReportFiles, exchange?: ExchangeLookup): Promise<void> {
  if (files.json) await writeFileAtomic(files.json, jsonReport(report));
  if (files.junit) await writeFileAtomic(files.junit, junitReport({ report, exchange }));
  if (files.html) await writeFileAtomic(files.html, htmlReport({ report, exchange }));
}
