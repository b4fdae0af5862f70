import type { InputRef } from 'antd';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { RefSelectProps } from 'antd/es/select';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { ActiveNotice, Kind, Premise, Priority, Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { type ComplaintFormValues, ComplaintIntakeFields, complaintIntakeBody } from '../complaints/ComplaintIntakeFields';
import { RepeatCallButton } from '../loopsteps/RepeatCallButton';
import { toldText } from '../loopsteps/tell-caller';
import { validated } from '../shared/form';
import { categoryName, StatusTag, TAG, useFmtTime, useMinutes } from '../shared/ui';
import { ActiveNoticesPanel } from './ActiveNoticesPanel';
import { commitmentFor } from './commitment';

const MATERIALS = [
  'idCard',
  'propertyDeed',
  'heatingContract',
  'paymentReceipt',
  'application',
  'powerOfAttorney',
  'hardshipProof',
] as const;
const DAY = 86_400_000;

type FormValues = {
  channel: 'hotline' | 'window';
  kind: Kind;
  categoryCode?: string;
  description?: string;
  contactName?: string;
  contactPhone?: string;
  priority?: Priority;
  address?: string;
  answer?: string;
  materials?: string[];
  materialsNote?: string;
  complaint?: ComplaintFormValues;
};

type Filed = { ticket: Ticket; closed: boolean; notice: boolean };

export default function IntakePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, directory, category } = useSession();
  const fmt = useFmtTime();
  const minutes = useMinutes();
  const [form] = Form.useForm<FormValues>();
  const searchRef = useRef<InputRef>(null);
  const kindRef = useRef<RefSelectProps>(null);
  const descriptionRef = useRef<TextAreaRef>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Premise[] | null>(null);
  const [premise, setPremise] = useState<Premise | null>(null);
  const [history, setHistory] = useState<Ticket[]>([]);
  // "Just filed" outlives a visit to an order's page: kept for the browser tab's session.
  const filedKey = `warmline.intake.filed.${me?.id}`;
  const [filed, setFiled] = useState<Filed[]>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(filedKey) ?? '[]') as Filed[];
    } catch {
      return [];
    }
  });
  useEffect(() => sessionStorage.setItem(filedKey, JSON.stringify(filed)), [filed, filedKey]);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());
  const [notices, setNotices] = useState<ActiveNotice[]>([]);
  // The order a repeat call was just added to, with what the caller is to be told.
  const [told, setTold] = useState<Ticket | null>(null);

  const defaultChannel = me?.role === 'window_clerk' ? 'window' : 'hotline';
  const kind = Form.useWatch('kind', form) ?? 'repair';
  const channel = Form.useWatch('channel', form) ?? defaultChannel;
  const categoryCode = Form.useWatch('categoryCode', form);
  const priority = Form.useWatch('priority', form);
  const chosen = category(categoryCode ?? '');

  const categoryOptions = useMemo(
    () =>
      directory.categories
        .filter((c) => c.active && c.kind === kind)
        .map((c) => {
          const m = commitmentFor(c, c.defaultPriority, premise?.areaTier ?? 'urban');
          const promise = m
            ? [
                m.respondMinutes && `${t('clock.respond')} ${minutes(m.respondMinutes)}`,
                m.arriveMinutes && `${t('clock.arrive')} ${minutes(m.arriveMinutes)}`,
                m.resolveMinutes && `${t('clock.resolve')} ${minutes(m.resolveMinutes)}`,
              ]
                .filter(Boolean)
                .join(' · ')
            : '';
          return {
            value: c.code,
            label: `${categoryName(c, c.code, i18n.language)}${c.emergency ? ` [${t('board.emergency')}]` : ''}${promise ? ` — ${promise}` : ''}`,
            search: `${c.code} ${c.name} ${c.nameEn}`,
          };
        }),
    [directory.categories, kind, premise, i18n.language, t, minutes],
  );

  const commitment = commitmentFor(chosen, priority ?? chosen?.defaultPriority ?? 'normal', premise?.areaTier ?? 'urban');
  const open = history.filter((h) => h.status !== 'closed');
  // The same window the server links repeats with (the tenant's setting).
  const repeatWindow = directory.rules.repeatWindowDays * DAY;
  const recentSame = history.find((h) => h.categoryCode === categoryCode && Date.now() - new Date(h.receivedAt).getTime() < repeatWindow);
  // An open order of the chosen category: this call is more likely a repeat call (催单) than a new request.
  const openSame = open.find((h) => h.categoryCode === categoryCode);
  const description = Form.useWatch('description', form);

  function repeatCallAdded(updated: Ticket) {
    setTold(updated);
    setHistory((h) => h.map((x) => (x.id === updated.id ? updated : x)));
  }
  const toldEvent = told?.events?.findLast((e) => e.type === 'repeat_call');

  function newCall() {
    setQuery('');
    setResults(null);
    setPremise(null);
    setHistory([]);
    setNotices([]);
    setTold(null);
    form.resetFields();
    idempotencyKey.current = crypto.randomUUID();
    searchRef.current?.focus();
  }

  async function loadHistory(by: { premiseId: string } | { phone: string }) {
    const from = new Date(Date.now() - 90 * DAY).toISOString();
    const res = await unwrap(client.GET('/api/v1/tickets', { params: { query: { ...by, from, limit: 100 } } }));
    setHistory(res.items);
  }

  async function loadNotices(premiseId: string) {
    try {
      const res = await unwrap(client.GET('/api/v1/notices/active', { params: { query: { premiseId } } }));
      setNotices(
        res.items.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          message: n.message,
          startsAt: n.startsAt,
          endsAt: n.expectedEndAt,
        })),
      );
    } catch {
      setNotices([]); // the slot stays empty rather than blocking the call
    }
  }

  function choose(p: Premise, phone?: string) {
    setPremise(p);
    const customer = p.customers.find((c) => phone && c.phone.includes(phone)) ?? p.customers[0];
    // A household found by address comes with its phones masked (139****0001): the caller's own number is typed instead.
    const known = customer && !customer.phone.includes('*') ? customer.phone : undefined;
    form.setFieldsValue({ address: p.address, contactName: customer?.name, contactPhone: known ?? phone });
    void loadHistory({ premiseId: p.id });
    void loadNotices(p.id);
    setTimeout(() => kindRef.current?.focus(), 0);
  }

  async function search() {
    const q = query.trim();
    if (q.length < 2) return;
    const res = await unwrap(client.GET('/api/v1/premises', { params: { query: { q, limit: 10 } } }));
    setResults(res.items);
    const phone = /^[0-9+ -]{5,}$/.test(q) ? q.replace(/[ -]/g, '') : undefined;
    if (res.items.length === 1) choose(res.items[0]!, phone);
    else if (res.items.length === 0) {
      setPremise(null);
      if (phone) {
        form.setFieldsValue({ contactPhone: phone });
        await loadHistory({ phone });
      } else setHistory([]);
    }
  }

  async function file(answerAndClose: boolean) {
    const v = await validated(form);
    if (!v) return;
    // The answer is the record of a request closed on the spot (the server refuses one without it).
    if (answerAndClose && !v.answer?.trim()) {
      form.setFields([{ name: 'answer', errors: [t('intakeChecks.answerRequired')] }]);
      form.focusField('answer');
      return;
    }
    setBusy(true);
    try {
      // validateFields() has checked the required fields the form marks.
      const ticket = await unwrap(
        client.POST('/api/v1/tickets', {
          params: { header: { 'idempotency-key': idempotencyKey.current } },
          body: {
            kind: v.kind,
            channel: v.channel,
            categoryCode: v.categoryCode!,
            description: v.description!,
            ...(premise ? { premiseId: premise.id } : { address: v.address }),
            contact: { name: v.contactName!, phone: v.contactPhone! },
            ...(v.priority && { priority: v.priority }),
            // A complaint adds its source, subject and sub-type (and an escalated one its channel).
            ...(v.kind === 'complaint' && complaintIntakeBody(v.complaint, me?.timeZone ?? 'Asia/Shanghai')),
          },
        }),
      );
      let notice = false;
      if (v.channel === 'window' && (v.materials?.length ?? 0) > 0) {
        await unwrap(
          client.PUT('/api/v1/tickets/{id}/one-time-notice', {
            params: { path: { id: ticket.id } },
            body: { items: v.materials!.map((code) => ({ code, label: t(`intake.materials.${code}`) })), note: v.materialsNote ?? '' },
          }),
        );
        notice = true;
      }
      let closed = false;
      if (answerAndClose) {
        await unwrap(
          client.POST('/api/v1/tickets/{id}/actions', { params: { path: { id: ticket.id } }, body: { action: 'close', note: v.answer } }),
        );
        closed = true;
      }
      setFiled((f) => [{ ticket, closed, notice }, ...f].slice(0, 5));
      message.success(t(closed ? 'intake.closedOnSpot' : 'intake.filed', { number: ticket.number }));
      newCall();
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')) newCall();
      // Ctrl+Enter files from anywhere on the page, the look-up box included (focus returns there after each filing).
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void file(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const answerable = directory.rules.answerableKinds.includes(kind);

  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
        {t('intake.title')}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <label htmlFor="intake-search" style={{ display: 'block', marginBottom: 4, fontWeight: 600 }}>
              {t('intake.searchLabel')}
            </label>
            <Input.Search
              id="intake-search"
              ref={searchRef}
              autoFocus
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onSearch={(_, e) => {
                // Ctrl+Enter files the order; it does not search again.
                if (e && 'ctrlKey' in e && (e.ctrlKey || e.metaKey)) return;
                void search();
              }}
              placeholder={t('intake.searchPlaceholder')}
              enterButton={t('common.search')}
              allowClear
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('intake.searchHint')}
            </Typography.Text>
            {results && results.length === 0 && <Alert style={{ marginTop: 8 }} type="info" title={t('intake.noResult')} />}
            {results && results.length > 1 && (
              <List
                aria-label={t('intake.results')}
                size="small"
                dataSource={results}
                renderItem={(p) => (
                  <List.Item>
                    <Button
                      type={premise?.id === p.id ? 'primary' : 'link'}
                      onClick={() => choose(p, query)}
                      style={{ whiteSpace: 'normal', textAlign: 'left', height: 'auto' }}
                    >
                      {p.address} · {p.accountNo}
                    </Button>
                  </List.Item>
                )}
              />
            )}
          </Card>

          {premise && (
            <Card size="small" title={t('intake.household')} style={{ marginBottom: 16 }} data-testid="household">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('ticket.household')}>{premise.address}</Descriptions.Item>
                <Descriptions.Item label={t('intake.account')}>{premise.accountNo}</Descriptions.Item>
                <Descriptions.Item label={t('intake.residents')}>
                  {premise.customers.map((c) => `${c.name} ${c.phone}`).join('；') || '—'}
                </Descriptions.Item>
                {premise.networkNode && <Descriptions.Item label={t('intake.node')}>{premise.networkNode.name}</Descriptions.Item>}
                {premise.heatedArea !== null && <Descriptions.Item label={t('intake.area')}>{premise.heatedArea} m²</Descriptions.Item>}
                {premise.notes && <Descriptions.Item label={t('intake.notes')}>{premise.notes}</Descriptions.Item>}
              </Descriptions>
              <Space wrap>
                {premise.flags.map((f) => (
                  <Tag key={f} color={TAG.volcano}>
                    {t(`flags.${f}`)}
                  </Tag>
                ))}
              </Space>
            </Card>
          )}

          <div style={{ marginBottom: 16 }}>
            <ActiveNoticesPanel notices={notices} />
          </div>

          {(premise || history.length > 0) && (
            <Card size="small" title={t('intake.history')} data-testid="history">
              {history.length >= 2 && (
                <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('intake.repeatWarning', { n: history.length })} />
              )}
              <Typography.Text strong>{t('intake.openOrders')}</Typography.Text>
              {open.length === 0 ? (
                <div>{t('intake.noOrders')}</div>
              ) : (
                <List
                  size="small"
                  data-testid="open-history"
                  dataSource={open}
                  renderItem={(h) => (
                    <List.Item data-testid="open-order">
                      <Space wrap size={4}>
                        <Link to={`/tickets/${h.id}`}>{h.number}</Link> <StatusTag status={h.status} />
                        <span>
                          {categoryName(category(h.categoryCode), h.categoryCode, i18n.language)} · {fmt(h.receivedAt)}
                        </span>
                        {h.categoryCode === categoryCode && <Tag color={TAG.orange}>{t('loopsteps.repeatCall.sameCategory')}</Tag>}
                        {h.repeatCalls > 0 && <Tag>{t('loopsteps.repeatCall.count', { n: h.repeatCalls })}</Tag>}
                        {h.allowedActions.includes('repeat_call') && (
                          <RepeatCallButton ticket={h} channel={channel} note={description} onDone={repeatCallAdded} />
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              )}
              {history.some((h) => h.status === 'closed') && (
                <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
                  {t('intakeChecks.closedOrders')}
                </Typography.Text>
              )}
              {history.some((h) => h.status === 'closed') && (
                <List
                  data-testid="closed-history"
                  size="small"
                  dataSource={history.filter((h) => h.status === 'closed')}
                  renderItem={(h) => (
                    <List.Item>
                      <Link to={`/tickets/${h.id}`}>{h.number}</Link> <StatusTag status={h.status} />{' '}
                      {categoryName(category(h.categoryCode), h.categoryCode, i18n.language)} · {fmt(h.receivedAt)}
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}
        </Col>

        <Col xs={24} lg={14}>
          <Card size="small" title={t('intake.form')}>
            <Form
              form={form}
              layout="vertical"
              initialValues={{ kind: defaultChannel === 'window' ? 'consultation' : 'repair', channel: defaultChannel }}
              onValuesChange={(changed: Partial<FormValues>) => {
                if (changed.kind) form.setFieldsValue({ categoryCode: undefined });
                if (changed.categoryCode) form.setFieldsValue({ priority: category(changed.categoryCode)?.defaultPriority });
              }}
            >
              <Row gutter={12}>
                <Col xs={12} md={8}>
                  <Form.Item label={t('intake.channel')} name="channel">
                    <Select
                      options={(['hotline', 'window'] as const).map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                      aria-label={t('intake.channel')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item label={t('intake.kind')} name="kind">
                    <Select
                      ref={kindRef}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={directory.rules.kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                      aria-label={t('intake.kind')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label={t('intake.priority')} name="priority">
                    <Select
                      options={directory.rules.priorities.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
                      aria-label={t('intake.priority')}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                label={t('intake.category')}
                name="categoryCode"
                rules={[{ required: true, message: t('intake.required', { field: t('intake.category') }) }]}
                extra={
                  commitment
                    ? `${t('intake.commitment')}：${[commitment.respondMinutes && `${t('clock.respond')} ${minutes(commitment.respondMinutes)}`, commitment.arriveMinutes && `${t('clock.arrive')} ${minutes(commitment.arriveMinutes)}`, commitment.resolveMinutes && `${t('clock.resolve')} ${minutes(commitment.resolveMinutes)}`].filter(Boolean).join(' · ')}`
                    : undefined
                }
              >
                <Select
                  showSearch={{
                    filterOption: (input, o) =>
                      `${o?.label ?? ''} ${(o as { search?: string })?.search ?? ''}`.toLowerCase().includes(input.toLowerCase()),
                  }}
                  placeholder={t('intake.categoryPlaceholder')}
                  options={categoryOptions}
                  aria-label={t('intake.category')}
                  data-testid="category"
                  // Keyboard-first: once the category is chosen, the description is next.
                  onSelect={() => setTimeout(() => descriptionRef.current?.focus(), 0)}
                />
              </Form.Item>
              {told && toldEvent && (
                <Alert
                  type="success"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="repeat-call-told"
                  title={t('loopsteps.repeatCall.tell', { number: told.number, ...toldText(t, fmt, toldEvent.data) })}
                />
              )}
              {recentSame && !told && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('intake.repeatCategory', { number: recentSame.number })}
                  description={
                    openSame?.allowedActions.includes('repeat_call') ? (
                      <RepeatCallButton primary ticket={openSame} channel={channel} note={description} onDone={repeatCallAdded} />
                    ) : undefined
                  }
                />
              )}
              <Form.Item
                label={t('intake.description')}
                name="description"
                rules={[{ required: true, whitespace: true, message: t('intake.required', { field: t('intake.description') }) }]}
              >
                <Input.TextArea ref={descriptionRef} rows={3} maxLength={4000} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item
                    label={t('intake.contactName')}
                    name="contactName"
                    rules={[{ required: true, whitespace: true, message: t('intake.required', { field: t('intake.contactName') }) }]}
                  >
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    label={t('intake.contactPhone')}
                    name="contactPhone"
                    rules={[
                      { required: true, whitespace: true, message: t('intake.required', { field: t('intake.contactPhone') }) },
                      { pattern: /^\+?[0-9][0-9 -]{4,19}$/, message: t('intakeChecks.phoneInvalid') },
                    ]}
                  >
                    <Input inputMode="tel" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    label={t('intake.address')}
                    name="address"
                    rules={[{ required: !premise, whitespace: true, message: t('intake.required', { field: t('intake.address') }) }]}
                  >
                    <Input disabled={Boolean(premise)} />
                  </Form.Item>
                </Col>
              </Row>
              {kind === 'complaint' && <ComplaintIntakeFields history={history} />}
              {answerable && (
                <Form.Item label={t('intake.answer')} name="answer">
                  <Input.TextArea rows={2} maxLength={4000} />
                </Form.Item>
              )}
              {channel === 'window' && (
                <Card size="small" type="inner" title={t('intake.checklist')} style={{ marginBottom: 12 }} data-testid="checklist">
                  <Typography.Paragraph type="secondary">{t('intake.checklistHint')}</Typography.Paragraph>
                  <Form.Item name="materials" style={{ marginBottom: 8 }}>
                    <Checkbox.Group options={MATERIALS.map((m) => ({ value: m, label: t(`intake.materials.${m}`) }))} />
                  </Form.Item>
                  <Form.Item label={t('intake.checklistNote')} name="materialsNote" style={{ marginBottom: 0 }}>
                    <Input />
                  </Form.Item>
                </Card>
              )}
              <Space wrap>
                <Button type="primary" onClick={() => void file(false)} loading={busy} data-testid="file-order">
                  {t('intake.submit')} (Ctrl+Enter)
                </Button>
                {answerable && (
                  <Button onClick={() => void file(true)} loading={busy} data-testid="answer-close">
                    {t('intake.answerAndClose')}
                  </Button>
                )}
                <Button onClick={newCall}>{t('intake.newCall')} (Esc)</Button>
              </Space>
            </Form>
          </Card>

          <Card size="small" title={t('intake.recent')} style={{ marginTop: 16 }}>
            {filed.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noOrders')} />
            ) : (
              <List
                size="small"
                dataSource={filed}
                renderItem={({ ticket, closed, notice }) => (
                  <List.Item data-testid="filed-item">
                    <Space wrap>
                      <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link>
                      <StatusTag status={closed ? 'closed' : ticket.status} />
                      {categoryName(category(ticket.categoryCode), ticket.categoryCode, i18n.language)}
                      {notice && <Link to={`/tickets/${ticket.id}/notice`}>{t('ticket.printNotice')}</Link>}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
