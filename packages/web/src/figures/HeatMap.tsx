import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type HeatRow = { unitId: string; unitName: string; values: number[] };

/** Stations down, the 24 local hours across; wider than a phone, so it scrolls sideways there. */
export function HeatMap({
  rows,
  label,
  color,
  onCell,
}: {
  rows: HeatRow[];
  label: string;
  color: string;
  /** Called with the row and the local hour of a clicked cell that has orders. */
  onCell?: (row: HeatRow, hour: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const height = Math.max(160, rows.length * 28 + 90);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: 'svg' });
    const max = Math.max(1, ...rows.flatMap((r) => r.values));
    chart.setOption({
      animation: false,
      tooltip: { position: 'top' },
      grid: { left: 110, right: 12, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), splitArea: { show: true } },
      yAxis: { type: 'category', data: rows.map((r) => r.unitName), inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: ['#fff7e6', color] },
      },
      series: [
        {
          type: 'heatmap',
          name: label,
          data: rows.flatMap((r, y) => r.values.map((v, x) => [x, y, v])),
          label: { show: true, fontSize: 10, formatter: (p: { value: number[] }) => (p.value[2] ? String(p.value[2]) : '') },
        },
      ],
    });
    if (onCell) {
      chart.on('click', (p) => {
        const [x, y, v] = p.value as [number, number, number];
        if (v > 0 && rows[y]) onCell(rows[y], x);
      });
    }
    return () => chart.dispose();
  }, [rows, label, color, onCell]);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard.
    <section style={{ overflowX: 'auto' }} tabIndex={0} aria-label={label}>
      <div ref={el} role="img" aria-label={label} style={{ minWidth: 720, height }} data-testid="heatmap-chart" />
    </section>
  );
}
