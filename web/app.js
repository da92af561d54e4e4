// rasd review page: map, timeline, table and event view over the JSON API of `rasd serve`.
// Plain ES modules, no build step; Leaflet and Leaflet.markercluster are the global `L`
// loaded by index.html. Nothing here fetches from outside the server the page came from.

import {
  TYPES, FAMILIES, CLAIM_KINDS, GROUPS, QUALIFIERS, SOURCE_KINDS, MODALITIES, REVIEW_STATUS,
  ROLES, FIELDS, COUNTRY_AR, familyOf, familyColor,
} from './labels.js';
import { segments, formatRange } from './text.js';

const $ = (sel, root = document) => root.querySelector(sel);
const FILTER_KEYS = ['from', 'to', 'country', 'family', 'type', 'actor', 'min_killed', 'q', 'bbox'];
const PAGE_SIZE = 50;
// The map shows every matching event, fetched page by page up to this many.
const MAP_MAX = 5000;
const TOKEN_KEY = 'rasd.review.token';
const REVIEWER_KEY = 'rasd.review.reviewer';

const state = {
  filters: {},
  sort: '-date',
  cursors: [null], // cursor of each page seen so far, for "previous"
  limit: PAGE_SIZE,
  page: 0,
  event: null, // id of the event open in the event view
};

// ---------------------------------------------------------------- small DOM helpers

/** Build an element: h('td', {class: 'x', onclick}, child, 'text', ...). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') {
      for (const [dk, dv] of Object.entries(v)) if (dv != null) el.dataset[dk] = dv;
    }
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Arabic label with the English one beside it. */
function bi(label, fallback) {
  if (!label) return h('span', {}, fallback ?? '—');
  return h('span', { class: 'bi' }, label.ar, ' ', h('span', { class: 'en' }, label.en));
}

const typeLabel = (type) => bi(TYPES[type], type);
const svgNS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text != null) el.textContent = text;
  return el;
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Non-JSON body (e.g. a proxy's error page): keep the status.
  }
  if (!response.ok) throw new ApiError(response.status, body?.error?.message || response.statusText);
  return body;
}

function query(extra = {}) {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = state.filters[k];
    if (v != null && v !== '') params.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v != null && v !== '') params.set(k, v);
  return params.toString();
}

function showError(err) {
  const box = $('#error');
  if (!err) { box.hidden = true; return; }
  box.hidden = false;
  box.textContent = `تعذّر تحميل البيانات — Could not load data: ${err.message}`;
}

// ---------------------------------------------------------------- state in the URL

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const k of FILTER_KEYS) if (params.get(k)) state.filters[k] = params.get(k);
  state.sort = params.get('sort') || '-date';
  state.event = params.get('event');
  // Rows per page: 50 unless the address says otherwise (1..500, the API's bounds).
  const limit = Number.parseInt(params.get('limit'), 10);
  state.limit = limit >= 1 && limit <= 500 ? limit : PAGE_SIZE;
}

function writeHash() {
  const params = new URLSearchParams(query());
  if (state.sort !== '-date') params.set('sort', state.sort);
  if (state.limit !== PAGE_SIZE) params.set('limit', state.limit);
  if (state.event) params.set('event', state.event);
  const hash = params.toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname);
}

// ---------------------------------------------------------------- filters

function fillSelects() {
  const fam = $('#filters [name=family]');
  for (const [code, f] of Object.entries(FAMILIES)) fam.append(h('option', { value: code }, `${f.ar} · ${f.en}`));
  const typ = $('#filters [name=type]');
  for (const [code, f] of Object.entries(FAMILIES)) {
    const group = h('optgroup', { label: `${f.ar} · ${f.en}` });
    for (const [t, label] of Object.entries(TYPES)) {
      if (label.family === code) group.append(h('option', { value: t }, `${label.ar} · ${label.en}`));
    }
    typ.append(group);
  }
}

function formToState() {
  const form = $('#filters');
  state.filters = {};
  for (const k of FILTER_KEYS) {
    const v = form.elements[k].value.trim();
    if (v) state.filters[k] = v;
  }
}

function stateToForm() {
  const form = $('#filters');
  for (const k of FILTER_KEYS) form.elements[k].value = state.filters[k] || '';
  $('#use-map-bbox').classList.toggle('on', Boolean(state.filters.bbox));
  for (const fmt of ['csv', 'geojson', 'jsonl']) {
    $(`#export-${fmt}`).href = `/api/export?${query({ format: fmt })}`;
  }
}

function applyFilters() {
  state.cursors = [null];
  state.page = 0;
  stateToForm();
  writeHash();
  return refresh();
}

// ---------------------------------------------------------------- table

async function loadTable() {
  const data = await api(`/api/events?${query({ sort: state.sort, limit: state.limit, cursor: state.cursors[state.page] })}`);
  const body = $('#events tbody');
  body.replaceChildren(...data.events.map(row));
  if (!data.events.length) {
    body.append(h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'لا أحداث تطابق المرشحات — no events match the filters')));
  }
  state.cursors[state.page + 1] = data.next_cursor;
  $('#total').textContent = `(${data.total})`;
  $('#total').dataset.total = data.total;
  const first = data.events.length ? state.page * state.limit + 1 : 0;
  $('#page-info').textContent = `${first}–${state.page * state.limit + data.events.length} / ${data.total}`;
  $('#prev').disabled = state.page === 0;
  $('#next').disabled = !data.next_cursor;
  for (const btn of document.querySelectorAll('#events th .sort')) {
    const key = btn.dataset.sort;
    const on = state.sort.replace('-', '') === key;
    const desc = state.sort.startsWith('-');
    btn.closest('th').setAttribute('aria-sort', on ? (desc ? 'descending' : 'ascending') : 'none');
    btn.querySelector('.arrow').textContent = on ? (desc ? '▼' : '▲') : '';
  }
}

function killedCell(range) {
  if (!range) return h('td', { class: 'num muted' }, '—');
  const title = `أدنى low ${range.low ?? '?'} · أرجح best ${range.best ?? '?'} · أعلى high ${range.high ?? '?'}`;
  return h('td', { class: 'num', title, dataset: { value: range.best ?? '' } }, range.best ?? formatRange(range.low, range.high));
}

function placeOf(loc) {
  if (!loc) return h('span', { class: 'muted' }, '—');
  const en = loc.name_en && loc.name_en !== loc.name;
  // The space stays outside the isolated English run, or bidi moves it to the far side.
  return h('span', {}, loc.name || loc.name_en || '', en ? ' ' : null, en ? h('span', { class: 'en' }, loc.name_en) : null);
}

function actorsOf(actors) {
  const main = actors.filter((a) => a.role === 'perpetrator' || a.role === 'claimant' || a.role === 'party');
  const list = (main.length ? main : actors).slice(0, 3);
  return list.map((a) => a.text || a.name).join('، ') + (actors.length > list.length ? ' …' : '');
}

function statusBadge(review) {
  const st = review?.status || 'unreviewed';
  return h('span', { class: `badge status-${st}` }, bi(REVIEW_STATUS[st], st));
}

function row(e) {
  const fam = familyOf(e);
  const tr = h('tr', {
    tabindex: 0,
    dataset: { id: e.id, type: e.type, family: fam },
    onclick: () => openEvent(e.id),
    onkeydown: (ev) => { if (ev.key === 'Enter') openEvent(e.id); },
  },
  h('td', { class: 'date' }, e.date || '—', e.date_precision && e.date_precision !== 'day' ? h('span', { class: 'en' }, ` (${e.date_precision})`) : null),
  h('td', { class: 'type' }, h('span', { class: 'dot', style: `background:${familyColor(fam)}` }), typeLabel(e.type)),
  h('td', {}, placeOf(e.location)),
  h('td', { class: 'cc' }, e.location?.country || '—'),
  h('td', { class: 'actors' }, actorsOf(e.actors || [])),
  killedCell(e.killed),
  killedCell(e.injured),
  h('td', { class: 'num' }, typeof e.reports === 'number' ? e.reports : (e.report_count ?? '—')),
  h('td', {}, statusBadge(e.review), e.conflicting ? h('span', { class: 'badge conflict', title: 'تقارير متعارضة — conflicting reports' }, '⚠') : null));
  return tr;
}

// ---------------------------------------------------------------- map

let map;
let clusters;
let countriesLoaded;

function markerRadius(e) {
  // Area proportional to the killed: radius grows with the square root.
  const k = e.killed?.best ?? e.killed?.low ?? 0;
  return Math.min(30, 6 + 2.2 * Math.sqrt(k));
}

function initMap() {
  map = L.map('map', { minZoom: 2, maxZoom: 10, zoomSnap: 0.25, worldCopyJump: true });
  map.attributionControl.setPrefix('Leaflet');
  map.setView([33, 38], 4);
  // No tile server: the base map is Natural Earth's country polygons on a plain background.
  countriesLoaded = fetch('/assets/data/countries-50m.geojson')
    .then((r) => r.json())
    .then((geo) => {
      const layer = L.geoJSON(geo, {
        interactive: false,
        style: { color: '#9c9484', weight: 0.8, fillColor: '#f3efe6', fillOpacity: 1 },
      }).addTo(map);
      map.attributionControl.addAttribution('Natural Earth');
      countryLabels(layer);
    });
  clusters = L.markerClusterGroup({
    maxClusterRadius: 40,
    showCoverageOnHover: false,
    spiderfyDistanceMultiplier: 2.2,
    iconCreateFunction(cluster) {
      const children = cluster.getAllChildMarkers();
      const n = children.length;
      const killed = children.reduce((sum, m) => sum + (m.options.event.killed?.best ?? 0), 0);
      const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
      const px = n < 10 ? 36 : n < 100 ? 42 : 50;
      return L.divIcon({
        html: `<div><span data-count="${n}">${n}</span></div>`,
        className: `marker-cluster marker-cluster-${size} rasd-cluster`,
        iconSize: L.point(px, px),
        // Shown as the tooltip; the count is in the icon itself.
        title: `${n} events, ${killed} killed`,
      });
    },
  });
  map.addLayer(clusters);
  const legend = $('#legend');
  for (const [code, f] of Object.entries(FAMILIES)) {
    legend.append(h('span', { class: 'item' }, h('span', { class: 'dot', style: `background:${f.color}` }), f.ar, ' ', h('span', { class: 'en' }, f.en)));
  }
  legend.append(h('span', { class: 'item' }, '◯ حجم الدائرة = عدد القتلى ', h('span', { class: 'en' }, 'circle size = killed')));
}

/**
 * Name the countries that are big enough on screen to hold a label, in Arabic where
 * labels.js has the name, else in English; redone after every move or zoom.
 */
function countryLabels(layer) {
  const places = [];
  layer.eachLayer((poly) => {
    // The label goes at the centre of the country's largest part (its mainland).
    const parts = poly.getLatLngs();
    const rings = Array.isArray(parts[0][0]) ? parts.map((p) => p[0]) : [parts[0]];
    let best = null;
    for (const ring of rings) {
      const b = L.latLngBounds(ring);
      const area = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
      if (!best || area > best.area) best = { b, area };
    }
    const name = poly.feature.properties.name;
    places.push({ name, ar: COUNTRY_AR[name], bounds: best.b });
  });
  const group = L.layerGroup().addTo(map);
  const draw = () => {
    group.clearLayers();
    const view = map.getBounds();
    for (const p of places) {
      if (!view.intersects(p.bounds)) continue;
      const nw = map.latLngToContainerPoint(p.bounds.getNorthWest());
      const se = map.latLngToContainerPoint(p.bounds.getSouthEast());
      if (se.x - nw.x < 90 || se.y - nw.y < 40) continue;
      const html = p.ar ? `${p.ar} <span class="en">${p.name}</span>` : p.name;
      group.addLayer(L.marker(p.bounds.getCenter(), {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'country-label', html, iconSize: null }),
      }));
    }
  };
  map.on('zoomend moveend', draw);
  draw();
}

async function loadMap() {
  const events = [];
  let cursor = null;
  do {
    const data = await api(`/api/events?${query({ sort: '-killed', limit: 500, cursor })}`);
    events.push(...data.events);
    cursor = data.next_cursor;
  } while (cursor && events.length < MAP_MAX);
  await countriesLoaded;
  clusters.clearLayers();
  const markers = [];
  for (const e of events) {
    const loc = e.location;
    if (!loc || loc.lat == null || loc.lon == null) continue;
    const fam = familyOf(e);
    const m = L.circleMarker([loc.lat, loc.lon], {
      radius: markerRadius(e),
      color: '#ffffff',
      weight: 1.5,
      fillColor: familyColor(fam),
      fillOpacity: 0.8,
      className: `rasd-marker rasd-marker-${e.id}`,
      event: e,
    });
    m.bindTooltip(() => {
      const t = TYPES[e.type];
      const killed = e.killed ? ` · ${e.killed.best ?? formatRange(e.killed.low, e.killed.high)} قتيل killed` : '';
      return `${t ? `${t.ar} · ${t.en}` : e.type}<br>${e.date || ''} · ${loc.name || ''} ${loc.name_en ? `(${loc.name_en})` : ''}${killed}`;
    }, { direction: 'top' });
    m.on('click', () => openEvent(e.id));
    markers.push(m);
  }
  if (markers.length) {
    // Frame the events before adding them, so the clusters are built once at the final zoom
    // rather than animated from the previous one. maxZoom keeps a region's worth of
    // countries in view even when all events sit in one town.
    const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
    map.fitBounds(bounds.pad(0.3), { maxZoom: 5.75, animate: false });
  }
  clusters.addLayers(markers);
  $('#map').dataset.markers = markers.length;
}

function useMapBbox() {
  if (state.filters.bbox) {
    delete state.filters.bbox;
  } else {
    const b = map.getBounds();
    const r = (x) => x.toFixed(3);
    state.filters.bbox = [r(b.getWest()), r(b.getSouth()), r(b.getEast()), r(b.getNorth())].join(',');
  }
  return applyFilters();
}

// ---------------------------------------------------------------- timeline

let statsDays = [];

function dayList(byDay) {
  const days = byDay.filter((d) => d.date).sort((a, b) => a.date.localeCompare(b.date));
  if (!days.length) return [];
  const toUtc = (d) => Date.parse(`${d}T00:00:00Z`);
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  let start = toUtc(days[0].date);
  let end = toUtc(days[days.length - 1].date);
  const dayMs = 86400000;
  const span = (end - start) / dayMs;
  // A few days of context around a short period, so one day is not one bar across the chart.
  if (span < 14) {
    const pad = Math.ceil((14 - span) / 2) * dayMs;
    start -= pad;
    end += pad;
  }
  if ((end - start) / dayMs > 800) return days; // too long to draw every day: the days with events
  const byDate = new Map(days.map((d) => [d.date, d]));
  const out = [];
  for (let t = start; t <= end; t += dayMs) {
    const d = iso(t);
    out.push(byDate.get(d) || { date: d, events: 0, killed: 0 });
  }
  return out;
}

function drawTimeline() {
  const svg = $('#timeline');
  const width = svg.clientWidth || 480;
  const height = 170;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const days = statsDays;
  if (!days.length) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'tl-empty' }, 'لا بيانات · no data'));
    return;
  }
  const m = { l: 34, r: 34, t: 10, b: 24 };
  const w = width - m.l - m.r;
  const ih = height - m.t - m.b;
  const bw = w / days.length;
  const maxEvents = Math.max(1, ...days.map((d) => d.events));
  const maxKilled = Math.max(1, ...days.map((d) => d.killed || 0));
  const from = state.filters.from;
  const to = state.filters.to;
  const g = s('g', { transform: `translate(${m.l},${m.t})` });
  svg.append(g);
  g.append(s('line', { x1: 0, x2: w, y1: ih, y2: ih, class: 'tl-axis' }));
  g.append(s('text', { x: -6, y: 8, 'text-anchor': 'end', class: 'tl-tick' }, maxEvents));
  g.append(s('text', { x: w + 6, y: 8, 'text-anchor': 'start', class: 'tl-tick killed' }, maxKilled));
  const points = [];
  days.forEach((d, i) => {
    const x = i * bw;
    const selected = (from || to) && (!from || d.date >= from) && (!to || d.date <= to);
    const bh = (d.events / maxEvents) * ih;
    const bar = s('rect', {
      x: x + bw * 0.12, y: ih - bh, width: Math.max(1, bw * 0.76), height: bh,
      class: `tl-bar${selected ? ' selected' : ''}`, 'data-date': d.date, 'data-events': d.events,
    });
    bar.append(s('title', {}, `${d.date}: ${d.events} أحداث events · ${d.killed || 0} قتلى killed`));
    g.append(bar);
    // A transparent full-height target per day, so empty days can be clicked and dragged over.
    g.append(s('rect', { x, y: 0, width: bw, height: ih, class: 'tl-hit', 'data-i': i }));
    points.push([x + bw / 2, ih - ((d.killed || 0) / maxKilled) * ih]);
  });
  g.append(s('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'tl-killed' }));
  for (const [x, y] of points) g.append(s('circle', { cx: x, cy: y, r: Math.min(3, bw / 3), class: 'tl-killed-dot' }));
  g.append(s('text', { x: 0, y: ih + 16, 'text-anchor': 'start', class: 'tl-tick' }, days[0].date));
  if (days.length > 1) g.append(s('text', { x: w, y: ih + 16, 'text-anchor': 'end', class: 'tl-tick' }, days[days.length - 1].date));
  const brush = s('rect', { y: 0, height: ih, class: 'tl-brush', visibility: 'hidden' });
  g.append(brush);

  // Click a day to filter to it; drag across days to filter to the range.
  let start = null;
  const indexAt = (ev) => {
    const box = svg.getBoundingClientRect();
    const x = ((ev.clientX - box.left) / box.width) * width - m.l;
    return Math.max(0, Math.min(days.length - 1, Math.floor(x / bw)));
  };
  const show = (a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    brush.setAttribute('x', lo * bw);
    brush.setAttribute('width', (hi - lo + 1) * bw);
    brush.setAttribute('visibility', 'visible');
  };
  svg.onpointerdown = (ev) => {
    start = indexAt(ev);
    svg.setPointerCapture(ev.pointerId);
    show(start, start);
  };
  svg.onpointermove = (ev) => { if (start != null) show(start, indexAt(ev)); };
  svg.onpointerup = (ev) => {
    if (start == null) return;
    const end = indexAt(ev);
    const [lo, hi] = start <= end ? [start, end] : [end, start];
    start = null;
    state.filters.from = days[lo].date;
    state.filters.to = days[hi].date;
    applyFilters();
  };
}

async function loadStats() {
  const data = await api(`/api/stats?${query()}`);
  statsDays = dayList(data.by_day || []);
  drawTimeline();
  const list = $('#by-type');
  const max = Math.max(1, ...(data.by_type || []).map((t) => t.events));
  list.replaceChildren(...(data.by_type || []).map((t) => {
    const fam = TYPES[t.type]?.family;
    return h('li', {
      onclick: () => { state.filters.type = t.type; applyFilters(); },
      title: 'تصفية بهذا النوع — filter by this type',
    },
    h('span', { class: 'label' }, typeLabel(t.type)),
    h('span', { class: 'bar' }, h('span', { style: `width:${(100 * t.events) / max}%;background:${familyColor(fam)}` })),
    h('span', { class: 'num' }, t.events, t.killed ? h('span', { class: 'muted' }, ` · ${t.killed} ☠`) : null));
  }));
}

// ---------------------------------------------------------------- event view

function fact(label, ...value) {
  return h('div', { class: label.wide ? 'fact wide' : 'fact' }, h('dt', {}, bi(label)), h('dd', {}, ...value));
}

function figures(range) {
  if (!range) return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'figures' },
    h('span', { title: 'low' }, 'أدنى ', h('span', { class: 'en' }, 'low'), ' ', h('b', {}, range.low ?? '?')), ' · ',
    h('span', { title: 'best' }, 'أرجح ', h('span', { class: 'en' }, 'best'), ' ', h('b', { class: 'best' }, range.best ?? '?')), ' · ',
    h('span', { title: 'high' }, 'أعلى ', h('span', { class: 'en' }, 'high'), ' ', h('b', {}, range.high ?? '?')));
}

function sourceOf(src) {
  if (!src) return h('span', { class: 'muted' }, 'بلا مصدر · none');
  return h('span', {}, src.text || '', ' ', h('span', { class: 'tag' }, bi(SOURCE_KINDS[src.kind], src.kind)),
    src.via ? h('span', {}, ' عبر ', h('span', { class: 'en' }, 'via'), ` ${src.via}`) : null);
}

function reportText(report, claims) {
  const evidence = report.evidence || [];
  const mine = claims.filter((c) => c.report_id === report.report_id && c.span);
  const parts = segments(report.text || '', [
    { name: 'ev', spans: evidence },
    { name: 'claim', spans: mine.map((c) => c.span) },
  ]);
  const box = h('div', { class: 'doc-text', dir: 'auto' });
  for (const p of parts) {
    if (!p.covers.ev && !p.covers.claim) {
      box.append(p.text);
      continue;
    }
    const el = h(p.covers.ev ? 'mark' : 'span', {
      class: [p.covers.ev ? 'ev' : '', p.covers.claim ? 'claim' : ''].join(' ').trim(),
      dataset: { s: p.s, e: p.e, claims: p.covers.claim ? p.covers.claim.map((k) => claims.indexOf(mine[k])).join(' ') : undefined },
    }, p.text);
    box.append(el);
  }
  return box;
}

function focusClaim(index) {
  const marks = [...document.querySelectorAll('#ev-body .doc-text .claim')]
    .filter((el) => el.dataset.claims.split(' ').includes(String(index)));
  for (const el of document.querySelectorAll('#ev-body .flash')) el.classList.remove('flash');
  for (const el of marks) el.classList.add('flash');
  marks[0]?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function reviewPanel(e) {
  const msg = h('div', { id: 'review-msg', class: 'review-msg', role: 'status', 'aria-live': 'polite' });
  const reason = h('input', { id: 'review-reason', placeholder: 'السبب (اختياري) — reason (optional)', size: 30 });
  const field = h('select', { id: 'correct-field' }, Object.entries(FIELDS).map(([k, f]) => h('option', { value: k }, `${f.ar} · ${f.en}`)));
  const value = h('input', { id: 'correct-value', placeholder: 'القيمة الجديدة — new value (text or JSON)', size: 28, dir: 'auto' });
  // The token can be typed here too: the header's field is behind this modal view.
  const token = h('input', {
    id: 'review-token', type: 'password', autocomplete: 'off', size: 14, value: sessionStorage.getItem(TOKEN_KEY) || '',
    onchange: (ev) => setToken(ev.target.value),
  });
  const reviewer = h('input', {
    id: 'review-reviewer', autocomplete: 'off', size: 12, value: sessionStorage.getItem(REVIEWER_KEY) || '',
    onchange: (ev) => setReviewer(ev.target.value),
  });
  const other = h('input', { id: 'merge-other', placeholder: 'e-…', size: 16, dir: 'ltr' });
  const btn = (id, label, onclick, cls = '') => h('button', { type: 'button', id, class: `review-btn ${cls}`, onclick }, bi(label));
  const parseValue = (v) => { try { return JSON.parse(v); } catch { return v; } };
  return h('section', { class: 'review' },
    h('h3', {}, bi({ ar: 'المراجعة', en: 'Review' }), ' ', statusBadge(e.review)),
    h('div', { class: 'review-row' },
      h('label', {}, bi({ ar: 'المراجِع', en: 'Reviewer' }), ' ', reviewer),
      h('label', {}, bi({ ar: 'رمز المراجعة', en: 'Review token' }), ' ', token)),
    h('div', { class: 'review-row' },
      btn('review-confirm', { ar: 'تأكيد', en: 'Confirm' }, () => review(e.id, { action: 'confirm' }), 'ok'),
      btn('review-reject', { ar: 'رفض', en: 'Reject' }, () => review(e.id, { action: 'reject' }), 'bad'),
      reason),
    h('div', { class: 'review-row' },
      h('label', {}, bi({ ar: 'تصحيح حقل', en: 'Correct a field' }), ' ', field), value,
      btn('review-correct', { ar: 'تصحيح', en: 'Correct' }, () => review(e.id, { action: 'correct', field: field.value, value: parseValue(value.value) }))),
    h('div', { class: 'review-row' },
      btn('review-split', { ar: 'فصل التقارير المحددة', en: 'Split selected reports' }, () => {
        const reports = [...document.querySelectorAll('#ev-body .split-pick:checked')].map((c) => c.value);
        if (!reports.length) { say('error', 'حدّد تقريراً واحداً على الأقل للفصل — tick at least one report to split off'); return; }
        review(e.id, { action: 'split', reports });
      }),
      h('label', {}, bi({ ar: 'دمج مع الحدث', en: 'Merge with event' }), ' ', other),
      btn('review-merge', { ar: 'دمج', en: 'Merge' }, () => {
        if (!other.value.trim()) { say('error', 'اكتب معرّف الحدث الآخر — type the other event id'); return; }
        review(e.id, { action: 'merge', other: other.value.trim() });
      })),
    msg);
}

// sessionStorage: typed once per browser session, gone when the tab closes.
function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
  for (const el of document.querySelectorAll('#token, #review-token')) el.value = value;
}

function setReviewer(value) {
  sessionStorage.setItem(REVIEWER_KEY, value);
  for (const el of document.querySelectorAll('#reviewer, #review-reviewer')) el.value = value;
}

function say(kind, text) {
  const msg = $('#review-msg');
  if (!msg) return;
  msg.className = `review-msg ${kind}`;
  msg.dataset.kind = kind;
  msg.textContent = text;
}

async function review(id, body) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const reviewer = (sessionStorage.getItem(REVIEWER_KEY) || '').trim();
  const reason = $('#review-reason')?.value.trim();
  say('pending', 'جارٍ الإرسال… — sending…');
  let response;
  try {
    response = await fetch(`/api/events/${encodeURIComponent(id)}/review`, {
      method: 'POST', headers, body: JSON.stringify({ ...body, reviewer: reviewer || undefined, reason: reason || undefined }),
    });
  } catch (err) {
    say('error', `تعذّر الاتصال بالخادم — could not reach the server: ${err.message}`);
    return;
  }
  if (response.status === 401) {
    say('error', 'رمز المراجعة مفقود أو خاطئ (401) — Missing or wrong review token (401): type the review token above.');
    return;
  }
  if (response.status === 403) {
    say('error', 'الخادم للقراءة فقط (403) — This server is read-only (403): it was started without a review token, so reviews cannot be saved.');
    return;
  }
  let data = null;
  try { data = await response.json(); } catch { /* keep the status */ }
  if (!response.ok) {
    say('error', `رُفض الطلب (${response.status}) — Request refused (${response.status}): ${data?.error?.message || response.statusText}`);
    return;
  }
  const st = data?.review?.status;
  await Promise.all([openEvent(data?.id || id), refresh()]);
  say('ok', `تم الحفظ — Saved${st ? `: ${REVIEW_STATUS[st]?.ar || st} · ${st}` : ''}`);
}

async function openEvent(id) {
  const dialog = $('#event-view');
  let e;
  try {
    e = await api(`/api/events/${encodeURIComponent(id)}`);
  } catch (err) {
    showError(err);
    return;
  }
  state.event = id;
  writeHash();
  const fam = familyOf(e);
  const t = TYPES[e.type];
  $('#ev-title').replaceChildren(
    h('span', { class: 'dot big', style: `background:${familyColor(fam)}` }),
    t ? t.ar : e.type, ' ', h('span', { class: 'en' }, t ? t.en : ''),
    ' · ', h('bdi', { dir: 'ltr' }, e.date || '—'), ' · ', placeOf(e.location));
  const claims = e.claims || [];
  const reports = Array.isArray(e.reports) ? e.reports : [];
  const body = h('div', {},
    h('dl', { class: 'facts' },
      fact({ ar: 'المعرّف', en: 'Id' }, h('code', { dir: 'ltr' }, e.id)),
      fact({ ar: 'العائلة', en: 'Family' }, bi(FAMILIES[fam], fam)),
      fact({ ar: 'تصنيف ACLED', en: 'ACLED', wide: true }, [e.acled?.event_type, e.acled?.sub_event_type].filter(Boolean).join(' / ') || '—', e.cameo ? ` · CAMEO ${e.cameo}` : ''),
      (e.conflicting_types || []).length > 1 ? fact({ ar: 'أنواع متعارضة', en: 'Typed differently', wide: true },
        h('span', { class: 'badge conflict' }, '⚠ ', h('bdi', { dir: 'ltr' }, e.conflicting_types.join(' / ')))) : null,
      fact({ ar: 'الصيغة', en: 'Modality' }, bi(MODALITIES[e.modality], e.modality)),
      fact({ ar: 'المكان', en: 'Location', wide: true }, placeOf(e.location), e.location ? h('span', { class: 'muted' }, ' · ',
        h('bdi', { dir: 'ltr' }, [e.location.admin1, e.location.country, e.location.precision, e.location.lat != null ? `${e.location.lat}, ${e.location.lon}` : null].filter(Boolean).join(' · '))) : null),
      fact({ ar: 'القتلى', en: 'Killed' }, figures(e.killed)),
      fact({ ar: 'الجرحى', en: 'Injured' }, figures(e.injured)),
      fact({ ar: 'التقارير', en: 'Reports' }, e.report_count ?? reports.length,
        e.conflicting ? h('span', { class: 'badge conflict' }, ' ⚠ متعارضة ', h('span', { class: 'en' }, 'conflicting')) : null),
      fact({ ar: 'الأطراف', en: 'Actors', wide: true }, h('ul', { class: 'actor-list' }, (e.actors || []).map((a) =>
        h('li', {}, h('span', { class: 'tag' }, bi(ROLES[a.role], a.role)), ' ', a.text || '',
          a.name ? ' ' : null, a.name ? h('span', { class: 'en' }, a.name) : null,
          a.code ? ' ' : null, a.code ? h('code', { dir: 'ltr' }, a.code) : null))))),
    reviewPanel(e),
    h('section', {},
      h('h3', {}, bi({ ar: 'الادعاءات ومصادرها', en: 'Claims, sources and figures' })),
      claims.length ? h('table', { class: 'claims' },
        h('thead', {}, h('tr', {},
          h('th', {}, bi({ ar: 'النص', en: 'Text' })), h('th', {}, bi({ ar: 'النوع', en: 'Kind' })),
          h('th', {}, bi({ ar: 'الفئة', en: 'Group' })), h('th', {}, bi({ ar: 'الأرقام', en: 'Figures' })),
          h('th', {}, bi({ ar: 'المصدر', en: 'Source' })), h('th', {}, bi({ ar: 'التقرير', en: 'Report' })))),
        h('tbody', {}, claims.map((c, i) => h('tr', { onclick: () => focusClaim(i), title: 'انقر لإظهاره في النص — click to show it in the text' },
          h('td', { class: 'claim-text' }, c.text || '—'),
          h('td', {}, bi(CLAIM_KINDS[c.kind], c.kind)),
          h('td', {}, bi(GROUPS[c.group], c.group)),
          h('td', { class: 'num' }, formatRange(c.low, c.high), ' ', h('span', { class: 'muted' }, bi(QUALIFIERS[c.qualifier], c.qualifier))),
          h('td', {}, sourceOf(c.source)),
          h('td', {}, h('code', { dir: 'ltr' }, c.report_id)))))) : h('p', { class: 'muted' }, 'لا ادعاءات بأرقام — no casualty claims')),
    h('section', {},
      h('h3', {}, bi({ ar: 'التقارير ونصوصها', en: 'Reports and their text' }), ' ',
        h('span', { class: 'hint' }, h('mark', { class: 'ev' }, 'دليل evidence'), ' ', h('span', { class: 'claim' }, 'ادعاء claim'))),
      reports.map((r) => h('article', { class: 'report', dataset: { report: r.report_id } },
        h('header', {},
          h('label', { title: 'حدّده لفصله في حدث جديد — tick to split it off into a new event' },
            h('input', { type: 'checkbox', class: 'split-pick', value: r.report_id }), ' ',
            h('code', { dir: 'ltr' }, r.report_id)),
          ' · ', r.document?.title || r.document?.id || '',
          r.document?.source ? ` · ${r.document.source}` : '',
          r.document?.date ? ` · ${r.document.date}` : '',
          r.document?.url ? h('span', {}, ' · ', h('a', { href: r.document.url, rel: 'noreferrer noopener', target: '_blank', dir: 'ltr' }, r.document.url)) : null,
          ' · ', bi(MODALITIES[r.modality], r.modality),
          (r.attribution || []).length ? h('div', { class: 'attrib' }, bi({ ar: 'المصادر', en: 'Sources' }), ': ',
            r.attribution.map((a, i) => h('span', {}, i ? '، ' : '', a.text || '', ' ', h('span', { class: 'tag' }, bi(SOURCE_KINDS[a.kind], a.kind)), a.via ? ` ← ${a.via}` : ''))) : null),
        reportText(r, claims)))),
    (e.reviews || []).length ? h('section', {},
      h('h3', {}, bi({ ar: 'سجل المراجعة', en: 'Review history' })),
      h('ul', { class: 'history' }, e.reviews.map((rv) => h('li', {},
        h('b', {}, rv.action), ` · ${rv.reviewer || '?'} · ${rv.at || ''}`,
        rv.field ? ` · ${rv.field} = ${JSON.stringify(rv.value)}` : '', rv.reason ? ` · ${rv.reason}` : '')))) : null);
  $('#ev-body').replaceChildren(body);
  if (!dialog.open) dialog.showModal();
}

function closeEvent() {
  state.event = null;
  writeHash();
}

// ---------------------------------------------------------------- wiring

async function refresh() {
  showError(null);
  try {
    await Promise.all([loadTable(), loadMap(), loadStats()]);
  } catch (err) {
    showError(err);
  }
  document.body.dataset.ready = 'true';
}

async function health() {
  const box = $('#health');
  try {
    const hl = await api('/api/health');
    box.className = 'health ok';
    box.replaceChildren('● متصل ', h('span', { class: 'en' }, 'online'),
      ` · ${hl.events} حدثاً `, h('span', { class: 'en' }, 'events'), ` · ${hl.documents} وثيقة `, h('span', { class: 'en' }, 'documents'));
  } catch (err) {
    box.className = 'health bad';
    box.textContent = `● غير متصل — offline (${err.message})`;
  }
}

function init() {
  fillSelects();
  readHash();
  stateToForm();
  $('#token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('#token').addEventListener('change', (ev) => setToken(ev.target.value));
  $('#reviewer').value = sessionStorage.getItem(REVIEWER_KEY) || '';
  $('#reviewer').addEventListener('change', (ev) => setReviewer(ev.target.value));

  $('#filters').addEventListener('submit', (ev) => { ev.preventDefault(); formToState(); applyFilters(); });
  for (const name of ['family', 'type', 'from', 'to']) {
    $(`#filters [name=${name}]`).addEventListener('change', () => { formToState(); applyFilters(); });
  }
  $('#clear').addEventListener('click', () => { state.filters = {}; applyFilters(); });
  $('#use-map-bbox').addEventListener('click', useMapBbox);
  for (const btn of document.querySelectorAll('#events th .sort')) {
    btn.addEventListener('click', () => {
      const key = btn.dataset.sort;
      // First click on a column sorts largest/latest first.
      state.sort = state.sort === `-${key}` ? key : `-${key}`;
      state.cursors = [null];
      state.page = 0;
      writeHash();
      loadTable().catch(showError);
    });
  }
  $('#prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); loadTable().catch(showError); });
  $('#next').addEventListener('click', () => { if (state.cursors[state.page + 1]) { state.page += 1; loadTable().catch(showError); } });
  const dialog = $('#event-view');
  $('#ev-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', closeEvent);
  // An address edited by hand, or a link to a filtered view, takes effect without a reload.
  window.addEventListener('hashchange', () => {
    readHash();
    stateToForm();
    state.cursors = [null];
    state.page = 0;
    refresh().then(() => { if (state.event) openEvent(state.event); });
  });
  let resize;
  window.addEventListener('resize', () => { clearTimeout(resize); resize = setTimeout(drawTimeline, 150); });

  initMap();
  // Debug/test handle: the browser test reads the map through it.
  window.rasd = { map, clusters, openEvent };
  health();
  refresh().then(() => { if (state.event) openEvent(state.event); });
}

init();
