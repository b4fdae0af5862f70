import { Alert, App, Badge, Button, Card, Empty, Form, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, NetworkError, unwrap, uploadAttachment } from '../api/client';
import type { Action, ActionBody, Status, Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useTicketChanges } from '../live/live-feed';
import { Countdown, categoryName, StatusTag, TAG } from '../shared/ui';
import { enqueue, localStorageQueue, type QueuedAction, replayQueue, type SendResult } from './offline-queue';
import { SignaturePad } from './SignaturePad';

const CACHE_KEY = 'warmline.crew.orders';
const AFTER: Partial<Record<Action, Status>> = { take: 'taken', arrive: 'on_site', resolve: 'resolved' };

async function dataUrlToBlob(dataUrl: string): Promise<Blob> {
  return (await fetch(dataUrl)).blob();
}

const readFile = (f: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });

/** Best effort: a position within two seconds, or none. */
const position = () =>
  new Promise<GeolocationCoordinates | null>((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(p.coords),
      () => resolve(null),
      { timeout: 2000, maximumAge: 60_000 },
    );
  });

type Orders = { mine: Ticket[]; available: Ticket[]; reopenNotes?: Record<string, string> };

/**
 * What the resident said when a callback sent the order back (the note of its latest reopening),
 * for the orders that were reopened: the crew goes back knowing what was wrong. Kept with the
 * cached orders, so it is there offline too.
 */
async function reopenNotes(mine: Ticket[]): Promise<Record<string, string>> {
  const notes: Record<string, string> = {};
  await Promise.all(
    mine
      .filter((x) => x.reopenCount > 0)
      .map(async (x) => {
        const full = await unwrap(client.GET('/api/v1/tickets/{id}', { params: { path: { id: x.id } } }));
        const last = [...(full.events ?? [])].reverse().find((e) => e.type === 'reopened');
        if (last?.note) notes[x.id] = last.note;
      }),
  );
  return notes;
}

export default function CrewPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, category } = useSession();
  const storage = useRef(localStorageQueue(`warmline.crew.queue.${me?.id}`)).current;
  const [orders, setOrders] = useState<Orders>(() => {
    try {
      return JSON.parse(localStorage.getItem(CACHE_KEY) ?? '') as Orders;
    } catch {
      return { mine: [], available: [] };
    }
  });
  const [queue, setQueue] = useState<QueuedAction[]>(() => storage.get());
  const [online, setOnline] = useState(navigator.onLine);
  const [resolving, setResolving] = useState<string | null>(null);
  const replaying = useRef(false);

  const load = useCallback(async () => {
    if (!me) return;
    try {
      const [mine, team] = await Promise.all([
        unwrap(
          client.GET('/api/v1/tickets', {
            params: { query: { assigneeId: me.id, status: 'dispatched,taken,on_site,suspended', limit: 100 } },
          }),
        ),
        unwrap(client.GET('/api/v1/tickets', { params: { query: { unitId: me.unitId, status: 'dispatched', limit: 100 } } })),
      ]);
      const next: Orders = {
        mine: mine.items,
        available: team.items.filter((x) => x.assigneeId === null),
        reopenNotes: await reopenNotes(mine.items),
      };
      setOrders(next);
      localStorage.setItem(CACHE_KEY, JSON.stringify(next));
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
    }
  }, [me]);

  const send = useCallback(
    async (a: QueuedAction): Promise<SendResult> => {
      try {
        const attachments: string[] = [];
        for (const f of a.files ?? []) attachments.push(await uploadAttachment(await dataUrlToBlob(f.dataUrl), f.name));
        const body = {
          action: a.action,
          ...(a.note && { note: a.note }),
          ...(a.reason && { reason: a.reason }),
          ...(attachments.length && { attachments }),
        } as ActionBody; // the queue holds only the crew's steps, each recorded with the fields it needs
        await unwrap(client.POST('/api/v1/tickets/{id}/actions', { params: { path: { id: a.ticketId } }, body }));
        return 'sent';
      } catch (e) {
        if (e instanceof NetworkError) return 'offline';
        if (e instanceof ApiError) {
          message.error(t('crew.rejected', { number: a.ticketId.slice(0, 8), action: t(`action.${a.action}`), message: e.message }));
          return 'rejected';
        }
        return 'offline';
      }
    },
    [message, t],
  );

  // `announce`: say so when steps that waited for the network went out (not for a step sent at once).
  const replay = useCallback(
    async (announce = true) => {
      if (replaying.current) return;
      replaying.current = true;
      try {
        const r = await replayQueue(storage, send);
        setQueue(storage.get());
        if (r.sent > 0) {
          if (announce) message.success(t('crew.replayed', { n: r.sent }));
          await load();
        }
      } finally {
        replaying.current = false;
      }
    },
    [storage, send, load, message, t],
  );

  useEffect(() => {
    void load().then(() => replay());
    const up = () => {
      setOnline(true);
      void replay();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const retry = setInterval(() => storage.get().length && void replay(), 5000);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(retry);
    };
  }, [load, replay, storage]);

  useTicketChanges(() => {
    if (!replaying.current && storage.get().length === 0) void load();
  });

  async function act(ticket: Ticket, action: Action, extra: Partial<QueuedAction> = {}) {
    enqueue(storage, { id: crypto.randomUUID(), ticketId: ticket.id, action, queuedAt: new Date().toISOString(), ...extra });
    const waiting = storage.get().length > 1;
    setQueue(storage.get());
    if (action === 'take') {
      setOrders((o) => ({
        ...o,
        mine: o.mine.some((x) => x.id === ticket.id) ? o.mine : [...o.mine, { ...ticket, assigneeId: me!.id }],
        available: o.available.filter((x) => x.id !== ticket.id),
      }));
    }
    await replay(waiting);
  }

  // What the crew sees is the server's state with their queued steps applied on top.
  const projected = (tk: Ticket): Status =>
    queue.filter((q) => q.ticketId === tk.id).reduce<Status>((s, q) => AFTER[q.action] ?? s, tk.status);
  const pendingFor = (tk: Ticket) => queue.filter((q) => q.ticketId === tk.id).length;

  const mine = orders.mine.filter((o) => projected(o) !== 'resolved');

  return (
    <div>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('crew.title')}
        </Typography.Title>
        {queue.length > 0 && (
          <Tag color={TAG.orange} data-testid="queue-count">
            {t('crew.queued', { n: queue.length })}
          </Tag>
        )}
      </Space>
      {!online && (
        <Alert type="warning" showIcon title={t('crew.offlineBanner')} style={{ margin: '8px 0' }} data-testid="offline-banner" />
      )}

      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('crew.mine')}
      </Typography.Title>
      {mine.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crew.empty')} />}
      {mine.map((o) => {
        const status = projected(o);
        return (
          <Card key={o.id} size="small" style={{ marginBottom: 8 }} data-testid="crew-order" data-number={o.number}>
            <Space wrap size={4}>
              <Link to={`/tickets/${o.id}`}>{o.number}</Link>
              <StatusTag status={status} />
              {pendingFor(o) > 0 && <Badge count={pendingFor(o)} title={t('crew.pending')} />}
              <Countdown ticket={{ ...o, status }} />
            </Space>
            <div style={{ marginTop: 4 }}>
              <strong>{categoryName(category(o.categoryCode), o.categoryCode, i18n.language)}</strong> · {o.address}
            </div>
            <div style={{ color: '#434343' }}>{o.description}</div>
            {orders.reopenNotes?.[o.id] && (
              <Alert
                type="warning"
                showIcon
                style={{ margin: '6px 0' }}
                title={t('crewCard.reopened')}
                description={orders.reopenNotes[o.id]}
                data-testid="crew-reopen-note"
              />
            )}
            <div>
              {o.contact.name}{' '}
              <a href={`tel:${o.contact.phone}`}>
                {t('crew.call')} {o.contact.phone}
              </a>
            </div>
            <Space style={{ marginTop: 8 }} wrap>
              {status === 'dispatched' && (
                <Button type="primary" onClick={() => void act(o, 'take')} data-testid="crew-take">
                  {t('action.take')}
                </Button>
              )}
              {status === 'taken' && (
                <Button
                  type="primary"
                  data-testid="crew-arrive"
                  onClick={async () => {
                    const p = await position();
                    await act(
                      o,
                      'arrive',
                      p ? { note: t('crew.position', { lat: p.latitude.toFixed(5), lng: p.longitude.toFixed(5) }) } : {},
                    );
                  }}
                >
                  {t('action.arrive')}
                </Button>
              )}
              {(status === 'taken' || status === 'on_site') && resolving !== o.id && (
                <Button onClick={() => setResolving(o.id)} data-testid="crew-resolve-open">
                  {t('action.resolve')}
                </Button>
              )}
            </Space>
            {resolving === o.id && (
              <ResolveForm
                onCancel={() => setResolving(null)}
                onSubmit={async (note, files) => {
                  setResolving(null);
                  await act(o, 'resolve', { note, files });
                }}
              />
            )}
          </Card>
        );
      })}

      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {t('crew.available')}
      </Typography.Title>
      {orders.available.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crew.empty')} />}
      {orders.available.map((o) => (
        <Card key={o.id} size="small" style={{ marginBottom: 8 }} data-testid="crew-available">
          <Space wrap size={4}>
            <Link to={`/tickets/${o.id}`}>{o.number}</Link>
            <StatusTag status={o.status} />
            <Countdown ticket={o} />
          </Space>
          <div>
            <strong>{categoryName(category(o.categoryCode), o.categoryCode, i18n.language)}</strong> · {o.address}
          </div>
          <Button type="primary" style={{ marginTop: 8 }} onClick={() => void act(o, 'take')}>
            {t('action.take')}
          </Button>
        </Card>
      ))}
    </div>
  );
}

function ResolveForm({
  onSubmit,
  onCancel,
}: {
  onSubmit(note: string, files: { name: string; dataUrl: string }[]): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string; materials?: string }>();
  const [photos, setPhotos] = useState<{ name: string; dataUrl: string }[]>([]);
  const [signature, setSignature] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ marginTop: 8 }}
      onFinish={(v) => {
        const note = [v.note.trim(), v.materials?.trim() && t('crew.materialsLine', { materials: v.materials.trim() })]
          .filter(Boolean)
          .join('\n');
        const files = [...photos, ...(signature ? [{ name: 'signature.png', dataUrl: signature }] : [])];
        void onSubmit(note, files);
      }}
    >
      <Form.Item
        label={t('crew.note')}
        name="note"
        rules={[{ required: true, whitespace: true, message: t('intake.required', { field: t('crew.note') }) }]}
      >
        <Input.TextArea rows={2} data-testid="crew-note" />
      </Form.Item>
      <Form.Item label={t('crew.materials')} name="materials">
        <Input placeholder={t('crew.materialsPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('crew.photos')}>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          aria-label={t('crew.addPhoto')}
          data-testid="crew-photo"
          onChange={async (e) => {
            const list = Array.from(e.target.files ?? []);
            const added = await Promise.all(list.map(async (f) => ({ name: f.name, dataUrl: await readFile(f) })));
            setPhotos((p) => [...p, ...added]);
          }}
        />
        <Space wrap style={{ marginTop: 4 }}>
          {photos.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: photos are only appended, never reordered
            <img key={i} src={p.dataUrl} alt={p.name} width={56} height={56} style={{ objectFit: 'cover' }} />
          ))}
        </Space>
      </Form.Item>
      <Form.Item label={t('crew.signature')}>
        <SignaturePad onChange={setSignature} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" data-testid="crew-resolve">
          {t('crew.resolve')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
