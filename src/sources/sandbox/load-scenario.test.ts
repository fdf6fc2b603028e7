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
      { field: 'changes[1].day', message: "day 99 is after the scenario's last day (13)" },
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
