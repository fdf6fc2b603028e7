// API tokens: let scripts and the command line use the API as you. A new token's secret is shown once,
// to copy; the list shows which tokens exist, when they were last used, and revokes them.
import { useRef, useState, type FormEvent } from 'react';
import type { ApiTokenInfo } from '../../../src/shared/api.ts';
import { useCreateToken, useMyTokens, useRevokeToken } from '../api/accounts.ts';
import { fieldErrors } from '../api/client.ts';
import { ErrorBanner } from '../components/feedback.tsx';
import { FormMessage } from '../components/form.tsx';
import { PageHeader } from './settings-screen.tsx';
import { TokenTable } from '../components/token-table.tsx';

export function TokensPage() {
  const tokens = useMyTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: ApiTokenInfo; secret: string } | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Give the token a name, e.g. what will use it.');
      nameInput.current?.focus();
      return;
    }
    setNameError(null);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (result) => {
          setCreated(result);
          setName('');
        },
      },
    );
  };

  const serverNameError = fieldErrors(create.error).name;
  const shownNameError = nameError ?? serverNameError ?? null;
  const list = tokens.data?.tokens;
  const active = list?.filter((t) => t.revoked_at === null).length;

  return (
    <>
      <PageHeader
        title="API tokens"
        note={
          <>
            A token lets a script or the command line use the API as you, with your access. Send it as{' '}
            <code>Authorization: Bearer &lt;token&gt;</code>.
          </>
        }
      />

      <section className="panel" aria-labelledby="new-token-title">
        <header className="panel-header">
          <h2 id="new-token-title" className="panel-title">
            Create a token
          </h2>
        </header>
        <div className="panel-pad">
          <form className="inline-form" onSubmit={submit} noValidate data-testid="create-token-form">
            <label className="inline-field">
              <span>Name</span>
              <input
                ref={nameInput}
                name="token-name"
                value={name}
                maxLength={100}
                placeholder="e.g. Nightly export script"
                aria-invalid={shownNameError ? true : undefined}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(null);
                }}
              />
            </label>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create token'}
            </button>
            <span className="inline-error" role={shownNameError ? 'alert' : undefined}>
              {shownNameError}
            </span>
          </form>
          {create.error && !serverNameError && <FormMessage tone="error">{create.error.message}</FormMessage>}
          {created && <NewSecret created={created} onDone={() => setCreated(null)} />}
        </div>
      </section>

      <section className="panel" aria-labelledby="tokens-title">
        <header className="panel-header">
          <h2 id="tokens-title" className="panel-title">
            Your tokens
          </h2>
          {list && (
            <span className="panel-note">
              {active} active{list.length > active! ? ` · ${list.length - active!} revoked` : ''}
            </span>
          )}
        </header>
        {tokens.error ? (
          <div className="panel-pad">
            <ErrorBanner
              title="Your tokens could not be loaded."
              error={tokens.error}
              onRetry={() => void tokens.refetch()}
            />
          </div>
        ) : (
          <>
            {revoke.error && (
              <div className="panel-pad panel-pad-tight">
                <ErrorBanner title="The token was not revoked." error={revoke.error} />
              </div>
            )}
            <TokenTable
              tokens={list}
              emptyText="You have no API tokens."
              revokeConsequence="Scripts that use it stop working at once. This cannot be undone."
              className="settings-table"
              revokingId={revoke.isPending ? (revoke.variables ?? null) : null}
              onRevoke={(token) =>
                revoke.mutate(token.token_id, {
                  // A revoked secret is of no use to anyone: stop showing it.
                  onSuccess: () => setCreated((now) => (now?.token.token_id === token.token_id ? null : now)),
                })
              }
              testId="token-table"
            />
          </>
        )}
      </section>
    </>
  );
}

function NewSecret({
  created,
  onDone,
}: {
  created: { token: ApiTokenInfo; secret: string };
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (plain http, say): the text is selected for Ctrl+C instead.
      setCopied(document.execCommand?.('copy') ? 'yes' : 'failed');
    }
  };

  return (
    <div className="secret-box" data-testid="token-secret-box" role="status">
      <div className="secret-title">
        Token “{created.token.name}” created. Copy it now — you will not see it again.
      </div>
      <div className="secret-row">
        <input
          ref={input}
          className="secret-value"
          data-testid="token-secret"
          readOnly
          value={created.secret}
          aria-label="The new token"
          onFocus={(e) => e.currentTarget.select()}
          autoFocus
        />
        <button type="button" className="button" onClick={() => void copy()} data-testid="copy-secret">
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
      <div className="secret-note">
        {copied === 'failed'
          ? 'Copying was not allowed here; the token is selected — press Ctrl+C (⌘C on a Mac).'
          : 'If it is lost, revoke it here and create a new one.'}
      </div>
    </div>
  );
}
