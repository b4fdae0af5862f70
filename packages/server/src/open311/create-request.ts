import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { createTicket } from '../tickets/create-ticket.js';
import type { Open311Client } from './api-key.service.js';
import { badInput, Open311Error } from './georeport.format.js';
import { withTables } from './open311.tables.js';
import { findPublishedService } from './service.repo.js';
import { describeAttributeValues, type FormValue, parseAttributes } from './service-attributes.js';
import { systemActor } from './system-actor.js';

const one = (v: FormValue) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

function optionalText(form: Record<string, FormValue>, field: string, max: number) {
  const v = one(form[field]);
  if (v && v.length > max) throw badInput(`${field}: at most ${max} characters`);
  return v;
}

function coordinate(form: Record<string, FormValue>, field: 'lat' | 'long') {
  const v = one(form[field]);
  if (v === undefined) return undefined;
  const n = /^-?\d{1,3}(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  const limit = field === 'lat' ? 90 : 180;
  if (Number.isNaN(n) || Math.abs(n) > limit) throw badInput(`${field}: must be a decimal degree between -${limit} and ${limit}`);
  return n;
}

/**
 * POST requests: validates the form against the service definition and files an ordinary
 * work order (channel open311) as the tenant's Open311 system user. Returns the order number,
 * answered as service_request_id; the token stored beside it keeps GET tokens/{token} working
 * for clients that saved one from an earlier answer, but is not answered again (the
 * specification allows one of the two, never both).
 */
export async function createOpen311Request(db: Kysely<DB>, clock: Clock, client: Open311Client, form: Record<string, FormValue>) {
  const serviceCode = one(form.service_code);
  if (!serviceCode) throw badInput('service_code: was not provided');
  const service = await findPublishedService(db, client.tenantId, serviceCode);
  if (!service) throw new Open311Error(404, `service_code: "${serviceCode}" not found`);

  const lat = coordinate(form, 'lat');
  const long = coordinate(form, 'long');
  if ((lat === undefined) !== (long === undefined)) throw badInput('lat and long: give both or neither');
  const addressString = optionalText(form, 'address_string', 300);
  const addressId = one(form.address_id);
  if (lat === undefined && !addressString && !addressId) {
    throw badInput('location: one of lat & long, address_string or address_id is required');
  }
  let premise: { id: string; address: string } | undefined;
  if (addressId) {
    if (!/^[0-9a-f-]{36}$/i.test(addressId)) throw badInput('address_id: not a known address id');
    premise = await db
      .selectFrom('premises')
      .select(['id', 'address'])
      .where('tenant_id', '=', client.tenantId)
      .where('id', '=', addressId)
      .executeTakeFirst();
    if (!premise) throw badInput('address_id: not a known address id');
  }

  const description = optionalText(form, 'description', 4000);
  const email = optionalText(form, 'email', 200);
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw badInput('email: not an e-mail address');
  const phone = one(form.phone);
  if (phone && !PHONE.test(phone)) throw badInput('phone: 5–20 digits');
  const firstName = optionalText(form, 'first_name', 50);
  const lastName = optionalText(form, 'last_name', 50);
  const deviceId = optionalText(form, 'device_id', 200);
  const accountId = optionalText(form, 'account_id', 200);
  const mediaUrl = optionalText(form, 'media_url', 500);
  if (mediaUrl && !/^https?:\/\//i.test(mediaUrl)) throw badInput('media_url: must be an http(s) URL');

  const { values, unknown, errors } = parseAttributes(service.attributes, form);
  if (errors.length) throw badInput(errors.join('; '));

  const summary = describeAttributeValues(service.attributes, values);
  const text = [description, summary].filter(Boolean).join('\n\n') || service.category.name;
  const address = addressString ?? premise?.address ?? `${lat},${long}`;
  const actor = await systemActor(db, client.tenantId, 'open311');
  const ctx = { db, actor, clock };
  const token = randomBytes(16).toString('base64url');
  let ticket: Awaited<ReturnType<typeof createTicket>>['ticket'];
  try {
    ({ ticket } = await createTicket(
      ctx,
      {
        kind: service.category.kind as never,
        channel: 'open311',
        categoryCode: service.category.code,
        description: text.slice(0, 4000),
        premiseId: premise?.id,
        address: address.slice(0, 300),
        contact: { name: [lastName, firstName].filter(Boolean).join('') || `Open311: ${client.name}`.slice(0, 100), phone: phone ?? '' },
        attachments: mediaUrl ? [mediaUrl] : undefined,
      },
      undefined,
      // The request's Open311 details commit with the order, or neither does.
      (trx, t) =>
        withTables(trx)
          .insertInto('open311_requests')
          .values({
            tenant_id: client.tenantId,
            ticket_id: t.id,
            client_id: client.id,
            token,
            lat: lat ?? null,
            long: long ?? null,
            address_string: addressString ?? null,
            email: email ?? null,
            device_id: deviceId ?? null,
            account_id: accountId ?? null,
            media_url: mediaUrl ?? null,
            attributes: JSON.stringify({ ...values, ...(Object.keys(unknown).length && { unknown }) }),
            created_at: clock.now(),
          })
          .execute()
          .then(() => undefined),
    ));
  } catch (e) {
    if (e instanceof AppError && e.status < 500) throw badInput(e.message);
    throw e;
  }
  return { serviceRequestId: ticket.number, token, serviceNotice: service.commitmentText, accountId: accountId ?? null };
}
