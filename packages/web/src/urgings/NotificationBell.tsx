import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useTicketChanges } from '../live/live-feed';
import { TAG, useFmtTime } from '../shared/ui';
import { badgeCount, canAcknowledge, notificationText, type StaffNotification, type Urging } from './urging-model';

const POLL_MS = 10_000;
// Read by screen readers, not shown.
const HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

/** The header bell: the user's in-app notifications and the urgings (催办) waiting for their unit. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [notifications, setNotifications] = useState<StaffNotification[]>([]);
  const [urgings, setUrgings] = useState<Urging[]>([]);
  const lastLoad = useRef(0);

  const load = useCallback(async () => {
    lastLoad.current = Date.now();
    const [n, u] = await Promise.all([
      unwrap(client.GET('/api/v1/notifications')),
      unwrap(client.GET('/api/v1/urgings', { params: { query: { open: 'true' } } })),
    ]);
    setNotifications(n.items);
    setUrgings(u.items);
  }, []);
  useEffect(() => {
    void load().catch(() => {});
    const timer = setInterval(() => void load().catch(() => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  // An order changed (a breach or an urging joins its timeline): look again, at most every 2 s.
  useTicketChanges(() => {
    if (Date.now() - lastLoad.current > 2000) void load().catch(() => {});
  });

  const count = badgeCount(notifications, urgings);
  const label = t('bell.label', { count });
  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]} color="#ffd666" styles={{ indicator: { color: '#000', boxShadow: 'none' } }}>
        <Button
          type="text"
          aria-label={label}
          title={label}
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
          onClick={() => {
            setOpen(true);
            void load().catch(() => {});
          }}
          data-testid="bell"
          data-count={count}
        />
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('bell.title')} size={420} data-testid="bell-drawer">
        <Urgings items={urgings} onChanged={() => void load()} onGo={() => setOpen(false)} />
        <Notifications items={notifications} onChanged={() => void load()} onGo={() => setOpen(false)} />
      </Drawer>
    </>
  );
}

function Urgings({ items, onChanged, onGo }: { items: Urging[]; onChanged(): void; onGo(): void }) {
  const { t } = useTranslation();
  const { me, unitName } = useSession();
  const fmt = useFmtTime();
  const { message } = App.useApp();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const acknowledge = async (u: Urging) => {
    setBusy(u.id);
    try {
      const note = notes[u.id]?.trim();
      await unwrap(client.POST('/api/v1/urgings/{id}/acknowledge', { params: { path: { id: u.id } }, body: note ? { note } : {} }));
      void message.success(t('urgings.acknowledged', { number: u.ticketNumber }));
      onChanged();
    } catch (e) {
      void message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="urgings-heading" style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id="urgings-heading" style={{ fontSize: 16 }}>
        {t('urgings.title')}
      </Typography.Title>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('urgings.empty')} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={items}
          renderItem={(u) => (
            <List.Item data-testid="urging" data-ticket={u.ticketNumber}>
              <div style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Tag color={TAG.red}>{u.kind === 'supervision' ? t('loopsteps.supervise.tag') : t('urgings.tag')}</Tag>
                  <Link to={`/tickets/${u.ticketId}`} onClick={onGo}>
                    {t('urgings.order', { number: u.ticketNumber })}
                  </Link>
                </Space>
                <div data-testid="urging-line">
                  {u.kind === 'supervision'
                    ? t('loopsteps.supervise.line', { request: u.request, due: fmt(u.dueBy) })
                    : t('urgings.line', {
                        clock: t(`clock.${u.clock}`, { defaultValue: u.clock }),
                        level: t(`urgings.level.${u.level}`, { defaultValue: String(u.level) }),
                        unit: unitName(u.unitId),
                      })}
                </div>
                <Typography.Text type="secondary">{fmt(u.createdAt)}</Typography.Text>
                {me && canAcknowledge(u, me) && (
                  <Space.Compact style={{ width: '100%', marginTop: 6 }}>
                    <Input
                      aria-label={t('urgings.note')}
                      placeholder={t('urgings.note')}
                      maxLength={2000}
                      value={notes[u.id] ?? ''}
                      onChange={(e) => setNotes((n) => ({ ...n, [u.id]: e.target.value }))}
                    />
                    <Button type="primary" loading={busy === u.id} onClick={() => void acknowledge(u)} data-testid="urging-ack">
                      {t('urgings.acknowledge')}
                    </Button>
                  </Space.Compact>
                )}
              </div>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}

function Notifications({ items, onChanged, onGo }: { items: StaffNotification[]; onChanged(): void; onGo(): void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFmtTime();
  const markRead = (n: StaffNotification) =>
    n.readAt
      ? Promise.resolve()
      : unwrap(client.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } })).then(onChanged, () => {});
  return (
    <section aria-labelledby="notifications-heading">
      <Typography.Title level={2} id="notifications-heading" style={{ fontSize: 16 }}>
        {t('bell.notifications')}
      </Typography.Title>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => {
            const text = notificationText(n, i18n.language);
            return (
              <List.Item
                data-testid="notification"
                data-read={Boolean(n.readAt)}
                actions={
                  n.readAt
                    ? []
                    : [
                        <Button key="read" size="small" onClick={() => void markRead(n)}>
                          {t('bell.markRead')}
                        </Button>,
                      ]
                }
              >
                <div>
                  <Typography.Text strong={!n.readAt}>
                    {n.ticketId ? (
                      <a
                        href={`/tickets/${n.ticketId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          void markRead(n);
                          onGo();
                          navigate(`/tickets/${n.ticketId}`);
                        }}
                      >
                        {text.headline}
                      </a>
                    ) : (
                      text.headline
                    )}
                  </Typography.Text>
                  {!n.readAt && <span style={HIDDEN}> {t('bell.unread')}</span>}
                  {text.detail && <div style={{ whiteSpace: 'pre-wrap' }}>{text.detail}</div>}
                  <Typography.Text type="secondary">{fmt(n.createdAt)}</Typography.Text>
                </div>
              </List.Item>
            );
          }}
        />
      )}
    </section>
  );
}
