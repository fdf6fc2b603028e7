// Sends one e-mail to one recipient, through the configured SMTP server (nodemailer) or, when none is
// configured, into the outbox: the message written as an .eml file in the data directory (with its HTML
// beside it for the app to show). Each message carries a Message-ID fixed by the caller, so a retry of the
// same delivery to the same recipient is the same message, and in the outbox overwrites the same file.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { withImagesInline } from './inline-images.ts';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** An image the HTML shows inline as <img src="cid:…">. */
  cid?: string;
}

export interface OutgoingMail {
  /** Unique per delivery and recipient (`<delivery id>-<n>`): the Message-ID and the outbox file name. */
  key: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: OutgoingAttachment[];
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SendOutcome {
  /** The server's answer ("250 2.0.0 OK …"), or where the outbox wrote the message. */
  response: string;
}

/**
 * A send that did not go through. `permanent` errors (SMTP 5xx, HTTP 4xx) are not retried; the others
 * (SMTP 4xx, a connection refused or cut, a timeout) are, with back-off.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly response: string;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = permanent;
    this.response = message;
  }
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

export const messageIdOf = (key: string): string => `<${key}@adcockpit>`;
export const outboxDir = (dataDir: string): string => path.join(dataDir, 'outbox');

function nodemailerMessage(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: messageIdOf(mail.key),
    headers: mail.headers,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      ...(a.cid ? { cid: a.cid } : {}),
    })),
  };
}

/** Tells a retryable SMTP failure from a final one, keeping the server's own words. */
export function smtpFailure(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (typeof e.responseCode === 'number') {
    const answer = e.response ?? `${e.responseCode}`;
    return new DeliveryError(`SMTP server answered: ${answer}`, e.responseCode >= 500);
  }
  return new DeliveryError(`SMTP server not reached: ${e.message ?? String(error)}`, false);
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {
    // A test server's certificate is often self-signed; the URL says whether TLS is wanted at all.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  } as never);
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        const info = await transporter.sendMail(nodemailerMessage(mail));
        return { response: String(info.response ?? 'accepted') };
      } catch (error) {
        throw smtpFailure(error);
      }
    },
    close: () => transporter.close(),
  };
}

/** Writes a file whole or not at all: a reader never sees half of it. */
function writeWhole(file: string, content: Buffer | string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}

export function outboxTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(mail) {
      fs.mkdirSync(dir, { recursive: true });
      const info = await composer.sendMail(nodemailerMessage(mail));
      const file = `${mail.key}.eml`;
      // The HTML first, then the message: a listed .eml always has its HTML beside it.
      writeWhole(path.join(dir, `${mail.key}.html`), withImagesInline(mail.html, mail.attachments));
      writeWhole(path.join(dir, file), info.message as Buffer);
      return { response: `written to the outbox as ${file}` };
    },
    close: () => composer.close(),
  };
}

export function openMailTransport(smtpUrl: string | null, dataDir: string): MailTransport {
  return smtpUrl ? smtpTransport(smtpUrl) : outboxTransport(outboxDir(dataDir));
}
