// DOM helpers, the page frame (top bar, back button, elder-mode toggle) and small widgets.
// Text is always set with text nodes (never innerHTML), so data from the server cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const ELDER_KEY = "h5-elder";

export function elderMode() {
  return document.documentElement.classList.contains("elder");
}

export function setElderMode(on) {
  document.documentElement.classList.toggle("elder", Boolean(on));
  try {
    localStorage.setItem(ELDER_KEY, on ? "1" : "0");
  } catch (_) {
    /* private mode: the choice lasts for this page only */
  }
  for (const button of document.querySelectorAll(".elder-toggle")) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "标准" : "长辈版";
  }
}

export function restoreElderMode() {
  let on = false;
  try {
    on = localStorage.getItem(ELDER_KEY) === "1";
  } catch (_) {
    on = false;
  }
  document.documentElement.classList.toggle("elder", on);
}

// Each history entry of the app carries its depth in history.state, so "返回" goes back within the
// app (like the browser's back button) and never leaves it: at depth 0 it replaces the screen.
let depth = 0;
let replacing = false;

export function replaceRoute(hash) {
  if (window.location.hash === hash) return;
  replacing = true;
  window.location.replace(hash);
}

export function trackHistory() {
  const state = window.history.state;
  if (replacing) replacing = false;
  else if (state && typeof state.h5 === "number") depth = state.h5;
  else depth += 1;
  window.history.replaceState({ h5: depth }, "");
}

export function startHistory() {
  const state = window.history.state;
  depth = state && typeof state.h5 === "number" ? state.h5 : 0;
  window.history.replaceState({ h5: depth }, "");
}

export function goBack(fallback = "#/home") {
  if (depth > 0) window.history.back();
  else replaceRoute(fallback);
}

// One screen: a top bar with the title, back (unless it is a root page), the elder-mode toggle.
export function frame(title, { back = true, backTo = "#/home" } = {}, ...content) {
  document.title = `${title} - 梧州市健康档案`;
  const elder = elderMode();
  const toggle = h(
    "button",
    { class: "elder-toggle", type: "button", "aria-pressed": elder ? "true" : "false", "aria-label": "切换长辈版大字模式" },
    elder ? "标准" : "长辈版",
  );
  toggle.addEventListener("click", () => setElderMode(!elderMode()));
  const left = back
    ? h("button", { class: "back", type: "button", "aria-label": "返回上一页", onclick: () => goBack(backTo) }, "‹ 返回")
    : h("span", { class: "spacer", "aria-hidden": "true" });
  const bar = h("header", { class: "topbar" }, left, h("h1", {}, title), toggle);
  const parts = [bar];
  if (document.documentElement.dataset.demo === "1") {
    parts.push(h("div", { class: "demo-banner", role: "note" }, "演示环境：页面数据均为合成数据，不是真实居民信息"));
  }
  const main = h("main", { id: "main", tabindex: "-1" }, ...content);
  parts.push(main);
  parts.push(h("footer", { class: "foot" }, "梧州市卫生健康委员会 · 数据来源：基本公共卫生服务系统"));
  return parts;
}

export function mount(nodes) {
  const app = document.getElementById("app");
  app.replaceChildren(...nodes);
  const main = document.getElementById("main");
  if (main) main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

export function loading(text = "正在加载…") {
  return h("div", { class: "state", role: "status", "aria-live": "polite" }, h("div", { class: "spinner", "aria-hidden": "true" }), h("p", {}, text));
}

export function stateBlock(icon, title, text, ...actions) {
  return h(
    "section",
    { class: "card state" },
    h("span", { class: "icon", "aria-hidden": "true" }, icon),
    h("h2", {}, title),
    text ? h("p", {}, text) : null,
    actions.length ? h("div", { class: "actions" }, ...actions) : null,
  );
}

export function button(label, onclick, { secondary = false } = {}) {
  return h("button", { class: secondary ? "btn secondary" : "btn", type: "button", onclick }, label);
}

export function link(label, href, { secondary = false } = {}) {
  return h("a", { class: secondary ? "btn secondary" : "btn", href }, label);
}

export function rows(pairs) {
  return h(
    "dl",
    { class: "rows" },
    pairs
      .filter(([, value]) => value !== undefined)
      .map(([label, value]) => h("div", {}, h("dt", {}, label), h("dd", {}, value === null || value === "" ? "未记录" : value))),
  );
}

let toastTimer = null;
export function toast(text) {
  let el = document.querySelector(".toast");
  if (!el) {
    el = h("div", { class: "toast", role: "status", "aria-live": "assertive" });
    document.body.append(el);
  }
  el.textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.remove(), 3500);
}

export function formatDate(iso) {
  if (!iso) return "未记录";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export function joinOr(list, empty = "无") {
  return list && list.length ? list.join("、") : empty;
}

export function classBadge(text) {
  const kind = { 控制满意: "ok", 控制不满意: "warn", 不良反应: "bad", 并发症: "bad", 失访: "warn" }[text] || "info";
  return h("span", { class: `badge ${kind}` }, text);
}
