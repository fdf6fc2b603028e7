import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { parseScenario } from './load-scenario.ts';
import { readScenarioFile } from './scenario-file.ts';

const valid = () => JSON.parse(fs.readFileSync('examples/budget-change.json', 'utf8'));
const problems = (input: unknown) => {
  try {
    parseScenario(input);
  } catch (error) {
    return (error as { details: { field: string; message: string }[] }).details;
  }
  throw new Error('expected the scenario to be refused');
};

describe('scenario contract', () => {
  test('every example is valid, and defaults are filled in', () => {
    for (const file of fs.readdirSync('examples').filter((f) => /\.(json|ya?ml)$/.test(f))) {
      const scenario = readScenarioFile(path.join('examples', file));
      expect(scenario.campaigns[0]!.ad_groups[0]!.click_attribution_window).toBe('SEVEN_DAYS');
      expect(scenario.campaigns[0]!.ad_groups[0]!.placements).toEqual([
        'PLACEMENT_TIKTOK',
        'PLACEMENT_PANGLE',
      ]);
    }
  });

  test('problems are named by their path, all at once', () => {
    const s = valid();
    delete s.campaigns[0].ad_groups[0].budget;
    s.campaigns[0].ad_groups[0].optimization_goal = 'SALES';
    s.advertiser.timezone = 'Mars/Olympus';
    s.days = 0;
    expect(problems(s)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'campaigns[0].ad_groups[0].optimization_goal' }),
        expect.objectContaining({ field: 'advertiser.timezone', message: expect.stringContaining('IANA') }),
        expect.objectContaining({ field: 'days' }),
      ]),
    );
  });

  test('rules across fields: budgets per mode, custom bids, change targets and days', () => {
    const s = valid();
    delete s.campaigns[0].ad_groups[0].budget;
    s.campaigns[0].ad_groups[0].bid_type = 'BID_TYPE_CUSTOM';
    s.changes.push({ day: 99, target: { ad: 'Nobody' }, set: { budget: 1 } });
    expect(problems(s)).toEqual([
      { field: 'campaigns[0].ad_groups[0].budget', message: 'required when budget_mode is BUDGET_MODE_DAY' },
      {
        field: 'campaigns[0].ad_groups[0].conversion_bid_price',
        message: 'required with bid_type BID_TYPE_CUSTOM and billing_event OCPM',
      },
      { field: 'changes[1].target.ad', message: 'no ad named "Nobody" in the scenario' },
      {
        field: 'changes[1].set.budget',
        message: expect.stringMatching(/^cannot be set on an ad; use operation_status, creative.thumbstop/),
      },
      { field: 'changes[1].day', message: "day 99 is after the scenario's last day (13)" },
    ]);
  });

  test('pixels, schedules and change values are checked', () => {
    const s = valid();
    const group = s.campaigns[0].ad_groups[0];
    group.pixel = 'Shop pixel';
    group.schedule_start_time = '2026-03-10 08:00:00';
    group.schedule_end_time = '2026-03-09 08:00:00';
    group.dayparting = '01';
    s.changes.push({ day: 2, target: { pixel: 'Main pixel' }, set: { firing: 'no' } });
    s.changes.push({
      day: 2,
      target: { ad: s.campaigns[0].ad_groups[0].ads[0].ad_name },
      set: { 'creative.ctr': 2 },
    });
    expect(problems(s)).toEqual([
      { field: 'campaigns[0].ad_groups[0].dayparting', message: expect.stringContaining('336 characters') },
    ]);
    group.dayparting = '1'.repeat(336);
    expect(problems(s)).toEqual([
      { field: 'campaigns[0].ad_groups[0].schedule_end_time', message: 'must be after schedule_start_time' },
      { field: 'campaigns[0].ad_groups[0].pixel', message: 'no pixel named "Shop pixel" in pixels' },
      { field: 'changes[1].set.firing', message: 'expected true or false' },
      { field: 'changes[2].set.creative.ctr', message: 'expected a number from 0 to 1' },
    ]);
  });

  test('a file that is not JSON says where', () => {
    const file = path.join(tempDir(), 'broken.json');
    fs.writeFileSync(file, '{\n  "seed": 1,\n  "days": ,\n}');
    expect(() => readScenarioFile(file)).toThrow(/not valid JSON at line 3, column \d+/);
    const yaml = path.join(path.dirname(file), 'broken.yaml');
    fs.writeFileSync(yaml, 'seed: 1\ncampaigns: [\n');
    expect(() => readScenarioFile(yaml)).toThrow(/not valid YAML at line \d+, column \d+/);
    expect(() => readScenarioFile(path.join(path.dirname(file), 'missing.json'))).toThrow(
      /Cannot read the scenario file .*ENOENT/,
    );
  });
});
