// JSON Schemas for the GeoReport v2 JSON documents, written from the specification
// (http://wiki.open311.org/GeoReport_v2) and checked with ajv in the conformance tests.
import { Ajv } from 'ajv';

const w3cDatetime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' };
const nullableString = { type: ['string', 'null'] };

export const schemas = {
  discovery: {
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string' },
            url: { type: 'string' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { enum: ['text/xml', 'application/json'] } },
          },
        },
      },
    },
  },
  services: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
      properties: {
        service_code: { type: 'string', minLength: 1 },
        service_name: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        metadata: { type: 'boolean' },
        type: { enum: ['realtime', 'batch', 'blackbox'] },
        keywords: { type: 'string' },
        group: { type: 'string' },
      },
    },
  },
  serviceDefinition: {
    type: 'object',
    additionalProperties: false,
    required: ['service_code', 'attributes'],
    properties: {
      service_code: { type: 'string' },
      attributes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
          properties: {
            variable: { type: 'boolean' },
            code: { type: 'string', minLength: 1 },
            datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
            required: { type: 'boolean' },
            datatype_description: { type: 'string' },
            order: { type: 'integer', minimum: 1 },
            description: { type: 'string' },
            values: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['key', 'name'],
                properties: { key: { type: 'string' }, name: { type: 'string' } },
              },
            },
          },
          if: { properties: { datatype: { enum: ['singlevaluelist', 'multivaluelist'] } } },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, not a thenable
          then: { required: ['values'] },
          else: { not: { required: ['values'] } },
        },
      },
    },
  },
  postResponse: {
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      required: ['service_request_id'],
      // GeoReport v2: service_request_id or token, never both — this server files synchronously.
      not: { required: ['token'] },
      properties: {
        service_request_id: { type: 'string' },
        service_notice: nullableString,
        account_id: nullableString,
      },
    },
  },
  tokenResponse: {
    type: 'array',
    items: {
      type: 'object',
      required: ['service_request_id', 'token'],
      properties: { service_request_id: { type: 'string' }, token: { type: 'string' } },
    },
  },
  requests: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: [
        'service_request_id',
        'status',
        'service_name',
        'service_code',
        'requested_datetime',
        'updated_datetime',
        'address',
        'lat',
        'long',
      ],
      properties: {
        service_request_id: { type: 'string' },
        status: { enum: ['open', 'closed'] },
        status_notes: nullableString,
        service_name: { type: 'string' },
        service_code: { type: 'string' },
        description: nullableString,
        agency_responsible: nullableString,
        service_notice: nullableString,
        requested_datetime: w3cDatetime,
        updated_datetime: w3cDatetime,
        expected_datetime: { anyOf: [w3cDatetime, { type: 'null' }] },
        address: { type: 'string' },
        address_id: nullableString,
        zipcode: nullableString,
        lat: { type: ['number', 'null'] },
        long: { type: ['number', 'null'] },
        media_url: nullableString,
      },
    },
  },
  errors: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'description'],
      properties: { code: { type: 'integer', minimum: 400, maximum: 599 }, description: { type: 'string', minLength: 1 } },
    },
  },
  updates: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'],
      properties: {
        update_id: { type: 'string' },
        service_request_id: { type: 'string' },
        status: {
          enum: [
            'open',
            'closed',
            'fixed',
            'in_progress',
            'action_scheduled',
            'investigating',
            'duplicate',
            'not_councils_responsibility',
            'no_further_action',
            'internal_referral',
            'reopen',
            'for_triage',
          ],
        },
        updated_datetime: w3cDatetime,
        description: { type: 'string' },
        media_url: { type: 'string' },
      },
    },
  },
  postUpdateResponse: {
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'string' } } },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)])) as Record<
  keyof typeof schemas,
  ReturnType<typeof ajv.compile>
>;

/** Throws with ajv's messages when the document does not match the named schema. */
export function assertSchema(name: keyof typeof schemas, doc: unknown) {
  const validate = compiled[name];
  if (!validate(doc)) throw new Error(`${name} schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(doc, null, 1).slice(0, 2000)}`);
}
