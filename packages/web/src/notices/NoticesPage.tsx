import type { ButtonProps } from 'antd';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  ConfigProvider,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, client, unwrap } from '../api/client';
import type { paths } from '../api/openapi';
import { TenantDatePicker } from '../shared/TenantDatePicker';
import { useFmtTime } from '../shared/ui';
import {
  asNotice,
  type Progress as Counts,
  deliverySummary,
  type NetworkNode,
  NOTICE_KINDS,
  type Notice,
  type NoticeFormValues,
  type NoticeStatus,
  shouldPoll,
  toCreateBody,
  toFormValues,
} from './notice-model';

// Solid tags with white text at AA contrast.
const STATUS_COLOR: Record<NoticeStatus, string> = { draft: '#595959', active: '#ad2102', ended: '#237804' };
const POLL_MS = 2000;

type Filter = NoticeStatus | 'all';

export default function NoticesPage() {
  const { t } = useTranslation();
  const fmt = useFmtTime();
  const [filter, setFilter] = useState<Filter>('active');
  const [items, setItems] = useState<Notice[] | null>(null);
  const [nodes, setNodes] = useState<NetworkNode[]>([]);
  const [selected, setSelected] = useState<Notice | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Notice | null>(null);

  const loadList = useCallback(async () => {
    const res = await unwrap(client.GET('/api/v1/notices', { params: { query: { status: filter === 'all' ? undefined : filter } } }));
    setItems(res.items.map(asNotice));
  }, [filter]);
  useEffect(() => {
    setItems(null);
    void loadList().catch(() => setItems([]));
  }, [loadList]);
  useEffect(() => {
    void unwrap(client.GET('/api/v1/network-nodes')).then(
      (r) => setNodes(r.items),
      () => setNodes([]),
    );
  }, []);

  // The open notice is read again every couple of seconds while messages are on their way.
  const selectedId = selected?.id;
  const poll = shouldPoll(selected);
  useEffect(() => {
    if (!selectedId || !poll) return;
    const timer = setInterval(() => {
      unwrap(client.GET('/api/v1/notices/{id}', { params: { path: { id: selectedId } } })).then(
        (n) => setSelected((cur) => (cur?.id === n.id ? asNotice(n) : cur)),
        () => {},
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [selectedId, poll]);

  const open = async (id: string) => {
    setCreating(false);
    setSelected(asNotice(await unwrap(client.GET('/api/v1/notices/{id}', { params: { path: { id } } }))));
  };
  const changed = (n: Notice) => {
    setSelected(n);
    setCreating(false);
    setEditing(null);
    if (filter !== 'all' && filter !== n.status) setFilter(n.status);
    else void loadList();
  };

  return (
    // A darker red for danger buttons and error text than antd's default: AA contrast on white.
    <ConfigProvider theme={{ token: { colorError: '#a8071a' } }}>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('notices.title')}
        </Typography.Title>
        <Button
          type="primary"
          onClick={() => {
            setCreating(true);
            setSelected(null);
          }}
          data-testid="notice-new"
        >
          {t('notices.new')}
        </Button>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={13}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Segmented<Filter>
              aria-label={t('notices.filter')}
              value={filter}
              onChange={setFilter}
              options={(['active', 'draft', 'ended', 'all'] as const).map((f) => ({ value: f, label: t(`notices.filters.${f}`) }))}
              style={{ marginBottom: 12 }}
            />
            <Table<Notice>
              size="small"
              rowKey="id"
              loading={items === null}
              dataSource={items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.empty')} /> }}
              onRow={(n) => ({ 'data-testid': 'notice-row', 'aria-selected': n.id === selected?.id }) as React.HTMLAttributes<HTMLElement>}
              rowClassName={(n) => (n.id === selected?.id ? 'ant-table-row-selected' : '')}
              columns={[
                {
                  title: t('notices.col.title'),
                  key: 'title',
                  render: (_, n) => (
                    <Button
                      type="link"
                      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                      onClick={() => void open(n.id)}
                    >
                      {n.title}
                    </Button>
                  ),
                },
                { title: t('notices.col.kind'), key: 'kind', render: (_, n) => t(`noticeKind.${n.kind}`) },
                { title: t('notices.col.status'), key: 'status', render: (_, n) => <NoticeStatusTag status={n.status} /> },
                {
                  title: t('notices.col.window'),
                  key: 'window',
                  render: (_, n) => `${fmt(n.startsAt)} – ${n.expectedEndAt ? fmt(n.expectedEndAt) : t('notices.openEnded')}`,
                },
                {
                  title: t('notices.col.households'),
                  key: 'premises',
                  align: 'right',
                  render: (_, n) => (n.status === 'draft' ? '—' : n.premiseCount),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={11}>
          {creating ? (
            <NoticeForm nodes={nodes} onCancel={() => setCreating(false)} onSaved={changed} />
          ) : editing ? (
            <NoticeForm key={editing.id} nodes={nodes} editing={editing} onCancel={() => setEditing(null)} onSaved={changed} />
          ) : selected ? (
            <NoticeDetail
              notice={selected}
              nodes={nodes}
              onChanged={changed}
              onEdit={() => setEditing(selected)}
              onDeleted={() => {
                setSelected(null);
                void loadList();
              }}
            />
          ) : (
            <Card size="small">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.pick')} />
            </Card>
          )}
        </Col>
      </Row>
    </ConfigProvider>
  );
}

function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="notice-status" data-status={status}>
      {t(`notices.status.${status}`)}
    </Tag>
  );
}

/** One delivery bar with its counts, each labelled in words (not by colour alone). */
function Delivery({ counts, testid }: { counts: Counts | undefined; testid: string }) {
  const { t } = useTranslation();
  const s = deliverySummary(counts);
  if (s.total === 0) return <Typography.Text type="secondary">{t('notices.delivery.none')}</Typography.Text>;
  return (
    <div data-testid={testid} data-done={s.done}>
      <Progress
        percent={s.percent}
        success={{ percent: s.sentPercent, strokeColor: '#237804' }}
        strokeColor="#ad2102"
        format={() => `${s.percent}%`}
        aria-label={t('notices.delivery.bar', { percent: s.percent })}
      />
      <Space wrap size="middle">
        <span>
          {t('notices.delivery.waiting')}: <strong data-testid={`${testid}-waiting`}>{s.waiting}</strong>
        </span>
        <span>
          {t('notices.delivery.sent')}: <strong data-testid={`${testid}-sent`}>{s.sent}</strong>
        </span>
        <span>
          {t('notices.delivery.failed')}: <strong data-testid={`${testid}-failed`}>{s.failed}</strong>
        </span>
        {s.suppressed > 0 && (
          <span>
            {t('notices.delivery.suppressed')}: <strong>{s.suppressed}</strong>
          </span>
        )}
      </Space>
    </div>
  );
}

function targetText(n: Notice, nodes: NetworkNode[], t: (k: string, o?: Record<string, unknown>) => string) {
  const target = n.target;
  if (target.kind === 'nodes') return target.nodeIds.map((id) => nodes.find((x) => x.id === id)?.name ?? id).join('、');
  if (target.kind === 'buildings') return target.buildings.map((b) => `${b.community} ${b.building}`).join('、');
  return t('notices.target.premisesCount', { n: target.premiseIds.length });
}

type Preview = paths['/api/v1/notices/{id}/preview']['get']['responses'][200]['content']['application/json'];

function NoticeDetail({
  notice: n,
  nodes,
  onChanged,
  onEdit,
  onDeleted,
}: {
  notice: Notice;
  nodes: NetworkNode[];
  onChanged(n: Notice): void;
  onEdit(): void;
  onDeleted(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFmtTime();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);

  const fail = (e: unknown) => void message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));

  // Publishing first shows who is reached and the exact message; only the confirmation sends it.
  const openPreview = async () => {
    setBusy(true);
    try {
      setPreview(await unwrap(client.GET('/api/v1/notices/{id}/preview', { params: { path: { id: n.id } } })));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    try {
      const published = asNotice(await unwrap(client.POST('/api/v1/notices/{id}/publish', { params: { path: { id: n.id } } })));
      setPreview(null);
      onChanged(published);
      void message.success(t('noticeChecks.publishedTo', { n: published.premiseCount }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'notice_reaches_nobody') void message.error(t('noticeChecks.reachesNobody'));
      else fail(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    try {
      await unwrap(client.DELETE('/api/v1/notices/{id}', { params: { path: { id: n.id } } }));
      void message.success(t('noticeChecks.deleted'));
      onDeleted();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Card size="small" title={n.title} data-testid="notice-detail" extra={<NoticeStatusTag status={n.status} />}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('notices.col.kind')}>{t(`noticeKind.${n.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('notices.form.message')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{n.message}</span>
        </Descriptions.Item>
        {n.area ? <Descriptions.Item label={t('notices.form.area')}>{n.area}</Descriptions.Item> : null}
        <Descriptions.Item label={t('notices.col.window')}>
          {fmt(n.startsAt)} – {n.expectedEndAt ? fmt(n.expectedEndAt) : t('notices.openEnded')}
        </Descriptions.Item>
        <Descriptions.Item label={t(`notices.target.${n.target.kind}`)}>{targetText(n, nodes, t)}</Descriptions.Item>
        {n.status !== 'draft' && (
          <Descriptions.Item label={t('notices.col.households')}>
            <span data-testid="notice-households">{n.premiseCount}</span>
          </Descriptions.Item>
        )}
        {n.publishedAt ? <Descriptions.Item label={t('notices.publishedAt')}>{fmt(n.publishedAt)}</Descriptions.Item> : null}
        {n.endedAt ? <Descriptions.Item label={t('notices.endedAt')}>{fmt(n.endedAt)}</Descriptions.Item> : null}
        {n.linkedTickets !== undefined && (
          <Descriptions.Item label={t('notices.linkedTickets')}>
            <span data-testid="notice-linked">{n.linkedTickets}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {n.status !== 'draft' && (
        <section aria-label={t('notices.delivery.title')} style={{ marginTop: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 15 }}>
            {t('notices.delivery.title')}
          </Typography.Title>
          <Delivery counts={n.delivery?.notice} testid="delivery" />
          {n.status === 'ended' && (
            <>
              <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
                {t('notices.delivery.restoration')}
              </Typography.Title>
              <Delivery counts={n.delivery?.restoration} testid="restoration" />
            </>
          )}
          {shouldPoll(n) && !deliverySummary(n.status === 'ended' ? n.delivery?.restoration : n.delivery?.notice).done && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
              {t('notices.delivery.live')}
            </Typography.Text>
          )}
        </section>
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {n.status === 'draft' && (
          <>
            <Button type="primary" loading={busy} onClick={() => void openPreview()} data-testid="notice-publish">
              {t('notices.publish')}
            </Button>
            <Button onClick={onEdit} data-testid="notice-edit">
              {t('noticeChecks.edit')}
            </Button>
            <Popconfirm
              title={t('noticeChecks.deleteConfirm')}
              okText={t('noticeChecks.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, 'data-testid': 'notice-delete-confirm' } as ButtonProps}
              onConfirm={() => remove()}
            >
              <Button danger data-testid="notice-delete">
                {t('noticeChecks.delete')}
              </Button>
            </Popconfirm>
          </>
        )}
        {n.status === 'active' && (
          <Button danger onClick={() => setEnding(true)} data-testid="notice-end">
            {t('notices.end')}
          </Button>
        )}
      </Space>
      {preview && (
        <Modal
          open
          title={t('noticeChecks.previewTitle', { title: n.title })}
          onCancel={() => setPreview(null)}
          onOk={() => void publish()}
          okText={t('notices.publish')}
          cancelText={t('common.cancel')}
          okButtonProps={
            { danger: true, loading: busy, disabled: preview.premises === 0, 'data-testid': 'notice-publish-confirm' } as ButtonProps
          }
        >
          <div data-testid="notice-preview">
            {preview.premises === 0 ? (
              <Typography.Paragraph type="danger">{t('noticeChecks.reachesNobodyPreview')}</Typography.Paragraph>
            ) : (
              <Typography.Paragraph>
                <Trans
                  i18nKey="noticeChecks.previewReach"
                  values={{ n: preview.premises, m: preview.recipients }}
                  components={{ b: <strong data-testid="notice-preview-households" /> }}
                />
              </Typography.Paragraph>
            )}
            {preview.messages
              .filter((m) => m.recipients > 0 || m.locale === 'zh-CN')
              .map((m) => (
                <section key={m.locale} style={{ marginBottom: 12 }}>
                  <Typography.Text type="secondary">
                    {t(`noticeChecks.previewIn.${m.locale === 'en' ? 'en' : 'zh'}`, { n: m.recipients })}
                  </Typography.Text>
                  <Typography.Paragraph
                    data-testid={`notice-preview-text-${m.locale}`}
                    style={{ background: '#f5f5f5', padding: 8, borderRadius: 6, margin: '4px 0 0', overflowWrap: 'anywhere' }}
                  >
                    {m.text}
                  </Typography.Paragraph>
                </section>
              ))}
          </div>
        </Modal>
      )}
      {ending && (
        <EndDialog
          notice={n}
          onClose={() => setEnding(false)}
          onDone={(x) => {
            setEnding(false);
            onChanged(x);
          }}
        />
      )}
    </Card>
  );
}

function EndDialog({ notice, onClose, onDone }: { notice: Notice; onClose(): void; onDone(n: Notice): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [resolveLinked, setResolveLinked] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const body: { restorationMessage?: string; resolveLinked: boolean } = { resolveLinked };
      if (text.trim()) body.restorationMessage = text.trim();
      onDone(asNotice(await unwrap(client.POST('/api/v1/notices/{id}/end', { params: { path: { id: notice.id } }, body }))));
      void message.success(t('notices.ended'));
    } catch (e) {
      void message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('notices.endTitle', { title: notice.title })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('notices.end')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'notice-end-confirm' } as ButtonProps}
    >
      <Typography.Paragraph>{t('notices.endExplain')}</Typography.Paragraph>
      <label htmlFor="restoration-message" style={{ display: 'block', marginBottom: 4 }}>
        {t('notices.restorationMessage')}
      </label>
      <Input.TextArea
        id="restoration-message"
        rows={3}
        maxLength={500}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('notices.restorationPlaceholder')}
      />
      <Checkbox
        checked={resolveLinked}
        onChange={(e) => setResolveLinked(e.target.checked)}
        style={{ marginTop: 12 }}
        data-testid="notice-resolve-linked"
      >
        {t('notices.resolveLinked', { n: notice.linkedTickets ?? 0 })}
      </Checkbox>
    </Modal>
  );
}

// The pickers give ISO times with the tenant's offset (TenantDatePicker), the shape the API takes.
type FormShape = Omit<NoticeFormValues, 'startsAt'> & { startsAt?: string };

function NoticeForm({
  nodes,
  editing,
  onCancel,
  onSaved,
}: {
  nodes: NetworkNode[];
  /** A draft to change instead of writing a new notice. */
  editing?: Notice;
  onCancel(): void;
  onSaved(n: Notice): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormShape>();
  const targetKind = Form.useWatch('targetKind', form);
  const [busy, setBusy] = useState<'draft' | 'publish' | null>(null);
  const [premiseOptions, setPremiseOptions] = useState<{ value: string; label: string }[]>([]);
  const known = useRef(new Map<string, string>());
  const searchSeq = useRef(0);

  const searchPremises = (q: string) => {
    const seq = ++searchSeq.current;
    if (q.trim().length < 2) return;
    unwrap(client.GET('/api/v1/premises', { params: { query: { q: q.trim(), limit: 20 } } })).then(
      (r) => {
        if (seq !== searchSeq.current) return;
        for (const p of r.items) known.current.set(p.id, `${p.address} · ${p.accountNo}`);
        setPremiseOptions(r.items.map((p) => ({ value: p.id, label: `${p.address} · ${p.accountNo}` })));
      },
      () => {},
    );
  };
  const nodeOptions = useMemo(
    () => nodes.map((n) => ({ value: n.id, label: t('notices.form.nodeOption', { name: n.name, code: n.code, n: n.premiseCount }) })),
    [nodes, t],
  );

  const save = async (publish: boolean) => {
    const v = form.getFieldsValue(true) as FormShape;
    const out = toCreateBody({ ...v, startsAt: v.startsAt ?? '', expectedEndAt: v.expectedEndAt ?? null }, publish);
    if ('problem' in out) {
      form.setFields([{ name: out.problem.field, errors: [t(`notices.form.errors.${out.problem.key}`)] }]);
      return;
    }
    setBusy(publish ? 'publish' : 'draft');
    try {
      const { publish: _, unitId: __, ...fields } = out.body;
      const n = asNotice(
        await unwrap(
          editing
            ? client.PATCH('/api/v1/notices/{id}', {
                params: { path: { id: editing.id } },
                body: { ...fields, area: fields.area ?? '', expectedEndAt: fields.expectedEndAt ?? null },
              })
            : client.POST('/api/v1/notices', { body: out.body }),
        ),
      );
      void message.success(publish ? t('noticeChecks.publishedTo', { n: n.premiseCount }) : t('notices.saved'));
      onSaved(n);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'notice_reaches_nobody') {
        // Marked on the target that reached nobody, in the user's language.
        const field = ({ nodes: 'nodeIds', buildings: 'buildingsText', premises: 'premiseIds' } as const)[out.body.target.kind];
        form.setFields([{ name: field, errors: [t('noticeChecks.reachesNobody')] }]);
        void message.error(t('noticeChecks.reachesNobody'));
      } else void message.error(e instanceof ApiError ? t('common.error', { message: e.message }) : t('common.networkError'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={editing ? t('noticeChecks.editTitle', { title: editing.title }) : t('notices.new')} data-testid="notice-form">
      <Form<FormShape>
        form={form}
        layout="vertical"
        initialValues={editing ? toFormValues(editing) : { kind: 'planned_outage', targetKind: 'nodes' }}
        onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof FormShape, errors: [] })))}
      >
        <Form.Item name="kind" label={t('notices.col.kind')} required>
          <Select options={NOTICE_KINDS.map((k) => ({ value: k, label: t(`noticeKind.${k}`) }))} data-testid="notice-kind" />
        </Form.Item>
        <Form.Item name="title" label={t('notices.form.title')} required>
          <Input maxLength={100} placeholder={t('notices.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="message" label={t('notices.form.message')} required extra={t('notices.form.messageHelp')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="area" label={t('notices.form.area')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsAt" label={t('notices.form.startsAt')} required>
            <TenantDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="notice-starts" />
          </Form.Item>
          <Form.Item name="expectedEndAt" label={t('notices.form.expectedEndAt')}>
            <TenantDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="notice-ends" />
          </Form.Item>
        </Space>
        <Form.Item name="targetKind" label={t('notices.form.target')} required>
          <Radio.Group
            optionType="button"
            options={(['nodes', 'buildings', 'premises'] as const).map((k) => ({ value: k, label: t(`notices.target.${k}`) }))}
          />
        </Form.Item>
        {(targetKind ?? 'nodes') === 'nodes' && (
          <Form.Item name="nodeIds" label={t('notices.target.nodes')} required>
            <Select
              mode="multiple"
              options={nodeOptions}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('notices.form.nodesPlaceholder')}
              data-testid="notice-nodes"
            />
          </Form.Item>
        )}
        {targetKind === 'buildings' && (
          <Form.Item name="buildingsText" label={t('notices.target.buildings')} required extra={t('notices.form.buildingsHelp')}>
            <Input.TextArea rows={4} placeholder={'幸福小区 / 3号楼\n明珠花园 / 1号楼'} />
          </Form.Item>
        )}
        {targetKind === 'premises' && (
          <Form.Item name="premiseIds" label={t('notices.target.premises')} required extra={t('notices.form.premisesHelp')}>
            <Select
              mode="multiple"
              showSearch={{ filterOption: false, onSearch: searchPremises }}
              options={premiseOptions}
              labelRender={(o) => known.current.get(String(o.value)) ?? o.label}
              notFoundContent={null}
            />
          </Form.Item>
        )}
        <Space wrap>
          {!editing && (
            <Button
              type="primary"
              danger
              loading={busy === 'publish'}
              disabled={busy !== null}
              onClick={() => void save(true)}
              data-testid="notice-save-publish"
            >
              {t('notices.publishNow')}
            </Button>
          )}
          <Button
            type={editing ? 'primary' : 'default'}
            loading={busy === 'draft'}
            disabled={busy !== null}
            onClick={() => void save(false)}
            data-testid="notice-save-draft"
          >
            {editing ? t('noticeChecks.saveChanges') : t('notices.saveDraft')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
