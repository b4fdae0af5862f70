import { Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../api/client';
import type { Ticket } from '../api/models';
import { StatusTag } from '../shared/ui';

/**
 * The order a duplicate is merged into: the same household's other orders (by premise, else by
 * phone), newest first, never the order itself or one that is already a duplicate.
 */
export function MergeTargetField({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const [candidates, setCandidates] = useState<Ticket[]>([]);
  useEffect(() => {
    const query = ticket.premiseId ? { premiseId: ticket.premiseId } : { phone: ticket.contact.phone };
    unwrap(client.GET('/api/v1/tickets', { params: { query: { ...query, limit: 50 } } })).then(
      (res) => setCandidates(res.items.filter((c) => c.id !== ticket.id && !c.duplicateOfId)),
      () => setCandidates([]),
    );
  }, [ticket]);
  return (
    <Form.Item
      label={t('loopsteps.merge.into')}
      name="intoId"
      extra={t('loopsteps.merge.intoHint')}
      rules={[{ required: true, message: t('intake.required', { field: t('loopsteps.merge.into') }) }]}
    >
      <Select
        showSearch={{ optionFilterProp: 'search' }}
        placeholder={t('loopsteps.merge.intoPlaceholder')}
        aria-label={t('loopsteps.merge.into')}
        data-testid="merge-into"
        options={candidates.map((c) => ({
          value: c.id,
          search: `${c.number} ${c.description}`,
          label: (
            <span>
              {c.number} <StatusTag status={c.status} /> {c.description.slice(0, 30)}
            </span>
          ),
        }))}
      />
    </Form.Item>
  );
}
