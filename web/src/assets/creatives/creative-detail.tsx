// One creative beside the library: the inline player (videos) or the image, its properties as read from
// the file, its results over the range, the ads using it (each a link to the ad in the Campaign tab), and
// deleting it — refused by the server, with the ads named, while any ad uses it.
import type { ReactNode } from 'react';
import type { CreativeAsset } from '../../../../src/shared/creatives-api.ts';
import { useDeleteCreative } from '../../api/creatives.ts';
import { Link } from '../../components/link.tsx';
import type { DateRange } from '../../lib/date-range.ts';
import { formatRange } from '../../lib/date-range.ts';
import { DetailDelete, DetailHead, PropertyList } from '../detail-parts.tsx';
import { RESULT_COLUMNS, resultText } from './result-columns.ts';
import { formatBytes, formatDuration } from './library-view.ts';

interface Props {
  creative: CreativeAsset;
  currency: string;
  range: DateRange;
  canEdit: boolean;
  /** The Campaign tab's address for an ad (with the advertiser and dates). */
  adHref: (use: CreativeAsset['used_in'][number]) => string;
  onClose: () => void;
}

const FORMAT_LABEL: Record<string, string> = { mp4: 'MP4', mov: 'QuickTime (MOV)', jpeg: 'JPEG', png: 'PNG' };

export function CreativeDetail({ creative, currency, range, canEdit, adHref, onClose }: Props) {
  const remove = useDeleteCreative(creative.advertiser_id);
  const media = creative.media;
  const rows: [string, ReactNode][] = [
    ['Type', creative.kind === 'video' ? 'Video' : 'Image'],
    ['Format', media ? FORMAT_LABEL[media.format] : '—'],
    ['Size', `${creative.width} × ${creative.height} px`],
    ['Aspect ratio', creative.aspect_ratio],
    ...(creative.kind === 'video'
      ? ([['Duration', formatDuration(creative.duration_s)]] as [string, ReactNode][])
      : []),
    ['Codec', media ? [media.video_codec, media.audio_codec].filter(Boolean).join(' · ') : '—'],
    ['File size', media ? formatBytes(media.size_bytes) : '—'],
    ['MD5 signature', media ? <code className="cr-hash">{media.md5}</code> : '—'],
    [
      'SHA-256',
      media ? (
        <code className="cr-hash" title={media.sha256}>
          {media.sha256.slice(0, 16)}…
        </code>
      ) : (
        '—'
      ),
    ],
    [
      'Added',
      new Date(creative.create_time).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }),
    ],
    ['Source', creative.uploaded ? 'Uploaded' : 'Came with the ads'],
  ];
  return (
    <aside
      className="cr-detail panel"
      aria-label={`Creative ${creative.file_name}`}
      data-testid="creative-detail"
    >
      <DetailHead title={creative.file_name} onClose={onClose} />
      <div className="cr-player">
        {!media ? (
          <div className="cr-no-file">No file: this creative came without one.</div>
        ) : creative.kind === 'video' ? (
          <video
            key={creative.file_url}
            src={creative.file_url!}
            poster={creative.poster_url ?? undefined}
            controls
            preload="metadata"
            playsInline
            data-testid="creative-player"
          />
        ) : (
          <img src={creative.file_url!} alt={creative.file_name} data-testid="creative-image" />
        )}
      </div>
      {media?.preview_error && <p className="cr-note">No preview: {media.preview_error}</p>}
      <PropertyList rows={rows} testId="creative-meta" />
      <h3 className="cr-section">Results · {formatRange(range)}</h3>
      <dl className="cr-results" data-testid="creative-results">
        {RESULT_COLUMNS.map((column) => (
          <div key={column.id}>
            <dt title={column.help}>{column.label}</dt>
            <dd>{resultText(creative, column, currency)}</dd>
          </div>
        ))}
      </dl>
      <h3 className="cr-section">
        Used in {creative.used_in.length} {creative.used_in.length === 1 ? 'ad' : 'ads'}
      </h3>
      {creative.used_in.length === 0 ? (
        <p className="cr-note">No ad uses it yet. Choose it in a new ad in the Campaign tab.</p>
      ) : (
        <ul className="cr-uses" data-testid="creative-uses">
          {creative.used_in.map((use) => (
            <li key={use.ad_id}>
              <Link href={adHref(use)}>{use.ad_name}</Link>
              <span className="cr-use-path">
                {use.campaign_name} › {use.adgroup_name}
                {use.operation_status !== 'ENABLE'
                  ? ` · ${use.operation_status === 'DISABLE' ? 'off' : 'deleted'}`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <DetailDelete
        canEdit={canEdit}
        noun="creative"
        question={`Delete “${creative.file_name}” from the library?`}
        consequence={
          creative.used_in.length > 0
            ? 'Ads still use it: the library will refuse and name them.'
            : 'Its file is removed unless another advertiser’s library holds it.'
        }
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(creative.creative_id, { onSuccess: onClose })}
        testId="delete-creative"
      />
    </aside>
  );
}
