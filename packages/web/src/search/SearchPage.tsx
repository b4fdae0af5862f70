import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Input, Select, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { Channel, Kind, paths, Status, Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { nextDay, startOfDay } from '../shared/tenant-time';
import { Countdown, categoryName, StatusTag, useFmtTime } from '../shared/ui';
import { downloadExport, type ExportProgress } from './export-download';

type ListQuery = NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>;
type Sort = NonNullable<ListQuery['sort']>;
type SourceBody = NonNullable<paths['/api/v1/tickets']['post']['requestBody']['content']['application/json']['source']>['body'];

// The values of the API's enums, checked against the generated types both ways.
const STATUSES = [
  'new',
  'accepted',
  'dispatched',
  'taken',
  'on_site',
  'resolved',
  'suspended',
  'closed',
] as const satisfies readonly Status[];
const CHANNELS = ['hotline', 'window', 'web', 'app', 'sms', 'open311', 'escalated', 'import'] as const satisfies readonly Channel[];
const SOURCES = [
  'regulator',
  'provincial_hotline',
  '95598',
  '12345',
  'conduct_office',
  'media',
  'other',
] as const satisfies readonly SourceBody[];
type Missing =
  | Exclude<Status, (typeof STATUSES)[number]>
  | Exclude<Channel, (typeof CHANNELS)[number]>
  | Exclude<SourceBody, (typeof SOURCES)[number]>;
const everyValueListed: [Missing] extends [never] ? true : never = true;
void everyValueListed;

/** Which column sorts by which of the API's sort keys. */
const SORT_OF_COLUMN: Record<string, Sort> = { received: 'received', status: 'status', deadline: 'deadline' };

type Filters = {
  q: string;
  status: Status[];
  kind?: Kind;
  channel: Channel[];
  sourceBody: SourceBody[];
  categoryCode?: string;
  unitId?: string;
  assigneeId?: string;
  late: boolean;
  days: [Dayjs | null, Dayjs | null] | null;
};
const EMPTY: Filters = { q: '', status: [], channel: [], sourceBody: [], late: false, days: null };

export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, directory, category, unitName, userName } = useSession();
  const fmt = useFmtTime();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [sort, setSort] = useState<{ sort: Sort; order: 'asc' | 'desc' }>({ sort: 'created', order: 'desc' });
  const [rows, setRows] = useState<Ticket[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<ExportProgress | null>(null);

  const query = useMemo(() => {
    const tz = me?.timeZone ?? 'Asia/Shanghai';
    const [from, to] = filters.days ?? [null, null];
    const q: ListQuery = {
      q: filters.q.trim() || undefined,
      status: filters.status.join(',') || undefined,
      kind: filters.kind,
      channel: filters.channel.join(',') || undefined,
      sourceBody: filters.sourceBody.join(',') || undefined,
      categoryCode: filters.categoryCode,
      unitId: filters.unitId,
      assigneeId: filters.assigneeId,
      late: filters.late ? 'true' : undefined,
      from: from ? startOfDay(from.format('YYYY-MM-DD'), tz) : undefined,
      to: to ? startOfDay(nextDay(to.format('YYYY-MM-DD')), tz) : undefined,
      sort: sort.sort,
      order: sort.order,
    };
    return q;
  }, [filters, sort, me?.timeZone]);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const res = await unwrap(client.GET('/api/v1/tickets', { params: { query: { ...query, limit: 50, cursor: after ?? undefined } } }));
        setRows((prev) => (after ? [...prev, ...res.items] : res.items));
        setCursor(res.nextCursor);
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        if (!after) setRows([]);
      } finally {
        setLoading(false);
      }
    },
    [query],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const tooShort = draft.q.trim().length === 1;
  const search = () => {
    if (tooShort) return;
    setFilters(draft);
  };

  async function exportXlsx() {
    const params = new URLSearchParams({ format: 'xlsx', lang: i18n.language === 'en' ? 'en' : 'zh-CN' });
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    setExporting({ bytes: 0, rows: null });
    try {
      await downloadExport(`/api/v1/tickets/export?${params}`, setExporting, 'orders.xlsx');
      message.success(t('search.exported'));
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setExporting(null);
    }
  }

  const sortOrderOf = (column: string) =>
    SORT_OF_COLUMN[column] === sort.sort ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null;
  const columns: ColumnsType<Ticket> = [
    {
      title: t('search.col.number'),
      key: 'number',
      render: (_, r) => (
        <Link to={`/tickets/${r.id}`} data-testid="search-number">
          {r.number}
        </Link>
      ),
    },
    {
      title: t('search.col.received'),
      key: 'received',
      sorter: true,
      sortOrder: sortOrderOf('received'),
      render: (_, r) => fmt(r.receivedAt),
    },
    {
      title: t('search.col.status'),
      key: 'status',
      sorter: true,
      sortOrder: sortOrderOf('status'),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('search.col.deadline'),
      key: 'deadline',
      sorter: true,
      sortOrder: sortOrderOf('deadline'),
      // The column sorts by the resolution deadline; an open order also shows its next running clock.
      render: (_, r) =>
        r.status === 'closed' || r.status === 'resolved' ? (
          fmt(r.deadlines.resolveBy)
        ) : (
          <div style={{ display: 'flex', flexDirection: 'column' }}>
            {fmt(r.deadlines.resolveBy)}
            <Countdown ticket={r} />
          </div>
        ),
    },
    {
      title: t('search.col.category'),
      key: 'category',
      render: (_, r) => categoryName(category(r.categoryCode), r.categoryCode, i18n.language),
    },
    { title: t('search.col.address'), key: 'address', dataIndex: 'address', ellipsis: true },
    { title: t('search.col.contact'), key: 'contact', render: (_, r) => `${r.contact.name} ${r.contact.phone}` },
    { title: t('search.col.description'), key: 'description', dataIndex: 'description', ellipsis: true },
    { title: t('search.col.unit'), key: 'unit', render: (_, r) => unitName(r.unitId) },
    { title: t('search.col.assignee'), key: 'assignee', render: (_, r) => (r.assigneeId ? (userName(r.assigneeId) ?? '—') : '—') },
  ];

  const set =
    <K extends keyof Filters>(k: K) =>
    (v: Filters[K]) =>
      setDraft((d) => ({ ...d, [k]: v }));
  const apply =
    <K extends keyof Filters>(k: K) =>
    (v: Filters[K]) => {
      setDraft((d) => ({ ...d, [k]: v }));
      setFilters((f) => ({ ...f, [k]: v, q: draft.q }));
    };

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {t('search.title')}
      </Typography.Title>
      <Card size="small" style={{ margin: '12px 0' }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          <Input.Search
            aria-label={t('search.q')}
            placeholder={t('search.qPlaceholder')}
            enterButton={t('search.go')}
            allowClear
            value={draft.q}
            status={tooShort ? 'error' : undefined}
            onChange={(e) => set('q')(e.target.value)}
            onSearch={search}
            id="search-q"
            style={{ maxWidth: 560 }}
          />
          {tooShort && (
            <Typography.Text type="danger" data-testid="search-q-error">
              {t('search.qTooShort')}
            </Typography.Text>
          )}
          <Space wrap>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('search.allStatuses')}
              aria-label={t('search.status')}
              style={{ minWidth: 160 }}
              value={draft.status}
              onChange={apply('status')}
              options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              data-testid="search-status"
            />
            <Select
              allowClear
              placeholder={t('search.allKinds')}
              aria-label={t('search.kind')}
              style={{ width: 130 }}
              value={draft.kind}
              onChange={apply('kind')}
              options={directory.rules.kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('search.allCategories')}
              aria-label={t('search.category')}
              style={{ width: 160 }}
              value={draft.categoryCode}
              onChange={apply('categoryCode')}
              options={directory.categories.map((c) => ({ value: c.code, label: categoryName(c, c.code, i18n.language) }))}
            />
            <Select
              mode="multiple"
              allowClear
              placeholder={t('search.allChannels')}
              aria-label={t('search.channel')}
              style={{ minWidth: 140 }}
              value={draft.channel}
              onChange={apply('channel')}
              options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            />
            <Select
              mode="multiple"
              allowClear
              placeholder={t('search.allSources')}
              aria-label={t('search.source')}
              style={{ minWidth: 140 }}
              value={draft.sourceBody}
              onChange={apply('sourceBody')}
              options={SOURCES.map((s) => ({ value: s, label: t(`search.sources.${s}`) }))}
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('search.allUnits')}
              aria-label={t('search.unit')}
              style={{ width: 160 }}
              value={draft.unitId}
              onChange={apply('unitId')}
              options={directory.unitList.map((u) => ({ value: u.id, label: u.name }))}
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('search.anyAssignee')}
              aria-label={t('search.assignee')}
              style={{ width: 150 }}
              value={draft.assigneeId}
              onChange={apply('assigneeId')}
              options={directory.users.filter((u) => u.role === 'field_crew').map((u) => ({ value: u.id, label: u.displayName }))}
            />
            <DatePicker.RangePicker
              aria-label={t('search.days')}
              placeholder={[t('search.from'), t('search.to')]}
              value={draft.days}
              onChange={(v) => apply('days')(v as Filters['days'])}
              style={{ maxWidth: 260 }}
            />
            <Space>
              <Switch checked={draft.late} onChange={apply('late')} id="search-late" aria-label={t('search.lateOnly')} />
              <label htmlFor="search-late">{t('search.lateOnly')}</label>
            </Space>
          </Space>
        </div>
      </Card>
      <Space style={{ justifyContent: 'space-between', width: '100%', flexWrap: 'wrap', marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="search-count">
          {cursor ? t('search.countMore', { n: rows.length }) : t('search.count', { n: rows.length })}
        </Typography.Text>
        <Space wrap>
          {exporting && (
            <Typography.Text data-testid="export-progress" role="status">
              {t('search.exporting', {
                size: (exporting.bytes / 1024 / 1024).toFixed(1),
                rows: exporting.rows === null ? '…' : exporting.rows.toLocaleString(i18n.language),
              })}
            </Typography.Text>
          )}
          <Button icon={<DownloadOutlined />} loading={Boolean(exporting)} onClick={() => void exportXlsx()} data-testid="search-export">
            {t('search.export')}
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" title={t('common.error', { message: error })} style={{ marginBottom: 12 }} />}
      <div style={{ overflowX: 'auto' }}>
        <Table<Ticket>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onChange={(_p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Ticket> | undefined;
            const key = s?.order ? SORT_OF_COLUMN[String(s.columnKey)] : undefined;
            setSort(key ? { sort: key, order: s?.order === 'ascend' ? 'asc' : 'desc' } : { sort: 'created', order: 'desc' });
          }}
          locale={{ emptyText: t('search.empty') }}
          data-testid="search-results"
        />
      </div>
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(cursor)} loading={loading} data-testid="search-more">
            {t('search.more')}
          </Button>
        </div>
      )}
    </div>
  );
}
