import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Segmented, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import { useSession } from '../app/session';
import type { Drill } from './DrillDrawer';
import { type Indicator, type Scope, type ValueItem, xlsxHref } from './figures-data';
import { rank } from './figures-format';
import { Empty, TargetTag, ValueWithCounts } from './RateCards';

/** Companies or stations ranked on one indicator, best first; counts open the orders behind them. */
export function Ranking({ indicators, scope, onDrill }: { indicators: Indicator[]; scope: Scope; onDrill: (d: Drill) => void }) {
  const { t, i18n } = useTranslation();
  const { unitName } = useSession();
  const rankable = indicators.filter((i) => i.available);
  const [code, setCode] = useState('on_time');
  const [level, setLevel] = useState<'company' | 'station'>('company');
  const [items, setItems] = useState<ValueItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ind = rankable.find((i) => i.code === code) ?? rankable[0];
  const name = (i: Indicator) => (i.names as Record<string, string>)[i18n.language] ?? i.name;
  useEffect(() => {
    if (!ind) return;
    setItems(null);
    unwrap(
      client.GET('/api/v1/kpi/values', {
        params: { query: { codes: ind.code, from: scope.from, to: scope.to, unitId: scope.unitId, by: 'unit', unitKind: level } },
      }),
    )
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [ind, scope, level]);
  if (!ind) return null;
  const rows = rank(
    (items ?? []).map((v) => ({ ...v, name: unitName(v.unitId ?? null) })),
    ind.direction,
  );
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Card
      size="small"
      title={t('figures.rankingOf')}
      data-testid="ranking"
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={xlsxHref('values', {
            codes: ind.code,
            from: scope.from,
            to: scope.to,
            unitId: scope.unitId,
            by: 'unit',
            unitKind: level,
            lang,
          })}
          data-testid="ranking-export"
        >
          {t('figures.exportXlsx')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('figures.indicator')}
          value={ind.code}
          onChange={setCode}
          style={{ minWidth: 200 }}
          options={rankable.map((i) => ({ value: i.code, label: name(i) }))}
          data-testid="ranking-indicator"
        />
        <Segmented
          aria-label={t('figures.level')}
          value={level}
          onChange={(v) => setLevel(v as 'company' | 'station')}
          options={[
            { value: 'company', label: t('figures.companies') },
            { value: 'station', label: t('figures.stations') },
          ]}
        />
      </Space>
      {error && <Alert type="error" title={t('common.error', { message: error })} />}
      <Table
        size="small"
        rowKey={(r) => r.unitId ?? ''}
        loading={items === null && !error}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty text={t('figures.noData')} /> }}
        columns={[
          { title: t('figures.rank'), dataIndex: 'rank', width: 56, render: (r: number | null) => r ?? '—' },
          { title: t('figures.unit'), dataIndex: 'name' },
          {
            title: t('figures.value'),
            key: 'value',
            render: (_, v) => (
              <ValueWithCounts
                ind={ind}
                v={v}
                scope={scope}
                onDrill={onDrill}
                name={`${name(ind)} · ${v.name}`}
                testId={`rank-${v.unitId}`}
              />
            ),
          },
          { title: t('figures.targetCol'), key: 'target', render: (_, v) => <TargetTag ind={ind} v={v} /> },
        ]}
      />
    </Card>
  );
}
