// The canary dashboard's page: plain JavaScript, no build step. It lists the canaries from
// /api/canaries, shows one in full from /api/canaries/{ns}/{name}, follows changes on the
// /api/events stream (polling every 5 s while the stream is down) and posts the actions.
"use strict";

const POLL_MS = 5000;
const CONFIRM = {
  "promote": "approves what the canary waits for and skips its remaining steps; it promotes once its metric checks pass.",
  "promote-full": "promotes NOW, without further checks or gates.",
  "abort": "rolls the canary back NOW: all traffic to the primary, phase Failed.",
  "retry": "runs the analysis of the failed revision again, from the first step.",
  "pause": "sets spec.suspend: true; the canary holds where it is.",
  "resume": "sets spec.suspend: false; the canary goes on at the operator's next tick."
};

const state = { canaries: new Map(), selected: null, pending: null, poller: null };
const $ = (id) => document.getElementById(id);

function key(c) { return c.namespace + "/" + c.name; }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const child of children) e.append(child);
  return e;
}

function phaseText(c) {
  return (c.phase || "(new)") + (c.suspended ? " (paused)" : "");
}

function phaseBadge(c) {
  return el("span", { class: "phase phase-" + (c.phase || "new"), "data-role": "phase" }, phaseText(c));
}

function mark(verdict) {
  return verdict === "pass" ? "✓" : verdict === "insufficient-data" ? "…" : "✗";
}

function number(v) {
  if (v === null || v === undefined) return "-";
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function bar(weight) {
  const fill = el("span");
  fill.style.width = Math.max(0, Math.min(100, weight)) + "%";
  return el("span", { class: "bar", role: "img", "aria-label": "canary weight " + weight + "%" }, fill);
}

// One button per canary, kept across updates: a change arriving between a person's mouse press and
// release must not swap the element under the pointer (the click would be lost).
const rows = new Map();

function row(c) {
  let li = rows.get(key(c));
  if (!li) {
    const button = el("button", { type: "button", class: "canary", "data-canary": key(c) });
    button.addEventListener("click", () => select(key(c)));
    li = el("li", {}, button);
    rows.set(key(c), li);
  }
  const button = li.firstChild;
  const checks = c.checks.map((k) => k.name + " " + number(k.value) + " " + mark(k.verdict) + " " + k.verdict).join(", ");
  button.setAttribute("aria-current", String(state.selected === key(c)));
  // Only phrasing content (spans) inside a button; CSS lays the spans out as rows.
  button.replaceChildren(
    el("span", { class: "row" }, el("span", {}, el("span", { class: "name" }, c.name), " ", el("span", { class: "ns" }, c.namespace)), phaseBadge(c)),
    el("span", { class: "row" }, bar(c.canaryWeight), el("span", { "data-role": "weight" }, c.canaryWeight + "% / " + c.maxWeight + "%")),
    el("span", { class: "row" }, el("span", { "data-role": "failed" }, c.failedChecks + "/" + c.threshold + " failed checks"),
      el("span", {}, "iteration " + c.iterations)),
    el("span", { class: "checks" }, checks || "no checks yet"));
  return li;
}

function renderList() {
  const list = $("canaries");
  const items = [...state.canaries.values()].sort((a, b) => key(a).localeCompare(key(b))).map(row);
  for (const k of [...rows.keys()]) {
    if (!state.canaries.has(k)) rows.delete(k);
  }
  // Move only what is out of place, so the buttons stay where they are.
  items.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  while (list.children.length > items.length) list.lastChild.remove();
  $("empty").hidden = items.length > 0;
}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.status);
  return body;
}

async function loadList() {
  const body = await getJson("/api/canaries");
  state.canaries = new Map(body.canaries.map((c) => [key(c), c]));
  renderList();
}

async function select(k) {
  state.selected = k;
  hideConfirm();
  $("last-command").textContent = "";
  renderList();
  await loadDetail();
}

async function loadDetail() {
  if (!state.selected) return;
  const k = state.selected;
  let c;
  try {
    c = await getJson("/api/canaries/" + k);
  } catch (e) {
    $("detail-summary").textContent = "Cannot read " + k + ": " + e.message;
    return;
  }
  if (state.selected !== k) return;
  $("detail").hidden = false;
  $("detail-title").replaceChildren(c.name + "." + c.namespace + " ", phaseBadge(c));
  $("detail-summary").textContent = "weight " + c.canaryWeight + "% of max " + c.maxWeight + "%, " + c.failedChecks + "/" + c.threshold
    + " failed checks, iteration " + c.iterations
    + (c.nextTickInSeconds === null ? "" : ", next tick in ~" + c.nextTickInSeconds + "s")
    + (c.lastCommandId ? ", last command carried out: " + c.lastCommandId : "");
  $("checks").tBodies[0].replaceChildren(...c.checks.map((k) => el("tr", {},
    el("td", {}, k.name), el("td", {}, number(k.value)),
    el("td", {}, k.min !== null && k.max !== null ? number(k.min) + " … " + number(k.max) : k.max !== null ? "≤ " + number(k.max) : k.min !== null ? "≥ " + number(k.min) : ""),
    el("td", { class: k.verdict }, mark(k.verdict) + " " + k.verdict))));
  const run = c.runs[0];
  $("run-title").textContent = !run ? "Run" : (run.current ? "Current run" : "Last run (" + run.result + ")")
    + ", started " + new Date(run.start).toLocaleString() + ", " + run.ticks.length + " status changes seen";
  // The charts are the server's SVG (the HTML report's), escaped there.
  $("charts").innerHTML = c.charts;
  $("events").replaceChildren(...c.events.slice(-12).reverse().map((e) => el("li", { class: e.type || "" },
    new Date(e.lastSeen).toLocaleTimeString() + " " + (e.type || "") + ": " + e.message + (e.count > 1 ? " (×" + e.count + ")" : ""))));
}

function askConfirm(action) {
  const [ns, name] = state.selected.split("/");
  state.pending = action;
  $("confirm-text").textContent = (action === "promote-full" ? "Promote --full" : action[0].toUpperCase() + action.slice(1))
    + " " + name + "." + ns + "? This " + CONFIRM[action];
  $("confirm").hidden = false;
  $("confirm-yes").focus();
}

function hideConfirm() {
  state.pending = null;
  $("confirm").hidden = true;
}

async function act() {
  const action = state.pending;
  const k = state.selected;
  hideConfirm();
  if (!action || !k) return;
  const out = $("last-command");
  out.className = "";
  out.textContent = action + ": sending…";
  try {
    const response = await fetch("/api/canaries/" + k + "/" + action, { method: "POST" });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.status);
    out.textContent = "Last command: " + body.message;
    out.dataset.action = action;
  } catch (e) {
    out.className = "failed";
    out.textContent = "Last command: " + action + " failed: " + e.message;
  }
}

function connection(text, mode) {
  const c = $("connection");
  c.textContent = text;
  c.dataset.state = mode;
}

function startPolling() {
  if (state.poller) return;
  connection("live updates interrupted: refreshing every 5 s", "polling");
  state.poller = setInterval(() => { loadList().catch(() => {}); loadDetail(); }, POLL_MS);
}

function stopPolling() {
  if (state.poller) clearInterval(state.poller);
  state.poller = null;
}

function listen() {
  const events = new EventSource("/api/events");
  events.addEventListener("open", () => {
    stopPolling();
    connection("live", "live");
    // Whatever changed while the stream was down.
    loadList().catch(() => {});
    loadDetail();
  });
  events.addEventListener("error", startPolling);
  events.addEventListener("canary", (message) => {
    const c = JSON.parse(message.data);
    state.canaries.set(key(c), c);
    renderList();
    if (state.selected === key(c)) loadDetail();
  });
  events.addEventListener("deleted", (message) => {
    const c = JSON.parse(message.data);
    state.canaries.delete(key(c));
    renderList();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("#actions button")) {
    b.addEventListener("click", () => askConfirm(b.dataset.action));
  }
  $("confirm-yes").addEventListener("click", act);
  $("confirm-no").addEventListener("click", hideConfirm);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideConfirm(); });
  loadList().catch((e) => connection("cannot list canaries: " + e.message, "polling"));
  listen();
});
