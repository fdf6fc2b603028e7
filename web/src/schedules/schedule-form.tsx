// A schedule's form: which saved report, when (daily, chosen weekdays, or a day of the month; a time on
// the advertiser's clock), which days the report covers, who gets it (team members and any addresses, no
// limit) and which files are attached. Addresses are checked as they are typed; the server checks again
// and its answer is shown at the field it names.
import { type FormEvent, useId, useMemo, useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type {
  AttachFormat,
  Recurrence,
  RelativeRange,
  Schedule,
  ScheduleCreate,
} from '../../../src/shared/schedules-api.ts';
import { useUsers } from '../api/accounts.ts';
import { fieldErrors } from '../api/client.ts';
import { useTemplates } from '../api/reports.ts';
import { useSaveSchedule } from '../api/schedules.ts';
import { useSession } from '../app/session.tsx';
import { ErrorBanner } from '../components/feedback.tsx';
import { canManageMembers } from '../lib/roles.ts';
import { Modal } from '../reporting/modal.tsx';
import { RANGE_LABEL, WEEKDAYS, looksLikeEmail, ordinal, splitAddresses } from './schedule-words.ts';

interface Props {
  advertiser: AdvertiserInfo;
  schedule: Schedule | null;
  onClose: () => void;
}

type Every = Recurrence['every'];

export function ScheduleForm({ advertiser, schedule, onClose }: Props) {
  const formId = useId();
  const { user } = useSession();
  const templates = useTemplates(advertiser.advertiser_id);
  const users = useUsers(canManageMembers(user));
  const save = useSaveSchedule(advertiser.advertiser_id);

  const [templateId, setTemplateId] = useState(schedule?.template_id ?? '');
  const [every, setEvery] = useState<Every>(schedule?.recurrence.every ?? 'weekly');
  const [weekdays, setWeekdays] = useState<number[]>(
    schedule?.recurrence.every === 'weekly' ? schedule.recurrence.weekdays : [1],
  );
  const [day, setDay] = useState<number | 'last'>(
    schedule?.recurrence.every === 'monthly' ? schedule.recurrence.day : 1,
  );
  const [at, setAt] = useState(schedule?.at ?? '08:00');
  const [range, setRange] = useState<RelativeRange>(schedule?.range ?? 'last_7_days');
  const [members, setMembers] = useState<string[]>(
    schedule ? schedule.recipients.members.map((m) => m.user_id) : [user.user_id],
  );
  const [emails, setEmails] = useState((schedule?.recipients.emails ?? []).join(', '));
  const [attach, setAttach] = useState<AttachFormat[]>(schedule?.attach ?? ['xlsx']);
  const [touched, setTouched] = useState(false);

  // Those who can be picked: every active member when the list may be read, else oneself (and whoever
  // the schedule already names).
  const people = useMemo(() => {
    const known = new Map<string, { user_id: string; name: string; email: string }>();
    for (const u of users.data?.users ?? []) if (!u.disabled) known.set(u.user_id, u);
    if (!known.has(user.user_id)) known.set(user.user_id, user);
    for (const m of schedule?.recipients.members ?? []) if (!known.has(m.user_id)) known.set(m.user_id, m);
    return [...known.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [users.data, user, schedule]);

  const addresses = splitAddresses(emails);
  const badAddress = addresses.find((a) => !looksLikeEmail(a));
  const server = fieldErrors(save.error);
  const templateList = templates.data?.templates ?? [];

  const problems = {
    template: !templateId ? 'Pick the report to send.' : server.template_id,
    weekdays: every === 'weekly' && weekdays.length === 0 ? 'Pick at least one weekday.' : undefined,
    recipients:
      members.length + addresses.length === 0
        ? 'Add at least one recipient: a team member or an address.'
        : badAddress
          ? `“${badAddress}” is not an e-mail address; write it as name@example.com.`
          : server.recipients,
    at: server.at,
  };
  const blocking =
    problems.template ||
    problems.weekdays ||
    (problems.recipients && problems.recipients !== server.recipients);

  const recurrence = (): Recurrence =>
    every === 'daily'
      ? { every }
      : every === 'weekly'
        ? { every, weekdays: [...weekdays].sort((a, b) => a - b) }
        : { every, day };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (blocking) return;
    const body: ScheduleCreate = {
      template_id: templateId,
      recurrence: recurrence(),
      at,
      range,
      recipients: { members, emails: addresses },
      attach,
    };
    save.mutate({ ...(schedule ? { id: schedule.schedule_id } : {}), body }, { onSuccess: onClose });
  };

  const show = (message: string | undefined) =>
    touched && message ? (
      <span className="field-error" role="alert">
        {message}
      </span>
    ) : null;

  return (
    <Modal title={schedule ? 'Edit schedule' : 'New schedule'} onClose={onClose} testId="schedule-form" wide>
      <form className="rp-modal-body sc-form" onSubmit={submit} noValidate>
        <div className="form-field">
          <label htmlFor={`${formId}-template`}>Report</label>
          <select
            id={`${formId}-template`}
            value={templateId}
            onChange={(e) => setTemplateId(e.target.value)}
            data-testid="schedule-template"
          >
            <option value="">{templates.isPending ? 'Loading templates…' : 'Pick a saved report…'}</option>
            {templateList.map((t) => (
              <option key={t.template_id} value={t.template_id}>
                {t.name}
              </option>
            ))}
          </select>
          {templates.data && templateList.length === 0 && (
            <span className="form-note">Save a report as a template in the Report builder first.</span>
          )}
          {show(problems.template)}
        </div>

        <div className="sc-form-row">
          <div className="form-field">
            <label htmlFor={`${formId}-every`}>Sends</label>
            <select
              id={`${formId}-every`}
              value={every}
              onChange={(e) => setEvery(e.target.value as Every)}
              data-testid="schedule-every"
            >
              <option value="daily">Every day</option>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </select>
          </div>
          {every === 'monthly' && (
            <div className="form-field">
              <label htmlFor={`${formId}-day`}>On</label>
              <select
                id={`${formId}-day`}
                value={String(day)}
                onChange={(e) => setDay(e.target.value === 'last' ? 'last' : Number(e.target.value))}
                data-testid="schedule-day"
              >
                {Array.from({ length: 31 }, (_, i) => i + 1).map((d) => (
                  <option key={d} value={d}>
                    the {ordinal(d)}
                  </option>
                ))}
                <option value="last">the last day</option>
              </select>
            </div>
          )}
          <div className="form-field">
            <label htmlFor={`${formId}-at`}>At ({advertiser.timezone})</label>
            <input
              id={`${formId}-at`}
              type="time"
              required
              value={at}
              onChange={(e) => setAt(e.target.value)}
              data-testid="schedule-at"
            />
            {show(problems.at)}
          </div>
          <div className="form-field">
            <label htmlFor={`${formId}-range`}>Covering</label>
            <select
              id={`${formId}-range`}
              value={range}
              onChange={(e) => setRange(e.target.value as RelativeRange)}
              data-testid="schedule-range"
            >
              {(Object.keys(RANGE_LABEL) as RelativeRange[]).map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABEL[r]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {every === 'monthly' && typeof day === 'number' && day > 28 && (
          <span className="form-note">In months without the {ordinal(day)}, it is sent on the last day.</span>
        )}

        {every === 'weekly' && (
          <fieldset className="form-field sc-fieldset">
            <legend>On</legend>
            <div className="sc-checks">
              {WEEKDAYS.map((d) => (
                <label key={d.iso} className="pill-check">
                  <input
                    type="checkbox"
                    checked={weekdays.includes(d.iso)}
                    onChange={(e) =>
                      setWeekdays((now) =>
                        e.target.checked ? [...now, d.iso] : now.filter((x) => x !== d.iso),
                      )
                    }
                    data-testid={`schedule-weekday-${d.iso}`}
                  />
                  <span title={d.name}>{d.short}</span>
                </label>
              ))}
            </div>
            {show(problems.weekdays)}
          </fieldset>
        )}

        <fieldset className="form-field sc-fieldset">
          <legend>Recipients</legend>
          <div className="sc-checks sc-people">
            {people.map((p) => (
              <label key={p.user_id} className="pill-check" title={p.email}>
                <input
                  type="checkbox"
                  checked={members.includes(p.user_id)}
                  onChange={(e) =>
                    setMembers((now) =>
                      e.target.checked ? [...now, p.user_id] : now.filter((x) => x !== p.user_id),
                    )
                  }
                />
                <span>
                  {p.name}
                  {p.user_id === user.user_id ? ' (you)' : ''}
                </span>
              </label>
            ))}
          </div>
          <label htmlFor={`${formId}-emails`} className="sc-sublabel">
            Other addresses — clients and anyone without an account; they get a link to unsubscribe
          </label>
          <textarea
            id={`${formId}-emails`}
            rows={2}
            value={emails}
            placeholder="client@example.com, boss@example.com"
            onChange={(e) => setEmails(e.target.value)}
            onBlur={() => setTouched(true)}
            data-testid="schedule-emails"
          />
          {show(problems.recipients)}
        </fieldset>

        <fieldset className="form-field sc-fieldset">
          <legend>Attach the full report</legend>
          <div className="sc-checks">
            {(['xlsx', 'csv'] as const).map((format) => (
              <label key={format} className="pill-check">
                <input
                  type="checkbox"
                  checked={attach.includes(format)}
                  onChange={(e) =>
                    setAttach((now) =>
                      e.target.checked ? [...now, format] : now.filter((x) => x !== format),
                    )
                  }
                  data-testid={`schedule-attach-${format}`}
                />
                <span>{format === 'xlsx' ? 'Excel (XLSX)' : 'CSV'}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {save.error && Object.keys(server).length === 0 ? (
          <ErrorBanner title="The schedule was not saved." error={save.error} />
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
            data-testid="schedule-save"
          >
            {save.isPending ? 'Saving…' : schedule ? 'Save' : 'Create schedule'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
