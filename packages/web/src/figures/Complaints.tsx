import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Drill } from './DrillDrawer';
import { type Breakdown, type Scope, xlsxHref } from './figures-data';
import { CountLink, Empty } from './RateCards';

/** Complaints by category and by the outside body that escalated them; the totals open the orders. */
export function Complaints({
  data,
  escalatedName,
  scope,
  onDrill,
}: {
  data: Breakdown | null;
  escalatedName: string;
  scope: Scope;
  onDrill: (d: Drill) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const escalated = data ? data.bySource.filter((s) => s.key !== '').reduce((n, s) => n + s.count, 0) : 0;
  const drill = (part: Drill['part']) => () =>
    onDrill({ code: 'escalated_complaints', name: escalatedName, part, unitId: scope.unitId, from: scope.from, to: scope.to });
  return (
    <Card
      size="small"
      title={t('figures.complaints')}
      data-testid="complaints"
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={xlsxHref('complaints', { from: scope.from, to: scope.to, unitId: scope.unitId, lang })}
        >
          {t('figures.exportXlsx')}
        </Button>
      }
    >
      <Typography.Paragraph>
        {t('figures.complaintsTotal')}
        <CountLink n={data?.total ?? null} label={t('figures.openDenominator')} onClick={drill('denominator')} testId="complaints-total" />
        {' · '}
        {t('figures.escalatedOf')}
        <CountLink
          n={data ? escalated : null}
          label={t('figures.openNumerator')}
          onClick={drill('numerator')}
          testId="complaints-escalated"
        />
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Table
            size="small"
            rowKey="key"
            title={() => t('figures.byCategory')}
            dataSource={data?.byCategory ?? []}
            loading={!data}
            pagination={false}
            locale={{ emptyText: <Empty text={t('figures.noData')} /> }}
            columns={[
              { title: t('figures.byCategory'), key: 'name', render: (_, r) => (lang === 'en' ? r.nameEn : r.name) },
              { title: t('figures.count'), dataIndex: 'count', align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} md={12}>
          <Table
            size="small"
            rowKey="key"
            title={() => t('figures.bySource')}
            dataSource={data?.bySource ?? []}
            loading={!data}
            pagination={false}
            locale={{ emptyText: <Empty text={t('figures.noData')} /> }}
            columns={[
              { title: t('figures.bySource'), key: 'key', render: (_, r) => r.key || t('figures.direct') },
              { title: t('figures.count'), dataIndex: 'count', align: 'right' },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
