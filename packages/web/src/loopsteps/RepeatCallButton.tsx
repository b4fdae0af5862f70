import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { Channel, Ticket } from '../api/models';

/**
 * Adds the current call to an open order (催单) instead of filing a new one: the server records
 * it with the state and deadline the caller is to be told, which `onDone` receives with the order.
 */
export function RepeatCallButton({
  ticket,
  channel,
  note,
  primary,
  onDone,
}: {
  ticket: Pick<Ticket, 'id' | 'number'>;
  channel: Channel;
  note?: string;
  primary?: boolean;
  onDone(updated: Ticket): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function add() {
    setBusy(true);
    try {
      const updated = await unwrap(
        client.POST('/api/v1/tickets/{id}/actions', {
          params: { path: { id: ticket.id } },
          body: { action: 'repeat_call', channel, ...(note?.trim() && { note: note.trim() }) },
        }),
      );
      message.success(t('loopsteps.repeatCall.done', { number: ticket.number }));
      onDone(updated);
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button
      size="small"
      type={primary ? 'primary' : 'default'}
      loading={busy}
      style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }}
      onClick={() => void add()}
      data-testid={`repeat-call-${ticket.number}`}
    >
      {primary ? t('loopsteps.repeatCall.addTo', { number: ticket.number }) : t('loopsteps.repeatCall.add')}
    </Button>
  );
}
