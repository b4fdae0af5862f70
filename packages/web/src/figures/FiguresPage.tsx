import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Segmented, Space, Spin, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { UnitNode } from '../api/models';
import { useSession } from '../app/session';
import { Complaints } from './Complaints';
import { type Drill, DrillDrawer } from './DrillDrawer';
import type { Breakdown, Heat, Indicator, Scope, ValueItem } from './figures-data';
import { xlsxHref } from './figures-data';
import { addMonths, monthOf, monthRange } from './figures-format';
import { HeatMap } from './HeatMap';
import { Ranking } from './Ranking';
import { RateCards } from './RateCards';
import { TrendChart } from './TrendChart';

const TREND_CODES = ['on_time', 'satisfaction', 'callback', 'first_time_fix'];

type TreeNode = { value: string; title: string; children: TreeNode[] };
const toTree = (n: UnitNode): TreeNode => ({ value: n.id, title: n.name, children: n.children.map(toTree) });
function findNode(nodes: UnitNode[], id: string): UnitNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    const f = findNode(n.children, id);
    if (f) return f;
  }
  return null;
}

/** The managers' dashboard: a month and a unit; every rate with its counts and target, rankings, trends, heat map, complaints. */
export default function FiguresPage() {
  const { t, i18n } = useTranslation();
  const { me, directory } = useSession();
  const tz = me!.timeZone;
  const [month, setMonth] = useState(() => monthOf(new Date(), tz));
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const scope: Scope = useMemo(() => ({ ...monthRange(month), unitId }), [month, unitId]);
  const [indicators, setIndicators] = useState<Indicator[] | null>(null);
  const [values, setValues] = useState<ValueItem[] | null>(null);
  const [trend, setTrend] = useState<ValueItem[] | null>(null);
  const [heat, setHeat] = useState<Heat | null>(null);
  const [heatShow, setHeatShow] = useState<'orders' | 'late'>('orders');
  const [complaints, setComplaints] = useState<Breakdown | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const name = useCallback((i: Indicator) => (i.names as Record<string, string>)[i18n.language] ?? i.name, [i18n.language]);
  const trendFrom = `${addMonths(month, -11)}-01`;

  useEffect(() => {
    unwrap(client.GET('/api/v1/kpi/indicators'))
      .then((r) => setIndicators(r.items))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(() => {
    setValues(null);
    setHeat(null);
    setComplaints(null);
    setTrend(null);
    const q = { from: scope.from, to: scope.to, unitId: scope.unitId };
    Promise.all([
      unwrap(client.GET('/api/v1/kpi/values', { params: { query: q } })).then((r) => setValues(r.items)),
      unwrap(
        client.GET('/api/v1/kpi/values', { params: { query: { ...q, from: trendFrom, codes: TREND_CODES.join(','), by: 'month' } } }),
      ).then((r) => setTrend(r.items)),
      unwrap(client.GET('/api/v1/kpi/heatmap', { params: { query: q } })).then(setHeat),
      unwrap(client.GET('/api/v1/kpi/complaints', { params: { query: q } })).then(setComplaints),
    ])
      .then(() => setError(null))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [scope, trendFrom]);

  const months = useMemo(() => Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11)), [month]);
  const trendSeries = useMemo(
    () =>
      TREND_CODES.map((code) => {
        const ind = indicators?.find((i) => i.code === code);
        return {
          name: ind ? name(ind) : code,
          values: months.map((m) => {
            const v = trend?.find((x) => x.code === code && x.period === m)?.value;
            return v == null ? null : Math.round(v * 1000) / 10;
          }),
        };
      }),
    [indicators, trend, months, name],
  );
  const onTrendPoint = useCallback(
    (series: number, index: number) => {
      const code = TREND_CODES[series]!;
      const ind = indicators?.find((i) => i.code === code);
      const m = months[index]!;
      setDrill({ code, name: `${ind ? name(ind) : code} · ${m}`, part: 'missed', unitId, ...monthRange(m) });
    },
    [indicators, months, name, unitId],
  );

  const onHeatCell = useCallback(
    (row: { unitId: string; unitName: string }, hour: number) => {
      const label = heatShow === 'orders' ? t('figures.heatOrders') : t('figures.heatLate');
      setDrill({
        code: '',
        part: 'denominator',
        name: `${row.unitName} · ${String(hour).padStart(2, '0')}:00 · ${label}`,
        ...monthRange(month),
        heat: { unitId: row.unitId, hour, late: heatShow === 'late' },
      });
    },
    [heatShow, month, t],
  );

  const scopeRoot = me ? findNode(directory.units, me.unitId) : null;
  const tree = scopeRoot ? [toTree(scopeRoot)] : directory.units.map(toTree);
  const escalatedInd = indicators?.find((i) => i.code === 'escalated_complaints');

  if (error && !indicators) return <Alert type="error" title={t('common.error', { message: error })} />;
  if (!indicators) return <Spin />;
  return (
    <div className="figures">
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        {t('figures.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          aria-label={t('figures.period')}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          data-testid="figures-month"
        />
        <TreeSelect
          aria-label={t('figures.unit')}
          allowClear
          placeholder={t('figures.allUnits')}
          style={{ minWidth: 220 }}
          treeData={tree}
          treeDefaultExpandAll
          value={unitId}
          onChange={(v) => setUnitId(v ?? undefined)}
          data-testid="figures-unit"
        />
        <Button
          icon={<DownloadOutlined />}
          href={xlsxHref('values', { from: scope.from, to: scope.to, unitId, lang })}
          data-testid="values-export"
        >
          {t('figures.exportXlsx')}
        </Button>
      </Space>
      {error && <Alert type="error" title={t('common.error', { message: error })} style={{ marginBottom: 12 }} />}
      {values ? <RateCards indicators={indicators} values={values} scope={scope} onDrill={setDrill} /> : <Spin />}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12, marginTop: 12 }}>
        <Ranking indicators={indicators} scope={scope} onDrill={setDrill} />
        <Card
          size="small"
          title={t('figures.trend')}
          extra={
            <Button
              size="small"
              icon={<DownloadOutlined />}
              href={xlsxHref('values', { codes: TREND_CODES.join(','), from: trendFrom, to: scope.to, unitId, by: 'month', lang })}
            >
              {t('figures.exportXlsx')}
            </Button>
          }
        >
          <TrendChart labels={months} series={trendSeries} label={t('figures.trend')} onPoint={onTrendPoint} />
        </Card>
        <Card
          size="small"
          title={t('figures.heatmap')}
          data-testid="heatmap"
          extra={
            <Button size="small" icon={<DownloadOutlined />} href={xlsxHref('heatmap', { from: scope.from, to: scope.to, unitId, lang })}>
              {t('figures.exportXlsx')}
            </Button>
          }
        >
          <Segmented
            aria-label={t('figures.heatShow')}
            value={heatShow}
            onChange={(v) => setHeatShow(v as 'orders' | 'late')}
            options={[
              { value: 'orders', label: t('figures.heatOrders') },
              { value: 'late', label: t('figures.heatLate') },
            ]}
            style={{ marginBottom: 8 }}
          />
          {heat ? (
            heat.items.length ? (
              <HeatMap
                rows={heat.items.map((r) => ({
                  unitId: r.unitId,
                  unitName: r.unitName,
                  values: heatShow === 'orders' ? r.orders : r.late,
                }))}
                label={heatShow === 'orders' ? t('figures.heatOrders') : t('figures.heatLate')}
                color={heatShow === 'orders' ? '#a8381f' : '#820014'}
                onCell={onHeatCell}
              />
            ) : (
              <Typography.Text type="secondary">{t('figures.noData')}</Typography.Text>
            )
          ) : (
            <Spin />
          )}
        </Card>
        <Complaints data={complaints} escalatedName={escalatedInd ? name(escalatedInd) : ''} scope={scope} onDrill={setDrill} />
      </div>
      <DrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
