import { UploadOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { App, Button, Form, Input, List, Modal, Radio, Space, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap, uploadAttachment } from '../api/client';
import type { components } from '../api/openapi';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useFmtTime } from '../shared/ui';
import { COLORS } from './complaint-api';

type Task = components['schemas']['Rectification'] & { originType: string; originId: string };

/** Rectification tasks of the user's part of the organisation: the owner reports with evidence, a supervisor verifies or sends back. */
export function RectificationList() {
  const { t } = useTranslation();
  const { me, userName } = useSession();
  const fmt = useFmtTime();
  const [items, setItems] = useState<Task[] | null>(null);
  const [open, setOpen] = useState<{ task: Task; mode: 'submit' | 'review' } | null>(null);
  const load = useCallback(async () => {
    setItems(
      (await unwrap(client.GET('/api/v1/rectifications', { params: { query: { status: 'open,sent_back,submitted', limit: 100 } } }))).items,
    );
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const reviewer = me && ['quality_supervisor', 'station_manager', 'company_manager'].includes(me.role);
  return (
    <>
      <List
        loading={items === null}
        dataSource={items ?? []}
        locale={{ emptyText: t('complaints.none') }}
        renderItem={(r) => (
          <List.Item data-testid="rect-item">
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={r.status === 'sent_back' || r.overdue ? COLORS.red : COLORS.blue} data-testid="rect-item-status">
                  {t(`complaints.rectStatus.${r.status}`)}
                </Tag>
                {r.originType === 'complaint' && <Link to={`/tickets/${r.originId}`}>{t('complaints.case')}</Link>}
                <span>
                  {userName(r.ownerId) ?? '—'} · {t('complaints.deadline')} {fmt(r.deadline)}
                </span>
              </Space>
              <div>{r.task}</div>
              {r.sentBackReason && <Typography.Text type="danger">{r.sentBackReason}</Typography.Text>}
              <Space wrap>
                {(r.status === 'open' || r.status === 'sent_back') && r.ownerId === me?.id && (
                  <Button type="primary" size="small" onClick={() => setOpen({ task: r, mode: 'submit' })} data-testid="rect-submit">
                    {t('complaints.reportRectification')}
                  </Button>
                )}
                {r.status === 'submitted' && reviewer && (
                  <Button size="small" onClick={() => setOpen({ task: r, mode: 'review' })} data-testid="rect-review">
                    {t('complaints.reviewRectification')}
                  </Button>
                )}
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {open && (
        <RectificationModal
          task={open.task}
          mode={open.mode}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            void load();
          }}
        />
      )}
    </>
  );
}

/** Reporting what was done with evidence, or the supervisor's verdict. */
export function RectificationModal({
  task,
  mode,
  onClose,
  onDone,
}: {
  task: { id: string };
  mode: 'submit' | 'review';
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string; verdict: 'verify' | 'send_back' }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const path = { params: { path: { id: task.id } } };
      if (mode === 'submit') {
        const attachments: string[] = [];
        for (const f of files) if (f.originFileObj) attachments.push(await uploadAttachment(f.originFileObj, f.name));
        await unwrap(client.POST('/api/v1/rectifications/{id}/submit', { ...path, body: { note: v.note, attachments } }));
      } else {
        await unwrap(client.POST('/api/v1/rectifications/{id}/review', { ...path, body: { verdict: v.verdict, note: v.note } }));
      }
      message.success(t('complaints.saved'));
      onDone();
    } catch (e) {
      message.error(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t(`complaints.modes.${mode}`)}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ verdict: 'verify' }}>
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
        <Form.Item
          label={t('complaints.noteLabel')}
          name="note"
          rules={
            mode === 'submit'
              ? [{ required: true, whitespace: true, message: t('intake.required', { field: t('complaints.noteLabel') }) }]
              : []
          }
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        {mode === 'submit' && (
          <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
            <Button icon={<UploadOutlined />}>{t('complaints.evidence')}</Button>
          </Upload>
        )}
      </Form>
    </Modal>
  );
}
