// The backend API under /api/h5/v1. Responses are never logged. A 401 SESSION_EXPIRED sends the
// resident back through the 智桂通 login (the entry page) and then to where they were.

import { clearSession, rememberTarget, sessionToken } from "./session.js";

const BASE = "/api/h5/v1";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || "网络异常，请稍后再试。");
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? "NETWORK" : "HTTP_" + status);
    this.reason = body && body.reason;
  }
}

export async function api(path, { method = "GET", body, auth = true, params } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth) {
    const token = sessionToken();
    if (!token) throw expired();
    headers.Authorization = "Bearer " + token;
  }
  let url = BASE + path;
  if (params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
    const text = query.toString();
    if (text) url += "?" + text;
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "same-origin",
      referrerPolicy: "no-referrer",
    });
  } catch (_) {
    throw new ApiError(0, null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (_) {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (auth && error.code === "SESSION_EXPIRED") throw expired();
    throw error;
  }
  return data;
}

function expired() {
  clearSession();
  rememberTarget(window.location.hash);
  const error = new ApiError(401, { code: "SESSION_EXPIRED", message: "登录已过期，正在重新验证身份。" });
  setTimeout(() => {
    window.location.hash = "#/entry";
  }, 0);
  return error;
}
