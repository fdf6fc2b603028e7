// "Why isn't it spending?": an ad group's delivery checks — status and review, budget minimums and pacing,
// bid against the going price, audience, schedule, fatigue — each passed, failed or warned with the numbers
// it looked at and the fix. Shown in a delivery insight's detail and, from the Campaign tab, in a dialog.
import type {
  TroubleshootAnswer,
  TroubleshootCheck,
  TroubleshootValue,
} from '../../../src/shared/insights-api.ts';
import { useTroubleshoot } from '../api/insights.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Modal } from '../reporting/modal.tsx';
import { formatLongDay } from './insight-labels.ts';
import './insights.css';

const STATUS_WORD: Record<TroubleshootCheck['status'], string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  not_applicable: 'Does not apply',
};

const STATUS_SIGN: Record<TroubleshootCheck['status'], string> = {
  pass: '✓',
  fail: '✕',
  warn: '!',
  not_applicable: '–',
};

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function formatValue({ value, unit }: TroubleshootValue): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  // Shares come as percentages already (99.5 means 99.5 %).
  if (unit === '%') return `${number.format(value)} %`;
  if (unit && /^[A-Z]{3}$/.test(unit)) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: unit }).format(value);
    } catch {
      return `${number.format(value)} ${unit}`;
    }
  }
  return unit ? `${number.format(value)} ${unit}` : number.format(value);
}

function Checks({ answer }: { answer: TroubleshootAnswer }) {
  return (
    <ul className="ts-checks" data-testid="troubleshoot-checks">
      {answer.checks.map((check) => (
        <li
          key={check.id}
          className={`ts-check ts-${check.status}`}
          data-check={check.id}
          data-status={check.status}
        >
          <span
            className="ts-sign"
            role="img"
            aria-label={STATUS_WORD[check.status]}
            title={STATUS_WORD[check.status]}
          >
            {STATUS_SIGN[check.status]}
          </span>
          <div className="ts-body">
            <div className="ts-label">{check.label}</div>
            <div className="ts-text">{check.evidence.text}</div>
            {check.evidence.values.length > 0 && (
              <dl className="ts-values">
                {check.evidence.values.map((v) => (
                  <div key={v.name}>
                    <dt>{v.label}</dt>
                    <dd>{formatValue(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
            {check.fix && <div className="ts-fix">Fix: {check.fix}</div>}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Answer({
  advertiserId,
  adgroupId,
  asOf,
}: {
  advertiserId: string;
  adgroupId: string;
  asOf: string;
}) {
  const answer = useTroubleshoot(advertiserId, adgroupId, asOf);
  if (answer.error)
    return (
      <ErrorBanner
        title="The delivery checks could not be run."
        error={answer.error}
        onRetry={() => void answer.refetch()}
      />
    );
  if (!answer.data) return <Skeleton width="100%" height={160} />;
  return (
    <>
      <p className="ts-verdict" data-testid="troubleshoot-verdict">
        {answer.data.verdict} <span className="ts-asof">As of {formatLongDay(answer.data.as_of)}.</span>
      </p>
      <Checks answer={answer.data} />
    </>
  );
}

/** In a delivery insight's detail (budget not spending, bid too low, audience too small). */
export function TroubleshootSection(props: { advertiserId: string; adgroupId: string; asOf: string }) {
  return (
    <section className="insight-section" data-testid="troubleshoot">
      <h3>Why isn't it spending?</h3>
      <Answer {...props} />
    </section>
  );
}

/** From the Campaign tab's ad group row. */
export function TroubleshootDialog({
  name,
  onClose,
  ...props
}: {
  advertiserId: string;
  adgroupId: string;
  asOf: string;
  name: string;
  onClose: () => void;
}) {
  return (
    <Modal title={`Why isn't “${name}” spending?`} onClose={onClose} testId="troubleshoot-dialog" wide>
      <div className="rp-modal-body ts-dialog-body">
        <Answer {...props} />
      </div>
    </Modal>
  );
}
