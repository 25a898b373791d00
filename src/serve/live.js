// gongkai serve: live reload and the error overlay. Injected by `serve`, never written by `build`.
(function () {
  "use strict";
  var overlay = null;
  // The version of the site this page was served at. Every new connection is sent the
  // current state first: a page that changed in it is already this version, and reloading
  // for it again would never end (the report page, re-rendered after each round of rules).
  var me = document.currentScript;
  var served = me ? Number(me.getAttribute("data-version") || 0) : 0;
  function here() {
    var p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(errors) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "gongkai-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "构建错误");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:15px/1.6 monospace;padding:24px";
    var h = document.createElement("h2");
    h.textContent = "构建失败：修正后自动恢复（页面仍是上次成功的版本）";
    h.style.cssText = "color:#ff8a80;font-size:18px;margin:0 0 12px";
    overlay.appendChild(h);
    errors.forEach(function (e) {
      var item = document.createElement("div");
      item.style.cssText = "border-left:4px solid #ff5252;padding:6px 12px;margin:8px 0;background:#2a2a2a";
      var where = document.createElement("div");
      where.textContent = (e.file || "（全站）") + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "") + "  [" + e.code + "]";
      where.style.color = "#80d8ff";
      var what = document.createElement("div");
      what.textContent = e.message;
      item.appendChild(where);
      item.appendChild(what);
      if (e.help) {
        var fix = document.createElement("div");
        fix.textContent = "修改建议：" + e.help;
        fix.style.color = "#b9f6ca";
        item.appendChild(fix);
      }
      overlay.appendChild(item);
    });
    document.body.appendChild(overlay);
  }
  function restyle(version) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var url = l.href.replace(/[?&]gongkai=\d+/, "");
      l.href = url + (url.indexOf("?") < 0 ? "?" : "&") + "gongkai=" + version;
    });
  }
  var source = new EventSource("/__gongkai/events");
  source.onmessage = function (event) {
    var m = JSON.parse(event.data);
    if (m.errors && m.errors.length) { show(m.errors); return; }
    var wasShown = overlay !== null;
    hide();
    var changed = m.changed || [];
    var newer = m.version > served;
    served = Math.max(served, m.version);
    if (newer && (m.all || changed.indexOf(here()) >= 0)) { location.reload(); return; }
    var css = changed.filter(function (c) { return /\.css$/.test(c); });
    if (newer && css.length) restyle(m.version);
    if (wasShown && m.version > 0 && changed.length) location.reload();
  };
})();
