import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '@dibao/platform';
import { SupervisionStatsService } from '../supervision/supervision-stats.service';
import { SupervisionService } from '../supervision/supervision.service';
import { overlaps, parseQuarter, Quarter } from './quarter.util';
import { REPORT_SOURCES, ReportSources } from './reports.tokens';
import { Upstream, UpstreamClient } from './upstream.client';
import { renderWorkReportHtml } from './work-report-html.util';

interface PeriodRow {
  township: string;
  scheme: string;
  households: number;
  persons: number;
  amountFen: number;
}
interface PeriodReport {
  period: string;
  townships: PeriodRow[];
  total: { households: number; persons: number; amountFen: number };
  ledger?: { reconciled: boolean; differenceFen: number };
}
interface Standard {
  scheme: string;
  area: string;
  amountFen: number;
  unit: string;
  effectiveFrom: string;
  reason: string;
}
interface Campaign {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
}
interface CampaignReport {
  campaign: Campaign;
  totals: {
    townships: number;
    visits: { planned: number; done: number; due: number };
    townshipsFullyVisited: number;
    findings: { total: number };
    rectifications: { issued: number; open: number; closed: number; closedOnTime: number; overdue: number; onTimePercent: number | null };
  };
  findingsByCategory: { category: string; label: string; count: number }[];
  scorecards: {
    township: string;
    name: string;
    visits: { planned: number; done: number; due: number };
    findings: { total: number };
    rectifications: { issued: number; overdue: number; closed: number };
  }[];
}

export interface SchemeFigures {
  households: number;
  persons: number;
  byTownship: { township: string; households: number; persons: number; amountFen: number }[];
}

export interface Section<T> {
  available: boolean;
  reason?: string;
  data?: T;
}

export interface WorkReport {
  quarter: string;
  from: string;
  to: string;
  generatedAt: string;
  /** Township code → name (inspections' register of townships). */
  townshipNames: Record<string, string>;
  /** Beneficiaries paid in the quarter: urban in its last month, rural in the quarter's payroll. */
  beneficiaries: Section<{ urban: SchemeFigures; rural: SchemeFigures }>;
  payouts: Section<{
    urban: { periods: { period: string; households: number; persons: number; amountFen: number; reconciled?: boolean }[]; quarterFen: number };
    rural: { period: string; households: number; persons: number; amountFen: number; reconciled?: boolean };
    totalFen: number;
  }>;
  standards: Section<Standard[]>;
  movements: Section<{ entered: number; exited: number; byTownship: { township: string; scheme: string; entered: number; exited: number }[] }>;
  cases: Section<{ open: number; overdue: number; stalled: number; byStage: Record<string, number>; townships: { township: string; open: number; overdue: number; stalled: number }[] }>;
  inspections: Section<CampaignReport[]>;
}

/**
 * The bureau's quarterly work report (工作情况汇报), computed from the services that own the figures: payments'
 * period reports and standards, inspections' campaign reports, and the supervision feed (the case events' projection)
 * for open cases, entries and exits. Each section says when its source was not available instead of failing the report.
 */
@Injectable()
export class WorkReportService {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly supervision: SupervisionService,
    private readonly stats: SupervisionStatsService,
    @Inject(REPORT_SOURCES) private readonly sources: ReportSources,
  ) {}

  quarterOrThrow(text: string | undefined): Quarter {
    const q = text ? parseQuarter(text) : undefined;
    if (!q) {
      const message = 'quarter must look like 2026-Q1';
      throw badRequest('validation-failed', `quarter: ${message}`, [{ field: 'quarter', rule: 'isQuarter', message }]);
    }
    return q;
  }

  async build(quarterText: string | undefined, authorization: string): Promise<WorkReport> {
    const q = this.quarterOrThrow(quarterText);
    const periodTasks = [...q.urbanPeriods, q.ruralPeriod].map((p) =>
      this.upstream.get<PeriodReport>(this.sources.payments, `/reports/periods/${p}`, authorization),
    );
    const [periods, standards, campaigns, cases, movements, townships] = await Promise.all([
      Promise.all(periodTasks),
      this.upstream.get<Standard[]>(this.sources.payments, '/standards', authorization),
      this.inspections(q, authorization),
      this.cases(),
      this.movements(q),
      this.upstream.get<{ code: string; name: string }[]>(this.sources.inspections, '/townships', authorization),
    ]);
    return {
      quarter: q.quarter,
      from: q.from,
      to: q.to,
      generatedAt: new Date().toISOString(),
      townshipNames: townships.ok ? Object.fromEntries(townships.data.map((t) => [t.code, t.name])) : {},
      ...this.money(periods),
      standards: standards.ok
        ? { available: true, data: [...standards.data].sort((a, b) => a.scheme.localeCompare(b.scheme) || a.effectiveFrom.localeCompare(b.effectiveFrom)) }
        : { available: false, reason: standards.reason },
      movements,
      cases,
      inspections: campaigns,
    };
  }

  /** The report as a printable page, with the townships' names from inspections (their register of townships). */
  async html(quarterText: string | undefined, authorization: string): Promise<string> {
    const report = await this.build(quarterText, authorization);
    return renderWorkReportHtml(report, report.townshipNames);
  }

  private money(periods: Upstream<PeriodReport>[]): Pick<WorkReport, 'beneficiaries' | 'payouts'> {
    const failed = periods.find((p): p is { ok: false; reason: string } => !p.ok);
    if (failed) return { beneficiaries: { available: false, reason: failed.reason }, payouts: { available: false, reason: failed.reason } };
    const reports = periods.map((p) => (p as { ok: true; data: PeriodReport }).data);
    const urban = reports.slice(0, 3);
    const rural = reports[3];
    if (!rural || urban.length < 3) return { beneficiaries: { available: false, reason: 'missing period reports' }, payouts: { available: false, reason: 'missing period reports' } };
    const figures = (r: PeriodReport, scheme: string): SchemeFigures => {
      const rows = r.townships.filter((t) => t.scheme === scheme);
      return {
        households: rows.reduce((n, t) => n + t.households, 0),
        persons: rows.reduce((n, t) => n + t.persons, 0),
        byTownship: rows.map((t) => ({ township: t.township, households: t.households, persons: t.persons, amountFen: t.amountFen })),
      };
    };
    // Urban beneficiaries: the quarter's last month that paid anyone (the ledger at the end of the quarter).
    const lastPaidUrban = [...urban].reverse().find((r) => r.total.households > 0) ?? urban[2] ?? rural;
    const urbanPeriods = urban.map((r) => ({ period: r.period, ...r.total, ...(r.ledger ? { reconciled: r.ledger.reconciled } : {}) }));
    const quarterFen = urbanPeriods.reduce((n, p) => n + p.amountFen, 0);
    return {
      beneficiaries: { available: true, data: { urban: figures(lastPaidUrban, 'urban'), rural: figures(rural, 'rural') } },
      payouts: {
        available: true,
        data: {
          urban: { periods: urbanPeriods, quarterFen },
          rural: { period: rural.period, ...rural.total, ...(rural.ledger ? { reconciled: rural.ledger.reconciled } : {}) },
          totalFen: quarterFen + rural.total.amountFen,
        },
      },
    };
  }

  private async inspections(q: Quarter, authorization: string): Promise<WorkReport['inspections']> {
    const list = await this.upstream.get<Campaign[]>(this.sources.inspections, '/campaigns', authorization);
    if (!list.ok) return { available: false, reason: list.reason };
    const inQuarter = list.data.filter((c) => overlaps(c.startsOn, c.endsOn, q.from, q.to));
    const reports = await Promise.all(inQuarter.map((c) => this.upstream.get<CampaignReport>(this.sources.inspections, `/campaigns/${c.id}/report`, authorization)));
    const failed = reports.find((r): r is { ok: false; reason: string } => !r.ok);
    if (failed) return { available: false, reason: failed.reason };
    return { available: true, data: reports.map((r) => (r as { ok: true; data: CampaignReport }).data) };
  }

  private async cases(): Promise<WorkReport['cases']> {
    try {
      const o = await this.supervision.overviewCached({});
      return {
        available: true,
        data: { ...o.totals, townships: o.townships.map((t) => ({ township: t.township, open: t.open, overdue: t.overdue, stalled: t.stalled })) },
      };
    } catch (e) {
      return { available: false, reason: `supervision: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  private async movements(q: Quarter): Promise<WorkReport['movements']> {
    if (!this.stats.enabled) return { available: false, reason: 'the supervision feed is off (case-api runs without DATABASE_URL/KAFKA_BROKERS)' };
    const byTownship = await this.stats.movements(q.from, q.to);
    return {
      available: true,
      data: { entered: byTownship.reduce((n, r) => n + r.entered, 0), exited: byTownship.reduce((n, r) => n + r.exited, 0), byTownship },
    };
  }
}
