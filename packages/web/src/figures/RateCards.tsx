import { Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Drill } from './DrillDrawer';
import { drillable, type Indicator, type Scope, type ValueItem } from './figures-data';
import { formatValue, meetsTarget } from './figures-format';

/** A count that opens the orders behind it. */
export function CountLink({ n, label, onClick, testId }: { n: number | null; label: string; onClick?: () => void; testId?: string }) {
  if (n == null) return <span>—</span>;
  if (!onClick || n === 0) return <span>{n.toLocaleString()}</span>;
  return (
    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} aria-label={label} onClick={onClick} data-testid={testId}>
      {n.toLocaleString()}
    </Button>
  );
}

/** "86.8 % — 125 / 144" with the target: each count opens the orders behind it. */
export function ValueWithCounts({
  ind,
  v,
  scope,
  onDrill,
  name,
  testId,
}: {
  ind: Indicator;
  v: ValueItem | undefined;
  scope: Scope;
  onDrill: (d: Drill) => void;
  name: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const can = drillable(ind);
  const open = (part: Drill['part']) =>
    can ? () => onDrill({ code: ind.code, name, part, unitId: v?.unitId ?? scope.unitId, from: scope.from, to: scope.to }) : undefined;
  if (!v) return <span>—</span>;
  if (ind.unit === 'minutes') {
    return (
      <span>
        {v.value == null ? '' : `${formatValue('minutes', v.value, t('figures.minutes'))} — `}
        <CountLink n={v.denominator} label={t('figures.openDenominator')} onClick={open('denominator')} testId={`${testId}-den`} />{' '}
        {t('figures.ordersWord')}
      </span>
    );
  }
  return (
    <span>
      {v.value == null ? '' : `${formatValue(ind.unit, v.value)} — `}
      <CountLink n={v.numerator} label={t('figures.openNumerator')} onClick={open('numerator')} testId={`${testId}-num`} /> /{' '}
      <CountLink n={v.denominator} label={t('figures.openDenominator')} onClick={open('denominator')} testId={`${testId}-den`} />
      {ind.unit === 'per_10k_households' ? ` ${t('figures.householdsWord')}` : ''}
    </span>
  );
}

/** The target and whether the value meets it. */
export function TargetTag({ ind, v }: { ind: Indicator; v: ValueItem | undefined }) {
  const { t } = useTranslation();
  const target = v?.target ?? ind.target;
  if (target == null) return <Typography.Text type="secondary">{t('figures.noTarget')}</Typography.Text>;
  const met = meetsTarget(ind.direction, v?.value, target);
  return (
    <Space size={4} wrap>
      <Typography.Text type="secondary">
        {t('figures.target', { target: formatValue(ind.unit, target, t('figures.minutes')) })}
      </Typography.Text>
      {met !== null && <Tag color={met ? '#237804' : '#a8071a'}>{met ? t('figures.met') : t('figures.missed')}</Tag>}
    </Space>
  );
}

/** One card per indicator that has a value; those not built yet listed below with why. */
export function RateCards({
  indicators,
  values,
  scope,
  onDrill,
}: {
  indicators: Indicator[];
  values: ValueItem[];
  scope: Scope;
  onDrill: (d: Drill) => void;
}) {
  const { t, i18n } = useTranslation();
  const name = (i: Indicator) => (i.names as Record<string, string>)[i18n.language] ?? i.name;
  const shown = indicators.filter((i) => i.available);
  return (
    <>
      <Row gutter={[12, 12]}>
        {shown.map((ind) => {
          const v = values.find((x) => x.code === ind.code);
          const missed = v && v.numerator != null && v.denominator != null ? v.denominator - v.numerator : null;
          return (
            <Col xs={24} sm={12} lg={8} xl={6} key={ind.code}>
              <Card size="small" title={name(ind)} data-testid={`rate-${ind.code}`}>
                <div style={{ fontSize: 22, fontWeight: 600 }}>{formatValue(ind.unit, v?.value, t('figures.minutes'))}</div>
                <div>
                  <ValueWithCounts ind={ind} v={v} scope={scope} onDrill={onDrill} name={name(ind)} testId={`rate-${ind.code}`} />
                </div>
                {ind.unit === 'ratio' && ind.direction === 'higher' && drillable(ind) && missed ? (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0 }}
                    onClick={() =>
                      onDrill({ code: ind.code, name: name(ind), part: 'missed', unitId: scope.unitId, from: scope.from, to: scope.to })
                    }
                    data-testid={`rate-${ind.code}-missed`}
                  >
                    {t('figures.openMissed')} ({missed})
                  </Button>
                ) : null}
                <div>
                  <TargetTag ind={ind} v={v} />
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {indicators
          .filter((i) => !i.available)
          .map((i) => name(i))
          .join(' · ')}
        {indicators.some((i) => !i.available) ? ` — ${t('figures.noData')}` : ''}
      </Typography.Paragraph>
    </>
  );
}

/** What an empty table says, dark enough to read (antd's placeholder grey is too light for WCAG AA). */
export function Empty({ text }: { text: string }) {
  return <span style={{ color: '#595959' }}>{text}</span>;
}
