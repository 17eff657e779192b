// The H5 session token: kept in sessionStorage only (gone when the 智桂通 web view closes), never in
// localStorage or a cookie, never in a URL. The 智桂通 token itself is never stored at all.

const KEY = "h5-session";
const AFTER = "h5-after-login";

export function sessionToken() {
  try {
    return sessionStorage.getItem(KEY);
  } catch (_) {
    return null;
  }
}

export function saveSession(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

export function rememberTarget(hash) {
  if (hash && !hash.startsWith("#/entry") && !hash.startsWith("#/no-archive")) sessionStorage.setItem(AFTER, hash);
}

export function takeTarget() {
  const target = sessionStorage.getItem(AFTER);
  sessionStorage.removeItem(AFTER);
  return target && target !== "#/consent" ? target : "#/home";
}
