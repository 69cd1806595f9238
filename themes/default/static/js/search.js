/* gongshi search: static full-text search of the portal, run in the browser.
 *
 * The index is written by generator/search (see its package comment for the files). This
 * script tokenises a query exactly as generator/search/tokenize.go does (a test runs both on the
 * same strings), fetches the shards of its tokens, ranks documents by how many distinct tokens
 * they hold and then by the sum of idf x impact, reads a token's tail only when the top results
 * could change, and fetches display data for the results it shows. Every request goes to the
 * site's own origin. Text is put on the page with textContent and createElement only.
 *
 * No framework, no build step. In Node the tokeniser and the engine are exported for tests.
 */
(function () {
  "use strict";

  // ---- tokeniser: the same as generator/search/tokenize.go ----

  var SEP = 0, WORD = 1, CJK = 2;

  function fold(c) {
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) return 0x20;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    return c;
  }

  function classOf(c) {
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) return WORD;
    if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) return WORD;
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
        (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f)) return CJK;
    return SEP;
  }

  // tokens returns the tokens of text; index true gives every character of a CJK run too.
  function tokens(text, index) {
    var out = [], run = [], kind = SEP;
    function flush() {
      if (kind === WORD) out.push(String.fromCodePoint.apply(null, run));
      else if (kind === CJK) {
        if (run.length === 1) out.push(String.fromCodePoint(run[0]));
        else {
          for (var i = 0; i < run.length; i++) {
            if (index) out.push(String.fromCodePoint(run[i]));
            if (i + 1 < run.length) out.push(String.fromCodePoint(run[i], run[i + 1]));
          }
        }
      }
      run = [];
    }
    for (var i = 0; i < text.length; i++) {
      var c = text.codePointAt(i);
      if (c > 0xffff) i++;
      else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate, as Go reads invalid UTF-8
      c = fold(c);
      var k = classOf(c);
      if (k !== kind) { flush(); kind = k; }
      if (k !== SEP) run.push(c);
    }
    flush();
    return out;
  }

  var utf8 = new TextEncoder();

  function fmix(h) {
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  function hash(tok) {
    var b = utf8.encode(tok), h1 = 0x811c9dc5, h2 = 0x050c5d1f;
    for (var i = 0; i < b.length; i++) {
      h1 = Math.imul(h1 ^ b[i], 0x01000193);
      h2 = Math.imul(h2 ^ b[i], 0x01000193);
    }
    return [fmix(h1), fmix(h2)];
  }

  var FINALS = "ABCDEFGHIJKLMNOPQRSTUXYZ", LEADS = "abcdefghijklmnopqrstuxyz", L48 = FINALS + LEADS;

  function fixed48(h) {
    var s = "";
    for (var i = 0; i < 6; i++) { s = L48.charAt(h % 48) + s; h = Math.floor(h / 48); }
    return s;
  }

  function hex8(h) { return ("0000000" + h.toString(16)).slice(-8); }

  function keyOf(tok, bits) {
    var h = hash(tok), w = (bits + 3) >> 2, s = h[0] >>> (32 - bits);
    return {
      name: fixed48(h[0]) + fixed48(h[1]),
      shard: "s/" + ("0000000" + s.toString(16)).slice(-w) + ".json",
      tail: "t/" + hex8(h[0]) + hex8(h[1]) + ".json"
    };
  }

  // digit values of the letters; -1 for other bytes
  var DIGIT = new Int8Array(128).fill(-1), FINAL = new Uint8Array(128);
  for (var d = 0; d < 24; d++) {
    DIGIT[FINALS.charCodeAt(d)] = d; FINAL[FINALS.charCodeAt(d)] = 1;
    DIGIT[LEADS.charCodeAt(d)] = d;
  }

  function decodeNums(s, from) {
    var out = [], n = 0;
    for (var i = from || 0; i < s.length; i++) {
      var c = s.charCodeAt(i), v = c < 128 ? DIGIT[c] : -1;
      if (v < 0) throw new Error("search: malformed index");
      n = n * 24 + v;
      if (FINAL[c]) { out.push(n); n = 0; }
    }
    return out;
  }

  // pairs turns (gap, impact) pairs from position i on into documents and impacts.
  function pairs(nums, i) {
    var n = (nums.length - i) >> 1, docs = new Int32Array(n), imps = new Uint8Array(n), prev = -1;
    for (var j = 0; j < n; j++, i += 2) { prev += nums[i] + 1; docs[j] = prev; imps[j] = nums[i + 1]; }
    return { docs: docs, imps: imps };
  }

  function idf(n, df) { return Math.round(1000 * Math.log(1 + (n - df + 0.5) / (df + 0.5))); }

  // ---- engine ----

  // Engine searches the index whose files load(name) returns as parsed JSON (a promise).
  function Engine(load) {
    this.load = load;
    this.files = new Map();
    this.entries = new Map();
    this.ready = null;
  }

  Engine.prototype.file = function (name) {
    var p = this.files.get(name);
    if (!p) {
      p = this.load(name);
      this.files.set(name, p);
      var files = this.files;
      p.catch(function () { files.delete(name); });
    }
    return p;
  };

  Engine.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.load("meta.json").then(function (m) {
        self.meta = m;
        var nums = decodeNums(m.runs), ends = [], facets = [], start = 0;
        for (var i = 0; i < nums.length; i += 5) {
          start += nums[i];
          ends.push(start);
          facets.push(nums.slice(i + 1, i + 5)); // kind, year, community, category
        }
        self.ends = ends;
        self.facets = facets;
        return m;
      });
      this.ready.catch(function () { self.ready = null; });
    }
    return this.ready;
  };

  Engine.prototype.runOf = function (doc) {
    var lo = 0, hi = this.ends.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (this.ends[mid] > doc) hi = mid; else lo = mid + 1; }
    return lo;
  };

  // facetsOf returns {kind, year, community, category} of a document, names resolved.
  Engine.prototype.facetsOf = function (doc) {
    var f = this.facets[this.runOf(doc)], m = this.meta;
    return {
      kind: m.kinds[f[0]], year: f[1] ? m.years[f[1] - 1] : 0,
      community: f[2] ? m.communities[f[2] - 1] : null, category: f[3] ? m.categories[f[3] - 1] : null
    };
  };

  // keeper returns a test of document numbers for filter, or null when it keeps everything.
  Engine.prototype.keeper = function (filter) {
    var m = this.meta, want = [
      filter.kind ? m.kinds.indexOf(filter.kind) : -1,
      filter.year ? m.years.indexOf(+filter.year) + 1 : -1,
      filter.community ? m.communities.findIndex(function (c) { return c[0] === filter.community; }) + 1 : -1,
      filter.category ? m.categories.findIndex(function (c) { return c[0] === filter.category; }) + 1 : -1
    ];
    if (want.every(function (w) { return w < 0; })) return null;
    var ok = this.facets.map(function (f) {
      return want.every(function (w, i) { return w < 0 || f[i] === w; });
    });
    var self = this;
    return function (doc) { return ok[self.runOf(doc)]; };
  };

  // entry returns the decoded postings of a key, or null when the index does not hold it.
  Engine.prototype.entry = function (key) {
    var self = this, e = this.entries.get(key.name);
    if (e) return Promise.resolve(e);
    return this.file(key.shard).then(function (shard) {
      var s = Object.prototype.hasOwnProperty.call(shard, key.name) ? shard[key.name] : null;
      if (s === null) return null;
      var e = self.entries.get(key.name);
      if (!e) {
        var nums = decodeNums(s), p = pairs(nums, 2);
        e = { df: nums[0], tailMax: nums[1], docs: p.docs, imps: p.imps, full: nums[1] === 0, key: key };
        self.entries.set(key.name, e);
      }
      return e;
    });
  };

  Engine.prototype.loadTail = function (e) {
    if (e.full) return Promise.resolve(e);
    return this.file(e.key.tail).then(function (t) {
      if (e.full) return e;
      var p = pairs(decodeNums(t.p), 0), n = e.docs.length + p.docs.length;
      var docs = new Int32Array(n), imps = new Uint8Array(n), i = 0, j = 0, k = 0;
      while (k < n) {
        if (j >= p.docs.length || (i < e.docs.length && e.docs[i] < p.docs[j])) { docs[k] = e.docs[i]; imps[k++] = e.imps[i++]; }
        else { docs[k] = p.docs[j]; imps[k++] = p.imps[j++]; }
      }
      e.docs = docs; e.imps = imps; e.full = true;
      return e;
    });
  };

  // search returns the k best documents for q among those filter keeps:
  // {hits: [{doc, m, s}], total, exact, full, tokens}. full is false when no document holds every
  // distinct token of the query and the hits hold the most there are; total is a lower bound when
  // exact is false.
  Engine.prototype.search = function (q, filter, k) {
    var self = this;
    return this.init().then(function (meta) {
      var seen = new Set(), keys = [];
      tokens(q, false).forEach(function (t) {
        var key = keyOf(t, meta.bits);
        if (!seen.has(key.name) && keys.length < 30) { seen.add(key.name); keys.push(key); }
      });
      return Promise.all(keys.map(function (key) { return self.entry(key); }));
    }).then(function (entries) {
      var terms = entries.filter(Boolean).map(function (e) { return { e: e, idf: idf(self.meta.n, e.df) }; });
      var keep = self.keeper(filter || {});
      var rank = function () {
        var r = score(terms, keep, k);
        if (r) {
          if (terms.length === 1 && !keep) { r.total = terms[0].e.df; r.exact = true; }
          return r;
        }
        return Promise.all(terms.map(function (t) { return self.loadTail(t.e); })).then(rank);
      };
      return rank();
    });
  };

  // score ranks with what is loaded; null means a tail must be read first.
  function score(terms, keep, k) {
    var n = terms.length, acc = new Map(), all = (1 << n) - 1, nonFull = 0, i, j;
    if (n === 0) return { hits: [], total: 0, exact: true, full: true };
    for (i = 0; i < n; i++) {
      var t = terms[i], docs = t.e.docs, imps = t.e.imps, bit = 1 << i;
      if (!t.e.full) nonFull |= bit;
      for (j = 0; j < docs.length; j++) {
        var d = docs[j];
        if (keep && !keep(d)) continue;
        var a = acc.get(d);
        if (!a) { a = { doc: d, m: 0, s: 0, mask: 0 }; acc.set(d, a); }
        a.m++; a.s += t.idf * imps[j]; a.mask |= bit;
      }
    }
    var full = [], bound = -1;
    acc.forEach(function (a) {
      if (a.m === n) { full.push(a); return; }
      var missing = all & ~a.mask;
      if (nonFull && (missing & ~nonFull) === 0) bound = Math.max(bound, a.s + extra(terms, missing));
    });
    if (nonFull === all) bound = Math.max(bound, extra(terms, all)); // documents in no head
    full.sort(byScore);
    if (bound < 0 && full.length > 0) return { hits: full.slice(0, k), total: full.length, exact: true, full: true };
    if (full.length >= k && full[k - 1].s > bound) return { hits: full.slice(0, k), total: full.length, exact: false, full: true };
    if (nonFull) return null;
    var best = 0, tier = [];
    acc.forEach(function (a) { best = Math.max(best, a.m); });
    acc.forEach(function (a) { if (a.m === best) tier.push(a); });
    tier.sort(byScore);
    return { hits: tier.slice(0, k), total: tier.length, exact: true, full: false };
  }

  function extra(terms, mask) {
    var s = 0;
    for (var i = 0; i < terms.length; i++) if (mask & (1 << i)) s += terms[i].idf * terms[i].e.tailMax;
    return s;
  }

  function byScore(a, b) { return b.s - a.s || a.doc - b.doc; }

  // show returns the display data of documents, in the order given.
  Engine.prototype.show = function (docs) {
    var self = this, size = this.meta.chunk;
    return Promise.all(docs.map(function (d) {
      return self.file("d/" + Math.floor(d / size) + ".json").then(function (list) { return list[d % size]; });
    }));
  };

  // ---- highlighting ----

  // ranges returns the sorted, merged [start, end) ranges of text that match the query's tokens.
  function ranges(text, q) {
    var folded = "", i, out = [];
    for (i = 0; i < text.length; i++) folded += String.fromCharCode(fold(text.charCodeAt(i)));
    tokens(q, false).forEach(function (t) {
      var isWord = classOf(t.codePointAt(0)) === WORD;
      for (var at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + 1)) {
        var end = at + t.length;
        if (isWord && ((at > 0 && classOf(folded.charCodeAt(at - 1)) === WORD) ||
                       (end < folded.length && classOf(folded.charCodeAt(end)) === WORD))) continue;
        out.push([at, end]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  // snippet picks the paragraph with the most matched text and cuts a window of about width
  // characters around its first match: {text, ranges, before, after}.
  function snippet(paragraphs, q, width) {
    var best = null;
    (paragraphs || []).forEach(function (p) {
      var rs = ranges(p, q), n = rs.reduce(function (s, r) { return s + r[1] - r[0]; }, 0);
      if (!best || n > best.n) best = { text: p, rs: rs, n: n };
    });
    if (!best) return { text: "", ranges: [], before: false, after: false };
    var text = best.text, start = 0;
    if (text.length > width && best.rs.length) start = Math.max(0, Math.min(best.rs[0][0] - Math.floor(width / 4), text.length - width));
    var end = Math.min(text.length, start + width);
    if (start > 0 && isLow(text.charCodeAt(start))) start--;
    if (end < text.length && isLow(text.charCodeAt(end))) end++;
    var rs = best.rs.filter(function (r) { return r[1] > start && r[0] < end; }).map(function (r) {
      return [Math.max(r[0], start) - start, Math.min(r[1], end) - start];
    });
    return { text: text.slice(start, end), ranges: rs, before: start > 0, after: end < text.length };
  }

  function isLow(c) { return c >= 0xdc00 && c <= 0xdfff; }

  // ---- page ----

  function boot() {
    var app = document.getElementById("search-app"), form = document.getElementById("search-form");
    if (!app || !form || !window.fetch || !window.Promise) return;
    var base = app.getAttribute("data-index") || "/search/";
    var status = document.getElementById("search-status"), list = document.getElementById("search-results");
    var L = function (name, vars) {
      var s = app.getAttribute("data-l-" + name) || "";
      Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
      return s;
    };
    var version = "";
    var engine = new Engine(function (name) {
      var url = base + name + (version ? "?v=" + version : "");
      return fetch(url, { credentials: "same-origin", cache: name === "meta.json" ? "no-cache" : "default" })
        .then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
    });
    var fields = ["q", "kind", "community", "category", "year"], pageSize = 10, shown = pageSize, serial = 0;

    function params() {
      var p = new URLSearchParams(location.search), v = {};
      fields.forEach(function (f) { v[f] = (p.get(f) || "").trim(); });
      return v;
    }
    function fill(v) {
      fields.forEach(function (f) { if (form.elements[f]) form.elements[f].value = v[f]; });
    }
    function read() {
      var v = {};
      fields.forEach(function (f) { v[f] = form.elements[f] ? String(form.elements[f].value).trim() : ""; });
      return v;
    }
    function setStatus(text) { status.textContent = text; }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    }
    function marked(parent, text, rs, before, after) {
      var at = 0;
      if (before) parent.appendChild(document.createTextNode("…"));
      rs.forEach(function (r) {
        if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
        parent.appendChild(el("mark", "", text.slice(r[0], r[1])));
        at = r[1];
      });
      if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
      if (after) parent.appendChild(document.createTextNode("…"));
      return parent;
    }
    function date(code) {
      var m = /^(\d{4})-(?:Q(\d)|(\d{2})(?:-(\d{2}))?)$/.exec(code || "");
      if (!m) return "";
      if (m[2]) return L("quarter", { y: m[1], q: m[2] });
      if (m[4]) return L("day", { y: m[1], m: +m[3], d: +m[4] });
      return L("month", { y: m[1], m: +m[3] });
    }

    engine.init().then(function (meta) {
      version = meta.v;
      var sel = form.elements.year;
      if (sel) meta.years.forEach(function (y) { var o = el("option", "", String(y)); o.value = String(y); sel.appendChild(o); });
      fill(params());
      run();
    }, function () { setStatus(L("error")); app.setAttribute("data-state", "error"); });

    function run() {
      var v = read(), my = ++serial, t0 = performance.now();
      app.setAttribute("data-state", "busy");
      if (!v.q) {
        list.textContent = "";
        setStatus(L("ready"));
        app.setAttribute("data-state", "done");
        return;
      }
      setStatus(L("searching"));
      var filter = { kind: v.kind, community: v.community, category: v.category, year: v.year };
      engine.search(v.q, filter, shown).then(function (r) {
        return engine.show(r.hits.map(function (h) { return h.doc; })).then(function (docs) {
          if (my !== serial) return;
          render(v.q, r, docs);
          app.setAttribute("data-ms", (performance.now() - t0).toFixed(1));
          app.setAttribute("data-state", "done");
        });
      }).catch(function (err) {
        if (my !== serial) return;
        setStatus(L("error"));
        app.setAttribute("data-state", "error");
        if (window.console) console.error(err);
      });
    }

    function render(q, r, docs) {
      list.textContent = "";
      if (!r.hits.length) { setStatus(L("none", { q: q })); return; }
      setStatus((r.full ? "" : L("partial") + " ") + L(r.exact ? "found" : "found-more", { n: r.total.toLocaleString("zh-CN") }));
      var ol = el("ol", "results");
      r.hits.forEach(function (h, i) {
        var d = docs[i], f = engine.facetsOf(h.doc), li = el("li"), kick = el("p", "kicker");
        kick.appendChild(el("span", "kind", L(f.kind)));
        if (d.k) kick.appendChild(marked(el("span"), d.k, ranges(d.k, q)));
        li.appendChild(kick);
        var h3 = el("h2", "title"), a = el("a");
        a.href = d.u;
        h3.appendChild(marked(a, d.t, ranges(d.t, q)));
        li.appendChild(h3);
        var s = snippet(d.x, q, 110);
        if (s.text) li.appendChild(marked(el("p", "snippet"), s.text, s.ranges, s.before, s.after));
        var meta = el("p", "meta");
        if (f.community) meta.appendChild(el("span", "", f.community[1]));
        if (d.d) meta.appendChild(el("span", "", date(d.d)));
        if (meta.firstChild) li.appendChild(meta);
        ol.appendChild(li);
      });
      list.appendChild(ol);
      if (r.total > r.hits.length || (!r.exact && r.hits.length >= shown)) {
        var more = el("button", "more", L("more"));
        more.type = "button";
        more.addEventListener("click", function () { shown += pageSize; run(); });
        list.appendChild(more);
      }
    }

    function push() {
      var v = read(), p = new URLSearchParams();
      fields.forEach(function (f) { if (v[f]) p.set(f, v[f]); });
      var qs = p.toString();
      history.pushState(null, "", location.pathname + (qs ? "?" + qs : ""));
      shown = pageSize;
      run();
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); push(); });
    ["kind", "community", "category", "year"].forEach(function (f) {
      if (form.elements[f]) form.elements[f].addEventListener("change", push);
    });
    window.addEventListener("popstate", function () { fill(params()); shown = pageSize; run(); });
  }

  var api = {
    fold: fold, tokens: tokens, hash: hash, keyOf: keyOf, decodeNums: decodeNums, idf: idf,
    Engine: Engine, ranges: ranges, snippet: snippet
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
    else boot();
  }
})();
