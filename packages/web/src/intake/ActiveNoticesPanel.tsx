import { Alert, Card, Empty, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActiveNotice } from '../api/models';
import { useFmtTime } from '../shared/ui';

/** Active outages and notices covering the caller's household; the intake page passes the list. */
export function ActiveNoticesPanel({ notices }: { notices: ActiveNotice[] }) {
  const { t } = useTranslation();
  const fmt = useFmtTime();
  return (
    <Card size="small" title={t('intake.notices')} data-testid="active-notices">
      {notices.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noticesEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={notices}
          renderItem={(n) => (
            <List.Item>
              <Alert
                type="warning"
                showIcon
                style={{ width: '100%' }}
                title={t('intake.noticeTitle', { kind: t(`noticeKind.${n.kind}`, { defaultValue: n.kind }), title: n.title })}
                description={
                  <>
                    <div>{n.message}</div>
                    <div>
                      {fmt(n.startsAt)} – {fmt(n.endsAt)}
                    </div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
