// Templates: open a saved report (the built-in ones first), and save, save as, rename, duplicate or delete
// the one on screen. Templates are the advertiser's, shared by its team.
import { useRef, useState, type FormEvent } from 'react';
import type { ReportDefinition, ReportTemplate } from '../../../src/shared/reports-api.ts';
import { fieldErrors } from '../api/client.ts';
import { downloadTemplateFile, useImportTemplate, useTemplateAction } from '../api/reports.ts';
import { ErrorBanner } from '../components/feedback.tsx';
import { TextField } from '../components/form.tsx';
import { Popover } from '../components/popover.tsx';
import { Modal } from './modal.tsx';

type NameDialog = { kind: 'save_as' | 'rename' | 'duplicate'; initial: string } | { kind: 'delete' } | null;

interface Props {
  advertiserId: string;
  templates: readonly ReportTemplate[] | undefined;
  current: ReportTemplate | undefined;
  modified: boolean;
  canWrite: boolean;
  definition: ReportDefinition;
  onOpen: (template: ReportTemplate) => void;
  onSaved: (template: ReportTemplate) => void;
  onDeleted: () => void;
}

export function TemplateMenu(props: Props) {
  const { advertiserId, templates, current, modified, canWrite, definition, onOpen, onSaved, onDeleted } =
    props;
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<NameDialog>(null);
  const action = useTemplateAction(advertiserId);
  const importing = useImportTemplate(advertiserId);
  const [fileError, setFileError] = useState<unknown>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = (label: string, fn: () => void) => (
    <button
      type="button"
      className="menu-item"
      data-action={label}
      onClick={() => {
        setOpen(false);
        action.reset();
        importing.reset();
        setFileError(null);
        fn();
      }}
    >
      {label}
    </button>
  );

  const save = () =>
    current &&
    action.mutate(
      { kind: 'update', templateId: current.template_id, body: { definition } },
      { onSuccess: (t) => t && onSaved(t) },
    );

  const builtin = templates?.filter((t) => t.builtin) ?? [];
  const own = templates?.filter((t) => !t.builtin) ?? [];
  return (
    <>
      <Popover
        open={open}
        onOpenChange={setOpen}
        align="right"
        label="Templates"
        className="rp-template-menu"
        trigger={(p) => (
          <button type="button" className="button" data-testid="template-menu" aria-haspopup="dialog" {...p}>
            Templates ▾
          </button>
        )}
      >
        <div className="rp-menu-section" data-testid="template-list">
          <div className="rp-menu-title">Open</div>
          {templates === undefined && <div className="rp-menu-note">Loading…</div>}
          {templates?.length === 0 && <div className="rp-menu-note">No templates yet.</div>}
          {[...builtin, ...own].map((t) => (
            <button
              key={t.template_id}
              type="button"
              className={
                t.template_id === current?.template_id ? 'menu-item menu-item-selected' : 'menu-item'
              }
              data-template={t.name}
              onClick={() => {
                setOpen(false);
                onOpen(t);
              }}
            >
              <span className="ellipsis">{t.name}</span>
              {t.builtin && <span className="badge">Built-in</span>}
            </button>
          ))}
        </div>
        {canWrite && (
          <div className="rp-menu-section">
            <div className="rp-menu-title">This report</div>
            {current && modified && run('Save', save)}
            {run('Save as…', () =>
              setDialog({ kind: 'save_as', initial: current ? `${current.name} (edited)` : '' }),
            )}
            {current && run('Rename…', () => setDialog({ kind: 'rename', initial: current.name }))}
            {current &&
              run('Duplicate…', () => setDialog({ kind: 'duplicate', initial: `Copy of ${current.name}` }))}
            {current && run('Delete…', () => setDialog({ kind: 'delete' }))}
          </div>
        )}
        {(current || canWrite) && (
          <div className="rp-menu-section">
            <div className="rp-menu-title">Files</div>
            {current &&
              run('Download as file', () =>
                downloadTemplateFile(advertiserId, current).catch((failure: unknown) =>
                  setFileError(failure),
                ),
              )}
            {canWrite && run('Import from file…', () => fileInput.current?.click())}
          </div>
        )}
      </Popover>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="template-import-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) importing.mutate(file, { onSuccess: (answer) => onOpen(answer.template) });
        }}
      />
      {importing.error || fileError ? (
        <div className="rp-inline-error">
          <ErrorBanner
            title={
              importing.error ? 'The template was not imported.' : 'The template file could not be made.'
            }
            error={importing.error ?? fileError}
          />
        </div>
      ) : null}
      {action.error && !dialog ? (
        <div className="rp-inline-error">
          <ErrorBanner title="The template was not changed." error={action.error} />
        </div>
      ) : null}
      {dialog?.kind === 'delete' && current && (
        <Modal title={`Delete “${current.name}”?`} onClose={() => setDialog(null)} testId="template-dialog">
          <div className="rp-modal-body">
            <p>The template is removed for everyone on the team. The report on screen stays as it is.</p>
            {action.error ? <ErrorBanner title="The template was not deleted." error={action.error} /> : null}
            <div className="rp-modal-actions">
              <button type="button" className="button" onClick={() => setDialog(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-danger"
                data-testid="template-delete-confirm"
                disabled={action.isPending}
                onClick={() =>
                  action.mutate(
                    { kind: 'delete', templateId: current.template_id },
                    {
                      onSuccess: () => {
                        setDialog(null);
                        onDeleted();
                      },
                    },
                  )
                }
              >
                Delete template
              </button>
            </div>
          </div>
        </Modal>
      )}
      {dialog && dialog.kind !== 'delete' && (
        <NameForm
          dialog={dialog}
          pending={action.isPending}
          error={action.error}
          onClose={() => {
            setDialog(null);
            action.reset();
          }}
          onSubmit={(name) => {
            const done = {
              onSuccess: (t: ReportTemplate | null) => {
                setDialog(null);
                if (t) onSaved(t);
              },
            };
            if (dialog.kind === 'save_as')
              action.mutate({ kind: 'create', body: { name, definition } }, done);
            else if (dialog.kind === 'rename' && current)
              action.mutate({ kind: 'update', templateId: current.template_id, body: { name } }, done);
            else if (dialog.kind === 'duplicate' && current)
              action.mutate({ kind: 'duplicate', templateId: current.template_id, name }, done);
          }}
        />
      )}
    </>
  );
}

const DIALOG_TEXT = {
  save_as: { title: 'Save report as a template', button: 'Save template' },
  rename: { title: 'Rename template', button: 'Rename' },
  duplicate: { title: 'Duplicate template', button: 'Duplicate' },
};

function NameForm({
  dialog,
  pending,
  error,
  onClose,
  onSubmit,
}: {
  dialog: { kind: 'save_as' | 'rename' | 'duplicate'; initial: string };
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (name: string) => void;
}) {
  const [name, setName] = useState(dialog.initial);
  const [missing, setMissing] = useState(false);
  const text = DIALOG_TEXT[dialog.kind];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setMissing(true);
    onSubmit(name.trim());
  };
  const nameError = missing ? 'Give the template a name.' : fieldErrors(error).name;
  return (
    <Modal title={text.title} onClose={onClose} testId="template-dialog">
      <form className="rp-modal-body" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          name="template_name"
          value={name}
          onValue={(v) => {
            setName(v);
            setMissing(false);
          }}
          error={nameError}
          hint="Everyone on the advertiser’s team sees this template."
          maxLength={100}
          autoComplete="off"
        />
        {error && !nameError ? <ErrorBanner title="The template was not saved." error={error} /> : null}
        <div className="rp-modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="template-name-submit"
            disabled={pending}
          >
            {pending ? 'Saving…' : text.button}
          </button>
        </div>
      </form>
    </Modal>
  );
}
