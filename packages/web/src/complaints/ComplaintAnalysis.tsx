import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Table } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { components } from '../api/openapi';
import { useSession } from '../app/session';
import { zonedFields } from '../shared/tenant-time';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

type Analysis = components['schemas']['ComplaintAnalysis'];
type By = Analysis['by'];
const DIMENSIONS: By[] = ['source', 'channel', 'subType', 'category', 'unit', 'ruling'];
const SPANS = [3, 6, 12, 24] as const;

/** The first local day of the month `back` months before the tenant's current month, YYYY-MM-01. */
function monthStart(tz: string, back: number): string {
  const { year, month } = zonedFields(new Date(), tz);
  const i = year * 12 + (month - 1) - back;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

/** Complaints per month along one dimension (issue 10 item 5): stacked bars, the table, and the workbook. */
export function ComplaintAnalysis() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const tz = me!.timeZone;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [by, setBy] = useState<By>('source');
  const [span, setSpan] = useState<(typeof SPANS)[number]>(12);
  const [data, setData] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useMemo(() => ({ from: monthStart(tz, span - 1), to: monthStart(tz, -1), by, lang }) as const, [tz, span, by, lang]);

  useEffect(() => {
    let live = true;
    setData(null);
    unwrap(client.GET('/api/v1/complaints/analysis', { params: { query } })).then(
      (a) => {
        if (!live) return;
        setData(a);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const href = `/api/v1/complaints/analysis.xlsx?${new URLSearchParams(query)}`;
  const columns = [
    { title: t(`complaints.analysis.by.${by}`), dataIndex: 'label', key: 'label', fixed: 'left' as const, width: 140 },
    ...(data?.months ?? []).map((m, i) => ({
      title: m,
      key: m,
      align: 'right' as const,
      width: 80,
      render: (_: unknown, r: Analysis['rows'][number]) => r.months[i]?.count ?? 0,
    })),
    { title: t('complaints.analysis.total'), dataIndex: 'total', key: 'total', align: 'right' as const, width: 80 },
  ];

  return (
    <div data-testid="complaint-analysis">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('complaints.analysis.dimension')}
          data-testid="analysis-by"
          value={by}
          onChange={setBy}
          style={{ minWidth: 150 }}
          options={DIMENSIONS.map((d) => ({ value: d, label: t(`complaints.analysis.by.${d}`) }))}
        />
        <Select
          aria-label={t('complaints.analysis.period')}
          value={span}
          onChange={setSpan}
          style={{ minWidth: 130 }}
          options={SPANS.map((n) => ({ value: n, label: t('complaints.analysis.months', { count: n }) }))}
        />
        <Button icon={<DownloadOutlined />} href={href} data-testid="analysis-export">
          {t('complaints.analysis.export')}
        </Button>
      </Space>
      {error && <Alert type="error" title={t('common.error', { message: error })} />}
      {data && <StackedBars data={data} label={t('complaints.analysis.chart', { by: t(`complaints.analysis.by.${by}`) })} />}
      <Table
        size="small"
        rowKey="key"
        loading={data === null && !error}
        dataSource={data?.rows ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('complaints.analysis.none') }}
        summary={() =>
          data && data.rows.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('complaints.analysis.total')}</Table.Summary.Cell>
              {data.months.map((m, i) => (
                <Table.Summary.Cell key={m} index={i + 1} align="right">
                  {data.rows.reduce((n, r) => n + (r.months[i]?.count ?? 0), 0)}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={data.months.length + 1} align="right">
                <strong data-testid="analysis-total">{data.total}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}

function StackedBars({ data, label }: { data: Analysis; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 36, right: 12, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: data.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: data.rows.map((r) => ({ type: 'bar', stack: 'all', name: r.label, data: r.months.map((m) => m.count) })),
      color: ['#a8381f', '#1677ff', '#389e0d', '#ad4e00', '#531dab', '#08979c', '#d4b106', '#595959'],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height: 300 }} data-testid="analysis-chart" />;
}
