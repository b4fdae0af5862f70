import { UploadOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Radio, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap, uploadAttachment } from '../api/client';
import type { Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useFmtTime } from '../shared/ui';
import { CLOCK_COLOR, COLORS, type Complaint, entryLabel, useComplaintSettings, zonedInputToIso } from './complaint-api';

type Mode = 'investigator' | 'note' | 'rule' | 'rectify' | 'submit' | 'review' | 'reply' | 'escalate';
const SUPERVISING = ['quality_supervisor', 'dispatcher', 'station_manager', 'company_manager'];

/** The complaint part of an order's page: what it is about, its outside deadline, and every handling step. */
export function ComplaintPanel({ ticket, onChanged }: { ticket: Ticket & { complaint: Complaint }; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { me, unitName, userName } = useSession();
  const fmt = useFmtTime();
  const settings = useComplaintSettings();
  const [mode, setMode] = useState<Mode | null>(null);
  const c = ticket.complaint;
  const rect = c.rectification;
  const who = (id: string | null) => (id ? (userName(id) ?? t('common.unknownUser')) : '—');
  const handles = me && (SUPERVISING.includes(me.role) || c.investigatorId === me.id);
  const ruled = c.ruling !== null;
  const verified = c.ruling === 'verified' || c.ruling === 'partly_verified';
  const subject =
    c.subject.type === 'order' ? (
      <Link to={`/tickets/${c.subject.ticketId}`}>{c.subject.ticketNumber}</Link>
    ) : c.subject.type === 'staff' ? (
      c.subject.userName
    ) : c.subject.type === 'unit' ? (
      c.subject.unitName
    ) : (
      t('complaints.subject.service')
    );

  return (
    <Card size="small" title={t('complaints.case')} style={{ marginBottom: 16 }} data-testid="complaint-panel">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('complaints.subjectLabel')}>
          {t(`complaints.subject.${c.subject.type}`)}
          {c.subject.type !== 'service' && <> · {subject}</>}
          {c.subject.unitName && c.subject.type !== 'unit' && <> · {c.subject.unitName}</>}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.subType')}>{entryLabel(settings?.subTypes, c.subType, i18n.language)}</Descriptions.Item>
        <Descriptions.Item label={t('complaints.source')}>
          {c.source.type === 'escalated'
            ? `${t(`complaints.body.${c.source.body}`, { defaultValue: c.source.body ?? '' })} · ${c.source.reference}`
            : t(`complaints.via.${c.source.via ?? 'hotline'}`)}
        </Descriptions.Item>
        {c.source.dueAt && (
          <Descriptions.Item label={t('complaints.dueAt')}>
            {fmt(c.source.dueAt)}{' '}
            {c.source.clock && (
              <Tag color={CLOCK_COLOR[c.source.clock]} data-testid="outside-clock">
                {t(`complaints.clock.${c.source.clock}`)}
              </Tag>
            )}
            {c.source.writtenReplyExpected && <Tag>{t('complaints.writtenReply')}</Tag>}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('complaints.investigator')}>{who(c.investigatorId)}</Descriptions.Item>
        <Descriptions.Item label={t('complaints.ruling')}>
          <span data-testid="ruling">{c.ruling ? t(`complaints.rulings.${c.ruling}`) : t('complaints.notRuled')}</span>
          {c.rulingNote && <div>{c.rulingNote}</div>}
        </Descriptions.Item>
        {verified && (
          <Descriptions.Item label={t('complaints.charged')}>
            <span data-testid="charged">
              {c.chargedUnitId ? unitName(c.chargedUnitId) : '—'}
              {c.chargedUserIds.length > 0 && <> · {c.chargedUserIds.map(who).join('、')}</>}
            </span>
            {c.measures.length > 0 && <div>{c.measures.map((m) => entryLabel(settings?.measures, m, i18n.language)).join('、')}</div>}
          </Descriptions.Item>
        )}
        {rect && (
          <Descriptions.Item label={t('complaints.rectification')}>
            <Tag
              color={rect.status === 'verified' ? COLORS.green : rect.status === 'sent_back' ? COLORS.red : COLORS.blue}
              data-testid="rect-status"
            >
              {t(`complaints.rectStatus.${rect.status}`)}
            </Tag>
            {who(rect.ownerId)} · {fmt(rect.deadline)}
            <div>{rect.task}</div>
            {rect.doneNote && <div>{rect.doneNote}</div>}
            {rect.sentBackReason && <Typography.Text type="danger">{rect.sentBackReason}</Typography.Text>}
          </Descriptions.Item>
        )}
        {c.replies.length > 0 && (
          <Descriptions.Item label={t('complaints.replies')}>
            {c.replies.map((r) => (
              <div key={r.id} data-testid="reply">
                {t(`complaints.audience.${r.audience}`)} · {t(`complaints.method.${r.method}`)} · {fmt(r.repliedAt)}
                {r.accepted !== null && <> · {t(r.accepted ? 'complaints.accepted' : 'complaints.notAccepted')}</>}
                <div>{r.content}</div>
              </div>
            ))}
          </Descriptions.Item>
        )}
        {c.escalations.length > 0 && (
          <Descriptions.Item label={t('complaints.escalations')}>
            {c.escalations.map((e) => (
              <div key={`${e.body}-${e.reference}`}>
                {t(`complaints.body.${e.body}`, { defaultValue: e.body })} · {e.reference} · {fmt(e.receivedAt)}
              </div>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Space wrap style={{ marginTop: 12 }}>
        {me && SUPERVISING.includes(me.role) && (
          <Button onClick={() => setMode('investigator')} data-testid="cp-investigator">
            {t('complaints.assignInvestigator')}
          </Button>
        )}
        {handles && (
          <Button onClick={() => setMode('note')} data-testid="cp-note">
            {t('complaints.addNote')}
          </Button>
        )}
        {ticket.allowedActions.includes('rule') && (
          <Button type="primary" onClick={() => setMode('rule')} data-testid="cp-rule">
            {t('complaints.rule')}
          </Button>
        )}
        {verified && handles && (!rect || rect.status === 'verified') && rect?.status !== 'verified' && (
          <Button onClick={() => setMode('rectify')} data-testid="cp-rectify">
            {t('complaints.orderRectification')}
          </Button>
        )}
        {rect && (rect.status === 'open' || rect.status === 'sent_back') && rect.ownerId === me?.id && (
          <Button type="primary" onClick={() => setMode('submit')} data-testid="cp-submit">
            {t('complaints.reportRectification')}
          </Button>
        )}
        {rect?.status === 'submitted' && me && ['quality_supervisor', 'station_manager', 'company_manager'].includes(me.role) && (
          <Button onClick={() => setMode('review')} data-testid="cp-review">
            {t('complaints.reviewRectification')}
          </Button>
        )}
        {ruled && (handles || ticket.firstContactUserId === me?.id) && (
          <Button onClick={() => setMode('reply')} data-testid="cp-reply">
            {t('complaints.recordReply')}
          </Button>
        )}
        {me && (handles || me.role === 'hotline_agent' || me.role === 'window_clerk') && (
          <Button onClick={() => setMode('escalate')} data-testid="cp-escalate">
            {t('complaints.newEscalation')}
          </Button>
        )}
      </Space>
      {mode && (
        <StepModal
          mode={mode}
          ticket={ticket}
          measures={settings?.measures.filter((m) => m.active) ?? []}
          onClose={() => setMode(null)}
          onDone={() => {
            setMode(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

type Values = Record<string, unknown> & {
  userId?: string;
  insideSubjectUnit?: boolean;
  note?: string;
  ruling?: 'verified' | 'partly_verified' | 'unfounded';
  chargedUnitId?: string;
  chargedUserIds?: string[];
  measures?: string[];
  ownerId?: string;
  deadline?: string;
  task?: string;
  verdict?: 'verify' | 'send_back';
  audience?: 'complainant' | 'body';
  method?: 'letter' | 'phone' | 'visit' | 'document';
  content?: string;
  accepted?: boolean;
  body?: string;
  reference?: string;
  dueAt?: string;
  writtenReplyExpected?: boolean;
};

/** One handling step's form: only the fields that step takes. */
function StepModal({
  mode,
  ticket,
  measures,
  onClose,
  onDone,
}: {
  mode: Mode;
  ticket: Ticket & { complaint: Complaint };
  measures: { code: string; zh: string; en: string }[];
  onClose(): void;
  onDone(): void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, directory } = useSession();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const ruling = Form.useWatch('ruling', form);
  const chargedUnitId = Form.useWatch('chargedUnitId', form) as string | undefined;
  const id = ticket.id;
  const c = ticket.complaint;
  const tz = me?.timeZone ?? 'Asia/Shanghai';
  const users = directory.users.map((u) => ({ value: u.id, label: `${u.displayName}` }));
  // Members of a unit or of the units below it (the tree has parent links, not paths).
  const within = (unitId: string, ancestor: string) => {
    for (let u = directory.unitList.find((x) => x.id === unitId); u; u = directory.unitList.find((x) => x.id === u!.parentId)) {
      if (u.id === ancestor) return true;
    }
    return false;
  };
  const inUnit = (uid?: string) =>
    uid ? directory.users.filter((u) => !u.disabled && within(u.unitId, uid)).map((u) => ({ value: u.id, label: u.displayName })) : [];
  const required = (field: string) => [{ required: true, whitespace: true, message: t('intake.required', { field }) }];

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const attachments: string[] = [];
      for (const f of files) if (f.originFileObj) attachments.push(await uploadAttachment(f.originFileObj, f.name));
      const path = { params: { path: { id } } };
      if (mode === 'investigator')
        await unwrap(
          client.POST('/api/v1/complaints/{id}/investigator', {
            ...path,
            body: { userId: v.userId!, insideSubjectUnit: v.insideSubjectUnit ?? false },
          }),
        );
      if (mode === 'note')
        await unwrap(
          client.POST('/api/v1/complaints/{id}/notes', { ...path, body: { note: v.note!, ...(attachments.length && { attachments }) } }),
        );
      if (mode === 'rule')
        await unwrap(
          client.POST('/api/v1/tickets/{id}/actions', {
            ...path,
            body: {
              action: 'rule',
              ruling: v.ruling!,
              note: v.note!,
              ...(v.ruling !== 'unfounded' && {
                chargedUnitId: v.chargedUnitId,
                chargedUserIds: v.chargedUserIds ?? [],
                measures: v.measures ?? [],
              }),
              ...(attachments.length && { attachments }),
            },
          }),
        );
      if (mode === 'rectify')
        await unwrap(
          client.POST('/api/v1/complaints/{id}/rectification', {
            ...path,
            body: { ownerId: v.ownerId!, deadline: zonedInputToIso(v.deadline!, tz), task: v.task! },
          }),
        );
      if (mode === 'submit' && c.rectification)
        await unwrap(
          client.POST('/api/v1/rectifications/{id}/submit', {
            params: { path: { id: c.rectification.id } },
            body: { note: v.note, attachments },
          }),
        );
      if (mode === 'review' && c.rectification)
        await unwrap(
          client.POST('/api/v1/rectifications/{id}/review', {
            params: { path: { id: c.rectification.id } },
            body: { verdict: v.verdict!, note: v.note },
          }),
        );
      if (mode === 'reply')
        await unwrap(
          client.POST('/api/v1/complaints/{id}/replies', {
            ...path,
            body: {
              audience: v.audience!,
              method: v.method!,
              content: v.content!,
              ...(v.audience === 'complainant' && { accepted: v.accepted ?? false }),
              ...(attachments.length && { attachments }),
            },
          }),
        );
      if (mode === 'escalate')
        await unwrap(
          client.POST('/api/v1/complaints/{id}/escalations', {
            ...path,
            body: {
              body: v.body as never,
              reference: v.reference!,
              ...(v.dueAt && { dueAt: zonedInputToIso(v.dueAt, tz) }),
              writtenReplyExpected: v.writtenReplyExpected ?? false,
            },
          }),
        );
      message.success(t('complaints.saved'));
      onDone();
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  const escalated = ticket.channel === 'escalated' || c.escalations.length > 0;
  const withFiles = mode === 'note' || mode === 'rule' || mode === 'submit' || mode === 'reply';
  return (
    <Modal
      open
      title={`${t(`complaints.modes.${mode}`)} · ${ticket.number}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          ruling: 'verified',
          chargedUnitId: c.subject.unitId ?? undefined,
          verdict: 'verify',
          audience: escalated && c.replies.some((r) => r.audience === 'complainant') ? 'body' : 'complainant',
          method: 'phone',
          body: '12345',
        }}
      >
        {mode === 'investigator' && (
          <>
            <Form.Item
              label={t('complaints.investigator')}
              name="userId"
              rules={[{ required: true, message: t('complaints.investigator') }]}
            >
              <Select showSearch={{ optionFilterProp: 'label' }} options={users} aria-label={t('complaints.investigator')} />
            </Form.Item>
            <Form.Item name="insideSubjectUnit" valuePropName="checked">
              <Checkbox>{t('complaints.insideSubjectUnit')}</Checkbox>
            </Form.Item>
          </>
        )}
        {mode === 'rule' && (
          <>
            <Form.Item label={t('complaints.ruling')} name="ruling">
              <Radio.Group
                options={(['verified', 'partly_verified', 'unfounded'] as const).map((r) => ({
                  value: r,
                  label: t(`complaints.rulings.${r}`),
                }))}
              />
            </Form.Item>
            {ruling !== 'unfounded' && (
              <>
                <Form.Item
                  label={t('complaints.chargedUnit')}
                  name="chargedUnitId"
                  rules={[{ required: true, message: t('complaints.chargedUnit') }]}
                >
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={directory.unitList.map((u) => ({ value: u.id, label: u.name }))}
                    aria-label={t('complaints.chargedUnit')}
                  />
                </Form.Item>
                <Form.Item label={t('complaints.chargedPeople')} name="chargedUserIds">
                  <Select
                    mode="multiple"
                    showSearch={{ optionFilterProp: 'label' }}
                    options={inUnit(chargedUnitId)}
                    aria-label={t('complaints.chargedPeople')}
                  />
                </Form.Item>
                <Form.Item label={t('complaints.measures')} name="measures">
                  <Checkbox.Group options={measures.map((m) => ({ value: m.code, label: i18n.language === 'en' ? m.en : m.zh }))} />
                </Form.Item>
              </>
            )}
          </>
        )}
        {mode === 'rectify' && (
          <>
            <Form.Item label={t('complaints.owner')} name="ownerId" rules={[{ required: true, message: t('complaints.owner') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={inUnit(c.chargedUnitId ?? undefined)}
                aria-label={t('complaints.owner')}
              />
            </Form.Item>
            <Form.Item label={t('complaints.deadline')} name="deadline" rules={[{ required: true, message: t('complaints.deadline') }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item label={t('complaints.task')} name="task" rules={required(t('complaints.task'))}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {mode === 'review' && (
          <Form.Item label={t('complaints.verdict')} name="verdict">
            <Radio.Group
              options={[
                { value: 'verify', label: t('complaints.verify') },
                { value: 'send_back', label: t('complaints.sendBack') },
              ]}
            />
          </Form.Item>
        )}
        {mode === 'reply' && (
          <>
            <Form.Item label={t('complaints.audienceLabel')} name="audience">
              <Radio.Group
                options={(escalated ? (['complainant', 'body'] as const) : (['complainant'] as const)).map((a) => ({
                  value: a,
                  label: t(`complaints.audience.${a}`),
                }))}
              />
            </Form.Item>
            <Form.Item label={t('complaints.methodLabel')} name="method">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(['phone', 'letter', 'visit', 'document'] as const).map((m) => ({ value: m, label: t(`complaints.method.${m}`) }))}
                aria-label={t('complaints.methodLabel')}
              />
            </Form.Item>
            <Form.Item label={t('complaints.content')} name="content" rules={required(t('complaints.content'))}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="accepted" valuePropName="checked">
              <Checkbox>{t('complaints.accepted')}</Checkbox>
            </Form.Item>
          </>
        )}
        {mode === 'escalate' && (
          <>
            <Form.Item label={t('complaints.bodyLabel')} name="body">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(['regulator', 'provincial_hotline', '95598', '12345', 'conduct_office', 'media', 'other'] as const).map((b) => ({
                  value: b,
                  label: t(`complaints.body.${b}`),
                }))}
                aria-label={t('complaints.bodyLabel')}
              />
            </Form.Item>
            <Form.Item label={t('complaints.reference')} name="reference" rules={required(t('complaints.reference'))}>
              <Input />
            </Form.Item>
            <Form.Item label={t('complaints.dueAt')} name="dueAt">
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="writtenReplyExpected" valuePropName="checked">
              <Checkbox>{t('complaints.writtenReply')}</Checkbox>
            </Form.Item>
          </>
        )}
        {(mode === 'note' || mode === 'rule' || mode === 'submit' || mode === 'review') && (
          <Form.Item
            label={mode === 'rule' ? t('complaints.reasons') : t('complaints.noteLabel')}
            name="note"
            rules={mode === 'review' ? [] : required(mode === 'rule' ? t('complaints.reasons') : t('complaints.noteLabel'))}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {withFiles && (
          <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
            <Button icon={<UploadOutlined />}>{mode === 'submit' ? t('complaints.evidence') : t('ticket.upload')}</Button>
          </Upload>
        )}
      </Form>
    </Modal>
  );
}
