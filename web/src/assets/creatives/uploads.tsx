// Uploading to the library: files chosen with the picker or dropped on the page are sent one after the
// other, each with its progress, then what the server said — added, already in the library, or why it was
// refused (the server checks the file's real type and TikTok's limits; nothing is judged here but the size).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import { refreshCreatives, uploadCreativeFile } from '../../api/creatives.ts';
import type { CreativeAsset } from '../../../../src/shared/creatives-api.ts';

export interface UploadItem {
  id: number;
  name: string;
  size: number;
  sent: number;
  state: 'waiting' | 'sending' | 'checking' | 'done' | 'failed';
  message: string;
  details: string[];
  creative?: CreativeAsset;
}

/** Accepted by the picker; the server decides on the content. */
export const ACCEPT = '.mp4,.m4v,.mov,.jpg,.jpeg,.png,video/mp4,video/quicktime,image/jpeg,image/png';
const MAX_BYTES = 500 * 1024 * 1024;

let nextId = 1;

export function useUploads(advertiserId: string, onAdded?: (creative: CreativeAsset) => void) {
  const client = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const patch = (id: number, change: Partial<UploadItem>) =>
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...change } : item)));

  const add = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const id = nextId++;
        setItems((list) => [
          ...list,
          {
            id,
            name: file.name,
            size: file.size,
            sent: 0,
            state: 'waiting',
            message: 'Waiting…',
            details: [],
          },
        ]);
        if (file.size > MAX_BYTES) {
          patch(id, {
            state: 'failed',
            message: `${file.name} is larger than 500 MB, TikTok's limit for videos: compress or shorten it.`,
          });
          continue;
        }
        queue.current = queue.current.then(async () => {
          patch(id, { state: 'sending', message: 'Uploading…' });
          try {
            const result = await uploadCreativeFile(client, advertiserId, file, (sent) =>
              patch(id, sent >= 1 ? { sent, state: 'checking', message: 'Reading the file…' } : { sent }),
            );
            patch(id, { state: 'done', sent: 1, message: result.message, creative: result.creative });
            await refreshCreatives(client, advertiserId);
            onAdded?.(result.creative);
          } catch (error) {
            const apiError = error instanceof ApiError ? error : null;
            // Limits are each a sentence of the message already; only what it does not say is listed.
            const details = (apiError?.details ?? [])
              .filter((d) => d.field !== 'file' && d.field !== 'file_name')
              .map((d) => d.message)
              .filter((m) => !apiError?.message.includes(m));
            patch(id, { state: 'failed', message: (error as Error).message, details });
          }
        });
      }
    },
    [advertiserId, client, onAdded],
  );
  const clear = () => setItems((list) => list.filter((i) => i.state !== 'done' && i.state !== 'failed'));
  return { items, add, clear };
}

export function UploadList({ items, onClear }: { items: readonly UploadItem[]; onClear: () => void }) {
  if (items.length === 0) return null;
  const finished = items.every((i) => i.state === 'done' || i.state === 'failed');
  return (
    <section className="cr-uploads" aria-label="Uploads" data-testid="upload-list">
      <header className="cr-uploads-head">
        <span>Uploads</span>
        {finished && (
          <button type="button" className="link-button" onClick={onClear}>
            Clear
          </button>
        )}
      </header>
      <ul>
        {items.map((item) => (
          <li
            key={item.id}
            className={`cr-upload cr-upload-${item.state}`}
            data-testid="upload-item"
            data-state={item.state}
          >
            <div className="cr-upload-row">
              <span className="cr-upload-name" title={item.name}>
                {item.name}
              </span>
              <span className="cr-upload-size">{(item.size / 1024 / 1024).toFixed(1)} MB</span>
            </div>
            {(item.state === 'sending' || item.state === 'checking') && (
              <progress max={1} value={item.sent} aria-label={`Uploading ${item.name}`} />
            )}
            <div className="cr-upload-message" role={item.state === 'failed' ? 'alert' : undefined}>
              {item.message}
            </div>
            {item.details.length > 0 && (
              <ul className="cr-upload-details">
                {item.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The whole area takes dropped files; while something is dragged over it, it says so. */
export function DropArea({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  return (
    <div
      className={over ? 'cr-drop cr-drop-over' : 'cr-drop'}
      data-testid="drop-area"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (hasFiles(event)) event.preventDefault();
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles([...event.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="cr-drop-hint" aria-hidden="true">
          Drop videos (MP4, MOV) or images (JPG, PNG) to add them to the library
        </div>
      )}
    </div>
  );
}
