import { Alert, Card, List, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import { Link } from '../app/router';
import { StatusTag, useFmtTime } from '../shared/ui';
import { ComplaintAnalysis } from './ComplaintAnalysis';
import { CLOCK_COLOR, COLORS, type DeskItem, entryLabel, useComplaintSettings } from './complaint-api';
import { RectificationList } from './RectificationList';

type View = 'mine' | 'open' | 'risk' | 'all' | 'rect' | 'analysis';
const VIEWS: View[] = ['mine', 'open', 'risk', 'all', 'rect', 'analysis'];

/** The supervisor's complaint desk: my cases, open cases with their deadlines, the prevention worklist. */
export default function ComplaintDeskPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFmtTime();
  const settings = useComplaintSettings();
  const [view, setView] = useState<View>('open');
  const [items, setItems] = useState<DeskItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (view === 'rect' || view === 'analysis') return;
    try {
      setItems((await unwrap(client.GET('/api/v1/complaints', { params: { query: { view, limit: 100 } } }))).items);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [view]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {t('complaints.desk')}
      </Typography.Title>
      {view === 'risk' && <Alert type="info" showIcon title={t('complaints.riskHint')} style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={view}
        onChange={(k) => setView(k as View)}
        items={VIEWS.map((v) => ({ key: v, label: t(`complaints.views.${v}`) }))}
      />
      {error && <Alert type="error" title={t('common.error', { message: error })} />}
      <Card size="small">
        {view === 'analysis' ? (
          <ComplaintAnalysis />
        ) : view === 'rect' ? (
          <RectificationList />
        ) : (
          <List
            loading={items === null}
            dataSource={items ?? []}
            locale={{ emptyText: t('complaints.none') }}
            renderItem={(c) => (
              <List.Item data-testid="desk-item">
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Link to={`/tickets/${c.id}`}>{c.number}</Link>
                    <StatusTag status={c.status as never} />
                    {c.sourceBody ? (
                      <Tag color={COLORS.purple}>
                        {t(`complaints.body.${c.sourceBody}`, { defaultValue: c.sourceBody })} {c.sourceReference}
                      </Tag>
                    ) : (
                      <Tag>{t('complaints.direct')}</Tag>
                    )}
                    <span>{entryLabel(settings?.subTypes, c.subType, i18n.language)}</span>
                    {c.ruling && (
                      <Tag color={c.ruling === 'unfounded' ? COLORS.green : COLORS.red}>{t(`complaints.rulings.${c.ruling}`)}</Tag>
                    )}
                  </Space>
                  <Typography.Text type="secondary">
                    {c.contactName} · {c.address} · {fmt(c.receivedAt)}
                  </Typography.Text>
                  <Space wrap>
                    {c.dueAt && (
                      <span>
                        {t('complaints.dueAt')} {fmt(c.dueAt)}{' '}
                        {c.clock && <Tag color={CLOCK_COLOR[c.clock]}>{t(`complaints.clock.${c.clock}`)}</Tag>}
                      </span>
                    )}
                    {c.riskFlags.map((f) => (
                      <Tag key={f} color={COLORS.orange} data-testid="risk-flag">
                        {t(`complaints.risk.${f}`)}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
