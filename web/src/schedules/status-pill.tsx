// A delivery's status as a small coloured label: sent is good news, failed bad, the rest on their way.
const LABEL: Record<string, string> = {
  pending: 'Pending',
  sending: 'Sending',
  sent: 'Sent',
  retrying: 'Retrying',
  failed: 'Failed',
  unsubscribed: 'Unsubscribed',
};

export function StatusPill({ status }: { status: string }) {
  return (
    <span className={`sc-pill sc-pill-${status}`} data-testid="status-pill" data-status={status}>
      {LABEL[status] ?? status}
    </span>
  );
}
