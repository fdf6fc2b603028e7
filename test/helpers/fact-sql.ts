// SQL for tests that check facts row by row. Facts are additive: a source may add to an earlier hour later
// (a purchase credited days after its impression), so a "row" to check is the sum per ad and hour.
import { COUNTER_COLUMNS, FACT_TABLES } from '../../src/warehouse/schema.ts';

/** Every counter summed per ad and hour of the advertiser bound as `$ADV`. */
export const hourlyPerAdAndHour = `(SELECT ad_id, stat_date, stat_hour, ${COUNTER_COLUMNS.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
  FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV GROUP BY ad_id, stat_date, stat_hour)`;
