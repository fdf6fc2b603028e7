// The JSON shapes of the custom-columns API (F4.2): an advertiser's own metrics, written as formulas over
// the catalog's metrics and its other custom columns. Used by the server and, later, the formula editor.
import { z } from 'zod';

export const CustomColumnFormat = z.enum(['money', 'percent', 'number']);
export type CustomColumnFormat = z.infer<typeof CustomColumnFormat>;

/** Longer formulas are refused by the checker with a position; this only bounds what is read at all. */
const Formula = z.string().max(20_000);

export const CustomColumn = z.object({
  /** "cc_" and a slug of the name it was created with; formulas and reports name the column by it. */
  id: z.string(),
  advertiser_id: z.string(),
  name: z.string(),
  formula: z.string(),
  /** How values show: money in the advertiser's currency, percent for fractions (0.05 = 5 %), number. */
  format: CustomColumnFormat,
  description: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  modified_by: z.string(),
  modified_at: z.string(),
});
export type CustomColumn = z.infer<typeof CustomColumn>;

export const CustomColumnList = z.object({ custom_columns: z.array(CustomColumn) });
export type CustomColumnList = z.infer<typeof CustomColumnList>;

// Text the catalog can store: no control characters (a name is one line; a description may have several).
const Name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const Description = z
  .string()
  .trim()
  .max(1000)
  .refine(
    (text) => !/\p{Cc}/u.test(text.replace(/[\t\n\r]/g, '')),
    'must not contain control characters other than line breaks and tabs',
  );

export const CustomColumnCreate = z.object({
  name: Name,
  formula: Formula,
  /** Left out: the format the formula's units suggest (what `…/custom-columns/check` answers). */
  format: CustomColumnFormat.optional(),
  description: Description.default(''),
});
export type CustomColumnCreate = z.infer<typeof CustomColumnCreate>;

export const CustomColumnUpdate = z
  .object({
    name: Name.optional(),
    formula: Formula.optional(),
    format: CustomColumnFormat.optional(),
    description: Description.optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'change at least one field');
export type CustomColumnUpdate = z.infer<typeof CustomColumnUpdate>;

export const FormulaCheckRequest = z.object({
  formula: Formula,
  /** When editing a column: its id, so a reference back to it is reported as a cycle. */
  column_id: z.string().optional(),
});
export type FormulaCheckRequest = z.infer<typeof FormulaCheckRequest>;

/** One problem in a formula: `position` and `length` are 0-based character offsets (JavaScript string indices). */
export const FormulaProblem = z.object({
  position: z.number().int().min(0),
  length: z.number().int().min(0),
  message: z.string(),
});
export type FormulaProblem = z.infer<typeof FormulaProblem>;

export const FormulaCheckResponse = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The format the formula's units suggest: cost ÷ count is money, count ÷ count a percentage, … */
    format: CustomColumnFormat,
    act: z.enum(['awareness', 'consideration', 'conversion']),
    /** Metric and custom column ids the formula names. */
    uses: z.array(z.string()),
    /** The counters (and reach) it is computed from, with custom columns and ratios written out. */
    base_metrics: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), errors: z.array(FormulaProblem) }),
]);
export type FormulaCheckResponse = z.infer<typeof FormulaCheckResponse>;
