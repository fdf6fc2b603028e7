// A pixel's status as a badge, with the thresholds it is decided by on hover (docs/events-api.md).
import type { PixelInfo } from '../../../src/shared/pixels-api.ts';
import { Tooltip } from '../components/tooltip.tsx';

const TONE: Record<PixelInfo['status'], string> = {
  Active: 'pixel-status-active',
  'No recent activity': 'pixel-status-idle',
  'Never fired': 'pixel-status-never',
};

const EXPLAIN: Record<PixelInfo['status'], string> = {
  Active: 'An event arrived in the last 24 hours.',
  'No recent activity': 'Events arrived before, but none in the last 24 hours.',
  'Never fired': 'No event has ever arrived for this pixel.',
};

export function PixelStatusBadge({ status }: { status: PixelInfo['status'] }) {
  return (
    <Tooltip
      content={
        <>
          <strong>{status}</strong>: {EXPLAIN[status]}
          <br />
          Active — an event in the last 24 h · No recent activity — none for 24 h · Never fired — none ever.
          Test events do not count.
        </>
      }
    >
      <span className={`pixel-status ${TONE[status]}`} data-testid="pixel-status" tabIndex={0}>
        <span className="status-dot" aria-hidden="true" />
        {status}
      </span>
    </Tooltip>
  );
}
