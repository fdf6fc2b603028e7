// Uploading a creative from the ad form: the new file goes into the library and is chosen for the ad at
// once; its progress and any refusal (type, TikTok's limits) show under the button.
import { useRef } from 'react';
import type { CreativeAsset } from '../../../../src/shared/creatives-api.ts';
import { ACCEPT, useUploads } from './uploads.tsx';
import './creatives.css';

export function UploadCreativeButton({
  advertiserId,
  onAdded,
}: {
  advertiserId: string;
  onAdded: (creative: CreativeAsset) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const uploads = useUploads(advertiserId, onAdded);
  const last = uploads.items[uploads.items.length - 1];
  const busy = last?.state === 'sending' || last?.state === 'checking' || last?.state === 'waiting';
  return (
    <div className="cr-form-upload">
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="ad-form-upload-input"
        onChange={(e) => {
          uploads.add([...(e.target.files ?? [])].slice(0, 1));
          e.target.value = '';
        }}
      />
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        {busy ? `Uploading ${Math.round((last?.sent ?? 0) * 100)} %…` : 'Upload a new file…'}
      </button>
      {last && !busy && (
        <span
          className={
            last.state === 'failed' ? 'cr-form-upload-msg cr-form-upload-failed' : 'cr-form-upload-msg'
          }
          role={last.state === 'failed' ? 'alert' : undefined}
          data-testid="ad-form-upload-message"
        >
          {[last.message, ...last.details].join(' ')}
        </span>
      )}
    </div>
  );
}
