// The alert form's live check of a condition, through the formula checker the custom-column editor uses:
// that checker reads the text as a column, so a sound condition comes back as one problem ("gives true or
// false") and a number as a success. Both are turned around here; the server checks again on save, with
// the same checker, and answers the same problems.
import type { FormulaCheckResponse, FormulaProblem } from '../../../src/shared/custom-columns-api.ts';

const IS_CONDITION = 'the formula gives true or false';

export type ConditionCheck = { ok: true } | { ok: false; problems: FormulaProblem[] };

export function conditionCheck(condition: string, check: FormulaCheckResponse): ConditionCheck {
  if (check.ok) {
    return {
      ok: false,
      problems: [
        {
          position: 0,
          length: condition.length,
          message:
            'this gives a number, not a condition; compare it with something, e.g. cost_per_conversion > 30 AND spend > 50',
        },
      ],
    };
  }
  const problems = check.errors.filter((e) => !e.message.startsWith(IS_CONDITION));
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
