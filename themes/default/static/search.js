// gongkai site search: reads the index that `gongkai build` writes under search/ and fetches
// only the parts a query needs. The tokenizer mirrors src/search/tokenize.rs exactly.
(function (global) {
  "use strict";

  // ---- tokenizer (keep in step with src/search/tokenize.rs) ----
  function isHan(cp) {
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff);
  }
  function fold(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
    return ch.length === 1 && ch >= "A" && ch <= "Z" ? ch.toLowerCase() : ch;
  }
  function isAlnum(ch) {
    return (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9");
  }
  function terms(text) {
    var out = [], prev = null, word = "";
    for (var ch of text) {
      ch = fold(ch);
      var cp = ch.codePointAt(0);
      if (isHan(cp)) {
        if (word) { out.push(word); word = ""; }
        if (prev !== null) out.push(prev + ch);
        prev = ch;
      } else if (isAlnum(ch)) {
        prev = null;
        word += ch;
      } else {
        prev = null;
        if (word) { out.push(word); word = ""; }
      }
    }
    if (word) out.push(word);
    return out;
  }
  function numberKey(text) {
    var out = "";
    for (var ch of text) {
      ch = fold(ch);
      if (isHan(ch.codePointAt(0)) || isAlnum(ch)) out += ch;
    }
    return out;
  }
  function shardOf(term, shards) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % shards;
  }

  // ---- the index ----
  // `root` is the site's root as the page sees it; `metaPath` the index's metadata, from
  // the root, which says where the index's other files are (src/site_map.rs).
  function Index(root, metaPath, fetcher) {
    this.root = root;
    this.metaPath = metaPath;
    this.fetch = fetcher || function (url) { return fetch(url); };
    this.shards = new Map();
    this.groups = new Map();
    this.meta = null;
    this.facets = null;
  }
  Index.prototype.load = async function () {
    if (!this.meta) this.meta = await (await this.fetch(this.root + this.metaPath)).json();
    return this.meta;
  };
  Index.prototype.file = function (kind, n) {
    return this.root + this.meta.files[kind].replace("{}", n);
  };
  Index.prototype.shard = function (n) {
    if (!this.shards.has(n)) {
      var self = this;
      this.shards.set(n, this.fetch(this.file("terms", n))
        .then(function (r) { return r.arrayBuffer(); })
        .then(function (buf) { return parseShard(new Uint8Array(buf)); }));
    }
    return this.shards.get(n);
  };
  Index.prototype.facetTable = function () {
    if (!this.facets) {
      this.facets = this.fetch(this.file("facets"))
        .then(function (r) { return r.arrayBuffer(); })
        .then(function (buf) { return parseFacets(new Uint8Array(buf)); });
    }
    return this.facets;
  };
  Index.prototype.lines = function (doc) {
    var g = Math.floor(doc / this.meta.group);
    if (!this.groups.has(g)) {
      this.groups.set(g, this.fetch(this.file("docs", g)).then(function (r) { return r.json(); }));
    }
    var group = this.meta.group;
    return this.groups.get(g).then(function (lines) { return lines[doc % group]; });
  };

  function readVarint(bytes, pos) {
    var i = pos.i, b = bytes[i++], v = b & 0x7f, mul = 128;
    while (b >= 0x80) {
      b = bytes[i++];
      v += (b & 0x7f) * mul;
      mul *= 128;
    }
    pos.i = i;
    return v;
  }
  // term → where its postings are; they are decoded only for the terms asked for.
  function parseShard(bytes) {
    var map = new Map(), pos = { i: 0 }, dec = new TextDecoder();
    while (pos.i < bytes.length) {
      var len = readVarint(bytes, pos);
      var term = dec.decode(bytes.subarray(pos.i, pos.i + len));
      pos.i += len;
      var n = readVarint(bytes, pos), size = readVarint(bytes, pos);
      map.set(term, { bytes: bytes, start: pos.i, n: n });
      pos.i += size;
    }
    return map;
  }
  // A term's postings: documents ascending, and their weights.
  function decodePostings(entry) {
    var docs = new Int32Array(entry.n), weights = new Uint8Array(entry.n);
    var bytes = entry.bytes, pos = { i: entry.start }, doc = 0;
    for (var k = 0; k < entry.n; k++) {
      var v = readVarint(bytes, pos);
      doc = k === 0 ? v >>> 1 : doc + Math.floor(v / 2);
      docs[k] = doc;
      weights[k] = v % 2 === 1 ? bytes[pos.i++] : 1;
    }
    return { docs: docs, weights: weights };
  }
  var NONE = { docs: new Int32Array(0), weights: new Uint8Array(0) };

  // ---- searching ----
  var EPOCH = Date.UTC(2000, 0, 1);
  // The facet table (format in src/search/index.rs): the distinct (column, issuer, kinds)
  // combinations, the publication days as runs, then each document's combination.
  function parseFacets(bytes) {
    var pos = { i: 0 }, combos = [];
    var n = readVarint(bytes, pos);
    for (var c = 0; c < n; c++) {
      var category = readVarint(bytes, pos), issuer = readVarint(bytes, pos), kinds = bytes[pos.i++];
      // kinds: attribute (2 bits), 有效性 (3 bits, 0 for none), type (3 bits).
      combos.push({ category: category, issuer: issuer, attribute: kinds >> 6, validity: (kinds >> 3) & 7, type: kinds & 7 });
    }
    var days = [], years = [], day = 0, runs = readVarint(bytes, pos);
    for (var r = 0; r < runs; r++) {
      var z = readVarint(bytes, pos);
      day += z % 2 === 1 ? -(z + 1) / 2 : z / 2;
      var year = new Date(EPOCH + day * 86400000).getUTCFullYear();
      for (var k = readVarint(bytes, pos); k > 0; k--) {
        days.push(day);
        years.push(year);
      }
    }
    var width = n <= 256 ? 1 : n <= 65536 ? 2 : 3;
    return { combos: combos, days: days, years: years, ids: bytes.subarray(pos.i), width: width };
  }
  // A document's column, issuer, attribute and type.
  function comboOf(table, doc) {
    var o = doc * table.width, id = 0;
    for (var b = table.width - 1; b >= 0; b--) id = id * 256 + table.ids[o + b];
    return table.combos[id];
  }

  // A weight of ATTACHED + k: the term is only in the document's attachment k (its result
  // line names the attachments). It counts as one.
  var ATTACHED = 64, EXACT = 255;
  function scoreOf(w) { return w >= ATTACHED && w < EXACT ? 1 : w; }
  function addSlot(via, w) {
    if (w >= ATTACHED && w < EXACT && via.indexOf(w - ATTACHED) < 0) via.push(w - ATTACHED);
  }

  // All documents matching `query` (every term), with scores and the attachments that
  // matched where the document itself did not: { docs, scores, via }, documents ascending.
  // An exact index or document number adds a score above any other, so it ranks first.
  Index.prototype.match = async function (query) {
    var meta = await this.load();
    var words = Array.from(new Set(terms(query)));
    var key = numberKey(query);
    var wanted = words.slice();
    if (key.length >= 4) wanted.push("=" + key);
    var self = this;
    var maps = await Promise.all(wanted.map(function (t) { return self.shard(shardOf(t, meta.shards)); }));
    var lists = wanted.map(function (t, i) {
      var e = maps[i].get(t);
      return e ? decodePostings(e) : NONE;
    });
    var exact = wanted.length > words.length ? lists.pop() : NONE;
    // Intersect, walking the shortest list and advancing a cursor in each of the others.
    lists.sort(function (a, b) { return a.docs.length - b.docs.length; });
    var docs = [], scores = [], vias = [];
    if (lists.length) {
      var first = lists[0], at = new Int32Array(lists.length);
      outer: for (var i = 0; i < first.docs.length; i++) {
        var doc = first.docs[i], total = scoreOf(first.weights[i]), via = [];
        addSlot(via, first.weights[i]);
        for (var j = 1; j < lists.length; j++) {
          var l = lists[j], p = at[j];
          while (p < l.docs.length && l.docs[p] < doc) p++;
          at[j] = p;
          if (p === l.docs.length) break outer;
          if (l.docs[p] !== doc) continue outer;
          total += scoreOf(l.weights[p]);
          addSlot(via, l.weights[p]);
        }
        docs.push(doc);
        scores.push(total);
        vias.push(via);
      }
    }
    for (var e = 0; e < exact.docs.length; e++) {
      var d = exact.docs[e], k = docs.indexOf(d);
      if (k < 0) {
        docs.push(d);
        scores.push(100000);
        vias.push([]);
      } else {
        scores[k] += 100000;
      }
    }
    return { docs: docs, scores: scores, via: vias };
  };

  // Search with filters and sorting: the page of results and the counts of every facet.
  Index.prototype.search = async function (params) {
    var meta = await this.load();
    var facets = this.facetTable(); // fetched while the term shards are
    var found = await this.match(params.q || "");
    var table = await facets;
    var categories = meta.categories, inCategory = descendants(categories);
    var filters = {
      category: params.category ? categories.findIndex(function (c) { return c[0] === params.category; }) : -1,
      issuer: params.issuer !== undefined && params.issuer !== "" ? Number(params.issuer) : -1,
      year: params.year ? Number(params.year) : -1,
      attribute: params.attribute !== undefined && params.attribute !== "" ? Number(params.attribute) : -1,
      type: params.type !== undefined && params.type !== "" ? Number(params.type) : -1,
      validity: params.validity ? Number(params.validity) : -1,
    };
    var within = filters.category >= 0 ? inCategory[filters.category] : null;
    // Each facet counts the documents that pass every other filter: a document failing no
    // filter counts everywhere, one failing a single filter counts only in that facet.
    var CATEGORY = 1, ISSUER = 2, YEAR = 4, ATTRIBUTE = 8, TYPE = 16, VALIDITY = 32;
    var byCategory = new Int32Array(categories.length), byIssuer = new Int32Array(meta.issuers.length);
    var byAttribute = new Int32Array(meta.attributes.length), byType = new Int32Array(meta.types.length);
    var byValidity = new Int32Array((meta.validity || []).length + 1);
    var byYear = new Map();
    var hits = [];
    for (var i = 0; i < found.docs.length; i++) {
      var doc = found.docs[i], c = comboOf(table, doc), year = table.years[doc];
      var fail = (within && !within.has(c.category) ? CATEGORY : 0) |
        (filters.issuer >= 0 && c.issuer !== filters.issuer ? ISSUER : 0) |
        (filters.year >= 0 && year !== filters.year ? YEAR : 0) |
        (filters.attribute >= 0 && c.attribute !== filters.attribute ? ATTRIBUTE : 0) |
        (filters.type >= 0 && c.type !== filters.type ? TYPE : 0) |
        (filters.validity >= 0 && c.validity !== filters.validity ? VALIDITY : 0);
      if (fail & (fail - 1)) continue;
      if (!fail || fail === CATEGORY) {
        for (var k = c.category; k >= 0; k = categories[k][2]) byCategory[k]++;
      }
      if (!fail || fail === ISSUER) byIssuer[c.issuer]++;
      if (!fail || fail === YEAR) byYear.set(year, (byYear.get(year) || 0) + 1);
      if (!fail || fail === ATTRIBUTE) byAttribute[c.attribute]++;
      if (!fail || fail === TYPE) byType[c.type]++;
      if (!fail || fail === VALIDITY) byValidity[c.validity]++;
      if (!fail) hits.push({ doc: doc, score: found.scores[i], days: table.days[doc], via: found.via[i] });
    }
    function counted(array) {
      var m = new Map();
      array.forEach(function (n, k) { if (n) m.set(k, n); });
      return m;
    }
    var counts = {
      category: counted(byCategory), issuer: counted(byIssuer), year: byYear,
      attribute: counted(byAttribute), type: counted(byType), validity: counted(byValidity),
    };
    hits.sort(params.sort === "date"
      ? function (a, b) { return b.days - a.days || a.doc - b.doc; }
      : function (a, b) { return b.score - a.score || b.days - a.days || a.doc - b.doc; });
    var size = 20, page = Math.max(1, Number(params.page) || 1);
    var shown = hits.slice((page - 1) * size, page * size);
    var self = this;
    var lines = await Promise.all(shown.map(function (h) { return self.lines(h.doc); }));
    // Each result's issuer comes from the facet table, so the line files need not repeat it.
    var issuers = shown.map(function (h) { return meta.issuers[comboOf(table, h.doc).issuer]; });
    // The attachments a result was found in: [name, link] each.
    var foundIn = shown.map(function (h, i) {
      var attached = lines[i][6] || [];
      return h.via.slice().sort(function (a, b) { return a - b; }).map(function (k) { return attached[k]; }).filter(Boolean);
    });
    return {
      total: hits.length, page: page, pages: Math.ceil(hits.length / size),
      results: lines, issuers: issuers, foundIn: foundIn, counts: counts, filters: filters,
    };
  };

  function descendants(categories) {
    var sets = categories.map(function (_, i) { return new Set([i]); });
    categories.forEach(function (c, i) {
      for (var p = c[2]; p >= 0; p = categories[p][2]) sets[p].add(i);
    });
    return sets;
  }

  global.GongkaiSearch = { Index: Index, terms: terms, numberKey: numberKey, shardOf: shardOf };

  // ---- the search page ----
  var form = typeof document !== "undefined" && document.querySelector("form[data-search-root]");
  if (!form) return;
  var root = form.getAttribute("data-search-root");
  var input = form.querySelector("input[name=q]");
  var sort = form.querySelector("select[name=sort]");
  var status = document.getElementById("search-status");
  // A site's own search.html from before the index said where its files are: say so, rather
  // than fetch a path nobody wrote.
  var metaPath = form.getAttribute("data-search-meta");
  if (!metaPath) {
    if (status) status.textContent = "站内检索无法加载：搜索页模板的表单缺少 data-search-meta（见 docs/templates.md）";
    return;
  }
  var index = new Index(root, metaPath);
  var list = document.querySelector(".search-results");
  var facetsNav = document.querySelector(".facets");
  var pager = document.querySelector(".search-pager");
  var FIELDS = ["q", "category", "issuer", "year", "attribute", "type", "validity", "sort", "page"];

  function readParams() {
    var u = new URLSearchParams(location.search), p = {};
    FIELDS.forEach(function (f) { if (u.get(f)) p[f] = u.get(f); });
    return p;
  }
  function url(p) {
    var u = new URLSearchParams();
    FIELDS.forEach(function (f) { if (p[f] !== undefined && p[f] !== "") u.set(f, p[f]); });
    return "?" + u.toString();
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // Text with the query's words marked, built as nodes (never as HTML).
  function marked(text, needles) {
    var frag = document.createDocumentFragment();
    if (!needles.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var folded = Array.from(text).map(fold).join("");
    var i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      needles.forEach(function (n) {
        var at = folded.indexOf(n, i);
        if (at >= 0 && (best < 0 || at < best || (at === best && n.length > len))) { best = at; len = n.length; }
      });
      if (best < 0) break;
      frag.appendChild(document.createTextNode(text.slice(i, best)));
      frag.appendChild(el("mark", {}, text.slice(best, best + len)));
      i = best + len;
    }
    frag.appendChild(document.createTextNode(text.slice(i)));
    return frag;
  }
  function needlesOf(q) {
    var out = [];
    var runs = q.split(/[\s,，、;；]+/).map(function (r) { return Array.from(r).map(fold).join(""); });
    runs.forEach(function (r) { if (r.length >= 2) out.push(r); });
    terms(q).forEach(function (t) { out.push(t); });
    return Array.from(new Set(out)).sort(function (a, b) { return b.length - a.length; });
  }

  function facetGroup(title, name, entries, p) {
    if (!entries.length) return null;
    var box = el("div");
    box.appendChild(el("h2", {}, title));
    var ul = el("ul");
    entries.forEach(function (e) {
      var q = Object.assign({}, p, { page: "" });
      var current = String(p[name] || "") === String(e.value);
      q[name] = current ? "" : e.value;
      var a = el("a", { href: url(q), "data-nav": "1" }, e.label + "（" + e.count + "）");
      if (current) a.setAttribute("aria-current", "true");
      var li = el("li");
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  async function render() {
    var p = readParams();
    input.value = p.q || "";
    sort.value = p.sort || "";
    list.textContent = "";
    facetsNav.textContent = "";
    pager.textContent = "";
    if (!p.q) {
      facetsNav.hidden = true;
      pager.hidden = true;
      status.textContent = "输入关键词、索引号或文号后按“搜索”。";
      return;
    }
    status.textContent = "正在检索……";
    var meta = await index.load();
    var r = await index.search(p);
    var needles = needlesOf(p.q);
    if (!r.total) {
      status.textContent = "没有找到与“" + p.q + "”相关的信息。请检查错别字、减少关键词或去掉筛选条件，也可以按公开目录浏览。";
    } else {
      status.textContent = "找到 " + r.total + " 条与“" + p.q + "”相关的信息" + (r.pages > 1 ? "，第 " + r.page + " / " + r.pages + " 页" : "") + "。";
    }
    r.results.forEach(function (line, i) {
      var li = el("li");
      var a = el("a", { href: root + line[1] });
      a.appendChild(marked(line[0], needles));
      li.appendChild(a);
      var m = el("span", { class: "doc-meta" });
      m.appendChild(el("span", { class: "issuer" }, r.issuers[i]));
      m.appendChild(document.createTextNode(" · "));
      m.appendChild(marked(line[2], needles));
      if (line[3]) { m.appendChild(document.createTextNode(" · ")); m.appendChild(marked(line[3], needles)); }
      m.appendChild(document.createTextNode(" · "));
      m.appendChild(el("time", { datetime: line[4] }, line[4]));
      li.appendChild(m);
      var s = el("span", { class: "snippet" });
      s.appendChild(marked(line[5], needles));
      li.appendChild(s);
      if (r.foundIn[i].length) {
        var f = el("span", { class: "found-in" }, "在附件中找到：");
        r.foundIn[i].forEach(function (att, k) {
          if (k) f.appendChild(document.createTextNode("、"));
          f.appendChild(el("a", { href: root + att[1] }, att[0]));
        });
        li.appendChild(f);
      }
      list.appendChild(li);
    });
    var groups = [
      facetGroup("公开目录", "category", meta.categories.map(function (c, i) {
        return { value: c[0], label: c[1], count: r.counts.category.get(i) || 0 };
      }).filter(function (e) { return e.count; }), p),
      facetGroup("发布机构", "issuer", meta.issuers.map(function (n, i) {
        return { value: String(i), label: n, count: r.counts.issuer.get(i) || 0 };
      }).filter(function (e) { return e.count; }).sort(function (a, b) { return b.count - a.count; }), p),
      facetGroup("年份", "year", Array.from(r.counts.year.keys()).sort(function (a, b) { return b - a; }).map(function (y) {
        return { value: String(y), label: String(y) + "年", count: r.counts.year.get(y) };
      }), p),
      facetGroup("公开属性", "attribute", meta.attributes.map(function (n, i) {
        return { value: String(i), label: n, count: r.counts.attribute.get(i) || 0 };
      }).filter(function (e) { return e.count; }), p),
      facetGroup("文件类型", "type", meta.types.map(function (n, i) {
        return { value: String(i), label: n, count: r.counts.type.get(i) || 0 };
      }).filter(function (e) { return e.count; }), p),
      // 有效性 is coded from 1; 0 (no status) is not offered.
      facetGroup("有效性", "validity", (meta.validity || []).map(function (n, i) {
        return { value: String(i + 1), label: n, count: r.counts.validity.get(i + 1) || 0 };
      }).filter(function (e) { return e.count; }), p),
    ];
    groups.forEach(function (g) { if (g) facetsNav.appendChild(g); });
    if (["category", "issuer", "year", "attribute", "type", "validity"].some(function (f) { return p[f]; })) {
      facetsNav.appendChild(el("a", { href: url({ q: p.q, sort: p.sort }), class: "clear", "data-nav": "1" }, "清除全部筛选"));
    }
    facetsNav.hidden = !r.total && !facetsNav.childNodes.length;
    if (r.pages > 1) {
      pager.hidden = false;
      if (r.page > 1) pager.appendChild(el("a", { href: url(Object.assign({}, p, { page: String(r.page - 1) })), "data-nav": "1", rel: "prev" }, "上一页"));
      pager.appendChild(el("span", {}, "第 " + r.page + " / " + r.pages + " 页"));
      if (r.page < r.pages) pager.appendChild(el("a", { href: url(Object.assign({}, p, { page: String(r.page + 1) })), "data-nav": "1", rel: "next" }, "下一页"));
    } else {
      pager.hidden = true;
    }
  }

  function go(href) {
    history.pushState(null, "", href);
    render();
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var p = readParams();
    go(url({ q: input.value.trim(), sort: sort.value, category: p.category, issuer: p.issuer, year: p.year, attribute: p.attribute, type: p.type, validity: p.validity }));
  });
  sort.addEventListener("change", function () {
    var p = readParams();
    if (p.q) go(url(Object.assign(p, { sort: sort.value, page: "" })));
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-nav]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    go(a.getAttribute("href"));
    status.focus && status.setAttribute("tabindex", "-1");
  });
  window.addEventListener("popstate", render);
  render();
})(typeof window !== "undefined" ? window : globalThis);
