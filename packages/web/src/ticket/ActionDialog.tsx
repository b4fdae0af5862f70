import { UploadOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { App, Button, Form, Input, Modal, Rate, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap, uploadAttachment } from '../api/client';
import type { Action, ActionBody, Ticket } from '../api/models';
import { useSession } from '../app/session';
import { actionLabel } from '../loopsteps/labels';
import { MergeTargetField } from '../loopsteps/MergeTargetField';
import { dueByFrom, SuperviseFields } from '../loopsteps/SuperviseFields';
import { validated } from '../shared/form';
import { crewIn } from '../shared/units';

const NEEDS_REASON: Action[] = ['reopen', 'suspend', 'return'];
const NEEDS_NOTE: Action[] = ['resolve', 'supervise'];
const NEEDS_UNIT: Action[] = ['dispatch', 'transfer'];
const ACCEPTS = 'image/jpeg,image/png,image/webp,image/gif,application/pdf';

/** The form for one step of the loop: only the fields that step needs, plus attachments. */
export function ActionDialog({
  ticket,
  action,
  onClose,
  onDone,
}: {
  ticket: Ticket;
  action: Action;
  onClose(): void;
  onDone(t: Ticket): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { directory } = useSession();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const unitId = Form.useWatch('unitId', form) as string | undefined;

  async function submit() {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const attachments: string[] = [];
      for (const f of files) if (f.originFileObj) attachments.push(await uploadAttachment(f.originFileObj, f.name));
      const body: Record<string, unknown> = { action, ...(attachments.length && { attachments }) };
      if (NEEDS_REASON.includes(action)) body.reason = v.reason;
      else if (v.note) body.note = v.note;
      if (NEEDS_UNIT.includes(action)) body.unitId = v.unitId;
      if (action === 'dispatch' && v.assigneeId) body.assigneeId = v.assigneeId;
      if (action === 'callback') body.satisfaction = v.satisfaction;
      if (action === 'merge') body.intoId = v.intoId;
      if (action === 'supervise') body.dueBy = dueByFrom(v.dueHours);
      const updated = await unwrap(
        // The form asked for exactly the fields this action takes (NEEDS_REASON, NEEDS_UNIT …).
        client.POST('/api/v1/tickets/{id}/actions', { params: { path: { id: ticket.id } }, body: body as ActionBody }),
      );
      message.success(t('ticket.done', { action: actionLabel(t, action) }));
      onDone(updated);
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  const levels = directory.rules.satisfaction.levels.map((n) => t(`callbacks.levels.${n}`));
  return (
    <Modal
      open
      title={`${actionLabel(t, action)} · ${ticket.number}`}
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
        initialValues={{ satisfaction: 5, dueHours: 24, unitId: action === 'dispatch' ? ticket.unitId : undefined }}
      >
        {NEEDS_UNIT.includes(action) && (
          <Form.Item label={t('ticket.chooseUnit')} name="unitId" rules={[{ required: true, message: t('ticket.chooseUnit') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={directory.unitList.map((u) => ({ value: u.id, label: u.name }))}
              aria-label={t('ticket.chooseUnit')}
            />
          </Form.Item>
        )}
        {action === 'dispatch' && (
          <Form.Item label={t('ticket.chooseCrew')} name="assigneeId">
            <Select
              allowClear
              options={crewIn(directory.units, directory.users, unitId).map((u) => ({ value: u.id, label: u.displayName }))}
              aria-label={t('ticket.chooseCrew')}
            />
          </Form.Item>
        )}
        {action === 'merge' && <MergeTargetField ticket={ticket} />}
        {action === 'supervise' && <SuperviseFields />}
        {action === 'callback' && (
          <Form.Item label={t('ticket.satisfaction')} name="satisfaction">
            <Rate tooltips={levels} count={levels.length} />
          </Form.Item>
        )}
        {NEEDS_REASON.includes(action) ? (
          <Form.Item
            label={t('ticket.reason')}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t('intake.required', { field: t('ticket.reason') }) }]}
          >
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
        ) : (
          <Form.Item
            label={t('ticket.note')}
            name="note"
            rules={
              // Closing a resolved order skips its callback: the reason is required (the server says so too).
              NEEDS_NOTE.includes(action) || (action === 'close' && ticket.status === 'resolved')
                ? [{ required: true, whitespace: true, message: t('intake.required', { field: t('ticket.note') }) }]
                : []
            }
          >
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
        )}
        <Upload
          accept={ACCEPTS}
          multiple
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList)}
          listType="picture"
        >
          <Button icon={<UploadOutlined />}>{t('ticket.upload')}</Button>
        </Upload>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ticket.uploadHint')}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
