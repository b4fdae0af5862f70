import type { Locale } from '../portal/commitment-text.js';
import { messagesFor } from '../portal/i18n.js';
import { w3c } from './georeport.format.js';
import { CLOSED_STATUSES, type RequestRow } from './request.repo.js';

/**
 * A ticket as a GeoReport v2 request. Contact details are never shown. Without an API key the
 * address is cut to the estate and building, so the public list does not point at a household,
 * and the description is shown only for requests filed through Open311 itself (whose clients
 * publish them anyway): what a resident told the hotline or the portal stays with the staff.
 */
export function toOpen311Request(r: RequestRow, opts: { timeZone: string; keyed: boolean; locale: Locale }) {
  const coarse = [r.district, r.community, r.building].filter((s) => s?.trim()).join(' ');
  const address = opts.keyed ? r.address : r.premise_id ? coarse : '';
  return {
    service_request_id: r.number,
    status: CLOSED_STATUSES.includes(r.status) ? ('closed' as const) : ('open' as const),
    status_notes: messagesFor(opts.locale).status[r.status] ?? r.status,
    service_name: opts.locale === 'en' && r.service_name_en ? r.service_name_en : r.service_name,
    service_code: r.category_code,
    description: opts.keyed || r.channel === 'open311' ? r.description : '',
    agency_responsible: r.unit_name,
    service_notice: '',
    requested_datetime: w3c(r.received_at, opts.timeZone),
    updated_datetime: w3c(r.updated_at, opts.timeZone),
    expected_datetime: r.resolve_by ? w3c(r.resolve_by, opts.timeZone) : null,
    address,
    address_id: opts.keyed ? r.premise_id : null,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.media_url,
  };
}

export type Open311Request = ReturnType<typeof toOpen311Request>;
