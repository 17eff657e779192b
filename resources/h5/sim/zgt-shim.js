/* The 智桂通 simulator's JS shim (demo mode only, served at /sim/zgt/shim.js).
 *
 * It provides the same bridge the 智桂通 app injects ("croods"), so the H5 page runs unchanged in a
 * normal browser: croods.load(cb), croods.customPlugin({action: "UserPlugin.login", success, fail})
 * and croods.pageClose(). UserPlugin.login shows a sheet of the demo identities (all synthetic),
 * logs the chosen one in at POST /sim/zgt/login and hands the single-use token to the page.
 *
 * Automation (the workbench preview, browser tests) may preselect an identity and a scenario:
 *   sessionStorage["zgt-sim-pick"] = "<identity key>"   e.g. "r00001", "no-archive"
 *   sessionStorage["zgt-sim-expired"] = "1"            hand out an already expired token
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function getUsers(key) {
    var query = key ? "key=" + encodeURIComponent(key) : "limit=60";
    return fetch("/sim/zgt/users?" + query, { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("sim users " + r.status);
      return r.json();
    });
  }

  function login(user) {
    var expired = sessionStorage.getItem("zgt-sim-expired") === "1";
    return fetch("/sim/zgt/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: user.name, certType: user.certType, certNo: user.certNo, expired: expired }),
      cache: "no-store",
    }).then(function (r) {
      if (!r.ok) throw new Error("sim login " + r.status);
      return r.json();
    });
  }

  function pick(users) {
    return new Promise(function (resolve, reject) {
      var overlay = el("div", "zgt-sim");
      overlay.setAttribute("role", "dialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-label", "智桂通模拟登录");
      var sheet = el("div", "sheet");
      sheet.appendChild(el("h2", null, "智桂通（模拟）· 选择登录身份"));
      sheet.appendChild(el("p", null, "演示环境：以下身份均为合成数据。真实环境中由智桂通 App 完成实名登录。"));
      var list = el("ul");
      users.forEach(function (u) {
        var item = el("li");
        var b = el("button", null, u.name + "（" + u.certNo.slice(0, 3) + "****" + u.certNo.slice(-4) + "）");
        b.type = "button";
        b.dataset.key = u.key;
        b.appendChild(el("span", "note", u.note));
        b.addEventListener("click", function () {
          overlay.remove();
          sessionStorage.setItem("zgt-sim-pick", u.key);
          resolve(u);
        });
        item.appendChild(b);
        list.appendChild(item);
      });
      sheet.appendChild(list);
      var cancel = el("button", "cancel", "取消登录");
      cancel.type = "button";
      cancel.addEventListener("click", function () {
        overlay.remove();
        reject(new Error("cancelled"));
      });
      sheet.appendChild(cancel);
      overlay.appendChild(sheet);
      document.body.appendChild(overlay);
      var firstButton = sheet.querySelector("button");
      if (firstButton) firstButton.focus();
    });
  }

  function userLogin(options) {
    var wanted = sessionStorage.getItem("zgt-sim-pick");
    getUsers(wanted)
      .then(function (data) {
        if (wanted && data.items.length === 1) return data.items[0];
        return wanted ? getUsers(null).then(function (all) { return pick(all.items); }) : pick(data.items);
      })
      .then(login)
      .then(function (res) {
        if (options.success) options.success({ token: res.token });
      })
      .catch(function (err) {
        if (options.fail) options.fail({ code: err && err.message === "cancelled" ? "CANCEL" : "ERROR" });
      });
  }

  window.croods = {
    simulated: true,
    load: function (cb) {
      if (typeof cb === "function") setTimeout(cb, 0);
    },
    customPlugin: function (options) {
      if (options && options.action === "UserPlugin.login") userLogin(options);
      else if (options && options.fail) options.fail({ code: "UNSUPPORTED" });
    },
    pageClose: function () {
      sessionStorage.removeItem("zgt-sim-pick");
    },
  };
})();
