import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { sendXlsx, type XlsxColumn } from '../shared/xlsx.js';
import { INDICATOR_BY_CODE, type IndicatorUnit } from './indicators.js';
import { valuesInput, valuesQuery } from './kpi-query.js';
import { indicatorValues, type ValueItem } from './kpi-values.js';
import { unitNames } from './kpi-values.repo.js';

export type Lang = 'zh-CN' | 'en';
export const langQuery = z.enum(['zh-CN', 'en']).default('zh-CN').describe('language of the headers and names');

const HEADERS = {
  'zh-CN': {
    indicator: '指标',
    code: '代码',
    unit: '单位',
    period: '期间',
    numerator: '分子',
    denominator: '分母',
    value: '值',
    target: '目标',
    note: '说明',
    sheet: '指标值',
  },
  en: {
    indicator: 'Indicator',
    code: 'Code',
    unit: 'Unit',
    period: 'Period',
    numerator: 'Numerator',
    denominator: 'Denominator',
    value: 'Value',
    target: 'Target',
    note: 'Note',
    sheet: 'Values',
  },
} as const;

/** How a value of an indicator shows in Excel: a share as a percentage, minutes and rates as decimals. */
export const numFmtOf = (unit: IndicatorUnit | undefined) => (unit === 'ratio' ? '0.0%' : unit === 'minutes' ? '0.0' : '0.00');

/** XLSX exports of the figures' tables; the same queries and scope as their JSON twins. */
export function kpiExportRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/kpi/values.xlsx',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The same values as /kpi/values, as an XLSX workbook (one row per code and unit or period)',
        querystring: valuesQuery.extend({ lang: langQuery }),
        response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db } = ctxOf(req, deps);
      const input = valuesInput(req.query, actor.timeZone);
      const items = await indicatorValues(db, actor, input);
      const h = HEADERS[req.query.lang];
      const lang = req.query.lang;
      const names = input.by === 'unit' ? await unitNames(db, actor.tenantId, [...new Set(items.map((i) => i.unitId!))]) : new Map();
      const ind = (i: ValueItem) => INDICATOR_BY_CODE.get(i.code);
      const columns: XlsxColumn<ValueItem>[] = [
        { header: h.indicator, width: 24, value: (i) => ind(i)?.name[lang] ?? i.code },
        { header: h.code, width: 22, value: (i) => i.code },
        ...(input.by === 'unit' ? [{ header: h.unit, width: 20, value: (i: ValueItem) => names.get(i.unitId!) ?? i.unitId }] : []),
        ...(input.by === 'day' || input.by === 'month' ? [{ header: h.period, width: 12, value: (i: ValueItem) => i.period }] : []),
        { header: h.numerator, value: (i) => i.numerator },
        { header: h.denominator, value: (i) => i.denominator },
        { header: h.value, numFmt: (i) => numFmtOf(ind(i)?.unit), value: (i) => i.value },
        { header: h.target, numFmt: (i) => numFmtOf(ind(i)?.unit), value: (i) => i.target },
        { header: h.note, width: 30, value: (i) => i.reason },
      ];
      const by = input.by ? `-${input.by}` : '';
      return sendXlsx(reply, `figures-${input.fromDay}--${input.toDay}${by}.xlsx`, [{ name: h.sheet, columns, rows: items }]);
    },
  );
}
