// A list of API tokens: name, the prefix that recognises it, when it was made and last used, whether it
// still works; revoking asks first.
import type { ApiTokenInfo } from '../../../src/shared/api.ts';
import { ConfirmAction } from '../components/confirm.tsx';
import { Skeleton } from '../components/feedback.tsx';
import { formatDateTime } from '../lib/time.ts';

interface Props {
  tokens: readonly ApiTokenInfo[] | undefined;
  onRevoke: (token: ApiTokenInfo) => void;
  revokingId: string | null;
  /** Whose tokens, for the wording: "your" or a member's name. */
  owner: 'self' | string;
  skeletonRows?: number;
  testId?: string;
}

const COLUMNS = 6;

export function TokenTable({ tokens, onRevoke, revokingId, owner, skeletonRows = 3, testId }: Props) {
  return (
    <table className="data-table settings-table" data-testid={testId}>
      <colgroup>
        <col style={{ width: '24%' }} />
        <col style={{ width: '16%' }} />
        <col style={{ width: '15%' }} />
        <col style={{ width: '15%' }} />
        <col style={{ width: '18%' }} />
        <col style={{ width: 104 }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="cell-text">
            Name
          </th>
          <th scope="col" className="cell-text">
            Token
          </th>
          <th scope="col" className="cell-text">
            Created
          </th>
          <th scope="col" className="cell-text">
            Last used
          </th>
          <th scope="col" className="cell-text">
            Status
          </th>
          <th scope="col" className="cell-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {!tokens ? (
          Array.from({ length: skeletonRows }, (_, r) => (
            <tr key={r} aria-hidden="true">
              {Array.from({ length: COLUMNS }, (_, c) => (
                <td key={c}>{c < COLUMNS - 1 && <Skeleton width={c === 0 ? '70%' : '60%'} />}</td>
              ))}
            </tr>
          ))
        ) : tokens.length === 0 ? (
          <tr>
            <td className="table-empty" colSpan={COLUMNS}>
              {owner === 'self' ? 'You have no API tokens.' : `${owner} has no API tokens.`}
            </td>
          </tr>
        ) : (
          tokens.map((token) => {
            const revoked = token.revoked_at !== null;
            return (
              <tr
                key={token.token_id}
                data-token-id={token.token_id}
                data-revoked={revoked ? 'true' : 'false'}
                className={revoked ? 'row-muted' : undefined}
              >
                <td className="cell-text">
                  <span className="ellipsis cell-name" title={token.name}>
                    {token.name}
                  </span>
                </td>
                <td className="cell-text">
                  <code className="token-prefix" title="The first characters of the token">
                    {token.prefix}…
                  </code>
                </td>
                <td className="cell-text cell-time" title={token.created_at}>
                  {formatDateTime(token.created_at)}
                </td>
                <td className="cell-text cell-time" title={token.last_used_at ?? undefined}>
                  {token.last_used_at ? (
                    formatDateTime(token.last_used_at)
                  ) : (
                    <span className="cell-muted">Never</span>
                  )}
                </td>
                <td className="cell-text">
                  {revoked ? (
                    <span className="status status-off" title={token.revoked_at ?? undefined}>
                      <span className="status-dot" aria-hidden="true" />
                      Revoked {formatDateTime(token.revoked_at!).slice(0, 10)}
                    </span>
                  ) : (
                    <span className="status status-on">
                      <span className="status-dot" aria-hidden="true" />
                      Active
                    </span>
                  )}
                </td>
                <td className="cell-actions">
                  {!revoked && (
                    <ConfirmAction
                      label="Revoke"
                      question={`Revoke the token “${token.name}”?`}
                      consequence={
                        owner === 'self'
                          ? 'Scripts that use it stop working at once. This cannot be undone.'
                          : `Scripts of ${owner} that use it stop working at once. This cannot be undone.`
                      }
                      confirmLabel="Revoke token"
                      pending={revokingId === token.token_id}
                      onConfirm={() => onRevoke(token)}
                      testId="revoke-token"
                    />
                  )}
                </td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
