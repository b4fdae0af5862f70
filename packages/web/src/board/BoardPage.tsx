import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Grid,
  Input,
  Segmented,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { Kind, Status, Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useTicketChanges } from '../live/live-feed';
import { nextDeadline } from '../shared/deadline';
import { clockTime } from '../shared/tenant-time';
import { Countdown, categoryName, StatusTag, TAG, useFmtTime } from '../shared/ui';
import { crewIn } from '../shared/units';

const QUEUES: Record<string, Status[]> = {
  open: ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'suspended'],
  new: ['new', 'accepted'],
  dispatched: ['dispatched'],
  working: ['taken', 'on_site'],
  suspended: ['suspended'],
};

const filtersKey = (userId: string | undefined) => `warmline.board.filters.${userId}`;
type Filters = { queue?: string; unitId?: string; kind?: Kind; text?: string; overdueOnly?: boolean };
function readFilters(userId: string | undefined): Filters {
  try {
    return JSON.parse(sessionStorage.getItem(filtersKey(userId)) ?? '{}') as Filters;
  } catch {
    return {};
  }
}

export default function BoardPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, directory, category, unitName, userName } = useSession();
  const fmt = useFmtTime();
  // Below a tablet's width the table would wrap one character per line: each order becomes a card.
  const wide = Grid.useBreakpoint().md ?? true;
  // The filters outlive a visit to an order and "返回": kept for the browser tab's session.
  const [saved] = useState(() => readFilters(me?.id));
  const [queue, setQueue] = useState(saved.queue && saved.queue in QUEUES ? saved.queue : 'open');
  const [unitId, setUnitId] = useState<string | undefined>(saved.unitId);
  const [kind, setKind] = useState<Kind | undefined>(saved.kind);
  const [text, setText] = useState(saved.text ?? '');
  const [overdueOnly, setOverdueOnly] = useState(saved.overdueOnly ?? false);
  useEffect(() => {
    sessionStorage.setItem(filtersKey(me?.id), JSON.stringify({ queue, unitId, kind, text, overdueOnly } satisfies Filters));
  }, [queue, unitId, kind, text, overdueOnly, me?.id]);
  const [rows, setRows] = useState<Ticket[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [assignUnit, setAssignUnit] = useState<string | undefined>();
  const [assignCrew, setAssignCrew] = useState<string | undefined>();
  const [assigning, setAssigning] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);

  const load = useCallback(async () => {
    const query = { status: QUEUES[queue]!.join(','), limit: 200, unitId, kind, overdue: overdueOnly ? ('true' as const) : undefined };
    try {
      const res = await unwrap(client.GET('/api/v1/tickets', { params: { query } }));
      setRows(res.items);
      setError(null);
      setUpdatedAt(new Date());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }, [queue, unitId, kind, overdueOnly]);

  useEffect(() => {
    void load();
  }, [load]);

  // A burst of changes (a bulk assignment) becomes one re-read.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useTicketChanges(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void load();
    }, 150);
  });

  const visible = useMemo(() => {
    const q = text.trim().toLowerCase();
    const now = new Date();
    const emergency = (r: Ticket) => (category(r.categoryCode)?.emergency || r.priority === 'urgent' ? 0 : 1);
    const due = (r: Ticket) => nextDeadline(r, now)?.at.getTime() ?? Number.MAX_SAFE_INTEGER;
    return rows
      .filter((r) => !q || `${r.number} ${r.address} ${r.contact.phone} ${r.contact.name} ${r.description}`.toLowerCase().includes(q))
      .sort((a, b) => emergency(a) - emergency(b) || due(a) - due(b));
  }, [rows, text, category]);

  // The queue split by unit: one click narrows the board to that unit.
  const perUnit = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.unitId, (counts.get(r.unitId) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  }, [rows]);

  const unitOptions = directory.unitList.map((u) => ({ value: u.id, label: u.name }));
  const crewOptions = crewIn(directory.units, directory.users, assignUnit).map((u) => ({ value: u.id, label: u.displayName }));

  async function assign() {
    if (!assignUnit) return;
    setAssigning(true);
    let ok = 0;
    const failures: string[] = [];
    for (const id of selected) {
      try {
        await unwrap(
          client.POST('/api/v1/tickets/{id}/actions', {
            params: { path: { id } },
            body: { action: 'dispatch', unitId: assignUnit, ...(assignCrew && { assigneeId: assignCrew }) },
          }),
        );
        ok++;
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
    }
    setAssigning(false);
    setSelected([]);
    if (ok) message.success(t('board.assigned', { n: ok }));
    if (failures.length) message.error(t('board.assignFailed', { n: failures.length, message: failures[0] }));
    void load();
  }

  const columns: ColumnsType<Ticket> = [
    {
      title: t('board.col.number'),
      dataIndex: 'number',
      render: (_, r) => (
        <Link to={`/tickets/${r.id}`} data-testid="board-number">
          {r.number}
        </Link>
      ),
    },
    {
      title: t('board.col.category'),
      render: (_, r) => {
        const c = category(r.categoryCode);
        return (
          <Space size={4} wrap>
            {c?.emergency && <Tag color={TAG.red}>{t('board.emergency')}</Tag>}
            {categoryName(c, r.categoryCode, i18n.language)}
          </Space>
        );
      },
    },
    { title: t('board.col.status'), render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('board.col.deadline'), render: (_, r) => <Countdown ticket={r} /> },
    { title: t('board.col.unit'), render: (_, r) => unitName(r.unitId) },
    { title: t('board.col.assignee'), render: (_, r) => (r.assigneeId ? (userName(r.assigneeId) ?? t('common.unknownUser')) : '—') },
    { title: t('board.col.address'), dataIndex: 'address', ellipsis: true },
    { title: t('board.col.received'), render: (_, r) => fmt(r.receivedAt) },
  ];

  return (
    <div>
      <Space style={{ justifyContent: 'space-between', width: '100%', flexWrap: 'wrap' }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('board.title')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="board-updated">
          {t('board.count', { n: visible.length })}
          {updatedAt && ` · ${t('board.updated', { time: clockTime(updatedAt, i18n.language, me?.timeZone) })}`}
        </Typography.Text>
      </Space>
      <Card size="small" style={{ margin: '12px 0' }}>
        <Space wrap className="board-filters">
          {/* On a phone the queues scroll sideways inside the card instead of pushing the page wider. */}
          <div className="board-queues">
            <Segmented
              aria-label={t('board.queue')}
              value={queue}
              onChange={(v) => setQueue(String(v))}
              options={Object.keys(QUEUES).map((q) => ({ value: q, label: t(`board.queues.${q}`) }))}
            />
          </div>
          <Select
            allowClear
            placeholder={t('board.allUnits')}
            aria-label={t('board.unit')}
            style={{ width: 180 }}
            value={unitId}
            onChange={setUnitId}
            options={unitOptions}
          />
          <Select
            allowClear
            placeholder={t('board.allKinds')}
            aria-label={t('board.kind')}
            style={{ width: 140 }}
            value={kind}
            onChange={setKind}
            options={directory.rules.kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
          <Input.Search
            aria-label={t('board.search')}
            placeholder={t('board.search')}
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ width: 240 }}
          />
          <Space>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={t('board.overdueOnly')} id="overdue-only" />
            <label htmlFor="overdue-only">{t('board.overdueOnly')}</label>
          </Space>
        </Space>
      </Card>
      {perUnit.length > 1 && !unitId && (
        <Space wrap style={{ marginBottom: 12 }} aria-label={t('board.unit')} data-testid="unit-queues">
          {perUnit.map(([id, n]) => (
            <Button key={id} size="small" onClick={() => setUnitId(id)}>
              {unitName(id)} · {n}
            </Button>
          ))}
        </Space>
      )}
      {selected.length > 0 && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="bulk-bar">
          <Space wrap>
            <Typography.Text strong>{t('board.selected', { n: selected.length })}</Typography.Text>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('board.assignUnit')}
              aria-label={t('board.assignUnit')}
              style={{ width: 200 }}
              value={assignUnit}
              onChange={(v) => {
                setAssignUnit(v);
                setAssignCrew(undefined);
              }}
              options={unitOptions}
              data-testid="assign-unit"
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('board.assignCrew')}
              aria-label={t('board.assignCrew')}
              style={{ width: 200 }}
              value={assignCrew}
              onChange={setAssignCrew}
              options={crewOptions}
              data-testid="assign-crew"
            />
            <Button type="primary" disabled={!assignUnit} loading={assigning} onClick={() => void assign()} data-testid="assign">
              {t('board.assign')}
            </Button>
          </Space>
        </Card>
      )}
      {error && <Alert type="error" title={t('common.error', { message: error })} style={{ marginBottom: 12 }} />}
      {!wide && (
        <BoardCards
          rows={visible}
          loading={loading}
          selected={selected}
          onSelect={(id, on) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)))}
        />
      )}
      <div style={{ overflowX: 'auto', display: wide ? undefined : 'none' }}>
        <Table<Ticket>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={visible}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          rowClassName={(r) => (category(r.categoryCode)?.emergency ? 'emergency-row' : '')}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (r) => ({ disabled: !r.allowedActions.includes('dispatch'), 'aria-label': r.number }),
          }}
          locale={{ emptyText: t('board.empty') }}
        />
      </div>
    </div>
  );
}

/** The board on a phone: one card per order with what the table's columns say, selectable for bulk dispatch. */
function BoardCards({
  rows,
  loading,
  selected,
  onSelect,
}: {
  rows: Ticket[];
  loading: boolean;
  selected: string[];
  onSelect(id: string, on: boolean): void;
}) {
  const { t, i18n } = useTranslation();
  const { category, unitName, userName } = useSession();
  const fmt = useFmtTime();
  if (loading && rows.length === 0) return <Spin />;
  if (rows.length === 0) return <Empty description={t('board.empty')} />;
  return (
    <div data-testid="board-cards">
      {rows.slice(0, 50).map((r) => {
        const c = category(r.categoryCode);
        return (
          <Card key={r.id} size="small" className={c?.emergency ? 'board-card emergency-card' : 'board-card'} data-testid="board-card">
            <Space wrap size={6} style={{ width: '100%' }}>
              {r.allowedActions.includes('dispatch') && (
                <Checkbox checked={selected.includes(r.id)} onChange={(e) => onSelect(r.id, e.target.checked)} aria-label={r.number} />
              )}
              <Link to={`/tickets/${r.id}`} data-testid="board-number">
                {r.number}
              </Link>
              <StatusTag status={r.status} />
              {c?.emergency && <Tag color={TAG.red}>{t('board.emergency')}</Tag>}
            </Space>
            <div className="board-card-line">
              <strong>{categoryName(c, r.categoryCode, i18n.language)}</strong> · <Countdown ticket={r} />
            </div>
            <div className="board-card-line">{r.address}</div>
            <div className="board-card-line board-card-meta">
              {unitName(r.unitId)} · {r.assigneeId ? (userName(r.assigneeId) ?? t('common.unknownUser')) : '—'} · {fmt(r.receivedAt)}
            </div>
          </Card>
        );
      })}
    </div>
  );
}
