import { Card, Checkbox, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/models';
import { entryLabel, useComplaintSettings, zonedInputToIso } from './complaint-api';

const BODIES = ['95598', 'regulator', 'provincial_hotline', '12345', 'conduct_office', 'media', 'other'] as const;

export type ComplaintFormValues = {
  source?: 'direct' | 'escalated';
  body?: (typeof BODIES)[number];
  reference?: string;
  receivedAt?: string;
  dueAt?: string;
  written?: boolean;
  subjectType?: 'order' | 'service';
  subjectTicketId?: string;
  subType?: string;
};

/** What a complaint adds to the intake form: the source (direct or escalated, with its reference and deadline), the subject and the sub-type. */
export function ComplaintIntakeFields({ history }: { history: Ticket[] }) {
  const { t, i18n } = useTranslation();
  const settings = useComplaintSettings();
  const form = Form.useFormInstance();
  const source = Form.useWatch(['complaint', 'source'], form) ?? 'direct';
  const subjectType = Form.useWatch(['complaint', 'subjectType'], form) ?? 'service';
  return (
    <Card size="small" type="inner" title={t('complaints.intake')} style={{ marginBottom: 12 }} data-testid="complaint-intake">
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item label={t('complaints.source')} name={['complaint', 'source']} initialValue="direct">
            <Radio.Group
              options={[
                { value: 'direct', label: t('complaints.direct') },
                { value: 'escalated', label: t('complaints.escalated') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('complaints.subType')} name={['complaint', 'subType']} initialValue="other">
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(settings?.subTypes ?? [])
                .filter((s) => s.active)
                .map((s) => ({ value: s.code, label: entryLabel(settings?.subTypes, s.code, i18n.language) }))}
              aria-label={t('complaints.subType')}
            />
          </Form.Item>
        </Col>
      </Row>
      {source === 'escalated' && (
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item label={t('complaints.bodyLabel')} name={['complaint', 'body']} initialValue="95598">
              <Select
                options={BODIES.map((b) => ({ value: b, label: t(`complaints.body.${b}`) }))}
                aria-label={t('complaints.bodyLabel')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              label={t('complaints.reference')}
              name={['complaint', 'reference']}
              rules={[{ required: true, whitespace: true, message: t('intake.required', { field: t('complaints.reference') }) }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('complaints.bodyReceivedAt')} name={['complaint', 'receivedAt']}>
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('complaints.dueAt')} name={['complaint', 'dueAt']}>
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={['complaint', 'written']} valuePropName="checked">
              <Checkbox>{t('complaints.writtenReply')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <Form.Item label={t('complaints.subjectLabel')} name={['complaint', 'subjectType']} initialValue="service">
            <Radio.Group
              options={[
                { value: 'service', label: t('complaints.subject.service') },
                { value: 'order', label: t('complaints.subject.order'), disabled: history.length === 0 },
              ]}
            />
          </Form.Item>
        </Col>
        {subjectType === 'order' && (
          <Col xs={24} md={14}>
            <Form.Item
              label={t('complaints.subjectOrder')}
              name={['complaint', 'subjectTicketId']}
              rules={[{ required: true, message: t('complaints.subjectOrder') }]}
            >
              <Select
                options={history
                  .filter((h) => h.kind !== 'complaint')
                  .map((h) => ({ value: h.id, label: `${h.number} · ${h.description.slice(0, 20)}` }))}
                aria-label={t('complaints.subjectOrder')}
              />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Card>
  );
}

/** The fields a complaint adds to POST /tickets, from the form's values. */
export function complaintIntakeBody(v: ComplaintFormValues | undefined, timeZone: string) {
  const c = v ?? {};
  const escalated = c.source === 'escalated';
  return {
    ...(escalated && {
      channel: 'escalated' as const,
      source: { body: c.body ?? '95598', reference: c.reference ?? '' },
      ...(c.receivedAt && { receivedAt: zonedInputToIso(c.receivedAt, timeZone) }),
    }),
    complaint: {
      subject:
        c.subjectType === 'order' && c.subjectTicketId
          ? { type: 'order' as const, ticketId: c.subjectTicketId }
          : { type: 'service' as const },
      subType: c.subType ?? 'other',
      ...(escalated && c.dueAt && { dueAt: zonedInputToIso(c.dueAt, timeZone) }),
      writtenReplyExpected: escalated && Boolean(c.written),
    },
  };
}
