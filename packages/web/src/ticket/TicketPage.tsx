import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { Action, Ticket } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { ComplaintPanel } from '../complaints/ComplaintPanel';
import { useTicketChanges } from '../live/live-feed';
import { EventLinks } from '../loopsteps/EventLinks';
import { actionLabel, eventLabel } from '../loopsteps/labels';
import { Countdown, categoryName, StatusTag, TAG, useFmtTime } from '../shared/ui';
import { eventColor, eventDetail } from '../urgings/urging-model';
import { ActionDialog } from './ActionDialog';
import { AttachmentPreviews } from './Attachments';
import { routedPeople, routingDetail } from './step-detail';

export default function TicketPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { category, unitName, userName, resolveNames } = useSession();
  const fmt = useFmtTime();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [hasNotice, setHasNotice] = useState(false);

  const load = useCallback(async () => {
    try {
      setTicket(await unwrap(client.GET('/api/v1/tickets/{id}', { params: { path: { id } } })));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
    // Most orders have no one-time notice: asked so that "none" is an answer, not a 404 in the console.
    unwrap(client.GET('/api/v1/tickets/{id}/one-time-notice', { params: { path: { id }, query: { ifIssued: 'true' } } })).then(
      (n) => setHasNotice(n !== null),
      () => setHasNotice(false),
    );
  }, [load, id]);
  useTicketChanges((c) => {
    if (c.id === id || c.id === '*') void load();
  });

  useEffect(() => {
    if (ticket)
      resolveNames([
        ticket.assigneeId,
        ticket.firstContactUserId,
        ...(ticket.events ?? []).map((e) => e.actorId),
        ...routedPeople(ticket.events ?? []),
      ]);
  }, [ticket, resolveNames]);

  if (error) return <Alert type="error" title={t('common.error', { message: error })} />;
  if (!ticket) return <Spin />;
  const who = (uid: string | null) => (uid ? (userName(uid) ?? t('common.unknownUser')) : '—');
  const attachments = (ticket.events ?? []).flatMap((e) => e.attachments);

  return (
    <div>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Button onClick={() => history.back()}>{t('ticket.back')}</Button>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('ticket.title', { number: ticket.number })}
        </Typography.Title>
        <StatusTag status={ticket.status} />
        {ticket.late && <Tag color={TAG.red}>{t('ticket.late')}</Tag>}
        {ticket.repeatOfId && (
          <Link to={`/tickets/${ticket.repeatOfId}`}>
            <Tag color={TAG.orange}>{t('ticket.repeat')}</Tag>
          </Link>
        )}
        {ticket.reopenCount > 0 && <Tag>{t('ticket.reopenCount', { n: ticket.reopenCount })}</Tag>}
        {ticket.repeatCalls > 0 && (
          <Tag color={TAG.orange} data-testid="repeat-calls">
            {t('loopsteps.repeatCall.count', { n: ticket.repeatCalls })}
          </Tag>
        )}
        {ticket.duplicateOfId && (
          <Link to={`/tickets/${ticket.duplicateOfId}`}>
            <Tag data-testid="duplicate-of">
              {t('loopsteps.merge.duplicateOf', {
                number: String((ticket.events ?? []).findLast((e) => e.type === 'merged')?.data.intoNumber ?? ''),
              })}
            </Tag>
          </Link>
        )}
        <Countdown ticket={ticket} />
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('ticket.kind')}>{t(`kind.${ticket.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.category')}>
                {categoryName(category(ticket.categoryCode), ticket.categoryCode, i18n.language)}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.priority')}>{t(`priority.${ticket.priority}`)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.received')}>
                {fmt(ticket.receivedAt)} · {t(`channel.${ticket.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.household')}>{ticket.address}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.contact')}>
                {ticket.contact.name} <a href={`tel:${ticket.contact.phone}`}>{ticket.contact.phone}</a>
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.unit')}>{unitName(ticket.unitId)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.assignee')}>{who(ticket.assigneeId)}</Descriptions.Item>
              <Descriptions.Item label={t('ticket.firstContact')}>
                <span data-testid="first-contact">{who(ticket.firstContactUserId)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('ticket.deadlines')}>
                {(['respondBy', 'arriveBy', 'resolveBy'] as const)
                  .filter((k) => ticket.deadlines[k])
                  .map((k) => `${t(`clock.${k.replace('By', '')}`)} ${fmt(ticket.deadlines[k])}`)
                  .join(' · ') || '—'}
              </Descriptions.Item>
              {ticket.satisfaction !== null && (
                <Descriptions.Item label={t('ticket.satisfaction')}>{t(`callbacks.levels.${ticket.satisfaction}`)}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('ticket.description')} span={2}>
                {ticket.description}
              </Descriptions.Item>
              {(ticket.duplicates?.length ?? 0) > 0 && (
                <Descriptions.Item label={t('loopsteps.merge.duplicates')} span={2}>
                  <Space wrap data-testid="duplicates">
                    {ticket.duplicates!.map((d) => (
                      <Link key={d.id} to={`/tickets/${d.id}`}>
                        {d.number}
                      </Link>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('ticket.timeline')} style={{ marginBottom: 16 }}>
            <Timeline
              items={(ticket.events ?? []).map((e) => ({
                key: e.seq,
                color: eventColor(e.type) ?? (e.type === 'reopened' ? 'red' : e.type === 'closed' ? 'green' : 'blue'),
                content: (
                  <div data-testid="timeline-event">
                    <Typography.Text strong>{t(`complaints.event.${e.type}`, { defaultValue: eventLabel(t, e.type) })}</Typography.Text> ·{' '}
                    {fmt(e.at)} · {e.actorId ? who(e.actorId) : t('ticket.system')}
                    {typeof e.data.satisfaction === 'number' && <> · {t(`callbacks.levels.${e.data.satisfaction}`)}</>}
                    {(routingDetail(e, t, unitName, userName) ?? eventDetail(e, t, unitName)) && (
                      <div data-testid="timeline-detail">{routingDetail(e, t, unitName, userName) ?? eventDetail(e, t, unitName)}</div>
                    )}
                    <EventLinks event={e} />
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                    {e.attachments.length > 0 && <AttachmentPreviews ids={e.attachments} />}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          {ticket.complaint && <ComplaintPanel ticket={{ ...ticket, complaint: ticket.complaint }} onChanged={() => void load()} />}
          <Card size="small" title={t('ticket.actions')} style={{ marginBottom: 16 }}>
            {ticket.allowedActions.filter((a) => a !== 'rule').length === 0 ? (
              <Typography.Text type="secondary">{t('ticket.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {/* The ruling has its own form in the complaint panel. */}
                {ticket.allowedActions
                  .filter((a) => a !== 'rule')
                  .map((a) => (
                    <Button
                      key={a}
                      type={a === ticket.allowedActions[0] ? 'primary' : 'default'}
                      onClick={() => setAction(a)}
                      data-testid={`action-${a}`}
                    >
                      {actionLabel(t, a)}
                    </Button>
                  ))}
              </Space>
            )}
          </Card>
          <Card size="small" title={t('ticket.attachments')} style={{ marginBottom: 16 }}>
            {attachments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticket.noAttachments')} />
            ) : (
              <AttachmentPreviews ids={attachments} />
            )}
          </Card>
          {hasNotice && (
            <Card size="small" title={t('ticket.oneTimeNotice')}>
              <Link to={`/tickets/${ticket.id}/notice`}>{t('ticket.printNotice')}</Link>
            </Card>
          )}
        </Col>
      </Row>
      {action && (
        <ActionDialog
          ticket={ticket}
          action={action}
          onClose={() => setAction(null)}
          onDone={(updated) => {
            setAction(null);
            setTicket(updated);
          }}
        />
      )}
    </div>
  );
}
