import { Alert, Card, Col, Row, Spin, Statistic, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { KpiDaily, KpiSummary, Rate } from '../api/models';
import { useSession } from '../app/session';
import { useTicketChanges } from '../live/live-feed';
import { TrendChart } from './TrendChart';

const pct = (r: Rate) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);

export default function FiguresPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [today, setToday] = useState<KpiSummary | null>(null);
  const [month, setMonth] = useState<KpiSummary | null>(null);
  const [daily, setDaily] = useState<KpiDaily | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await unwrap(client.GET('/api/v1/kpi/daily', { params: { query: { days: 30 } } }));
      setDaily(d);
      const now = new Date();
      const todayStart = d.days.length ? d.days[d.days.length - 1]! : null;
      // Day boundaries come from the server (tenant time zone); the month starts at its first day in the series.
      const dayFrom = todayStart
        ? await unwrap(
            client.GET('/api/v1/kpi/summary', {
              params: { query: { from: startOf(todayStart.date, me!.timeZone), to: now.toISOString() } },
            }),
          )
        : null;
      const firstOfMonth = `${(todayStart?.date ?? now.toISOString()).slice(0, 8)}01`;
      const monthFrom = await unwrap(
        client.GET('/api/v1/kpi/summary', { params: { query: { from: startOf(firstOfMonth, me!.timeZone), to: now.toISOString() } } }),
      );
      setToday(dayFrom);
      setMonth(monthFrom);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [me]);
  useEffect(() => {
    void load();
  }, [load]);
  useTicketChanges((c) => c.id === '*' && void load());

  const series = useMemo(
    () =>
      daily
        ? [
            { name: t('figures.onTime'), values: daily.days.map((d) => pct(d.onTime)) },
            { name: t('figures.satisfaction'), values: daily.days.map((d) => pct(d.satisfaction)) },
            { name: t('figures.callback'), values: daily.days.map((d) => pct(d.callback)) },
          ]
        : [],
    [daily, t],
  );
  const dates = useMemo(() => daily?.days.map((d) => d.date) ?? [], [daily]);

  if (error) return <Alert type="error" title={t('common.error', { message: error })} />;
  if (!daily || !month) return <Spin />;
  const rate = (r: Rate | undefined) => (r && r.rate !== null ? pct(r) : null);
  const cell = (title: string, r: Rate | undefined) => (
    <Statistic
      title={title}
      value={rate(r) ?? t('figures.noData')}
      suffix={rate(r) !== null ? '%' : undefined}
      precision={rate(r) !== null ? 1 : undefined}
    />
  );

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        {t('figures.title')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {(
          [
            ['today', today],
            ['month', month],
          ] as const
        ).map(([k, s]) => (
          <Col xs={24} lg={10} key={k}>
            <Card size="small" title={t(`figures.${k}`)} data-testid={`figures-${k}`}>
              <Row gutter={12}>
                <Col span={8}>{cell(t('figures.onTime'), s?.onTime)}</Col>
                <Col span={8}>{cell(t('figures.satisfaction'), s?.satisfaction)}</Col>
                <Col span={8}>{cell(t('figures.callback'), s?.callback)}</Col>
              </Row>
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={4}>
          <Card size="small">
            <Row gutter={12}>
              <Col span={12}>
                <Statistic title={t('figures.open')} value={daily.open} />
              </Col>
              <Col span={12}>
                <Statistic title={t('figures.late')} value={daily.late} valueStyle={daily.late > 0 ? { color: '#a8071a' } : undefined} />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('figures.trend')} style={{ marginTop: 12 }}>
        <TrendChart dates={dates} series={series} label={t('figures.trend')} />
      </Card>
    </div>
  );
}

/** Local midnight of a date in a time zone, as an ISO instant. */
function startOf(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  })
    .formatToParts(new Date(guess))
    .reduce<Record<string, number>>((a, p) => {
      if (p.type !== 'literal') a[p.type] = Number(p.value);
      return a;
    }, {});
  const offset = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - guess;
  return new Date(guess - offset).toISOString();
}
