// A real SMTP server (smtp-server) on a free local port that keeps every message it accepts, parsed with
// mailparser. It can refuse the next messages with a given reply (4xx to test retries, 5xx for permanent
// failures), or hold the next message after its data has arrived without answering — a sender killed
// while held never got the "250 OK", and the message is dropped as an SMTP server drops an unacknowledged
// one.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../setup/free-port.ts';

export interface SinkMessage {
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface Held {
  /** Resolves once a held message's data has arrived. */
  arrived: Promise<void>;
  /** Resolves when the held message's sender has hung up (killed, say) without its answer. */
  senderGone: Promise<void>;
  /** Answers the held message with 250 (kept) — if its sender is still connected. */
  release(): void;
}

export interface SmtpSink {
  url: string;
  messages: SinkMessage[];
  /** Refuses the next `count` messages with `code message`, e.g. 451 "Try again later". */
  failNext(count: number, code: number, message: string): void;
  holdNext(): Held;
  /** Resolves when `count` messages are kept (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

interface Holding {
  resolveArrived(): void;
  released: Promise<void>;
  release(): void;
  resolveGone(): void;
  sessionId?: string;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const failures: { code: number; message: string }[] = [];
  let hold: Holding | null = null;
  let heldNow: Holding | null = null;
  const closedSessions = new Set<string>();
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session) {
      closedSessions.add(session.id);
      if (heldNow?.sessionId === session.id) heldNow.resolveGone();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          const failure = failures.shift();
          if (failure) {
            const error = Object.assign(new Error(failure.message), { responseCode: failure.code });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks);
          const held = hold;
          if (held) {
            hold = null;
            held.sessionId = session.id;
            heldNow = held;
            held.resolveArrived();
            await held.released;
            // The sender went away before the answer: it never learnt the message was taken.
            if (closedSessions.has(session.id)) return;
          }
          const mail = await simpleParser(raw);
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          callback(null, 'Queued as test');
          notify();
        })();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(count, code, message) {
      for (let i = 0; i < count; i++) failures.push({ code, message });
    },
    holdNext() {
      let resolveArrived!: () => void;
      let release!: () => void;
      let resolveGone!: () => void;
      const arrived = new Promise<void>((r) => (resolveArrived = r));
      const released = new Promise<void>((r) => (release = r));
      const senderGone = new Promise<void>((r) => (resolveGone = r));
      hold = { resolveArrived, released, release, resolveGone };
      return { arrived, senderGone, release };
    },
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`expected ${count} messages, got ${messages.length} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve(messages);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
