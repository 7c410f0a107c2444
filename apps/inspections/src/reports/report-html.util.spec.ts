import { renderCampaignReport } from './report-html.util';
import type { CampaignReport, TownshipScorecard } from './reports.service';
import { countBy, summariseOrders } from './scorecard.util';
import { findingCategorySchema, findingSeveritySchema } from '@dibao/contracts';

function scorecard(over: Partial<TownshipScorecard> = {}): TownshipScorecard {
  return {
    township: 'T01',
    name: '城关镇',
    visits: { planned: 3, done: 2, due: 1 },
    findings: {
      total: 2,
      bySeverity: { ...countBy(findingSeveritySchema.options, []), serious: 2 },
      byCategory: { ...countBy(findingCategorySchema.options, []), income_unverifiable: 2 },
    },
    rectifications: summariseOrders([{ status: 'open', overdue: true, closedOnTime: null }]),
    goodPractice: [],
    ...over,
  };
}

function report(over: Partial<CampaignReport> = {}): CampaignReport {
  const card = scorecard();
  return {
    campaign: { id: 'c1', name: '2026年第四季度督查', startsOn: '2026-10-01', endsOn: '2026-12-31', minVisitsPerTownship: 3, sampleSharePercent: 30, sampleSeed: 's' },
    generatedOn: '2026-11-20',
    totals: {
      townships: 1,
      visits: { planned: 3, done: 2, due: 1 },
      townshipsFullyVisited: 0,
      findings: { total: 2, bySeverity: card.findings.bySeverity },
      rectifications: card.rectifications,
    },
    findingsByCategory: [{ category: 'income_unverifiable', label: '家庭收入难以核实', count: 2 }],
    goodPractice: [{ township: 'T01', name: '城关镇', items: ['<script>alert(1)</script>公开栏'] }],
    townshipsWithOpenRectifications: [{ township: 'T01', name: '城关镇', open: 1, responded: 0, overdue: 1 }],
    townshipsWithLateRectifications: [{ township: 'T01', name: '城关镇', overdue: 1, closedLate: 0 }],
    townshipsBehindPlan: [{ township: 'T01', name: '城关镇', done: 2, planned: 3 }],
    scorecards: [card],
    ...over,
  };
}

describe('renderCampaignReport', () => {
  it('renders a printable Chinese page with every section and escaped content', () => {
    const page = renderCampaignReport(report());
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="zh-CN">');
    for (const heading of ['一、总体情况', '二、发现的主要问题', '三、好的做法和经验', '四、整改未完成的乡镇', '五、整改逾期的乡镇', '六、各乡镇督查情况']) {
      expect(page).toContain(heading);
    }
    expect(page).toContain('家庭收入难以核实');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;公开栏');
    expect(page).not.toContain('<script>');
    expect(page).toContain('@media print');
  });

  it('says so when there is nothing to name', () => {
    const page = renderCampaignReport(
      report({ findingsByCategory: [], goodPractice: [], townshipsWithOpenRectifications: [], townshipsWithLateRectifications: [] }),
    );
    expect(page).toContain('本次督查未发现问题。');
    expect(page).toContain('暂无。');
  });
});
