// A browser cannot open an e-mail's cid: addresses; pages that show a message's HTML (the preview, the
// outbox) carry its inline images as data URLs instead.

interface InlineImage {
  contentType: string;
  content: Buffer;
  cid?: string;
}

export function withImagesInline(html: string, attachments: readonly InlineImage[]): string {
  let out = html;
  for (const a of attachments) {
    if (a.cid)
      out = out.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.content.toString('base64')}`);
  }
  return out;
}
