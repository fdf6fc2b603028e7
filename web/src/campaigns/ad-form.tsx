// Create or edit an ad: its ad group, name, format, creative from the library, text (1–100 characters),
// call to action and landing page, with a preview in a phone frame beside the form. Changing what people
// see sends the ad back to review, as on TikTok; the form says so.
import { useState } from 'react';
import type { z } from 'zod';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { AdFormat, CallToAction } from '../../../src/core/enums.ts';
import type { AdCreate, AdFields, AdUpdate, CreativeInfo } from '../../../src/shared/campaigns-api.ts';
import { useCreateAd, useCreatives, useEntity, useParentOptions, useUpdateEntity } from '../api/campaigns.ts';
import { CreativeBackdrop } from '../assets/creatives/creative-backdrop.tsx';
import { UploadCreativeButton } from '../assets/creatives/upload-in-form.tsx';
import { fieldErrors } from '../api/client.ts';
import type { DateRange } from '../lib/date-range.ts';
import type { Saved } from './campaign-form.tsx';
import { Field } from './fields.tsx';
import { CTA_LABEL, FORMAT_LABEL } from './labels.ts';
import { CREATE_ONLY, FormSection, SidePanel } from './side-panel.tsx';

const MAX_TEXT = 100;
type Creative = z.infer<typeof CreativeInfo>;

interface Props {
  advertiser: AdvertiserInfo;
  range: DateRange;
  id: string | undefined;
  parent: string | undefined;
  onClose: () => void;
  onSaved: (saved: Saved) => void;
}

export function AdForm(props: Props) {
  const existing = useEntity(props.advertiser.advertiser_id, 'ads', props.id);
  if (props.id && !existing.data) {
    return (
      <SidePanel
        kind="ad"
        mode="edit"
        title="Edit ad"
        onClose={props.onClose}
        onSubmit={() => undefined}
        submitLabel="Save"
        pending={false}
        error={existing.error}
        fields={[]}
        loading
        wide
      >
        <p className="cell-muted">{existing.error ? 'The ad could not be loaded.' : 'Loading…'}</p>
      </SidePanel>
    );
  }
  return <AdFormBody key={existing.data?.ad_id ?? 'new'} {...props} existing={existing.data} />;
}

function AdFormBody({
  advertiser,
  range,
  parent,
  existing,
  onClose,
  onSaved,
}: Props & { existing: AdFields | undefined }) {
  const aid = advertiser.advertiser_id;
  const editing = !!existing;
  const adgroups = useParentOptions(aid, 'adgroups', range);
  const creatives = useCreatives(aid);
  const create = useCreateAd(aid);
  const update = useUpdateEntity(aid);
  const mutation = editing ? update : create;
  const errors = fieldErrors(mutation.error);

  const [adgroupId, setAdgroupId] = useState(existing?.adgroup_id ?? parent ?? '');
  const [name, setName] = useState(existing?.ad_name ?? '');
  const [format, setFormat] = useState<AdFormat>(existing?.ad_format ?? 'SINGLE_VIDEO');
  const [creativeId, setCreativeId] = useState(existing?.creative_id ?? '');
  const [text, setText] = useState(existing?.ad_text ?? '');
  const [cta, setCta] = useState<CallToAction>(existing?.call_to_action ?? 'SHOP_NOW');
  const [url, setUrl] = useState(existing?.landing_page_url ?? '');

  const kind = format === 'SINGLE_IMAGE' ? 'image' : 'video';
  const library = creatives.data?.creatives ?? [];
  const choices = library.filter((c) => c.kind === kind || c.creative_id === creativeId);
  const creative = library.find((c) => c.creative_id === creativeId);
  const adgroupRow = adgroups.data?.rows.find((r) => r.id === adgroupId);

  const submit = () => {
    if (existing) {
      const change: AdUpdate = {};
      if (name.trim() !== existing.ad_name) change.ad_name = name.trim();
      if (text !== existing.ad_text) change.ad_text = text;
      if (cta !== existing.call_to_action) change.call_to_action = cta;
      if (url !== existing.landing_page_url) change.landing_page_url = url;
      if (creativeId !== existing.creative_id) change.creative_id = creativeId;
      update.mutate(
        { level: 'ads', id: existing.ad_id, change },
        {
          onSuccess: () =>
            onSaved({
              kind: 'ad',
              id: existing.ad_id,
              name: name.trim() || existing.ad_name,
              created: false,
              campaignId: existing.campaign_id,
              adgroupId: existing.adgroup_id,
            }),
        },
      );
      return;
    }
    const body: Partial<AdCreate> = {
      adgroup_id: adgroupId,
      ad_name: name.trim(),
      ad_format: format,
      ad_text: text,
      call_to_action: cta,
      landing_page_url: url.trim(),
      creative_id: creativeId,
    };
    create.mutate(body, {
      onSuccess: (saved) =>
        onSaved({
          kind: 'ad',
          id: saved.ad_id,
          name: saved.ad_name,
          created: true,
          campaignId: saved.campaign_id,
          adgroupId: saved.adgroup_id,
        }),
    });
  };

  const changesReview =
    editing &&
    (text !== existing.ad_text ||
      url !== existing.landing_page_url ||
      creativeId !== existing.creative_id ||
      cta !== existing.call_to_action);
  const length = [...text].length;

  return (
    <SidePanel
      kind="ad"
      mode={editing ? 'edit' : 'create'}
      title={editing ? 'Edit ad' : 'New ad'}
      subtitle={
        editing ? existing.ad_name : 'What people see: the creative, the text and where the button leads.'
      }
      onClose={onClose}
      onSubmit={submit}
      submitLabel={editing ? 'Save' : 'Create ad'}
      pending={mutation.isPending}
      error={mutation.error}
      fields={[
        'adgroup_id',
        'ad_name',
        'ad_format',
        'creative_id',
        'ad_text',
        'call_to_action',
        'landing_page_url',
      ]}
      aside={
        <PhonePreview
          creative={creative}
          text={text}
          cta={cta}
          url={url}
          advertiser={advertiser.name}
          advertiserId={aid}
        />
      }
      wide
    >
      <FormSection title="Ad">
        <Field
          label="Ad group"
          name="adgroup_id"
          error={errors.adgroup_id}
          hint={editing ? CREATE_ONLY : undefined}
        >
          {(fid, described) => (
            <select
              id={fid}
              name="adgroup_id"
              value={adgroupId}
              disabled={editing}
              onChange={(e) => setAdgroupId(e.target.value)}
              aria-describedby={described}
              aria-invalid={errors.adgroup_id ? true : undefined}
            >
              <option value="">Choose an ad group…</option>
              {adgroups.data?.rows.map((row) => (
                <option key={row.id} value={row.id}>
                  {row.campaign_name ? `${row.campaign_name} › ` : ''}
                  {row.name}
                </option>
              ))}
              {editing && !adgroupRow && <option value={existing.adgroup_id}>{existing.adgroup_id}</option>}
            </select>
          )}
        </Field>
        <Field
          label="Ad name"
          name="ad_name"
          error={errors.ad_name}
          hint="Only you see it, in Adcockpit and Ads Manager."
        >
          {(fid, described) => (
            <input
              id={fid}
              name="ad_name"
              value={name}
              maxLength={512}
              onChange={(e) => setName(e.target.value)}
              aria-describedby={described}
              aria-invalid={errors.ad_name ? true : undefined}
              autoComplete="off"
            />
          )}
        </Field>
      </FormSection>
      <FormSection
        title="Creative"
        note={
          changesReview
            ? 'Saving sends the ad back to review: it stops delivering until it is approved again.'
            : undefined
        }
      >
        <div className="field-row">
          <Field
            label="Format"
            name="ad_format"
            error={errors.ad_format}
            hint={editing ? CREATE_ONLY : undefined}
          >
            {(fid, described) => (
              <select
                id={fid}
                name="ad_format"
                value={format}
                disabled={editing}
                onChange={(e) => {
                  setFormat(e.target.value as AdFormat);
                  setCreativeId('');
                }}
                aria-describedby={described}
              >
                {AdFormat.options.map((f) => (
                  <option key={f} value={f}>
                    {FORMAT_LABEL[f]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Creative"
            name="creative_id"
            error={errors.creative_id}
            hint={
              creatives.isPending
                ? 'Loading the library…'
                : choices.length === 0
                  ? `No ${kind}s in the library.`
                  : `${choices.length} ${kind}s in the library.`
            }
          >
            {(fid, described) => (
              <select
                id={fid}
                name="creative_id"
                value={creativeId}
                onChange={(e) => setCreativeId(e.target.value)}
                aria-describedby={described}
                aria-invalid={errors.creative_id ? true : undefined}
                data-testid="creative-select"
              >
                <option value="">Choose a {kind}…</option>
                {choices.map((c) => (
                  <option key={c.creative_id} value={c.creative_id}>
                    {c.file_name}
                    {c.duration_s ? ` · ${c.duration_s} s` : ''} · {c.width}×{c.height}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <UploadCreativeButton
          advertiserId={aid}
          onAdded={(added) => {
            setFormat(added.kind === 'video' ? 'SINGLE_VIDEO' : 'SINGLE_IMAGE');
            setCreativeId(added.creative_id);
          }}
        />
        <Field
          label="Text"
          name="ad_text"
          error={errors.ad_text}
          hint={
            <span
              className={length > MAX_TEXT ? 'text-count text-count-over' : 'text-count'}
              data-testid="text-count"
            >
              {length} / {MAX_TEXT} characters
            </span>
          }
        >
          {(fid, described) => (
            <textarea
              id={fid}
              name="ad_text"
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={described}
              aria-invalid={errors.ad_text || length > MAX_TEXT ? true : undefined}
            />
          )}
        </Field>
        <div className="field-row">
          <Field label="Call to action" name="call_to_action" error={errors.call_to_action}>
            {(fid, described) => (
              <select
                id={fid}
                name="call_to_action"
                value={cta}
                onChange={(e) => setCta(e.target.value as CallToAction)}
                aria-describedby={described}
              >
                {CallToAction.options.map((c) => (
                  <option key={c} value={c}>
                    {CTA_LABEL[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Landing page URL"
            name="landing_page_url"
            error={errors.landing_page_url}
            hint="Where the button leads, https://…"
          >
            {(fid, described) => (
              <input
                id={fid}
                name="landing_page_url"
                type="url"
                value={url}
                placeholder="https://"
                onChange={(e) => setUrl(e.target.value)}
                aria-describedby={described}
                aria-invalid={errors.landing_page_url ? true : undefined}
              />
            )}
          </Field>
        </div>
        {editing && (
          <p className="form-section-note">
            {reviewText(existing)} Changing the text, call to action, link or creative sends it back to
            review.
          </p>
        )}
      </FormSection>
    </SidePanel>
  );
}

function reviewText(ad: AdFields): string {
  if (ad.review_status === 'SUCCEED') return 'Review: approved.';
  if (ad.review_status === 'FAIL')
    return `Review: rejected${ad.reject_reason ? ` (${ad.reject_reason})` : ''}.`;
  return 'Review: in review.';
}

/** The ad as it would look in the feed: the creative's file and kind, the text, the button. */
function PhonePreview({
  creative,
  text,
  cta,
  url,
  advertiser,
  advertiserId,
}: {
  creative: Creative | undefined;
  text: string;
  cta: CallToAction;
  url: string;
  advertiser: string;
  advertiserId: string;
}) {
  let host: string;
  try {
    host = url ? new URL(url).host : '';
  } catch {
    host = '';
  }
  return (
    <figure className="phone-wrap" data-testid="ad-preview">
      <div className="phone">
        <div className="phone-notch" aria-hidden="true" />
        <div className={`phone-screen ${creative ? `phone-${creative.kind}` : 'phone-empty'}`}>
          {creative && <CreativeBackdrop advertiserId={advertiserId} creativeId={creative.creative_id} />}
          <div className="phone-media">
            {creative ? (
              <>
                <span className="phone-kind">
                  {creative.kind === 'video' ? '▶ Video' : '▣ Image'}
                  {creative.duration_s ? ` · ${creative.duration_s} s` : ''}
                </span>
                <span className="phone-file" data-testid="preview-file">
                  {creative.file_name}
                </span>
                <span className="phone-size">
                  {creative.width}×{creative.height}
                </span>
              </>
            ) : (
              <span className="phone-file">Choose a creative</span>
            )}
          </div>
          <div className="phone-rail" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="22" height="22">
              <path
                d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z"
                fill="currentColor"
              />
            </svg>
            <svg viewBox="0 0 24 24" width="22" height="22">
              <path d="M4 5h16v11H9l-5 4z" fill="currentColor" />
            </svg>
            <svg viewBox="0 0 24 24" width="22" height="22">
              <path d="M13 5l7 7-7 7v-4c-5 0-8 1.5-9 4 0-6 3-9.5 9-10z" fill="currentColor" />
            </svg>
          </div>
          <div className="phone-caption">
            <div className="phone-account">
              {advertiser} <span className="phone-sponsored">Sponsored</span>
            </div>
            <div className="phone-text" data-testid="preview-text">
              {text || 'Your ad text appears here.'}
            </div>
            <div className="phone-cta" data-testid="preview-cta">
              <span className="phone-cta-label">{CTA_LABEL[cta]}</span>
              {host && <span className="phone-host">{host}</span>}
            </div>
          </div>
        </div>
      </div>
      <figcaption className="phone-caption-note">Preview; TikTok crops to 9:16.</figcaption>
    </figure>
  );
}
