import { Alert, Button, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { OneTimeNotice, Ticket } from '../api/models';
import { useSession } from '../app/session';
import { useFmtTime } from '../shared/ui';

/** The printable one-time notice (一次性告知单) handed to the resident at the window. */
export default function NoticePrintPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { userName } = useSession();
  const fmt = useFmtTime();
  const [data, setData] = useState<{ ticket: Ticket; notice: OneTimeNotice } | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    const path = { id };
    Promise.all([
      unwrap(client.GET('/api/v1/tickets/{id}', { params: { path } })),
      unwrap(client.GET('/api/v1/tickets/{id}/one-time-notice', { params: { path, query: { ifIssued: 'true' } } })),
    ]).then(
      ([ticket, notice]) => (notice ? setData({ ticket, notice }) : setMissing(true)),
      () => setMissing(true),
    );
  }, [id]);
  if (missing) return <Alert type="info" title={t('notice.none')} />;
  if (!data) return <Spin />;
  return (
    <div className="print-sheet" data-testid="notice-sheet">
      <Typography.Title level={1} style={{ textAlign: 'center', fontSize: 22 }}>
        {t('notice.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('notice.intro', { number: data.ticket.number })}</Typography.Paragraph>
      <ol>
        {data.notice.items.map((i) => (
          <li key={i.code}>{i.label}</li>
        ))}
      </ol>
      {data.notice.note && <Typography.Paragraph>{data.notice.note}</Typography.Paragraph>}
      <Typography.Paragraph>
        {t('notice.issued', { name: userName(data.notice.issuedBy) ?? '—', at: fmt(data.notice.issuedAt) })}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('notice.signature')} ________________</Typography.Paragraph>
      <Button className="no-print" type="primary" onClick={() => window.print()}>
        {t('common.print')}
      </Button>
    </div>
  );
}
