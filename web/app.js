// stdalign web UI: a hash router over the JSON API (no build step).
// Views: #/search, #/standards, #/standard/<ref>, #/align, #/matrix, #/check.
// Every piece of standards text goes into the page as a text node (never as HTML).
"use strict";

const view = document.getElementById("view");
const LANGS = ["zh", "en", "th", "vi", "id", "ms"];
const MARKETS = ["China", "Thailand", "Vietnam", "Indonesia", "Malaysia", "Singapore", "Philippines",
  "SAC", "TISI", "TCVN", "BSN", "DSM", "SSC", "BPS"];
const PAGE = 10;

// ---------- small DOM and API helpers ----------

/** Builds an element: el("a", {href: "#"}, "text", child, ...). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Query string from an object, skipping empty values. */
function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  return q.toString();
}

/** GET a JSON API path; errors carry the API's message. */
async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body && body.error && body.error.message) || `${res.status} ${res.statusText}`);
  return body;
}

const enc = encodeURIComponent;
const standardHref = (ref, key) => `#/standard/${enc(ref)}` + (key ? `?key=${enc(key)}` : "");
const alignHref = (left, right) => `#/align?${qs({ left, right })}`;

function showError(err) {
  view.replaceChildren(el("p", { class: "error", role: "alert" }, `${t("error")}: ${err.message}`));
}

function loading() {
  view.replaceChildren(el("p", { class: "muted" }, t("loading")));
}

let standardsCache = null;
/** The standards in the index (fetched once per page load, refreshed by the list view). */
async function standards(refresh) {
  if (!standardsCache || refresh) standardsCache = await api("/api/standards");
  return standardsCache;
}

function title(info) {
  const titles = info.titles || {};
  return titles[uiLang] || titles.en || titles[info.lang] || Object.values(titles)[0] || "";
}

function langBadge(lang) {
  return el("span", { class: `badge lang lang-${lang}`, title: lang }, lang);
}

function select(name, label, options, value) {
  const s = el("select", { name, id: `f-${name}` },
    options.map(([v, text]) => el("option", { value: v, selected: v === value }, text)));
  return el("label", { class: "field" }, el("span", {}, label), s);
}

function standardOptions(list, withAll) {
  const opts = list.map((s) => [s.reference, s.reference]);
  return withAll ? [["", t("search.all")], ...opts] : opts;
}

// ---------- highlighting ----------

/** Lower-cases and strips Latin diacritics (Vietnamese "dòng điện" matches "dong dien");
 *  returns the folded text with, per folded char, its start and end in the original. */
function fold(s) {
  let text = "";
  const starts = [], ends = [];
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i);
    const ch = String.fromCodePoint(cp);
    let f = ch;
    if (cp < 0x250 || (cp >= 0x1e00 && cp <= 0x1eff)) f = ch.normalize("NFD").replace(/\p{M}/gu, "");
    f = f.toLowerCase().replace(/đ/g, "d");
    for (const c of f) { text += c; starts.push(i); ends.push(i + ch.length); }
    i += ch.length;
  }
  return { text, starts, ends };
}

const isLetter = (c) => !!c && /\p{L}|\p{N}/u.test(c);
const isHan = (s) => /\p{Script=Han}/u.test(s);

/** Search terms to highlight: the query's words, plus two-character pieces of Chinese words
 *  (Chinese text rarely repeats a query word whole). */
function queryTerms(q) {
  const terms = new Set();
  for (const w of q.split(/[\s,;，。、；:：()（）"'“”]+/u)) {
    const word = fold(w).text;
    if (!word) continue;
    if (isHan(word)) {
      terms.add(word);
      const chars = [...word];
      for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i] + chars[i + 1]);
    } else if ([...word].length >= 2) {
      terms.add(word);
    }
  }
  return [...terms];
}

/** Ranges [start, end) in `text` where any needle occurs. Latin needles must match whole words;
 *  `folded` compares without case and diacritics. */
function findRanges(text, needles, folded) {
  const f = folded ? fold(text) : null;
  const hay = folded ? f.text : text;
  const ranges = [];
  for (const raw of needles) {
    const n = folded ? fold(raw).text : raw;
    if (!n) continue;
    const wordy = /^[\p{Script=Latin}\p{N}]/u.test(n);
    for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + 1)) {
      const end = at + n.length;
      if (wordy && (isLetter(hay[at - 1]) || isLetter(hay[end]))) continue;
      ranges.push(folded ? [f.starts[at], f.ends[end - 1]] : [at, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** `text` as nodes with `<mark>`s over the ranges; `mark(i)` makes the i-th mark element. */
function marked(text, ranges, mark) {
  const out = [];
  let pos = 0;
  ranges.forEach(([a, b], i) => {
    if (a > pos) out.push(text.slice(pos, a));
    const m = mark(i);
    m.textContent = text.slice(a, b);
    out.push(m);
    pos = b;
  });
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

function highlightQuery(text, terms) {
  return marked(text, findRanges(text, terms, true), () => el("mark", { class: "hit" }));
}

// ---------- search ----------

async function renderSearch(params) {
  const list = await standards();
  const bodies = [...new Set(list.map((s) => s.body).filter(Boolean))].sort();
  const q = params.get("q") || "";
  const form = el("form", { class: "search", role: "search" },
    el("div", { class: "searchbar" },
      el("input", {
        type: "search", name: "q", id: "q", value: q, autofocus: true,
        placeholder: t("search.placeholder"), "aria-label": t("search.go"),
      }),
      el("button", { type: "submit", class: "primary" }, t("search.go"))),
    el("div", { class: "filters" },
      select("lang", t("search.lang"), [["", t("search.all")], ...LANGS.map((l) => [l, l])], params.get("lang") || ""),
      select("body", t("search.body"), [["", t("search.all")], ...bodies.map((b) => [b, b])], params.get("body") || ""),
      select("standard", t("search.standard"), standardOptions(list, true), params.get("standard") || ""),
      select("mode", t("search.mode"), ["hybrid", "keyword", "vector"].map((m) => [m, m]), params.get("mode") || "hybrid")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (data.mode === "hybrid") delete data.mode;
    location.hash = `#/search?${qs(data)}`;
  });
  form.querySelectorAll("select").forEach((s) => s.addEventListener("change", () => form.requestSubmit()));
  const results = el("div", { id: "results", class: "results" });
  view.replaceChildren(form, results);
  if (!q.trim()) return;

  const terms = queryTerms(q);
  const more = el("button", { type: "button", id: "more", class: "more" }, t("search.more"));
  let offset = 0;
  const load = async () => {
    more.disabled = true;
    const page = await api(`/api/search?${qs({
      q, lang: params.get("lang"), body: params.get("body"), standard: params.get("standard"),
      mode: params.get("mode"), k: PAGE, offset, group: true,
    })}`);
    if (offset === 0 && page.results.length === 0) results.append(el("p", { class: "muted" }, t("search.none")));
    if (offset === 0 && page.restored) results.append(el("p", { class: "muted restored" }, t("search.restored") + page.restored));
    if (page.warning) results.insertBefore(el("p", { class: "warning" }, page.warning), more.isConnected ? more : null);
    // One card per requirement: the hit, with the same requirement in the other
    // standards (hits that came in as its aligned counterparts) inside it.
    const byId = new Map(page.results.map((h) => [h.id, h]));
    const groups = page.groups || page.results.map((h) => ({ lead: h.id, members: [] }));
    groups.forEach((g) => {
      const lead = card(byId.get(g.lead), terms);
      if (g.members.length) {
        lead.append(el("div", { class: "same-requirement" },
          el("p", { class: "muted small" }, t("search.sameRequirement")),
          g.members.map((m) => {
            const member = card(byId.get(m.id), terms);
            member.classList.add("member");
            if (m.differences.length) member.append(el("ul", { class: "diffs" }, m.differences.map(diffLine)));
            return member;
          })));
      }
      results.insertBefore(lead, more.isConnected ? more : null);
    });
    offset += page.results.length;
    if (page.results.length === PAGE) {
      if (!more.isConnected) results.append(more);
      more.disabled = false;
    } else {
      more.remove();
    }
  };
  more.addEventListener("click", () => load().catch(showError));
  await load();
}

function explain(x) {
  if (!x) return "";
  const parts = [];
  if (x.keyword_rank) parts.push(t("search.kw", { n: x.keyword_rank }));
  if (x.vector_rank) parts.push(t("search.vec", { n: x.vector_rank }));
  if (x.similarity !== undefined && x.similarity !== null) parts.push(t("search.sim", { n: x.similarity.toFixed(2) }));
  return parts.join(" · ");
}

/** One search hit. */
function card(hit, terms) {
  const text = el("p", { class: "text clamp", onclick: (e) => e.currentTarget.classList.toggle("clamp") },
    highlightQuery(hit.text, terms));
  const others = el("div", { class: "counterparts", hidden: true });
  const toggle = el("button", { type: "button", class: "link" }, t("search.counterparts"));
  toggle.addEventListener("click", async () => {
    if (!others.hidden) { others.hidden = true; toggle.textContent = t("search.counterparts"); return; }
    others.hidden = false;
    toggle.textContent = t("search.hide");
    if (others.dataset.loaded) return;
    others.replaceChildren(el("p", { class: "muted" }, t("loading")));
    try {
      const found = await api(`/api/clauses/${enc(hit.standard)}/${enc(hit.key)}/counterparts`);
      others.dataset.loaded = "1";
      others.replaceChildren(...found.map((c) => counterpart(hit.standard, c)));
    } catch (err) {
      others.replaceChildren(el("p", { class: "error" }, err.message));
    }
  });
  return el("article", { class: `card lang-${hit.lang}`, dataset: { id: hit.id } },
    el("header", {},
      el("a", { class: "std", href: standardHref(hit.standard, hit.key) }, hit.standard),
      el("span", { class: "key" }, hit.key),
      langBadge(hit.lang),
      hit.heading ? el("h3", {}, highlightQuery(hit.heading, terms)) : null),
    text,
    el("footer", {}, el("span", { class: "muted small" }, explain(hit.explain)), toggle),
    others);
}

/** A clause's counterpart in another standard, from /api/clauses/../counterparts. */
function counterpart(from, c) {
  const diffs = (c.differences || []).map((d) => diffLine(d));
  return el("div", { class: `counterpart rel-${c.relation || c.method}` },
    el("div", {},
      el("a", { class: "std", href: standardHref(c.standard, c.clauses[0] && c.clauses[0].key) }, c.standard),
      " ", el("span", { class: "key" }, c.clauses.map((x) => x.key).join(" + ")),
      " ", langBadge(c.lang),
      " ", el("span", { class: "muted small" },
        c.relation ? t(`align.${c.relation}`) : `cos ${Number(c.score).toFixed(2)}`),
      c.method === "alignment" ? el("a", { class: "small", href: alignHref(from, c.standard) }, ` ${t("nav.align")} →`) : null),
    c.clauses.map((x) => el("p", { class: "text small" }, x.heading ? el("b", {}, x.heading + " ") : null, x.text)),
    diffs.length ? el("ul", { class: "diffs" }, diffs) : null);
}

function diffLine(d) {
  const arrow = d.left && d.right ? `${d.left} → ${d.right}` : (d.right || d.left || "");
  return el("li", { class: `diff-kind-${d.kind}` },
    el("span", { class: `badge kind-${d.kind}` }, t(`kind.${d.kind}`)), " ",
    el("span", { class: "values" }, arrow),
    d.note ? el("span", { class: "muted small" }, ` — ${d.note}`) : null);
}

// ---------- standards ----------

async function renderStandards() {
  const list = await standards(true);
  const rows = list.map((s) => el("tr", {},
    el("td", {}, el("a", { href: standardHref(s.reference) }, s.reference)),
    el("td", {}, title(s)),
    el("td", {}, s.body || ""),
    el("td", {}, langBadge(s.lang)),
    el("td", { class: "num" }, s.year || ""),
    el("td", { class: "num" }, s.clause_count),
    el("td", {}, (s.adoptions || []).map((a) => `${a.reference} ${a.degree}`).join("; "))));
  view.replaceChildren(
    el("h2", {}, t("standards.title")),
    el("div", { class: "scroll" }, el("table", { class: "list" },
      el("thead", {}, el("tr", {}, ["", "", t("standard.body"), t("standard.lang"), t("standard.year"),
        t("standards.clauses"), t("standard.adopts")].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows))));
}

async function renderStandard(ref, params) {
  const s = await api(`/api/standards/${enc(ref)}`);
  const meta = [
    [t("standard.body"), [s.body, s.originator, s.country].filter(Boolean).join(" · ")],
    [t("standard.lang"), s.lang],
    [t("standard.year"), s.year || ""],
    [t("standard.ics"), (s.ics || []).join(", ")],
    [t("standard.adopts"), (s.adoptions || []).map((a) => `${a.reference} (${a.degree})`).join("; ") || t("standard.none")],
  ];
  const titles = Object.entries(s.titles || {}).map(([l, v]) => el("p", { class: "title" }, langBadge(l), " ", v));
  const counterparts = s.counterparts.length
    ? el("ul", { class: "inline" }, s.counterparts.map((c) => {
      const ev = (s.counterpart_evidence || []).find((e) => e.reference === c);
      return el("li", {},
        el("a", { href: standardHref(c) }, c), " ",
        ev ? el("span", { class: "muted small", title: JSON.stringify(ev.evidence) }, `${ev.relation} · ${ev.confidence.toFixed(2)} `) : null,
        el("a", { class: "button small", href: alignHref(s.reference, c) }, `${t("standard.alignWith")} →`));
    }))
    : el("p", { class: "muted" }, t("standard.none"));
  const tree = el("div", { class: "tree" }, s.clauses.map((c) => el("details", {
    id: `clause-${c.key}`, class: `clause depth-${Math.min(c.depth || 1, 4)}`,
    open: params.get("key") === c.key,
  },
  el("summary", {}, el("span", { class: "key" }, c.key), " ", c.heading || ""),
  el("p", { class: "text" }, c.text),
  (c.references || []).length ? el("p", { class: "muted small" }, "→ ", c.references.join(", ")) : null)));
  view.replaceChildren(
    el("h2", {}, s.reference, (s.aliases || []).length ? el("span", { class: "muted small" }, `  (${s.aliases.join(", ")})`) : null),
    ...titles,
    el("dl", { class: "meta" }, meta.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("h3", {}, t("standard.counterparts")), counterparts,
    s.counterparts.length ? el("p", {}, el("a", { href: `#/matrix?${qs({ standard: s.reference })}` }, `${t("standard.matrix")} →`)) : null,
    el("h3", {}, `${t("standard.clauses")} (${s.clauses.length})`), tree);
  const key = params.get("key");
  if (key) {
    const target = document.getElementById(`clause-${key}`);
    if (target) target.scrollIntoView({ block: "start" });
  }
}

// ---------- alignment ----------

async function renderAlign(params) {
  const list = await standards();
  const left = params.get("left") || "";
  const right = params.get("right") || "";
  const only = params.get("only") === "1";
  const form = el("form", { class: "pick" },
    select("left", t("align.left"), standardOptions(list, true), left),
    select("right", t("align.right"), standardOptions(list, true), right),
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "only", id: "only", value: "1", checked: only }), t("align.only")),
    el("button", { type: "submit", class: "primary" }, t("align.go")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(form));
    location.hash = `#/align?${qs(d)}`;
  });
  view.replaceChildren(form);
  if (!left || !right) { view.append(el("p", { class: "muted" }, t("align.pick"))); return; }

  const out = el("div", {}, el("p", { class: "muted" }, t("loading")));
  view.append(out);
  const [a, l, r] = await Promise.all([
    api(`/api/align?${qs({ left, right })}`),
    api(`/api/standards/${enc(left)}`),
    api(`/api/standards/${enc(right)}`),
  ]);
  const onlyBox = form.querySelector("#only");
  onlyBox.addEventListener("change", () => {
    rowsBox.classList.toggle("only-diffs", onlyBox.checked);
    history.replaceState(null, "", `#/align?${qs({ left, right, only: onlyBox.checked ? "1" : "" })}`);
  });
  const exportLink = (fmt) => el("a", {
    class: "button", id: `export-${fmt}`, href: `/api/align?${qs({ left: a.left, right: a.right, format: fmt })}`,
    download: `${a.left}__${a.right}.${fmt}`.replace(/[^\w.-]+/g, "_"),
  }, fmt.toUpperCase());
  const s = a.summary;
  const rowsBox = el("div", { class: `align-rows${only ? " only-diffs" : ""}`, id: "align-rows" },
    el("div", { class: "row head" },
      el("div", { class: "side" }, el("a", { href: standardHref(a.left) }, a.left), " ", langBadge(l.lang)),
      el("div", { class: "side" }, el("a", { href: standardHref(a.right) }, a.right), " ", langBadge(r.lang))),
    alignRows(a, l, r));
  out.replaceChildren(
    el("div", { class: "toolbar" },
      el("p", { class: "summary" }, t("align.summary", {
        pairs: s.pairs, modified: s.modified, lo: s.left_only, ro: s.right_only,
      }), el("span", { class: "muted small" }, ` · ${a.method}`)),
      el("span", { class: "exports" }, `${t("align.export")}: `, ["csv", "xlsx", "json"].map(exportLink))),
    rowsBox);
}

/** The rows of an alignment in reading order: pairs and left-only clauses in left order,
 *  right-only clauses placed after the row holding the right clause before them. */
function alignRows(a, l, r) {
  const lc = new Map(l.clauses.map((c) => [c.key, c]));
  const rc = new Map(r.clauses.map((c) => [c.key, c]));
  const firstLeft = new Map();
  a.pairs.forEach((p) => firstLeft.set(p.left[0], p));
  const leftOnly = new Set(a.left_only);
  const rows = [];
  const rowOfRight = new Map();
  for (const c of l.clauses) {
    if (firstLeft.has(c.key)) {
      const p = firstLeft.get(c.key);
      const row = pairRow(p, lc, rc);
      p.right.forEach((k) => rowOfRight.set(k, row));
      rows.push(row);
    } else if (leftOnly.has(c.key)) {
      rows.push(oneSideRow(c, "left"));
    }
  }
  const rightOnly = new Set(a.right_only);
  let anchor = null;
  const placed = [];
  for (const c of r.clauses) {
    if (rowOfRight.has(c.key)) anchor = rowOfRight.get(c.key);
    else if (rightOnly.has(c.key)) {
      const row = oneSideRow(c, "right");
      placed.push([anchor, row]);
      anchor = row;
    }
  }
  for (const [after, row] of placed) {
    const i = after ? rows.indexOf(after) : -1;
    rows.splice(i + 1, 0, row);
  }
  return rows;
}

/** UTF-16 index of the n-th character (Unicode scalar value) of `text`. */
function utf16At(text, n) {
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}

/** A clause with its differences marked. A mark has a `span` (character range the
 *  server located) or a `text` to find; each range remembers the difference it marks. */
function clauseBlock(c, marks) {
  const found = [];
  for (const m of marks) {
    if (m.span) found.push([utf16At(c.text, m.span[0]), utf16At(c.text, m.span[1]), m]);
    else findRanges(c.text, [m.text], false).forEach(([a, b]) => found.push([a, b, m]));
  }
  found.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const ranges = [];
  for (const r of found) if (!ranges.length || r[0] >= ranges[ranges.length - 1][1]) ranges.push(r);
  const text = marked(c.text, ranges, (i) => {
    const d = ranges[i][2];
    return el("mark", { class: `diff diff-${d.kind}`, title: d.note || "" });
  });
  return el("div", { class: "clause", dataset: { key: c.key } },
    el("div", { class: "clause-head" }, el("span", { class: "key" }, c.label || c.key), " ",
      c.label && c.label !== c.key ? "" : c.heading || ""),
    el("p", { class: "text" }, text));
}

/** What a group's differences mark in one clause of one side: values where the server
 *  located them; other kinds (strength words, references, sentences) wherever they occur. */
function marksFor(p, side, key, text) {
  const out = [];
  for (const d of p.differences) {
    const v = d[side];
    const at = d[`${side}_key`];
    if (!v || (at && at !== key)) continue;
    const span = d[`${side}_span`];
    if (span && text.length) out.push({ span, kind: d.kind, note: d.note });
    else if (text.includes(v)) out.push({ text: v, kind: d.kind, note: d.note });
  }
  return out;
}

function pairRow(p, lc, rc) {
  const moved = Boolean(p.moved);
  const names = (keys, map) => keys.map((k) => (map.get(k) || {}).label || k).join("+");
  const side = (keys, map, name) => el("div", { class: "side" }, keys.map((k) => {
    const c = map.get(k);
    return c ? clauseBlock(c, marksFor(p, name, k, c.text)) : el("span", { class: "key" }, k);
  }));
  return el("div", {
    class: `row pair rel-${p.relation}${p.differences.length ? " has-diffs" : ""}`,
    dataset: { left: p.left.join(","), right: p.right.join(",") },
  },
  el("div", { class: "rowinfo" },
    el("span", { class: `badge rel rel-${p.relation}` }, t(`align.${p.relation}`)),
    moved ? el("span", { class: "badge moved" }, `${t("align.moved")} ${names(p.left, lc)} → ${names(p.right, rc)}`) : null,
    el("span", { class: "muted small" }, ` ${Number(p.score).toFixed(2)}`),
    p.differences.length ? el("ul", { class: "diffs" }, p.differences.map(diffLine)) : null),
  side(p.left, lc, "left"), side(p.right, rc, "right"));
}

function oneSideRow(c, which) {
  const block = clauseBlock(c, []);
  const gap = el("div", { class: "side gap" }, t(which === "left" ? "align.leftOnly" : "align.rightOnly"));
  return el("div", { class: `row one-side ${which}-only`, dataset: { [which]: c.key } },
    el("div", { class: "rowinfo" }, el("span", { class: `badge ${which}-only` },
      t(which === "left" ? "align.leftOnly" : "align.rightOnly"))),
    which === "left" ? [el("div", { class: "side" }, block), gap] : [gap, el("div", { class: "side" }, block)]);
}

// ---------- matrix ----------

async function renderMatrix(params) {
  const list = await standards();
  const standard = params.get("standard") || "";
  const form = el("form", { class: "pick" },
    select("standard", t("matrix.standard"), standardOptions(list, true), standard),
    el("label", { class: "check" }, el("input", { type: "checkbox", id: "conflicts" }), t("matrix.onlyConflicts")),
    el("button", { type: "submit", class: "primary" }, t("matrix.go")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/matrix?${qs({ standard: new FormData(form).get("standard") })}`;
  });
  view.replaceChildren(form);
  if (!standard) return;
  const m = await api(`/api/matrix?${qs({ standard })}`);
  const head = el("tr", {},
    el("th", {}, t("matrix.key")), el("th", {}, t("matrix.aspect")),
    el("th", {}, m.standard),
    m.counterparts.map((c) => el("th", { title: c.reference }, el("a", { href: alignHref(m.standard, c.reference) }, c.reference),
      el("div", { class: "muted small" }, `${c.body} · ${c.country}${c.idt ? " · IDT" : ""}`))),
    el("th", {}, t("matrix.suggestion")));
  const rows = m.rows.map((row) => el("tr", { class: row.conflict ? "conflict" : "" },
    el("td", {}, el("span", { class: "key" }, row.key), " ", el("span", { class: "small" }, row.heading || "")),
    el("td", {}, row.quantity ? `${row.aspect}: ${row.quantity}` : row.aspect),
    el("td", { title: row.text || "" }, row.value || ""),
    row.cells.map((c) => el("td", { class: `cell status-${c.status}`, title: (c.keys || []).join(", ") }, c.value || c.status)),
    el("td", { title: row.basis || "" }, row.suggestion || "")));
  const table = el("table", { class: "matrix" }, el("thead", {}, head), el("tbody", {}, rows));
  form.querySelector("#conflicts").addEventListener("change", (e) => table.classList.toggle("only-conflicts", e.target.checked));
  const link = (fmt) => el("a", { class: "button", href: `/api/matrix?${qs({ standard: m.standard, format: fmt })}`, download: "" }, fmt.toUpperCase());
  view.append(
    el("div", { class: "toolbar" }, el("span", { class: "exports" }, `${t("align.export")}: `, ["csv", "xlsx"].map(link))),
    el("div", { class: "scroll" }, table));
}

// ---------- check ----------

async function renderCheck(params) {
  const list = await standards();
  const have = params.get("have") || "";
  const target = params.get("target") || "";
  const form = el("form", { class: "pick" },
    select("have", t("check.have"), standardOptions(list, true), have),
    el("label", { class: "field" }, el("span", {}, t("check.target")),
      el("input", { name: "target", id: "f-target", list: "markets", value: target, placeholder: "Vietnam, TISI…" })),
    el("datalist", { id: "markets" }, MARKETS.map((m) => el("option", { value: m }))),
    el("button", { type: "submit", class: "primary" }, t("check.go")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/check?${qs(Object.fromEntries(new FormData(form)))}`;
  });
  view.replaceChildren(form);
  if (!have || !target) return;
  const c = await api(`/api/check?${qs({ have, target })}`);
  if (!c.items.length) { view.append(el("p", {}, t("check.none"))); return; }
  view.append(
    el("p", { class: "summary" }, `${c.have} → ${c.counterparts.join(", ")}`),
    el("div", { class: "scroll" }, el("table", { class: "list check" },
      el("tbody", {}, c.items.map((i) => el("tr", { class: `sev-${i.severity}` },
        el("td", {}, el("span", { class: `badge sev sev-${i.severity}` }, i.severity)),
        el("td", {}, el("a", { href: standardHref(i.standard, i.keys[0]) }, `${i.standard} ${i.keys.join("+")}`)),
        el("td", {}, i.heading || ""),
        el("td", {}, i.kind),
        el("td", { class: "values" }, i.have_value || i.target_value ? `${i.have_value || "—"} → ${i.target_value || "—"}` : ""),
        el("td", { class: "small" }, i.note)))))));
}

// ---------- router ----------

async function route() {
  const hash = location.hash || "#/search";
  const [path, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean);
  document.querySelectorAll("header nav a").forEach((a) =>
    a.classList.toggle("active", a.getAttribute("href") === `#/${parts[0] === "standard" ? "standards" : parts[0]}`));
  try {
    switch (parts[0] || "search") {
      case "standards": loading(); await renderStandards(); break;
      case "standard": loading(); await renderStandard(decodeURIComponent(parts.slice(1).join("/")), params); break;
      case "align": await renderAlign(params); break;
      case "matrix": await renderMatrix(params); break;
      case "check": await renderCheck(params); break;
      default: await renderSearch(params);
    }
  } catch (err) {
    showError(err);
  }
}

document.getElementById("lang-switch").addEventListener("click", () => {
  uiLang = uiLang === "zh" ? "en" : "zh";
  localStorage.setItem("stdalign.lang", uiLang);
  applyStaticStrings();
  route();
});

window.addEventListener("hashchange", route);
applyStaticStrings();
route();
