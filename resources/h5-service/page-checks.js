/* Measures the rendered H5 page against the 适老化 rules (run in the page by the browser tests and
 * by the workbench's 智桂通H5预览 checks panel; it is not part of the served page).
 *
 *   h5PageChecks({ elder: true, names: ["张三"], certNos: ["45040319800101123X"] })
 *   → { minFontPx, minFontText, fontFailures, minContrast, contrastFailures, minTap, tapFailures,
 *       unmasked, textSample, elder, viewport: [innerWidth, innerHeight] }
 *
 * - font: every visible element with its own text; elder mode needs ≥ 18 px.
 * - contrast: WCAG 2 contrast of the text colour against the first opaque background behind it
 *   (alpha blended); every text needs ≥ 4.5:1.
 * - tap targets: links, buttons, form fields, <summary>: ≥ 60 × 60 px in elder mode, else ≥ 44 × 44.
 * - unmasked: any full 18-character ID number in the text or in attribute values, and any of the
 *   given names or numbers in full.
 */
(function () {
  "use strict";

  function parse(color) {
    var m = /rgba?\(([^)]+)\)/.exec(color || "");
    if (!m) return [0, 0, 0, 0];
    var parts = m[1].split(",").map(function (x) { return parseFloat(x); });
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  function blend(top, bottom) {
    var a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  }

  function background(el) {
    var layers = [];
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      var c = parse(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    var result = [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) result = blend(layers[i], result);
    return result;
  }

  function luminance(c) {
    var rgb = c.slice(0, 3).map(function (v) {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }

  function contrast(a, b) {
    var l1 = luminance(a), l2 = luminance(b);
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  }

  function visible(el) {
    var r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    var s = getComputedStyle(el);
    if (s.visibility === "hidden" || s.display === "none" || parseFloat(s.opacity) === 0) return false;
    for (var node = el; node; node = node.parentElement) {
      if (node.classList && node.classList.contains("visually-hidden")) return false;
    }
    return true;
  }

  function ownText(el) {
    var text = "";
    for (var i = 0; i < el.childNodes.length; i++) {
      var n = el.childNodes[i];
      if (n.nodeType === 3) text += n.nodeValue;
    }
    return text.trim();
  }

  window.h5PageChecks = function (options) {
    options = options || {};
    var elder = options.elder !== undefined ? options.elder : document.documentElement.classList.contains("elder");
    var minFont = Infinity, minFontText = "", fontFailures = [];
    var minContrast = Infinity, contrastFailures = [];
    var all = document.body.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.tagName === "SCRIPT" || el.tagName === "STYLE" || el.tagName === "OPTION") continue;
      var text = ownText(el);
      if (!text || !visible(el)) continue;
      var s = getComputedStyle(el);
      var size = parseFloat(s.fontSize);
      if (size < minFont) { minFont = size; minFontText = text.slice(0, 40); }
      if (elder && size < 18) fontFailures.push({ text: text.slice(0, 40), px: size });
      var fg = parse(s.color);
      var bg = background(el);
      var ratio = contrast(blend(fg, bg), bg);
      if (ratio < minContrast) minContrast = ratio;
      if (ratio < 4.5) contrastFailures.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100 });
    }
    var need = elder ? 60 : 44;
    var minTap = Infinity, tapFailures = [];
    var targets = document.body.querySelectorAll("a[href], button, select, input, textarea, summary, [role=button]");
    for (var j = 0; j < targets.length; j++) {
      var t = targets[j];
      if (!visible(t)) continue;
      var r = t.getBoundingClientRect();
      var m = Math.min(r.width, r.height);
      if (m < minTap) minTap = m;
      if (r.width < need || r.height < need) {
        tapFailures.push({ text: (t.textContent || t.getAttribute("aria-label") || t.tagName).trim().slice(0, 30), w: Math.round(r.width), h: Math.round(r.height) });
      }
    }
    var body = document.body.innerText || "";
    var attrs = [];
    var withAttrs = document.querySelectorAll("*");
    for (var k = 0; k < withAttrs.length; k++) {
      for (var a = 0; a < withAttrs[k].attributes.length; a++) attrs.push(withAttrs[k].attributes[a].value);
    }
    var haystack = body + "\n" + attrs.join("\n") + "\n" + location.href;
    var unmasked = [];
    var idPattern = /(^|[^0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9])/g;
    var found;
    while ((found = idPattern.exec(haystack)) !== null) unmasked.push("ID " + found[2].slice(0, 3) + "…");
    (options.certNos || []).forEach(function (n) { if (n && haystack.toUpperCase().indexOf(String(n).toUpperCase()) >= 0) unmasked.push("证件号码"); });
    (options.names || []).forEach(function (n) { if (n && n.length > 1 && body.indexOf(n) >= 0) unmasked.push("姓名"); });
    return {
      elder: elder,
      minFontPx: minFont === Infinity ? null : minFont,
      minFontText: minFontText,
      fontFailures: fontFailures.slice(0, 10),
      minContrast: minContrast === Infinity ? null : Math.round(minContrast * 100) / 100,
      contrastFailures: contrastFailures.slice(0, 10),
      minTap: minTap === Infinity ? null : Math.round(minTap),
      tapTarget: need,
      tapFailures: tapFailures.slice(0, 10),
      unmasked: unmasked,
      textSample: body.slice(0, 200),
      viewport: [window.innerWidth, window.innerHeight],
    };
  };
})();
