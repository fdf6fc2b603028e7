// Create a custom audience from a customer file: a CSV or TXT of emails and/or phone numbers (or their
// SHA-256 hashes), chosen with the picker or dropped on the form, what the identifiers are, the country of
// phone numbers written without one, and retention. The file is sent as it is; the server normalises and
// hashes it as it reads, and answers with the import report shown here.
import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useRef, useState } from 'react';
import {
  type Audience,
  type CustomerFileIdType,
  MAX_RETENTION_DAYS,
} from '../../../../src/shared/audiences-api.ts';
import { uploadCustomerFile, refreshAudiences, useLookalikeCountries } from '../../api/audiences.ts';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { Field, Radios } from '../../campaigns/fields.tsx';
import { AudienceStatusBadge } from './audience-status.tsx';
import { AudienceNameField, RetentionField } from './form-fields.tsx';
import { AudienceFormShell } from './form-shell.tsx';
import { ImportReport } from './import-report.tsx';

const ACCEPT = '.csv,.txt,text/csv,text/plain';
const ID_TYPE_LABEL: Record<CustomerFileIdType, string> = {
  auto: 'Detect',
  email: 'Emails',
  phone: 'Phone numbers',
};
/** Larger files are refused before sending: a million emails is about 30 MB. */
const MAX_BYTES = 200 * 1024 * 1024;

type Upload =
  | { state: 'idle' }
  | { state: 'sending'; sent: number }
  | { state: 'reading' }
  | { state: 'done'; audience: Audience }
  | { state: 'failed'; error: unknown };

export function CustomerFileForm({
  advertiserId,
  onClose,
  onOpen,
}: {
  advertiserId: string;
  onClose: () => void;
  onOpen: (audience: Audience) => void;
}) {
  const client = useQueryClient();
  const countries = useLookalikeCountries(advertiserId);
  const picker = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [idType, setIdType] = useState<CustomerFileIdType>('auto');
  const [country, setCountry] = useState('');
  const [retention, setRetention] = useState(String(MAX_RETENTION_DAYS));
  const [upload, setUpload] = useState<Upload>({ state: 'idle' });
  const [checked, setChecked] = useState(false);
  const [over, setOver] = useState(false);

  const days = Number(retention);
  const local: Record<string, string> = {};
  if (!name.trim()) local.name = 'Give the audience a name, e.g. “Customers 2025”.';
  if (!file) local.file = 'Choose a .csv or .txt file, or drop one here.';
  else if (!/\.(csv|txt)$/i.test(file.name))
    local.file = `${file.name} is not a .csv or .txt file: TikTok takes customer files as CSV or TXT.`;
  else if (file.size > MAX_BYTES) local.file = `${file.name} is larger than 200 MB: split it into parts.`;
  if (country && !/^[A-Za-z]{2}$/.test(country))
    local.default_country = 'A two-letter country code such as NL, or nothing.';
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
    local.retention_days = `A whole number of days from 1 to ${MAX_RETENTION_DAYS}.`;
  const server = upload.state === 'failed' ? fieldErrors(upload.error) : {};
  const error = (field: string) => (checked ? local[field] : undefined) ?? server[field];
  const shownFields = ['name', 'file', 'file_name', 'id_type', 'default_country', 'retention_days'];
  const problems =
    upload.state === 'failed'
      ? [
          (upload.error as Error).message,
          ...Object.entries(server)
            .filter(([f, m]) => !shownFields.includes(f) && !(upload.error as Error).message.includes(m))
            .map(([, m]) => m),
        ]
      : [];

  const choose = (files: FileList | File[] | null) => {
    const first = files ? [...files][0] : undefined;
    if (!first) return;
    setFile(first);
    setUpload({ state: 'idle' });
    if (!name.trim()) setName(first.name.replace(/\.(csv|txt)$/i, ''));
  };

  const submit = () => {
    setChecked(true);
    if (Object.keys(local).length > 0 || !file) return;
    setUpload({ state: 'sending', sent: 0 });
    uploadCustomerFile(
      client,
      advertiserId,
      file,
      {
        name: name.trim(),
        id_type: idType,
        default_country: country ? country.toUpperCase() : undefined,
        retention_days: days,
      },
      (sent) => setUpload(sent >= 1 ? { state: 'reading' } : { state: 'sending', sent }),
    )
      .then(async (audience) => {
        setUpload({ state: 'done', audience });
        await refreshAudiences(client, advertiserId);
      })
      .catch((e: unknown) =>
        setUpload({ state: 'failed', error: e instanceof Error ? e : new ApiError(String(e), 0, 'unknown') }),
      );
  };
  const busy = upload.state === 'sending' || upload.state === 'reading';
  const done = upload.state === 'done' ? upload.audience : null;

  return (
    <AudienceFormShell
      title="New audience from a customer file"
      subtitle="Emails and phone numbers of your customers; TikTok finds the people among its users."
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Upload and import"
      pending={busy}
      problems={problems}
      testId="customer-file-form"
      footer={
        done ? (
          <>
            <button
              type="button"
              className="button"
              onClick={() => {
                setFile(null);
                setName('');
                setChecked(false);
                setUpload({ state: 'idle' });
              }}
            >
              Import another file
            </button>
            <button type="button" className="button button-primary" onClick={() => onOpen(done)}>
              Open the audience
            </button>
          </>
        ) : undefined
      }
    >
      {done ? (
        <div className="au-done" data-testid="import-done">
          <p className="au-done-title">
            “{done.name}” was created · <AudienceStatusBadge audience={done} />
          </p>
          <ImportReport
            report={done.customer_file!}
            matchedSize={done.matched_size}
            sizeBasis={done.size_basis}
          />
        </div>
      ) : (
        <>
          <AudienceNameField value={name} onChange={setName} error={error('name')} />
          <Field
            label="File"
            name="file"
            error={error('file') ?? error('file_name')}
            hint="CSV or TXT: one value a line, or columns email, phone, email_sha256, phone_sha256."
          >
            {(fid, described) => (
              <div
                className={over ? 'au-file au-file-over' : 'au-file'}
                data-testid="file-drop"
                onDragEnter={(e: DragEvent) => {
                  if (!e.dataTransfer.types.includes('Files')) return;
                  e.preventDefault();
                  setOver(true);
                }}
                onDragOver={(e: DragEvent) => {
                  if (e.dataTransfer.types.includes('Files')) e.preventDefault();
                }}
                onDragLeave={() => setOver(false)}
                onDrop={(e: DragEvent) => {
                  e.preventDefault();
                  setOver(false);
                  choose(e.dataTransfer.files);
                }}
              >
                <input
                  ref={picker}
                  id={fid}
                  type="file"
                  accept={ACCEPT}
                  hidden
                  data-testid="customer-file-input"
                  onChange={(e) => {
                    choose(e.target.files);
                    e.target.value = '';
                  }}
                />
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => picker.current?.click()}
                  aria-describedby={described}
                  disabled={busy}
                >
                  Choose file…
                </button>
                {file ? (
                  <span className="au-file-name" data-testid="chosen-file">
                    {file.name} · {(file.size / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })}{' '}
                    KB
                  </span>
                ) : (
                  <span className="au-file-hint">or drop it here</span>
                )}
              </div>
            )}
          </Field>
          {upload.state === 'sending' && (
            <progress className="au-progress" max={1} value={upload.sent} aria-label="Uploading the file" />
          )}
          {upload.state === 'reading' && (
            <p className="cr-note" role="status">
              Reading, normalising and hashing the file…
            </p>
          )}
          <Field label="Identifiers" name="id_type" error={error('id_type')} group hint={idTypeHint(idType)}>
            {() => (
              <Radios
                name="id_type"
                options={['auto', 'email', 'phone'] as const}
                value={idType}
                onChange={setIdType}
                labels={ID_TYPE_LABEL}
              />
            )}
          </Field>
          <div className="field-row">
            <Field
              label="Country of phone numbers"
              name="default_country"
              error={error('default_country')}
              hint="For numbers written without +country code. Empty: such numbers are refused."
            >
              {(fid, described) => (
                <>
                  <input
                    id={fid}
                    value={country}
                    maxLength={2}
                    placeholder="e.g. NL"
                    list={`${fid}-countries`}
                    onChange={(e) => setCountry(e.target.value.toUpperCase())}
                    aria-describedby={described}
                    aria-invalid={error('default_country') ? true : undefined}
                  />
                  <datalist id={`${fid}-countries`}>
                    {countries.data?.countries.map((c) => (
                      <option key={c.country} value={c.country} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <RetentionField
              value={retention}
              onChange={setRetention}
              error={error('retention_days')}
              hint="How long people stay in it, 1–365."
            />
          </div>
          <p className="au-privacy">
            The file goes to this Adcockpit server only. Each email and phone number is normalised and hashed
            (SHA-256) as it is read; only the hashes are stored, never the plain values.
          </p>
        </>
      )}
    </AudienceFormShell>
  );
}

function idTypeHint(type: CustomerFileIdType): string {
  if (type === 'email') return 'Every value is an email address (or its SHA-256 hash).';
  if (type === 'phone') return 'Every value is a phone number (or its SHA-256 hash).';
  return 'By the header row, or value by value: @ is an email, digits a phone, 64 hex characters a hash.';
}
