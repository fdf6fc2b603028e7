// What a report e-mail says, gathered once by composeReportEmail and written out twice: as HTML and as
// the plain-text alternative, so both always carry the same facts.
import type { ReportPeriod } from '../schedules/recurrence.ts';
import type { Insight } from '../shared/insights-api.ts';
import type { ColumnFormat, ReportColumn, ReportQueryResponse } from '../shared/reports-api.ts';

export interface Kpi {
  id: string;
  label: string;
  format: ColumnFormat;
  value: number | null;
  previous: number | null;
  /** Relative change against the previous period (0.1 = +10 %); null when there is nothing to compare. */
  change: number | null;
  /** Whether the change is good news for this metric (CPA down is, CTR down is not). */
  tone: 'good' | 'bad' | 'neutral';
}

export interface ReportEmailContent {
  advertiserName: string;
  templateName: string;
  currency: string;
  period: ReportPeriod;
  kpis: Kpi[];
  chart: { cid: string; alt: string; width: number; height: number } | null;
  table: {
    columns: ReportColumn[];
    rows: ReportQueryResponse['rows'];
    shown: number;
    total: number;
    /** The report's totals line; null when the report has no dimensions (its one row is the total). */
    totals: ReportQueryResponse['totals'] | null;
  };
  insights: Insight[];
  moreInsights: number;
  reportUrl: string;
  insightsUrl: string;
  attachmentNames: string[];
}
