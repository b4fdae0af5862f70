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

/**
 * A delivery failure. `retryAfterMs` set means the provider asked us to slow down (429).
 * `outcomeUnknown` means the request may have reached the provider all the same (a timeout, a
 * dropped connection, a 5xx): before sending again, the worker asks the provider (`lookup`).
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}

export type Channel = {
  name: string;
  /** Messages per second the provider allows this sender, all worker processes together. */
  ratePerSecond: number;
  send(msg: OutgoingMessage): Promise<{ providerId: string }>;
  /**
   * Asks the provider whether it already accepted this message (matched by recipient, date and
   * out-id), for a message whose earlier attempt has no recorded answer; `since` is when it was
   * queued and `now` the worker's clock. Resolves to the
   * provider's record, or null when it has none; throws a ChannelError when it cannot tell.
   * Channels whose provider has no status query leave this out and resend with the same dedup key.
   */
  lookup?(msg: OutgoingMessage, window: { since: Date; now: Date }): Promise<{ providerId: string } | null>;
};
