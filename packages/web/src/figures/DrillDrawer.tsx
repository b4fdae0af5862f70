import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Grid, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { paths } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { StatusTag, useFmtTime } from '../shared/ui';
import { Empty } from './RateCards';

type Orders = paths['/api/v1/kpi/orders']['get']['responses']['200']['content']['application/json']['items'];
export type Drill = {
  code: string;
  name: string;
  part: 'missed' | 'numerator' | 'denominator';
  unitId?: string;
  from: string;
  to: string;
  /** A heat map cell instead of an indicator: its row, local hour, and whether only the late orders. */
  heat?: { unitId: string; hour: number; late: boolean };
};

const LIMIT = 200;

/** The XLSX address of the orders behind a number (downloaded with the session cookie). */
export function ordersXlsxHref(d: Drill, lang: string) {
  if (d.heat) {
    const h = new URLSearchParams({
      from: d.from,
      to: d.to,
      unitId: d.heat.unitId,
      hour: String(d.heat.hour),
      late: String(d.heat.late),
      lang,
      limit: '1000',
    });
    return `/api/v1/kpi/heatmap/orders.xlsx?${h}`;
  }
  const q = new URLSearchParams({ code: d.code, part: d.part, from: d.from, to: d.to, lang, limit: '1000' });
  if (d.unitId) q.set('unitId', d.unitId);
  return `/api/v1/kpi/orders.xlsx?${q}`;
}

/** The orders behind a number: each links to its order page; the list exports to XLSX. */
export function DrillDrawer({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { unitName } = useSession();
  const fmt = useFmtTime();
  const phone = !Grid.useBreakpoint().md;
  const [items, setItems] = useState<Orders | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!drill) return;
    setItems(null);
    setError(null);
    const call = drill.heat
      ? client.GET('/api/v1/kpi/heatmap/orders', {
          params: {
            query: {
              from: drill.from,
              to: drill.to,
              unitId: drill.heat.unitId,
              hour: drill.heat.hour,
              late: drill.heat.late ? 'true' : 'false',
              limit: LIMIT,
            },
          },
        })
      : client.GET('/api/v1/kpi/orders', {
          params: { query: { code: drill.code, part: drill.part, from: drill.from, to: drill.to, unitId: drill.unitId, limit: LIMIT } },
        });
    unwrap(call)
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [drill]);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size={phone ? '100%' : 640}
      title={drill ? (drill.heat ? drill.name : t('figures.drillTitle', { name: drill.name, part: t(`figures.part.${drill.part}`) })) : ''}
      extra={
        drill && (
          <Button icon={<DownloadOutlined />} href={ordersXlsxHref(drill, lang)} data-testid="drill-export">
            {t('figures.exportXlsx')}
          </Button>
        )
      }
      data-testid="drill-drawer"
    >
      {error && <Alert type="error" title={t('common.error', { message: error })} />}
      {items && items.length >= LIMIT && <Alert type="info" title={t('figures.drillLimit', { n: LIMIT })} style={{ marginBottom: 8 }} />}
      <Table
        size="small"
        rowKey="id"
        loading={!items && !error}
        dataSource={items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty text={t('figures.drillEmpty')} /> }}
        scroll={{ x: 'max-content' }}
        data-testid="drill-orders"
        columns={[
          {
            title: t('figures.col.number'),
            dataIndex: 'number',
            render: (n: string, r) => (
              <Link to={`/tickets/${r.id}`} data-testid="drill-order-link">
                {n}
              </Link>
            ),
          },
          { title: t('figures.col.kind'), dataIndex: 'kind', render: (k: string) => t(`kind.${k}`) },
          { title: t('figures.col.status'), dataIndex: 'status', render: (s) => <StatusTag status={s} /> },
          { title: t('figures.col.unit'), dataIndex: 'unitId', render: (u: string) => unitName(u) },
          { title: t('figures.col.received'), dataIndex: 'receivedAt', render: (at: string) => fmt(at) },
        ]}
      />
      <Typography.Text type="secondary">{items ? t('figures.orders', { n: items.length }) : null}</Typography.Text>
    </Drawer>
  );
}
