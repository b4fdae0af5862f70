import { zonedParts } from '../shared/time.js';
import type { Locale } from './commitment-text.js';
import { type Html, html } from './html.js';
import type { Messages } from './i18n.js';
import type { PublicNotice, TrackedTicket } from './portal.repo.js';

export type PageCtx = { m: Messages; locale: Locale; tenantName: string; timeZone: string; path: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as residents read it, in the tenant's zone: 2026-11-21 10:00. */
export function localTime(d: Date, timeZone: string): string {
  const p = zonedParts(d, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The page frame: header with the tenant and the language switch, then the content. */
export function layout(c: PageCtx, title: string, body: Html): string {
  const other = c.locale === 'zh-CN' ? 'en' : 'zh-CN';
  const sep = c.path.includes('?') ? '&' : '?';
  return html`<!doctype html>
<html lang="${c.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${c.tenantName}</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
<script src="/portal/assets/portal.js" defer></script>
</head>
<body>
<header class="bar"><a class="brand" href="/portal">${c.tenantName}</a><a class="lang" href="${c.path}${sep}lang=${other}" hreflang="${other}">${c.m.switchTo}</a></header>
<main>
${body}
</main>
<footer><a href="/portal">${c.m.back}</a></footer>
</body>
</html>`.value;
}

export function homeView(c: PageCtx): string {
  const h = c.m.home;
  const tile = (href: string, label: string, hint = '') =>
    html`<li><a class="tile" href="${href}"><strong>${label}</strong>${hint && html`<span>${hint}</span>`}</a></li>`;
  return layout(
    c,
    c.m.title,
    html`<h1>${h.heading}</h1>
<ul class="tiles">
${tile('/portal/report', h.report, h.reportHint)}
${tile('/portal/track', h.track, h.trackHint)}
${tile('/portal/notices', h.notices)}
${tile('/portal/pages/service-contents', h.serviceContents)}
${tile('/portal/pages/fee-standards', h.feeStandards)}
</ul>`,
  );
}

export type ReportCategory = { code: string; name: string; commitment: string };
export type ReportValues = { category?: string; address?: string; premiseId?: string; description?: string; phone?: string; name?: string };

function errorList(c: PageCtx, errors: string[]) {
  if (!errors.length) return '';
  return html`<div class="errors" role="alert"><p>${c.m.errors.heading}</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}

export function reportView(c: PageCtx, categories: ReportCategory[], v: ReportValues, errors: string[]): string {
  const r = c.m.report;
  const selected = categories.find((x) => x.code === v.category);
  return layout(
    c,
    r.heading,
    html`<h1>${r.heading}</h1>
${errorList(c, errors)}
<form method="post" action="/portal/report" enctype="multipart/form-data" class="form" id="report-form">
<label for="category">${r.category}</label>
<select id="category" name="category" required>
<option value="">${r.chooseCategory}</option>
${categories.map((x) => html`<option value="${x.code}" data-commitment="${x.commitment}"${x.code === v.category ? html` selected` : ''}>${x.name}</option>`)}
</select>
<p class="commitment" id="commitment" aria-live="polite">${selected ? html`${r.commitment}：${selected.commitment}` : ''}</p>
<noscript><details><summary>${r.commitment}</summary><dl>${categories.map((x) => html`<dt>${x.name}</dt><dd>${x.commitment}</dd>`)}</dl></details></noscript>

<label for="address">${r.address}</label>
<input id="address" name="address" type="text" autocomplete="off" maxlength="200" value="${v.address ?? ''}" aria-describedby="address-hint" required>
<input id="premiseId" name="premiseId" type="hidden" value="${v.premiseId ?? ''}">
<p class="hint" id="address-hint">${r.addressHint}</p>
<ul class="suggestions" id="address-suggestions" aria-label="${r.addressSuggestions}" hidden></ul>

<label for="description">${r.description}</label>
<textarea id="description" name="description" rows="5" maxlength="2000" placeholder="${r.descriptionHint}" required>${v.description ?? ''}</textarea>

<label for="phone">${r.phone}</label>
<input id="phone" name="phone" type="tel" inputmode="tel" maxlength="20" value="${v.phone ?? ''}" aria-describedby="phone-hint" required>
<p class="hint" id="phone-hint">${r.phoneHint}</p>

<label for="name">${r.name}</label>
<input id="name" name="name" type="text" maxlength="50" value="${v.name ?? ''}">

<label for="photos">${r.photos}</label>
<input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple>
<p class="hint">${r.photosHint}</p>

<p class="hint">${r.privacy}</p>
<button type="submit" class="primary">${r.submit}</button>
</form>`,
  );
}

export function trackFormView(c: PageCtx, code: string, errors: string[]): string {
  const t = c.m.track;
  return layout(
    c,
    t.heading,
    html`<h1>${t.heading}</h1>
${errorList(c, errors)}
<form method="post" action="/portal/track" class="form">
<label for="code">${t.code}</label>
<input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" maxlength="24" value="${code}" aria-describedby="code-hint" required>
<p class="hint" id="code-hint">${t.codeHint}</p>
<button type="submit" class="primary">${t.submit}</button>
</form>`,
  );
}

type DeadlineState = 'met' | 'late' | 'pending';
function deadlineState(due: Date | null, done: Date | null, now: Date): DeadlineState | null {
  if (!due) return null;
  if (done) return done.getTime() <= due.getTime() ? 'met' : 'late';
  return now.getTime() > due.getTime() ? 'late' : 'pending';
}

export type TrackData = {
  ticket: TrackedTicket;
  events: Array<{ seq: number; type: string; at: Date; data: unknown }>;
  photoIds: string[];
  code: string;
  justFiled: boolean;
  notice?: 'thanks' | 'reopened';
  errors: string[];
  now: Date;
  /** A rating low enough to reopen the order, chosen but not yet confirmed. */
  confirmLow?: { satisfaction: number; remark: string };
};

// Steps a resident sees; the rest (internal updates) are left out of the public timeline.
const PUBLIC_EVENTS = new Set([
  'created',
  'accepted',
  'dispatched',
  'taken',
  'arrived',
  'resolved',
  'callback',
  'closed',
  'reopened',
  'suspended',
  'resumed',
  'transferred',
  'returned',
]);

export function trackView(c: PageCtx, d: TrackData): string {
  const { m } = c;
  const t = d.ticket;
  const category = c.locale === 'en' && t.category_name_en ? t.category_name_en : t.category_name;
  const deadlines = [
    ['respondBy', t.respond_by, t.responded_at],
    ['arriveBy', t.arrive_by, t.arrived_at],
    ['resolveBy', t.resolve_by, t.resolved_at],
  ] as const;
  const rows = deadlines.map(([key, due, done]) => ({ key, due, state: deadlineState(due, done, d.now) })).filter((r) => r.state !== null);
  const events = d.events.filter((e) => PUBLIC_EVENTS.has(e.type));
  const rateable = t.status === 'resolved';
  const ratedLabel = t.satisfaction && t.status === 'closed' ? m.rate.levels[t.satisfaction - 1] : null;
  return layout(
    c,
    m.track.heading,
    html`${
      d.justFiled
        ? html`<section class="confirm" role="status"><h1>${m.confirm.heading}</h1><p>${m.confirm.body}</p>
<p class="code-label">${m.confirm.code}</p><p class="code" id="tracking-code">${d.code}</p>
<p>${m.confirm.number}：<span id="ticket-number">${t.number}</span></p></section>`
        : html`<h1>${m.track.heading}</h1>`
    }
${d.notice ? html`<p class="notice" role="status" id="rate-result">${d.notice === 'thanks' ? m.rate.thanks : m.rate.reopened}</p>` : ''}
${errorList(c, d.errors)}
<dl class="summary">
<dt>${m.track.status}</dt><dd id="status" data-status="${t.status}">${m.status[t.status] ?? t.status}</dd>
<dt>${m.confirm.number}</dt><dd>${t.number}</dd>
<dt>${m.track.category}</dt><dd>${category}</dd>
<dt>${m.track.submittedAt}</dt><dd>${localTime(t.received_at, c.timeZone)}</dd>
${ratedLabel ? html`<dt>${m.rate.done}</dt><dd id="rating">${'★'.repeat(t.satisfaction!)} ${ratedLabel}</dd>` : ''}
</dl>
${rows.length ? html`<h2>${m.track.deadlines}</h2><ul class="deadlines">${rows.map((r) => html`<li class="${r.state}"><span>${m.track[r.key]}</span> <time>${localTime(r.due!, c.timeZone)}</time> <em>${m.track[r.state!]}</em></li>`)}</ul>` : ''}
${
  rateable && d.confirmLow
    ? html`<section class="rate" id="rate-confirm" role="alertdialog" aria-labelledby="rate-confirm-heading"><h2 id="rate-confirm-heading">${m.rate.confirmHeading}</h2>
<p>${m.rate.confirmBody.replace('{stars}', '★'.repeat(d.confirmLow.satisfaction)).replace('{level}', m.rate.levels[d.confirmLow.satisfaction - 1] ?? '')}</p>
${d.confirmLow.remark ? html`<blockquote id="rate-confirm-remark">${d.confirmLow.remark}</blockquote>` : ''}
<form method="post" action="/portal/track/rate" class="form">
<input type="hidden" name="satisfaction" value="${d.confirmLow.satisfaction}">
<input type="hidden" name="remark" value="${d.confirmLow.remark}">
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="primary" id="rate-confirm-submit">${m.rate.confirmSubmit}</button>
</form>
<p><a href="/portal/track/view#rate" id="rate-confirm-back">${m.rate.confirmBack}</a></p></section>`
    : rateable
      ? html`<section class="rate" id="rate"><h2>${m.rate.heading}</h2><p class="hint">${m.rate.hint}</p>
<form method="post" action="/portal/track/rate" class="form">
<label for="remark">${m.rate.remark}</label>
<textarea id="remark" name="remark" rows="2" maxlength="500"></textarea>
<div class="stars">${[1, 2, 3, 4, 5].map((n) => html`<button type="submit" name="satisfaction" value="${n}" class="star" data-level="${n}" aria-label="${n} · ${m.rate.levels[n - 1]}"><span aria-hidden="true">${'★'.repeat(n)}</span><small>${m.rate.levels[n - 1]}</small></button>`)}</div>
</form></section>`
      : ''
}
<h2>${m.track.timeline}</h2>
<ol class="timeline" id="timeline">
${events.map((e) => html`<li data-type="${e.type}"><time>${localTime(e.at, c.timeZone)}</time> <span>${m.event[e.type] ?? m.event.other}${e.type === 'callback' && typeof (e.data as { satisfaction?: unknown })?.satisfaction === 'number' ? ` ${'★'.repeat((e.data as { satisfaction: number }).satisfaction)}` : ''}</span></li>`)}
</ol>
${d.photoIds.length ? html`<div class="photos">${d.photoIds.map((id) => html`<img src="/portal/photos/${id}" alt="" loading="lazy" width="96" height="96">`)}</div>` : ''}`,
  );
}

export function noticesView(c: PageCtx, notices: PublicNotice[], filtered: { address: string } | null): string {
  const n = c.m.notices;
  return layout(
    c,
    n.heading,
    html`<h1>${n.heading}</h1>
<form method="get" action="/portal/notices" class="form" id="notice-form">
<label for="address">${c.m.report.address}</label>
<input id="address" name="address" type="text" autocomplete="off" maxlength="200" value="${filtered?.address ?? ''}">
<input id="premiseId" name="premise" type="hidden" value="">
<p class="hint">${n.findHint}</p>
<ul class="suggestions" id="address-suggestions" hidden></ul>
<button type="submit">${c.m.track.submit}</button>
</form>
${notices.length === 0 ? html`<p class="empty">${filtered ? n.none : n.noneAll}</p>` : ''}
<ul class="notices">${notices.map(
      (
        x,
      ) => html`<li class="notice-item ${x.kind}"><h2>${x.title}</h2>${x.area ? html`<p class="area">${x.area}</p>` : ''}<p>${x.message}</p>
<p class="when">${n.from} ${localTime(x.startsAt, c.timeZone)}${x.expectedEndAt ? html` · ${n.until} ${localTime(x.expectedEndAt, c.timeZone)}` : ''}</p></li>`,
    )}</ul>`,
  );
}

/** A published text page: paragraphs split on blank lines, line breaks kept, all text escaped. */
export function textPageView(c: PageCtx, title: string, body: string | null): string {
  const paragraphs = (body ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return layout(
    c,
    title,
    html`<h1>${title}</h1>
${paragraphs.length ? paragraphs.map((p) => html`<p>${p.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`) : html`<p class="empty">${c.m.pages.empty}</p>`}`,
  );
}

export function errorView(c: PageCtx, message: string): string {
  return layout(c, message, html`<div class="errors" role="alert"><p>${message}</p></div><p><a href="/portal">${c.m.back}</a></p>`);
}
