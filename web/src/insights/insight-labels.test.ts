// The small rules the insight screens share: which metric the evidence chart opens on, the worst severity
// of a row's insights, and the address of one insight.
import { describe, expect, test } from 'vitest';
import { headlineMetric, insightHref, insightId, worstSeverity } from './insight-labels.ts';

const metric = (id: string, change: number | null) => ({ metric: id, change });

describe('headlineMetric', () => {
  test('opens on the metric the test judged, even when another moved more', () => {
    const metrics = [metric('ctr', 0.5), metric('conversion_rate', -0.8)];
    expect(headlineMetric({ evidence: { tests: [{ metric: 'conversion_rate' }] } }, metrics)?.metric).toBe(
      'conversion_rate',
    );
  });
  test('without a test on a shown metric, opens on the one that moved most either way', () => {
    const metrics = [metric('spend', -0.2), metric('frequency', 0.9), metric('cpm', null)];
    expect(headlineMetric({ evidence: { tests: [{ metric: 'hours' }] } }, metrics)?.metric).toBe('frequency');
  });
  test('with no change known, the first; with no metric, none', () => {
    expect(headlineMetric({ evidence: { tests: [] } }, [metric('a', null), metric('b', null)])?.metric).toBe(
      'a',
    );
    expect(headlineMetric({ evidence: { tests: [] } }, [])).toBeUndefined();
  });
});

describe('worstSeverity', () => {
  test('critical over warning over info', () => {
    expect(worstSeverity([{ severity: 'info' }, { severity: 'critical' }, { severity: 'warning' }])).toBe(
      'critical',
    );
    expect(worstSeverity([{ severity: 'info' }, { severity: 'warning' }])).toBe('warning');
    expect(worstSeverity([{ severity: 'info' }])).toBe('info');
  });
});

describe('insightHref', () => {
  const insight = { code: 'weak_hook' as const, level: 'ad' as const, entity_id: '123' };
  test('keeps the advertiser and the dates, and names the insight by problem and entity', () => {
    const href = insightHref('adv 1', { from: '2026-03-01', to: '2026-03-30' }, insight);
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/insights');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      advertiser: 'adv 1',
      from: '2026-03-01',
      to: '2026-03-30',
      insight: insightId(insight),
    });
    expect(insightId(insight)).toBe('weak_hook:ad:123');
  });
  test('a dismissed insight is linked with the dismissed ones shown, or the link would find nothing', () => {
    const state = { status: 'dismissed' as const, by: null, at: '2026-03-30T00:00:00Z', until: null };
    const url = new URL(
      insightHref('a', { from: '2026-03-01', to: '2026-03-30' }, { ...insight, state }),
      'http://x',
    );
    expect(url.searchParams.get('dismissed')).toBe('show');
  });
});
