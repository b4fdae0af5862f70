import { Alert, App, Button, Card, Col, Empty, Input, List, Rate, Row, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useTicketChanges } from '../live/live-feed';
import { formatDuration } from '../shared/deadline';
import { categoryName, useFmtTime } from '../shared/ui';
import { useNow } from '../shared/use-now';

export default function CallbacksPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const {
    category,
    directory: { rules },
  } = useSession();
  const fmt = useFmtTime();
  const now = useNow();
  const [items, setItems] = useState<Ticket[]>([]);
  const [index, setIndex] = useState(0);
  const [level, setLevel] = useState(0);
  const [remark, setRemark] = useState('');
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const res = await unwrap(client.GET('/api/v1/tickets', { params: { query: { status: 'resolved', limit: 200 } } }));
    // Oldest resolution first: the resident who has waited longest is called first.
    const callable = res.items.filter((x) => x.allowedActions.includes('callback'));
    setItems(callable.sort((a, b) => (a.resolvedAt ?? '').localeCompare(b.resolvedAt ?? '')));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useTicketChanges(() => void load());

  const current = items[Math.min(index, items.length - 1)];

  async function record() {
    if (!current || level === 0) return;
    setBusy(true);
    try {
      await unwrap(
        client.POST('/api/v1/tickets/{id}/actions', {
          params: { path: { id: current.id } },
          body: { action: 'callback', satisfaction: level, ...(remark.trim() && { note: remark.trim() }) },
        }),
      );
      message.success(t('callbacks.done', { number: current.number }));
      setLevel(0);
      setRemark('');
      await load();
      // The submit button was focused and is now disabled: without this the keys 1–5 and Enter go nowhere.
      panel.current?.focus({ preventScroll: true });
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const inText = (e.target as HTMLElement).tagName === 'TEXTAREA';
    if (!inText && /^[1-5]$/.test(e.key)) {
      setLevel(Number(e.key));
      e.preventDefault();
    } else if (e.key === 'Enter' && !e.shiftKey && !(e.nativeEvent as KeyboardEvent).isComposing) {
      // Enter submits, in the note too (as the hint says); Shift+Enter starts a new line.
      e.preventDefault();
      void record();
    } else if (!inText && e.key === 'ArrowDown') {
      setIndex((i) => Math.min(i + 1, items.length - 1));
      setLevel(0);
    } else if (!inText && e.key === 'ArrowUp') {
      setIndex((i) => Math.max(i - 1, 0));
      setLevel(0);
    }
  }

  useEffect(() => panel.current?.focus(), []);
  // The rating card follows the chosen order into view (it is sticky beside the list on wide screens).
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (current?.id) card.current?.scrollIntoView({ block: 'nearest' });
  }, [current?.id]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the panel takes the callback agent's keyboard shortcuts (1–5, Enter)
    <div ref={panel} tabIndex={-1} onKeyDown={onKeyDown} style={{ outline: 'none' }} data-testid="callbacks">
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        {t('callbacks.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('callbacks.waiting', { n: items.length })} · {t('callbacks.hint')}
      </Typography.Paragraph>
      {items.length === 0 ? (
        <Empty description={t('callbacks.empty')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <List
              bordered
              size="small"
              dataSource={items}
              renderItem={(x, i) => (
                <List.Item
                  onClick={() => {
                    setIndex(i);
                    setLevel(0);
                    panel.current?.focus({ preventScroll: true });
                  }}
                  style={{ cursor: 'pointer', background: x.id === current?.id ? '#fff1e6' : undefined }}
                  aria-current={x.id === current?.id ? 'true' : undefined}
                  data-testid="callback-item"
                >
                  <div>
                    <strong>{x.number}</strong> · {categoryName(category(x.categoryCode), x.categoryCode, i18n.language)}
                    <div style={{ fontSize: 12, color: '#595959' }}>
                      {t('callbacks.resolvedAt')} {fmt(x.resolvedAt)} · {t('callbacks.waited')}{' '}
                      {formatDuration(now.getTime() - new Date(x.resolvedAt ?? x.updatedAt).getTime())}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Col>
          <Col xs={24} md={14}>
            {current ? (
              <Card
                ref={card}
                size="small"
                className="callback-panel"
                data-testid="callback-panel"
                title={<Link to={`/tickets/${current.id}`}>{current.number}</Link>}
              >
                <p>
                  {current.address} · {current.contact.name} <a href={`tel:${current.contact.phone}`}>{current.contact.phone}</a>
                </p>
                <p style={{ color: '#434343' }}>{current.description}</p>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <span id="rate-label">{t('callbacks.rate')}</span>
                  <Space>
                    <Rate
                      value={level}
                      onChange={setLevel}
                      count={rules.satisfaction.levels.length}
                      tooltips={rules.satisfaction.levels.map((n) => t(`callbacks.levels.${n}`))}
                      aria-labelledby="rate-label"
                    />
                    <span data-testid="level-text">{level ? t(`callbacks.levels.${level}`) : ''}</span>
                  </Space>
                  {level > 0 && level <= rules.satisfaction.reopensAtOrBelow && (
                    <Alert type="warning" showIcon title={t('callbacks.reopenWarning')} />
                  )}
                  <label htmlFor="callback-remark">{t('callbacks.remark')}</label>
                  <Input.TextArea
                    id="callback-remark"
                    rows={2}
                    value={remark}
                    onChange={(e) => setRemark(e.target.value)}
                    placeholder={t('callbackKeys.remarkHint')}
                  />
                  <Button type="primary" disabled={level === 0} loading={busy} onClick={() => void record()} data-testid="callback-submit">
                    {t('callbacks.submit')} (Enter)
                  </Button>
                </Space>
              </Card>
            ) : (
              <Empty description={t('callbacks.selectHint')} />
            )}
          </Col>
        </Row>
      )}
    </div>
  );
}
