import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the pieces the strip draws: a line chart with grid, tooltip and legend.
echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export type Series = { name: string; values: (number | null)[] };

/** A percentage line chart over periods; clicking a point calls `onPoint` with the series and period index. */
export function TrendChart({
  labels,
  series,
  label,
  onPoint,
}: {
  labels: string[];
  series: Series[];
  label: string;
  onPoint?: (series: number, index: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 44, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: true, symbolSize: 7 })),
      color: ['#a8381f', '#1677ff', '#389e0d', '#ad4e00'],
    });
    if (onPoint) chart.on('click', (p) => onPoint(p.seriesIndex ?? 0, p.dataIndex));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [labels, series, onPoint]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height: 300 }} data-testid="trend-chart" />;
}
