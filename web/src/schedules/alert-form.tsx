// An alert rule's form: what it watches — a condition in the formula language over the last N days, or
// the advertiser's insights — where (the whole account, a campaign or an ad group), who is told (team
// members, addresses, a Slack-compatible webhook) and the cool-down that keeps one problem one message.
// The condition's problems come back from the server with their positions and are marked in the text.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { EntityListResponse } from '../../../src/shared/campaigns-api.ts';
import type { FormulaProblem } from '../../../src/shared/custom-columns-api.ts';
import { InsightSeverity } from '../../../src/shared/insights-api.ts';
import type { AlertRule, AlertRuleCreate } from '../../../src/shared/schedules-api.ts';
import { ApiError, apiPath, fieldErrors, getJson } from '../api/client.ts';
import { checkFormula, useAdvertiserMetrics } from '../api/reports.ts';
import { useSaveAlert } from '../api/schedules.ts';
import { useSession } from '../app/session.tsx';
import { ErrorBanner } from '../components/feedback.tsx';
import { addDays } from '../../../src/core/dates.ts';
import { FormulaInput } from '../reporting/formula-input.tsx';
import { Modal } from '../reporting/modal.tsx';
import { type ConditionCheck, conditionCheck } from './condition-check.ts';
import { looksLikeEmail, splitAddresses } from './schedule-words.ts';

/** Checked once typing pauses, not on every key. */
const CHECK_DELAY_MS = 400;

type Level = 'advertiser' | 'campaign' | 'adgroup';

/** The campaigns or ad groups to pick from: those of the last 90 days, by name. */
function useScopeChoices(advertiser: AdvertiserInfo, level: Level) {
  const plural = level === 'campaign' ? 'campaigns' : 'adgroups';
  return useQuery({
    queryKey: ['alert-scope-choices', advertiser.advertiser_id, plural],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`/advertisers/${encodeURIComponent(advertiser.advertiser_id)}/${plural}`, {
          from: addDays(advertiser.today, -90),
          to: advertiser.today,
          metrics: ['spend'],
          sort: 'name:asc',
          limit: 500,
        }),
        EntityListResponse,
        signal,
      ),
    enabled: level !== 'advertiser',
    staleTime: 60_000,
  });
}

const conditionProblems = (error: unknown): FormulaProblem[] =>
  error instanceof ApiError
    ? error.details
        .filter(
          (d): d is typeof d & { position: number } =>
            d.field?.endsWith('condition') === true && 'position' in d,
        )
        .map((d) => ({
          position: d.position,
          length: (d as { length?: number }).length ?? 0,
          message: d.message,
        }))
    : [];

export function AlertForm({
  advertiser,
  rule,
  onClose,
}: {
  advertiser: AdvertiserInfo;
  rule: AlertRule | null;
  onClose: () => void;
}) {
  const formId = useId();
  const { user } = useSession();
  const save = useSaveAlert(advertiser.advertiser_id);
  const metrics = useAdvertiserMetrics(advertiser.advertiser_id);
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<'metric' | 'insight'>(rule?.watch.kind ?? 'metric');
  const [condition, setCondition] = useState(rule?.watch.kind === 'metric' ? rule.watch.condition : '');
  const [windowDays, setWindowDays] = useState(rule?.watch.kind === 'metric' ? rule.watch.window_days : 3);
  const [severity, setSeverity] = useState<InsightSeverity>(
    rule?.watch.kind === 'insight' ? rule.watch.min_severity : 'critical',
  );
  const [level, setLevel] = useState<Level>(rule?.scope.level ?? 'advertiser');
  const [scopeId, setScopeId] = useState(rule?.scope.id ?? '');
  const [toMe, setToMe] = useState(
    rule ? rule.channels.members.some((m) => m.user_id === user.user_id) : true,
  );
  const [emails, setEmails] = useState((rule?.channels.emails ?? []).join(', '));
  const [webhook, setWebhook] = useState(rule?.channels.webhook_url ?? '');
  const [cooldown, setCooldown] = useState(rule?.cooldown_hours ?? 24);
  const [touched, setTouched] = useState(false);
  const choices = useScopeChoices(advertiser, level);
  const [live, setLive] = useState<{ condition: string; check: ConditionCheck } | null>(null);

  useEffect(() => {
    if (kind !== 'metric' || !condition.trim()) return;
    let current = true;
    const timer = window.setTimeout(() => {
      checkFormula(advertiser.advertiser_id, condition, undefined).then(
        (check) => current && setLive({ condition, check: conditionCheck(condition, check) }),
        // The check is a convenience: without it, saving still checks and answers the problems.
        () => current && setLive(null),
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [advertiser.advertiser_id, condition, kind]);

  const addresses = splitAddresses(emails);
  const badAddress = addresses.find((a) => !looksLikeEmail(a));
  const server = fieldErrors(save.error);
  // What the server answered on save, until the text changes; then the live check of the text as it is.
  const saved = conditionProblems(save.error);
  const liveProblems = live && live.condition === condition && !live.check.ok ? live.check.problems : [];
  const problems =
    saved.length > 0 &&
    save.variables?.body.watch?.kind === 'metric' &&
    save.variables.body.watch.condition === condition.trim()
      ? saved
      : liveProblems;
  const local = {
    name: !name.trim() ? 'Name the alert, e.g. “CPA too high”.' : server.name,
    condition: kind === 'metric' && !condition.trim() ? 'Write the condition.' : undefined,
    scope:
      level !== 'advertiser' && !scopeId
        ? `Pick the ${level === 'campaign' ? 'campaign' : 'ad group'}.`
        : server.scope,
    channels:
      !toMe && addresses.length === 0 && !webhook.trim() && (rule?.channels.members.length ?? 0) === 0
        ? 'Tell someone: yourself, an address or a webhook.'
        : badAddress
          ? `“${badAddress}” is not an e-mail address; write it as name@example.com.`
          : server.channels,
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (local.name && !server.name) return;
    if (
      local.condition ||
      (local.scope && !server.scope) ||
      (local.channels && local.channels !== server.channels)
    )
      return;
    const otherMembers = (rule?.channels.members ?? [])
      .map((m) => m.user_id)
      .filter((id) => id !== user.user_id);
    const body: AlertRuleCreate = {
      name: name.trim(),
      scope: { level, id: level === 'advertiser' ? null : scopeId },
      watch:
        kind === 'metric'
          ? { kind, condition: condition.trim(), window_days: windowDays }
          : { kind, codes: [], min_severity: severity },
      channels: {
        members: toMe ? [...otherMembers, user.user_id] : otherMembers,
        emails: addresses,
        webhook_url: webhook.trim() || null,
      },
      cooldown_hours: cooldown,
    };
    save.mutate({ ...(rule ? { id: rule.alert_id } : {}), body }, { onSuccess: onClose });
  };

  const show = (message: string | undefined) =>
    touched && message ? (
      <span className="field-error" role="alert">
        {message}
      </span>
    ) : null;

  return (
    <Modal title={rule ? 'Edit alert' : 'New alert'} onClose={onClose} testId="alert-form" wide>
      <form className="rp-modal-body sc-form" onSubmit={submit} noValidate>
        <div className="form-field">
          <label htmlFor={`${formId}-name`}>Name</label>
          <input
            id={`${formId}-name`}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            data-testid="alert-name"
          />
          {show(local.name)}
        </div>
        <div className="sc-form-row">
          <div className="form-field">
            <label htmlFor={`${formId}-kind`}>Watches</label>
            <select
              id={`${formId}-kind`}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'metric' | 'insight')}
            >
              <option value="metric">A metric condition</option>
              <option value="insight">New insights</option>
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${formId}-level`}>Where</label>
            <select
              id={`${formId}-level`}
              value={level}
              onChange={(e) => {
                setLevel(e.target.value as Level);
                setScopeId('');
              }}
            >
              <option value="advertiser">The whole account</option>
              <option value="campaign">A campaign</option>
              <option value="adgroup">An ad group</option>
            </select>
          </div>
          {level !== 'advertiser' && (
            <div className="form-field sc-grow">
              <label htmlFor={`${formId}-scope`}>{level === 'campaign' ? 'Campaign' : 'Ad group'}</label>
              <select id={`${formId}-scope`} value={scopeId} onChange={(e) => setScopeId(e.target.value)}>
                <option value="">{choices.isPending ? 'Loading…' : 'Pick one…'}</option>
                {(choices.data?.rows ?? []).map((row) => (
                  <option key={row.id} value={row.id}>
                    {row.name}
                    {row.campaign_name && level === 'adgroup' ? ` — ${row.campaign_name}` : ''}
                  </option>
                ))}
              </select>
              {show(local.scope)}
            </div>
          )}
        </div>

        {kind === 'metric' ? (
          <div className="form-field">
            <label htmlFor={`${formId}-condition`}>Condition</label>
            <FormulaInput
              id={`${formId}-condition`}
              value={condition}
              onChange={setCondition}
              problems={problems}
              metrics={metrics.data?.metrics ?? []}
              describedBy={`${formId}-condition-status`}
            />
            <div id={`${formId}-condition-status`} aria-live="polite">
              {problems.length > 0 ? (
                <ul className="fx-problems" data-testid="alert-condition-problems">
                  {problems.map((p, i) => (
                    <li key={i}>
                      <span className="fx-problem-at">at {p.position + 1}</span> {p.message}
                    </li>
                  ))}
                </ul>
              ) : live?.check.ok && live.condition === condition ? (
                <span className="fx-ok" data-testid="alert-condition-ok">
                  ✓ A sound condition, checked on the totals of the last days below.
                </span>
              ) : (
                <span className="form-note">
                  Metric ids, numbers, comparisons, AND, OR — e.g. cost_per_conversion &gt; 30 AND spend &gt;
                  50. Checked on the totals of the last days below; a metric without a value (CPA with no
                  conversions) does not fire.
                </span>
              )}
              {show(local.condition)}
            </div>
            <label className="sc-inline">
              Over the last
              <input
                type="number"
                min={1}
                max={90}
                value={windowDays}
                onChange={(e) => setWindowDays(Math.max(1, Math.min(90, Number(e.target.value) || 1)))}
                className="sc-number"
              />
              days, today included, checked after each data refresh
            </label>
          </div>
        ) : (
          <div className="form-field">
            <label htmlFor={`${formId}-severity`}>Insights at least</label>
            <select
              id={`${formId}-severity`}
              value={severity}
              onChange={(e) => setSeverity(e.target.value as InsightSeverity)}
            >
              {InsightSeverity.options.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}

        <fieldset className="form-field sc-fieldset">
          <legend>Tell</legend>
          <label className="pill-check">
            <input type="checkbox" checked={toMe} onChange={(e) => setToMe(e.target.checked)} />
            <span>Me ({user.email})</span>
          </label>
          <label htmlFor={`${formId}-emails`} className="sc-sublabel">
            Other addresses
          </label>
          <input
            id={`${formId}-emails`}
            value={emails}
            placeholder="oncall@example.com"
            onChange={(e) => setEmails(e.target.value)}
          />
          <label htmlFor={`${formId}-webhook`} className="sc-sublabel">
            Webhook (Slack-compatible incoming webhook URL)
          </label>
          <input
            id={`${formId}-webhook`}
            value={webhook}
            placeholder="https://hooks.slack.com/services/…"
            onChange={(e) => setWebhook(e.target.value)}
          />
          {show(local.channels)}
        </fieldset>

        <label className="sc-inline">
          After a message, stay quiet for
          <input
            type="number"
            min={0}
            max={720}
            value={cooldown}
            onChange={(e) => setCooldown(Math.max(0, Math.min(720, Number(e.target.value) || 0)))}
            className="sc-number"
          />
          hours, even if it clears and fires again
        </label>

        {save.error && problems.length === 0 && Object.keys(server).length === 0 ? (
          <ErrorBanner title="The alert was not saved." error={save.error} />
        ) : null}
        <div className="rp-modal-actions">
          <span className="rp-shared-note">Shared with everyone who sees this advertiser.</span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending}
            data-testid="alert-save"
          >
            {save.isPending ? 'Saving…' : rule ? 'Save' : 'Create alert'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
