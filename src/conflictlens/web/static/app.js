// conflictlens front end: plain DOM code over the /api/ JSON endpoints.
// Every text that comes from a document is put on the page with textContent (never innerHTML),
// so markup inside articles shows as text and cannot run.
"use strict";
(function () {
  const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  const QUAD_COLOR = { 1: "#3a8f5c", 2: "#2f6fb0", 3: "#d08a1e", 4: "#c0392b", 0: "#777" };
  const SVGNS = "http://www.w3.org/2000/svg";
  const state = { filters: {}, view: "map", facets: null, summary: null, map: null, layers: null, page: {} };

  // -- small DOM helpers ---------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => (n === null || n === undefined) ? "–" : Number(n).toLocaleString("en");

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
    const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }
  const docHref = (docId, start, end) => "#doc/" + encodeURIComponent(docId) + (start !== undefined && start !== null ? "/" + start + "/" + end : "");
  function actorName(a) { return a ? (a.name || a.text || a.actor_id || "?") : "?"; }
  function actorKey(a) { return a ? (a.actor_id || a.name || a.text) : null; }

  // -- filters ---------------------------------------------------------------------------
  function readFilters() {
    const f = {};
    for (const k of ["actor", "event_type", "outlet", "date_from", "date_to"]) {
      const v = $("f-" + k).value;
      if (v) f[k] = v;
    }
    state.filters = f;
  }
  function setFilter(k, v) { $("f-" + k).value = v || ""; readFilters(); refresh(); }
  function fillSelect(id, items, valueOf, labelOf) {
    const s = $(id);
    for (const it of items) s.append(el("option", { value: valueOf(it), text: labelOf(it) }));
  }

  async function loadFacets() {
    const [summary, facets] = await Promise.all([api("summary"), api("facets")]);
    state.summary = summary; state.facets = facets;
    const c = summary.counts;
    const range = summary.published_from ? `, published ${summary.published_from} to ${summary.published_to}` : "";
    $("summary").textContent = `${summary.db}: ${fmt(summary.documents)} documents from ${fmt(summary.outlets)} outlets${range}; ` +
      `${fmt(c.events)} events, ${fmt(c.actor_mentions)} actor mentions, ${fmt(c.place_mentions)} place mentions, ` +
      `${fmt(c.dates)} dates, ${fmt(c.claim_mentions)} claim mentions.`;
    fillSelect("f-actor", facets.actors, (a) => a.key, (a) => `${a.name} (${a.n})`);
    fillSelect("f-event_type", facets.event_types, (t) => t.event_type, (t) => `${t.event_type} (${t.n})`);
    fillSelect("f-outlet", facets.outlets, (o) => o.outlet, (o) => `${o.outlet} (${o.n})`);
  }

  // -- event list (shared by map and timeline) -----------------------------------------
  async function renderEvents(containerId) {
    const box = $(containerId);
    const offset = state.page[containerId] || 0;
    const data = await api("events", Object.assign({ limit: 50, offset }, state.filters));
    $("count-events").textContent = `${fmt(data.total)} events match`;
    $("count-events").dataset.total = data.total;
    clear(box);
    if (!data.total) {
      box.append(el("p", { class: "empty", text: state.summary && state.summary.counts.events
        ? "No event matches these filters."
        : "No events stored yet. The events stage (conflictlens analyze with the PLOVER/CAMEO coder) fills this list: who did what to whom, with the sentence it comes from." }));
      return;
    }
    const table = el("table", { class: "events" },
      el("thead", {}, el("tr", {}, ...["day", "type", "source", "target", "place", "outlet", "sentence"].map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const e of data.items) {
      const day = e.day || "undated";
      const sentence = el("a", { href: docHref(e.doc_id, e.sentence_start, e.sentence_end), class: "sentence-link", "data-event": e.event_id, text: e.sentence || "(sentence)" });
      const flags = [];
      if (e.negated) flags.push("negated");
      if (e.hypothetical) flags.push("hypothetical");
      if (e.attributed_to) flags.push("according to " + actorName(e.attributed_to));
      body.append(el("tr", { class: "q" + (e.quad_class || 0) },
        el("td", { text: day }),
        el("td", {}, el("span", { class: "type q" + (e.quad_class || 0), text: e.event_type || "?" }), e.cameo_code ? " " + e.cameo_code : ""),
        el("td", {}, actorLink(e.actor)),
        el("td", {}, actorLink(e.recipient)),
        el("td", { text: e.location ? (e.location.name || "") : "" }),
        el("td", { text: e.outlet || "" }),
        el("td", {}, sentence, flags.length ? el("span", { class: "muted", text: " [" + flags.join("; ") + "]" }) : null)));
    }
    table.append(body);
    box.append(table, pager(containerId, data, () => renderEvents(containerId)));
  }
  function actorLink(a) {
    if (!a) return "";
    const key = actorKey(a);
    return el("a", { href: "#", class: "actor-link", onclick: (ev) => { ev.preventDefault(); showActor(key); }, text: actorName(a) });
  }
  function pager(key, data, redraw) {
    const box = el("div", { class: "pager" });
    const from = data.total ? data.offset + 1 : 0, to = Math.min(data.offset + data.limit, data.total);
    box.append(el("span", { text: `${fmt(from)}–${fmt(to)} of ${fmt(data.total)} ` }));
    if (data.offset > 0) box.append(el("button", { type: "button", text: "previous", onclick: () => { state.page[key] = Math.max(0, data.offset - data.limit); redraw(); } }));
    if (to < data.total) box.append(el("button", { type: "button", text: "next", onclick: () => { state.page[key] = data.offset + data.limit; redraw(); } }));
    return box;
  }

  // -- map -------------------------------------------------------------------------------
  async function initMap() {
    if (state.map || !window.L) return;
    const map = L.map("map", { minZoom: 2, maxZoom: 12, worldCopyJump: false, attributionControl: true }).setView([34.5, 39], 5);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Country outlines: Natural Earth (world-atlas)");
    state.map = map;
    try {
      const topo = await (await fetch("/static/vendor/world-atlas/countries-50m.json")).json();
      const countries = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, { style: { color: "#8a8a8a", weight: 0.8, fillColor: "#f2efe9", fillOpacity: 1 }, interactive: false }).addTo(map);
    } catch (err) {
      $("map-note").textContent = "Country outlines are missing (run scripts/fetch_web_assets.sh); markers still show.";
    }
    state.layers = {
      events: L.markerClusterGroup({ iconCreateFunction: clusterIcon, maxClusterRadius: 45 }),
      places: L.layerGroup(),
    };
    state.layers.events.addTo(map);
    state.layers.places.addTo(map);
    L.control.layers(null, { "Events": state.layers.events, "Places mentioned": state.layers.places }).addTo(map);
    const places = await api("places");
    for (const p of places) {
      const m = L.circleMarker([p.lat, p.lon], { radius: 3 + Math.min(8, Math.sqrt(p.mention_count)), color: "#555", weight: 1, fillColor: "#999", fillOpacity: 0.5, className: "place-marker" });
      m.bindPopup(() => el("div", {}, el("strong", { text: p.name || String(p.geonameid) }), el("br"),
        `${p.mention_count} mentions in ${p.documents} documents (GeoNames ${p.geonameid})`));
      state.layers.places.addLayer(m);
    }
  }
  function clusterIcon(cluster) {
    let n = 0;
    for (const m of cluster.getAllChildMarkers()) n += m.options.count || 1;
    const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    const div = document.createElement("div");
    div.append(el("span", { text: fmt(n) }));
    return L.divIcon({ html: div, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }
  async function renderMap() {
    await initMap();
    const data = await api("events/geo", state.filters);
    const note = [];
    if (state.map) {
      const layer = state.layers.events;
      layer.clearLayers();
      const markers = [];
      for (const p of data.points) {
        const icon = L.divIcon({ className: "ev-marker", html: el("span", { text: fmt(p.n) }), iconSize: L.point(24, 24) });
        const m = L.marker([p.lat, p.lon], { icon, count: p.n, title: p.name || "" });
        m.bindPopup(() => eventPopup(p));
        markers.push(m);
      }
      layer.addLayers(markers);
      if (markers.length && !state.fitted) { state.map.fitBounds(layer.getBounds(), { maxZoom: 8, padding: [20, 20] }); state.fitted = true; }
    }
    $("map").dataset.points = data.points.length;
    if (!data.points.length) note.push(state.summary.counts.events
      ? "No located event matches these filters (events get coordinates from the places stage)."
      : "No events on the map yet: the events stage codes events and the places stage gives them coordinates (GeoNames).");
    else note.push(`${fmt(data.located_events)} located events at ${fmt(data.points.length)} positions` + (data.truncated ? " (busiest positions only)." : "."));
    $("map-note").textContent = note.join(" ");
    await renderEvents("map-events");
  }
  function eventPopup(p) {
    const box = el("div", { class: "popup" }, el("strong", { text: p.name || `${p.lat}, ${p.lon}` }), el("br"),
      `${fmt(p.n)} events; latest: ${p.latest_type || "?"}`, el("br"), el("q", { text: p.latest_sentence || "" }), el("br"));
    box.append(el("a", { href: "#", class: "open-event", text: "open the sentence", onclick: async (ev) => {
      ev.preventDefault();
      const e = await api("events/" + encodeURIComponent(p.latest_event));
      location.hash = docHref(e.doc_id, e.sentence_start, e.sentence_end);
    } }));
    return box;
  }

  // -- timeline --------------------------------------------------------------------------
  async function renderTimeline() {
    const data = await api("events/timeline", Object.assign({ bucket: "month" }, state.filters));
    const box = clear($("timeline"));
    if (!data.rows.length) {
      box.append(el("p", { class: "empty", text: "No dated events yet: events get a day from the dates stage, or their document's publication date." }));
      $("timeline-note").textContent = "";
      await renderEvents("timeline-events");
      return;
    }
    const buckets = [...new Set(data.rows.map((r) => r.bucket))].sort();
    const first = new Date(buckets[0]), last = new Date(buckets[buckets.length - 1]);
    const months = []; // every month between first and last, gaps included
    for (let d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)); d <= last; d.setUTCMonth(d.getUTCMonth() + 1)) months.push(d.toISOString().slice(0, 10));
    const types = [...new Set(data.rows.map((r) => r.event_type))];
    const per = {};
    for (const r of data.rows) { per[r.bucket] = per[r.bucket] || {}; per[r.bucket][r.event_type] = r.n; }
    const W = Math.max(600, box.clientWidth || 900), H = 220, pad = { l: 40, r: 10, t: 10, b: 30 };
    const max = Math.max(...months.map((m) => Object.values(per[m] || {}).reduce((a, b) => a + b, 0)), 1);
    const bw = (W - pad.l - pad.r) / months.length;
    const s = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "events per month" });
    const palette = ["#c0392b", "#2f6fb0", "#3a8f5c", "#d08a1e", "#8e44ad", "#16a085", "#7f8c8d", "#d35400", "#2c3e50", "#27ae60", "#e84393", "#6c5ce7", "#00b894", "#fdcb6e", "#636e72", "#b33939"];
    const color = {}; types.forEach((t, i) => { color[t] = palette[i % palette.length]; });
    months.forEach((m, i) => {
      let y = H - pad.b;
      for (const t of types) {
        const n = (per[m] || {})[t] || 0;
        if (!n) continue;
        const h = (H - pad.t - pad.b) * n / max;
        y -= h;
        const r = svg("rect", { x: pad.l + i * bw + 0.5, y, width: Math.max(1, bw - 1), height: h, fill: color[t], class: "bar" });
        r.append(svg("title", { text: `${m.slice(0, 7)} ${t}: ${n}` }));
        s.append(r);
      }
    });
    s.append(svg("line", { x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, stroke: "#333" }));
    s.append(svg("text", { x: 2, y: pad.t + 10, text: fmt(max), class: "axis" }));
    const step = Math.ceil(months.length / 10);
    months.forEach((m, i) => { if (i % step === 0) s.append(svg("text", { x: pad.l + i * bw, y: H - 10, text: m.slice(0, 7), class: "axis" })); });
    // brushing: drag selects a range of months and sets the date filters of every view
    const sel = svg("rect", { x: 0, y: pad.t, width: 0, height: H - pad.t - pad.b, class: "brush" });
    s.append(sel);
    if (state.filters.date_from || state.filters.date_to) {
      const a = months.findIndex((m) => m >= (state.filters.date_from || "").slice(0, 7) + "-01");
      const b = months.findIndex((m) => m > (state.filters.date_to || "9999"));
      const i0 = a < 0 ? 0 : a, i1 = b < 0 ? months.length : b;
      sel.setAttribute("x", pad.l + i0 * bw); sel.setAttribute("width", Math.max(0, (i1 - i0) * bw));
    }
    let start = null;
    const idx = (evt) => { const rect = s.getBoundingClientRect(); return Math.max(0, Math.min(months.length - 1, Math.floor((evt.clientX - rect.left - pad.l) / bw))); };
    s.addEventListener("mousedown", (evt) => { start = idx(evt); evt.preventDefault(); });
    s.addEventListener("mousemove", (evt) => {
      if (start === null) return;
      const i = idx(evt), a = Math.min(start, i), b = Math.max(start, i);
      sel.setAttribute("x", pad.l + a * bw); sel.setAttribute("width", (b - a + 1) * bw);
    });
    s.addEventListener("mouseup", (evt) => {
      if (start === null) return;
      const i = idx(evt), a = Math.min(start, i), b = Math.max(start, i);
      start = null;
      const end = new Date(months[b]); end.setUTCMonth(end.getUTCMonth() + 1); end.setUTCDate(0);
      $("f-date_from").value = months[a]; $("f-date_to").value = end.toISOString().slice(0, 10);
      readFilters(); refresh();
    });
    box.append(s);
    const legend = el("div", { class: "legend" });
    for (const t of types) legend.append(el("span", { class: "key" }, el("i", { class: "swatch", "data-color": color[t] }), t));
    box.append(legend);
    for (const i of legend.querySelectorAll("i.swatch")) i.style.background = i.dataset.color;
    $("timeline-note").textContent = data.undated ? `${fmt(data.undated)} matching events have no date and are not drawn.` : "";
    await renderEvents("timeline-events");
  }

  // -- actor network -----------------------------------------------------------------------
  async function renderNetwork() {
    const unlinked = $("network-unlinked");
    unlinked.onchange = renderNetwork;
    const data = await api("network", { ...state.filters, linked: unlinked.checked ? "false" : "" });
    const box = clear($("network"));
    const legend = clear($("legend"));
    for (const q of [1, 2, 3, 4]) {
      const sw = el("i", { class: "swatch" }); sw.style.background = QUAD_COLOR[q];
      legend.append(el("span", { class: "key" }, sw, QUAD[q]));
    }
    if (!data.nodes.length) {
      box.append(el("p", { class: "empty", text: "No actor pairs yet: events with both a source and a target actor (events stage, actors stage) draw this network." }));
      $("network-note").textContent = "";
      return;
    }
    const W = Math.max(600, box.clientWidth || 900), H = 640, R = (n) => 4 + Math.min(20, Math.sqrt(n.weight) * 2);
    const s = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "chart network" });
    const defs = svg("defs");
    for (const q of [0, 1, 2, 3, 4]) {
      const m = svg("marker", { id: "arrow" + q, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
      m.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: QUAD_COLOR[q] }));
      defs.append(m);
    }
    s.append(defs);
    const pos = {};
    for (const n of data.nodes) pos[n.id] = { x: 20 + n.x * (W - 40), y: 20 + n.y * (H - 40), n };
    const maxw = Math.max(...data.edges.map((e) => e.weight));
    for (const e of data.edges) {
      const a = pos[e.source], b = pos[e.target];
      if (!a || !b || e.source === e.target) continue;
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1, rb = R(b.n) + 2;
      const q = e.quad_class || 0;
      const line = svg("line", { x1: a.x, y1: a.y, x2: b.x - dx / len * rb, y2: b.y - dy / len * rb, stroke: QUAD_COLOR[q], "stroke-width": 1 + 5 * e.weight / maxw, "marker-end": `url(#arrow${q})`, class: "edge", "stroke-opacity": 0.75 });
      line.append(svg("title", { text: `${a.n.name} → ${b.n.name}: ${e.weight} events (${QUAD[q] || "no quad class"})` }));
      s.append(line);
    }
    for (const p of Object.values(pos)) {
      const g = svg("g", { class: "node", "data-key": p.n.id, tabindex: 0 });
      g.append(svg("circle", { cx: p.x, cy: p.y, r: R(p.n), fill: "#fff", stroke: "#333" }));
      g.append(svg("text", { x: p.x + R(p.n) + 3, y: p.y + 4, text: p.n.name }));
      g.addEventListener("click", () => showActor(p.n.id));
      s.append(g);
    }
    box.append(s);
    $("network-note").textContent = `${data.nodes.length} actors, ${data.edges.length} directed pairs (strongest first)` +
      (unlinked.checked ? ", unlinked names included." : ", actors linked to the actor base only.");
  }

  // -- side panel: actor -----------------------------------------------------------------
  async function showActor(key) {
    const d = await api("actors/" + encodeURIComponent(key), { limit: 20 });
    const body = clear($("panel-body"));
    const a = d.actor;
    body.append(el("h2", { text: a ? a.name : key }));
    if (a) {
      body.append(el("p", { class: "muted", text: [a.actor_id, a.type, a.country, a.cameo_code].filter(Boolean).join(" · ") }));
      if (a.aliases && a.aliases.length) body.append(el("p", {}, el("strong", { text: "Aliases: " }), a.aliases.join(", ")));
    } else body.append(el("p", { class: "muted", text: "Not in the actor table (unlinked name)." }));
    if (d.mention_texts.length) body.append(el("p", {}, el("strong", { text: "Named as: " }), d.mention_texts.map((t) => `${t.text} (${t.n})`).join(", ")));
    body.append(el("button", { type: "button", text: "Filter every view by this actor", onclick: () => { ensureOption("f-actor", key, a ? a.name : key); setFilter("actor", key); } }));
    body.append(el("h3", { text: `Mentions (${fmt(d.mentions.total)})` }));
    const ul = el("ul", { class: "mentions" });
    for (const m of d.mentions.items) ul.append(el("li", {}, el("a", { href: docHref(m.doc_id, m.start, m["end"]), text: m.sentence || m.text }), el("span", { class: "muted", text: " — " + (m.outlet || m.doc_id) })));
    if (!d.mentions.items.length) ul.append(el("li", { class: "muted", text: "No stored mentions." }));
    body.append(ul);
    body.append(el("h3", { text: `Events (${fmt(d.events.total)})` }));
    const ev = el("ul", { class: "mentions" });
    for (const e of d.events.items) ev.append(el("li", {}, el("span", { class: "type q" + (e.quad_class || 0), text: e.event_type || "?" }), " ", el("a", { href: docHref(e.doc_id, e.sentence_start, e.sentence_end), text: e.sentence })));
    body.append(ev);
    $("panel").hidden = false;
  }
  function ensureOption(id, value, label) {
    const s = $(id);
    if (![...s.options].some((o) => o.value === value)) s.append(el("option", { value, text: label }));
  }

  // -- claims ----------------------------------------------------------------------------
  async function renderClaims() {
    const data = await api("claims", { by: "outlet" });
    const box = clear($("claims"));
    clear($("claim-mentions"));
    if (!data.rows.length) {
      box.append(el("p", { class: "empty", text: "No claims stored yet: the claims stage finds claims (who says what), and its corpus step groups the same claim across sources with each source's stance." }));
      return;
    }
    const cell = {};
    for (const c of data.cells) cell[c.claim_id + "\u0000" + c.col] = c;
    const t = el("table", { class: "matrix" });
    t.append(el("thead", {}, el("tr", {}, el("th", { text: "claim" }), ...data.columns.map((c) => el("th", { class: "col", title: c.col, text: c.col })))));
    const tb = el("tbody");
    for (const r of data.rows) {
      const tr = el("tr", {}, el("th", { class: "claim", text: r.label || r.claim_id, title: `${r.n} mentions in ${r.documents} documents` }));
      for (const c of data.columns) {
        const x = cell[r.claim_id + "\u0000" + c.col];
        if (!x) { tr.append(el("td", { class: "cell none" })); continue; }
        tr.append(el("td", { class: "cell " + x.stance, title: `${x.stance}: ${x.support} support, ${x.oppose} oppose, ${x.neutral} neutral`, tabindex: 0,
          onclick: () => showClaimMentions(r, c.col) }, el("span", { text: String(x.n) })));
      }
      tb.append(tr);
    }
    t.append(tb);
    box.append(el("div", { class: "legend" }, ...["support", "oppose", "mixed", "neutral"].map((s) => el("span", { class: "key" }, el("i", { class: "swatch cell " + s }), s))), t);
  }
  async function showClaimMentions(row, col) {
    const d = await api("claims/" + encodeURIComponent(row.claim_id) + "/mentions", { by: "outlet", col, limit: 100 });
    const box = clear($("claim-mentions"));
    box.append(el("h2", { text: `${col}: “${row.label || row.claim_id}”` }));
    const ul = el("ul", { class: "mentions" });
    for (const m of d.items) {
      ul.append(el("li", {}, el("span", { class: "stance " + (m.stance || "neutral"), text: m.stance || "neutral" }), " ",
        m.speaker && m.speaker !== "author" ? el("em", { text: m.speaker + ": " }) : "",
        el("a", { href: docHref(m.doc_id, m.start, m["end"]), class: "claim-sentence", text: m.sentence || m.text }),
        el("span", { class: "muted", text: ` — ${m.title || m.doc_id}${m.published ? ", " + m.published : ""}` })));
    }
    box.append(ul);
  }

  // -- documents -------------------------------------------------------------------------
  async function renderDocuments() {
    const q = $("search-q").value.trim();
    const offset = state.page.docs || 0;
    const d = await api("documents", { q, outlet: state.filters.outlet, limit: 50, offset });
    $("search-note").textContent = q ? `${fmt(d.total)} documents match (${d.search === "bm25" ? "full-text, best first" : "substring match"}).` : `${fmt(d.total)} documents.`;
    const ol = clear($("doc-list"));
    for (const doc of d.items) {
      ol.append(el("li", {}, el("a", { href: docHref(doc.doc_id), class: "doc-link", text: doc.title || doc.doc_id }),
        el("span", { class: "muted", text: ` — ${doc.outlet || "unknown outlet"}${doc.published ? ", " + doc.published : ""}` })));
    }
    ol.after(pager("docs", d, renderDocuments));
    const old = ol.parentNode.querySelectorAll(".pager");
    for (let i = 0; i < old.length - 1; i++) old[i].remove();
  }

  async function renderDoc(docId, hlStart, hlEnd) {
    const d = await api("documents/" + encodeURIComponent(docId));
    const meta = clear($("doc-meta"));
    meta.append(el("h2", { text: d.title || d.doc_id }),
      el("p", { class: "muted", text: [d.outlet, d.author, d.published, d.language, d.doc_id].filter(Boolean).join(" · ") }));
    if (d.url) meta.append(el("p", { class: "muted", text: "Source URL (not opened by this app): " + d.url }));
    const counts = {};
    for (const s of d.spans) counts[s.kind] = (counts[s.kind] || 0) + 1;
    const legend = clear($("doc-legend"));
    for (const k of ["actor", "place", "date", "event", "claim"]) legend.append(el("span", { class: "key hl hl-" + k, text: `${k} (${counts[k] || 0})` }));
    const box = clear($("doc-text"));
    const text = d.text || "";
    const spans = d.spans.slice();
    let focus = null;
    if (hlStart !== undefined && !isNaN(hlStart)) {
      // widen the highlighted range to its whole sentence
      const sent = d.sentences.find((s) => s.start <= hlStart && hlStart < s.end);
      focus = { kind: "focus", start: sent ? Math.min(sent.start, hlStart) : hlStart, end: sent ? Math.max(sent.end, hlEnd) : hlEnd };
      spans.push(focus);
    }
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
    let focusNode = null;
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const seg = text.slice(a, b);
      const cover = spans.filter((s) => s.start <= a && b <= s.end);
      if (!cover.length) { box.append(document.createTextNode(seg)); continue; }
      const node = el("span", { class: cover.map((s) => "hl hl-" + s.kind).join(" "), title: cover.filter((s) => s.kind !== "focus").map((s) => `${s.kind}: ${s.label || ""}`).join("\n") || null, text: seg });
      const actor = cover.find((s) => s.kind === "actor");
      if (actor) node.addEventListener("click", () => showActor(actor.ref));
      if (cover.some((s) => s.kind === "focus")) { node.classList.add("focus"); if (!focusNode) focusNode = node; }
      box.append(node);
    }
    if (focusNode) focusNode.scrollIntoView({ block: "center" });
    else window.scrollTo(0, 0);
  }

  // -- routing -----------------------------------------------------------------------------
  const VIEWS = { map: renderMap, timeline: renderTimeline, network: renderNetwork, claims: renderClaims, documents: renderDocuments };
  function show(view) {
    for (const s of document.querySelectorAll("main > section.view")) s.hidden = s.id !== "view-" + view;
    for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === view);
    $("filters").hidden = !["map", "timeline", "network"].includes(view);
    state.view = view;
  }
  async function route() {
    const h = decodeURIComponent(location.hash.slice(1) || "map");
    try {
      if (h.startsWith("doc/")) {
        const parts = h.split("/");
        show("doc");
        await renderDoc(parts[1], parseInt(parts[2], 10), parseInt(parts[3], 10));
      } else {
        const view = VIEWS[h] ? h : "map";
        show(view);
        if (view === "map" && state.map) setTimeout(() => state.map.invalidateSize(), 0);
        await VIEWS[view]();
      }
      document.body.dataset.ready = state.view;
    } catch (err) {
      console.error(err);
      document.body.dataset.ready = "error";
      $("summary").textContent = "Error: " + err.message;
    }
  }
  function refresh() { state.page = {}; route(); }

  async function start() {
    $("filters").addEventListener("change", () => { readFilters(); refresh(); });
    $("f-reset").addEventListener("click", () => { for (const k of ["actor", "event_type", "outlet", "date_from", "date_to"]) $("f-" + k).value = ""; readFilters(); refresh(); });
    $("search-form").addEventListener("submit", (e) => { e.preventDefault(); state.page.docs = 0; if (location.hash !== "#documents") location.hash = "#documents"; else renderDocuments(); });
    $("panel-close").addEventListener("click", () => { $("panel").hidden = true; });
    window.addEventListener("hashchange", route);
    await loadFacets();
    await route();
  }
  start();
})();
