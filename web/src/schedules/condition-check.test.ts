import { describe, expect, test } from 'vitest';
import { conditionCheck } from './condition-check.ts';

describe('the alert form’s condition check', () => {
  test('a condition the column checker calls "true or false" is sound', () => {
    const check = conditionCheck('spend > 50', {
      ok: false,
      errors: [
        {
          position: 0,
          length: 10,
          message: 'the formula gives true or false, but a column shows numbers; wrap it in IF(…)',
        },
      ],
    });
    expect(check).toEqual({ ok: true });
  });

  test('other problems stay, with their positions', () => {
    const problem = { position: 15, length: 3, message: '"cpx" is not a metric or custom column' };
    expect(
      conditionCheck('spend > 50 AND cpx < 3', {
        ok: false,
        errors: [problem, { position: 0, length: 22, message: 'the formula gives true or false, …' }],
      }),
    ).toEqual({ ok: false, problems: [problem] });
  });

  test('a number is not a condition', () => {
    const check = conditionCheck('spend / clicks', {
      ok: true,
      format: 'money',
      act: 'consideration',
      uses: ['spend', 'clicks'],
      base_metrics: ['spend', 'clicks'],
    });
    expect(check).toMatchObject({ ok: false, problems: [{ position: 0, length: 14 }] });
  });
});
