/** One message as a channel sends it. `dedupKey` travels to the provider as the message's out-id. */
export type OutgoingMessage = {
  id: string;
  dedupKey: string;
  recipient: string;
  template: string;
  locale: string;
  params: Record<string, unknown>;
  text: string;
};

/** A delivery failure; `retryAfterMs` set means the provider asked us to slow down (429). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type Channel = {
  name: string;
  /** Messages per second the provider allows this sender. */
  ratePerSecond: number;
  send(msg: OutgoingMessage): Promise<{ providerId: string }>;
};
