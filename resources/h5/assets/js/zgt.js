// The 智桂通 JS SDK bridge ("croods"): UserPlugin.login gives a token for the backend exchange.
// In the app the SDK is loaded by index.html; in demo mode the simulator's shim provides croods.

export class BridgeError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

export function inZgt() {
  return typeof window.croods === "object" && window.croods !== null && typeof window.croods.customPlugin === "function";
}

export function zgtLogin(timeoutMs = 60000) {
  return new Promise((resolve, reject) => {
    if (!inZgt()) {
      reject(new BridgeError("NOT_IN_ZGT"));
      return;
    }
    const timer = setTimeout(() => reject(new BridgeError("TIMEOUT")), timeoutMs);
    const run = () =>
      window.croods.customPlugin({
        action: "UserPlugin.login",
        params: {},
        success(res) {
          clearTimeout(timer);
          if (res && typeof res.token === "string" && res.token) resolve(res.token);
          else reject(new BridgeError("NO_TOKEN"));
        },
        fail() {
          clearTimeout(timer);
          reject(new BridgeError("CANCELLED"));
        },
      });
    if (typeof window.croods.load === "function") window.croods.load(run);
    else run();
  });
}

export function closePage() {
  if (inZgt() && typeof window.croods.pageClose === "function") window.croods.pageClose({});
}
