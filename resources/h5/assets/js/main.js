// 梧州市健康档案 H5: hash routing (#/home, #/followups/…), the browser's back button works because
// every screen is a history entry. No third-party script, no console output of responses.

import { sessionToken, rememberTarget } from "./session.js";
import { elderMode, replaceRoute, restoreElderMode, setElderMode, startHistory, trackHistory } from "./ui.js";
import { consent, entry, noArchive } from "./pages/entry.js";
import { basic, home } from "./pages/home.js";
import { followupDetail, followups } from "./pages/followups.js";
import { examDetail, exams } from "./pages/exams.js";
import { feedbackList, feedbackNew } from "./pages/feedback.js";
import { help } from "./pages/help.js";

const PUBLIC = true;
const ROUTES = [
  [/^\/entry$/, entry, PUBLIC],
  [/^\/no-archive\/([a-z-]+)$/, noArchive, PUBLIC],
  [/^\/help$/, help, PUBLIC],
  [/^\/consent$/, consent, false],
  [/^\/home$/, home, false],
  [/^\/basic$/, basic, false],
  [/^\/followups$/, followups, false],
  [/^\/followups\/([A-Za-z0-9_-]+)$/, followupDetail, false],
  [/^\/exams$/, exams, false],
  [/^\/exams\/([A-Za-z0-9_-]+)$/, examDetail, false],
  [/^\/feedback\/new$/, feedbackNew, false],
  [/^\/feedback$/, feedbackList, false],
];

function route() {
  const hash = window.location.hash || "#/entry";
  const [path, queryText] = hash.slice(1).split("?");
  const query = new URLSearchParams(queryText || "");
  for (const [pattern, page, open] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    if (!open && !sessionToken()) {
      rememberTarget(hash);
      replaceRoute("#/entry");
      return;
    }
    const arg = m[1] !== undefined ? m[1] : query;
    page(arg, query);
    return;
  }
  replaceRoute(sessionToken() ? "#/home" : "#/entry");
}

window.addEventListener("hashchange", () => {
  trackHistory();
  route();
});

// For the workbench's preview and for tests: switch elder mode from outside (no data is exposed).
window.h5Page = { setElderMode, elderMode };

restoreElderMode();
startHistory();
if (!window.location.hash) replaceRoute("#/entry");
else route();
