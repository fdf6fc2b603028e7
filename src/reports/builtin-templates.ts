// The report templates Adcockpit ships (F4.3), in their file form: each carries the custom columns it adds
// to the catalog's metrics, written in the formula language, so seeding one is importing a file. Ratios the
// catalog already defines (CTR, hook rate, cost per add to cart, …) are used as they are; the custom
// columns are what the catalog lacks. Their ids name the funnel step they measure, and none contains a
// catalog id whole, so the formula checker's "did you mean" keeps pointing at the catalog's counters.
import { TemplateFile } from '../shared/reports-api.ts';

export interface BuiltinTemplate {
  /** Remembered per advertiser once given, so a built-in the team deleted or renamed stays so. */
  key: string;
  file: TemplateFile;
}

export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [
  {
    key: 'creative_performance',
    file: TemplateFile.parse({
      format: 'adcockpit.report-template',
      version: 1,
      name: 'Creative Performance',
      definition: {
        dimensions: ['ad'],
        metrics: [
          'spend',
          'impressions',
          'ctr',
          'cpc',
          'hook_rate',
          'video_completion_rate',
          'cc_completion_per_hook',
          'cc_cost_per_6s_view',
        ],
        sort: { by: 'spend', direction: 'desc' },
        dates: { preset: 'last_7_days' },
        chart: { type: 'bar', metric: 'ctr' },
      },
      custom_columns: [
        {
          id: 'cc_completion_per_hook',
          name: 'Completion per Hook',
          formula: 'video_views_p100 / video_watched_3s',
          format: 'percent',
          description:
            'Of the people the first three seconds stopped, the share who watched to the end: whether the story holds what the hook won.',
        },
        {
          id: 'cc_cost_per_6s_view',
          name: 'Cost per 6-second View',
          formula: 'spend / video_watched_6s',
          format: 'money',
          description:
            'What one view of at least six seconds costs: attention bought, comparable across creatives of any length.',
        },
      ],
    }),
  },
  {
    key: 'funnel_analysis',
    file: TemplateFile.parse({
      format: 'adcockpit.report-template',
      version: 1,
      name: 'Funnel Analysis',
      definition: {
        dimensions: ['campaign'],
        metrics: [
          'spend',
          'cost_per_landing_page_view',
          'cost_per_web_event_add_to_cart',
          'complete_payment_roas',
          'conversion_rate',
          'cc_landing_to_cart_rate',
          'cc_cart_to_checkout_rate',
          'cc_checkout_to_purchase_rate',
        ],
        sort: { by: 'spend', direction: 'desc' },
        dates: { preset: 'last_7_days' },
      },
      custom_columns: [
        {
          id: 'cc_landing_to_cart_rate',
          name: 'Add to Cart Rate',
          formula: 'web_event_add_to_cart / total_landing_page_view',
          format: 'percent',
          description: 'Adds to cart per landing page view: whether the page sells what the ad promised.',
        },
        {
          id: 'cc_cart_to_checkout_rate',
          name: 'Checkout Rate',
          formula: 'initiate_checkout / web_event_add_to_cart',
          format: 'percent',
          description: 'Checkouts started per add to cart: where shipping costs and surprises lose people.',
        },
        {
          id: 'cc_checkout_to_purchase_rate',
          name: 'Purchase Rate',
          formula: 'complete_payment / initiate_checkout',
          format: 'percent',
          description: 'Purchases per checkout started: payment and trust at the last step.',
        },
      ],
    }),
  },
];

/** The custom column ids the built-ins bring (as shipped; seeding may suffix one the team already uses). */
export const BUILTIN_COLUMN_IDS: ReadonlySet<string> = new Set(
  BUILTIN_TEMPLATES.flatMap((b) => b.file.custom_columns.map((c) => c.id)),
);
