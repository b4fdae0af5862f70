import nodemailer from 'nodemailer';
import { type Channel, ChannelError, type OutgoingMessage } from './channel.js';

/** Email over SMTP. The Message-ID is derived from the dedup key so receivers can drop a resend. */
export function smtpEmailChannel(o: { url: string; from: string; ratePerSecond?: number }): Channel {
  const transport = nodemailer.createTransport(o.url);
  return {
    name: 'smtp',
    ratePerSecond: o.ratePerSecond ?? 20,
    async send(msg: OutgoingMessage) {
      try {
        const info = await transport.sendMail({
          from: o.from,
          to: msg.recipient,
          subject: msg.text.slice(0, 60),
          text: msg.text,
          messageId: `<${msg.dedupKey.replace(/[^A-Za-z0-9.:-]/g, '.')}@warmline>`,
        });
        return { providerId: info.messageId };
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode ?? 0;
        throw new ChannelError(
          `smtp: ${(e as Error).message}`,
          code === 0 || (code >= 400 && code < 500) || (code >= 500 && code !== 550 && code !== 553),
        );
      }
    },
  };
}
