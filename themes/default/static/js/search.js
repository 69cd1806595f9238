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
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
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
      tail: "t/" + hex8(h[0]) + hex8(h[1]) + ".json",
      top: "r/" + hex8(h[0]) + hex8(h[1]) + ".json"
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

  // pairs decodes (gap, impact) pairs from s, after skip numbers, into documents and impacts.
  // It decodes straight into the typed arrays: a tail holds thousands of postings.
  function pairs(s, skip) {
    var count = 0, i, c;
    for (i = 0; i < s.length; i++) { c = s.charCodeAt(i); if (c < 128 && FINAL[c]) count++; }
    var n = (count - skip) >> 1, docs = new Int32Array(Math.max(n, 0)), imps = new Uint8Array(Math.max(n, 0)), head = [];
    if (n < 0 || (count - skip) & 1) throw new Error("search: malformed index");
    var v = 0, k = 0, prev = -1, j = 0;
    for (i = 0; i < s.length; i++) {
      c = s.charCodeAt(i);
      var d = c < 128 ? DIGIT[c] : -1;
      if (d < 0) throw new Error("search: malformed index");
      v = v * 24 + d;
      if (!FINAL[c]) continue;
      if (k < skip) head.push(v);
      else if ((k - skip) & 1) imps[j++] = v;
      else { prev += v + 1; docs[j] = prev; }
      k++; v = 0;
    }
    return { head: head, docs: docs, imps: imps };
  }

  // idf in thousandths, at least 1 (Reader.IDF); a token in more than half the documents is weak
  // and left out of a query that has other tokens (Weak).
  function idf(n, df) { return Math.max(1, Math.round(1000 * Math.log(1 + (n - df + 0.5) / (df + 0.5)))); }
  function weak(n, df) { return 2 * df > n; }
  var MAX_TOKENS = 30;

  // ---- engine ----

  // Engine searches the index whose files load(name) returns as parsed JSON (a promise).
  function Engine(load) {
    this.load = load; this.files = new Map(); this.entries = new Map(); this.ready = null;
    this.shown = new Map(); // display data by document, from top files
    this.tops = [];         // top files being read, for show
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
        var nums = decodeNums(m.runs), start = 0; // per run: length, kind, year, community, category
        self.meta = m; self.ends = []; self.facets = [];
        for (var i = 0; i < nums.length; i += 5) { self.ends.push(start += nums[i]); self.facets.push(nums.slice(i + 1, i + 5)); }
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
    return { kind: m.kinds[f[0]], year: f[1] ? m.years[f[1] - 1] : 0,
      community: f[2] ? m.communities[f[2] - 1] : null, category: f[3] ? m.categories[f[3] - 1] : null };
  };

  // keeper returns a test of document numbers for filter, or null when it keeps everything.
  // A value the index does not know keeps nothing, as in Reader.
  Engine.prototype.keeper = function (filter) {
    var m = this.meta, self = this, at = function (list, v, base) { var i = list.indexOf(v); return i < 0 ? NaN : i + base; };
    var slugs = function (list) { return list.map(function (c) { return c[0]; }); }, want = [
      filter.kind ? at(m.kinds, filter.kind, 0) : -1, filter.year ? at(m.years, +filter.year, 1) : -1,
      filter.community ? at(slugs(m.communities), filter.community, 1) : -1,
      filter.category ? at(slugs(m.categories), filter.category, 1) : -1];
    if (want.every(function (w) { return w === -1; })) return null;
    var ok = this.facets.map(function (f) { return want.every(function (w, i) { return w === -1 || f[i] === w; }); });
    var keep = function (doc) { return ok[self.runOf(doc)]; };
    keep.none = ok.indexOf(true) < 0;
    return keep;
  };

  // entry returns the decoded postings of a key, or null when the index does not hold it.
  Engine.prototype.entry = function (key) {
    var self = this, e = this.entries.get(key.name);
    if (e) return Promise.resolve(e);
    return this.file(key.shard).then(function (shard) {
      if (!Object.prototype.hasOwnProperty.call(shard, key.name)) return null;
      var e = self.entries.get(key.name), p;
      if (!e) {
        p = pairs(shard[key.name], 2);
        e = { df: p.head[0], tailMax: p.head[1], docs: p.docs, imps: p.imps, full: p.head[1] === 0, key: key };
        self.entries.set(key.name, e);
      }
      return e;
    });
  };

  Engine.prototype.loadTail = function (e) {
    if (e.full) return Promise.resolve(e);
    return this.file(e.key.tail).then(function (t) {
      if (e.full) return e;
      var p = pairs(t.p, 0), n = e.docs.length + p.docs.length;
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
  // {hits: [{doc, m, s}], total, exact, full}. full is false when no document holds every
  // distinct token of the query and the hits hold the most there are; total is a lower bound when
  // exact is false. The ranking is Reader.Search's, read from as few files as it can be.
  Engine.prototype.search = function (q, filter, k) {
    var self = this, missing = 0;
    return this.init().then(function (meta) {
      var seen = new Set(), keys = [];
      tokens(q, false).forEach(function (t) {
        var key = keyOf(t, meta.bits);
        if (!seen.has(key.name) && keys.length < MAX_TOKENS) {
          seen.add(key.name);
          key.word = classOf(t.codePointAt(0)) === WORD;
          keys.push(key);
        }
      });
      return Promise.all(keys.map(function (key) { return self.entry(key); })).then(function (entries) {
        // a word or number that no document holds makes every answer partial; a bigram that none
        // holds is a seam between two words of the query, and is left out
        missing = keys.filter(function (key, i) { return key.word && !entries[i]; }).length;
        return entries;
      });
    }).then(function (entries) {
      var n = self.meta.n, found = entries.filter(Boolean);
      var terms = found.filter(function (e) { return !weak(n, e.df); });
      if (!terms.length) terms = found;
      terms = terms.map(function (e) { return { e: e, idf: idf(n, e.df) }; });
      var keep = self.keeper(filter || {});
      var rank = function () {
        var r = self.score(terms, keep, k);
        if (r) {
          if (terms.length === 1 && !keep) { r.total = terms[0].e.df; r.exact = true; }
          if (missing) r.full = false;
          return r;
        }
        return Promise.all(terms.map(function (t) { return self.loadTail(t.e); })).then(rank);
      };
      // The top file of the query's rarest token holds the display data of the documents a
      // query of that token alone shows first: read it, so that show needs few display files
      // or none. For a query of one token without filters it is the answer itself, in
      // Reader's order (ties to the earlier document): no tail to read, nothing to rank.
      if (!keep && self.meta.top) {
        var rare = terms.reduce(function (a, t) { return !a || t.e.df < a.e.df ? t : a; }, null);
        if (rare && rare.e.df >= self.meta.top) {
          var top = self.readTop(rare.e.key);
          if (terms.length === 1 && k <= self.meta.rows) {
            return top.then(function (docs) {
              var e = rare.e, hits = [];
              for (var i = 0; docs && i < docs.length && hits.length < k; i++) {
                var at = find(e.docs, docs[i]); // the head holds every document of the top file
                if (at < 0) return rank();
                hits.push({ doc: docs[i], m: 1, s: rare.idf * e.imps[at] });
              }
              if (!docs || hits.length < Math.min(k, e.df)) return rank();
              return { hits: hits, total: e.df, exact: true, full: !missing };
            });
          }
        }
      }
      return rank();
    });
  };

  // score ranks with what is loaded; null means a tail must be read first.
  Engine.prototype.score = function (terms, keep, k) {
    var n = terms.length, all = (1 << n) - 1, nonFull = 0, i, j, d;
    if (n === 0 || (keep && keep.none)) return { hits: [], total: 0, exact: true, full: true };
    var N = this.meta.n;
    if (!this.acc) { this.acc = new Float64Array(N); this.cnt = new Uint8Array(N); this.mask = new Int32Array(N); }
    var acc = this.acc, cnt = this.cnt, mask = this.mask, touched = [];
    for (i = 0; i < n; i++) {
      var t = terms[i], docs = t.e.docs, imps = t.e.imps, bit = 1 << i, w = t.idf;
      if (!t.e.full) nonFull |= bit;
      for (j = 0; j < docs.length; j++) {
        d = docs[j];
        if (keep && !keep(d)) continue;
        if (cnt[d] === 0) touched.push(d);
        cnt[d]++; acc[d] += w * imps[j]; mask[d] |= bit;
      }
    }
    // The partial matches (tier) are wanted only when every posting is loaded: then they are the
    // answer if no document holds every token; otherwise they only bound what tails could add.
    var full = [], bound = -1, best = 0, tier = [];
    for (j = 0; j < touched.length; j++) {
      d = touched[j];
      var m = cnt[d], sc = acc[d];
      best = Math.max(best, m);
      if (m === n) full.push({ doc: d, m: m, s: sc });
      else if (nonFull) {
        var missing = all & ~mask[d];
        if ((missing & ~nonFull) === 0) bound = Math.max(bound, sc + extra(terms, missing));
      } else tier.push({ doc: d, m: m, s: sc });
      acc[d] = 0; cnt[d] = 0; mask[d] = 0;
    }
    if (nonFull === all) bound = Math.max(bound, extra(terms, all)); // documents in no head
    full.sort(byScore);
    if (bound < 0 && full.length > 0) return { hits: full.slice(0, k), total: full.length, exact: true, full: true };
    if (full.length >= k && full[k - 1].s > bound) return { hits: full.slice(0, k), total: full.length, exact: false, full: true };
    if (nonFull) return null;
    tier = tier.filter(function (h) { return h.m === best; });
    tier.sort(byScore);
    return { hits: tier.slice(0, k), total: tier.length, exact: true, full: false };
  };

  function extra(terms, mask) { // the most that the tails of the terms in mask could add
    for (var i = 0, s = 0; i < terms.length; i++) if (mask & (1 << i)) s += terms[i].idf * terms[i].e.tailMax;
    return s;
  }

  function byScore(a, b) { return b.s - a.s || a.doc - b.doc; }

  // show returns the display data of documents, in the order given.
  // readTop starts reading the top file of key into the display data cache; the promise gives
  // its documents, or null when it cannot be read (the display files answer then).
  Engine.prototype.readTop = function (key) {
    var self = this, p = this.file(key.top).then(function (t) {
      var docs = decodeNums(t.d);
      for (var i = 0; i < docs.length && i < t.x.length; i++) self.shown.set(docs[i], t.x[i]);
      return docs;
    }, function () { return null; });
    this.tops.push(p);
    return p;
  };

  // find returns the index of doc in the ascending docs, or -1.
  function find(docs, doc) {
    var lo = 0, hi = docs.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (docs[mid] === doc) return mid;
      if (docs[mid] < doc) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  Engine.prototype.show = function (docs) {
    var self = this, size = this.meta.chunk, tops = this.tops;
    this.tops = [];
    return Promise.all(tops).then(function () {
      return Promise.all(docs.map(function (d) {
        var s = self.shown.get(d);
        if (s) return s;
        return self.file("d/" + Math.floor(d / size) + ".json").then(function (list) { return list[d % size]; });
      }));
    });
  };

  // ---- highlighting ----

  // ranges returns the sorted, merged [start, end) ranges of text that match the query's tokens.
  var FOLDS = /[A-Z\u3000\uff01-\uff5e]/;
  function ranges(text, q) {
    var folded = "", i, out = [];
    if (!FOLDS.test(text)) folded = text; // nothing to fold: most text
    else for (i = 0; i < text.length; i++) folded += String.fromCharCode(fold(text.charCodeAt(i)));
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
    var base = app.getAttribute("data-index") || "/search/", root = app.getAttribute("data-root") || "/";
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
    var fields = ["q", "kind", "community", "category", "year"], pageSize = 10, shown = pageSize, serial = 0, focusAt = 0;

    // each of fields from the address (params) or the form (read), and into the form (fill)
    function params() { var p = new URLSearchParams(location.search); return pick(function (f) { return p.get(f); }); }
    function read() { return pick(function (f) { return form.elements[f] && form.elements[f].value; }); }
    function pick(get) { var v = {}; fields.forEach(function (f) { v[f] = String(get(f) || "").trim(); }); return v; }
    function fill(v) { fields.forEach(function (f) { if (form.elements[f]) form.elements[f].value = v[f]; }); }
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
    var lang = document.documentElement.lang || "zh-CN", names = {};
    // monthName is the month's name in the page's language, for date strings that use {mon} or
    // {month}; formatters are made once (they are slow to make).
    function monthName(m, style) {
      if (!names[style]) {
        names[style] = [];
        try {
          var f = new Intl.DateTimeFormat(lang, { month: style, timeZone: "UTC" });
          for (var i = 0; i < 12; i++) names[style].push(f.format(new Date(Date.UTC(2000, i, 1))));
        } catch (e) { for (var j = 1; j <= 12; j++) names[style].push(String(j)); }
      }
      return names[style][m - 1];
    }
    // date formats a date code ("2022-08", "2022-Q3", "2022-08-18") with the page's date.* strings.
    function date(code) {
      var m = /^(\d{4})-(?:Q(\d)|(\d{2})(?:-(\d{2}))?)$/.exec(code || "");
      if (!m) return "";
      var key = m[2] ? "quarter" : m[4] ? "day" : "month", pattern = app.getAttribute("data-l-" + key) || "";
      var mo = +m[3] || 0, v = { y: m[1], q: m[2] || "", m: mo, d: +m[4] || 0 };
      if (mo && pattern.indexOf("{mon}") >= 0) v.mon = monthName(mo, "short");
      if (mo && pattern.indexOf("{month}") >= 0) v.month = monthName(mo, "long");
      return L(key, v);
    }
    // num writes 12345 as 12,345, as the pages do.
    function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
    function title(kind, t) { return kind === "case" ? L("case-title", { id: t }) : t; }

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
      if (!v.q) { list.textContent = ""; setStatus(L("ready")); app.setAttribute("data-state", "done"); return; }
      setStatus(L("searching"));
      var filter = { kind: v.kind, community: v.community, category: v.category, year: v.year };
      engine.search(v.q, filter, shown).then(function (r) {
        var t1 = performance.now();
        return engine.show(r.hits.map(function (h) { return h.doc; })).then(function (docs) {
          if (my !== serial) return;
          var t2 = performance.now();
          render(v.q, r, docs);
          var t3 = performance.now();
          // for tests and the curious: where the time went, in milliseconds
          app.setAttribute("data-ms", (t3 - t0).toFixed(1));
          app.setAttribute("data-timing", "rank " + (t1 - t0).toFixed(1) + ", display data " + (t2 - t1).toFixed(1) +
            ", render " + (t3 - t2).toFixed(1));
          app.setAttribute("data-state", "done");
        });
      }).catch(function (err) {
        if (my === serial) { setStatus(L("error")); app.setAttribute("data-state", "error"); console.error(err); }
      });
    }

    function render(q, r, docs) {
      list.textContent = "";
      if (!r.hits.length) { setStatus(L("none", { q: q })); return; }
      setStatus((r.full ? "" : L("partial") + " ") + L(r.exact ? "found" : "found-more", { n: num(r.total) }));
      var ol = el("ol", "results");
      r.hits.forEach(function (h, i) {
        var d = docs[i], f = engine.facetsOf(h.doc), li = el("li"), kick = el("p", "kicker");
        kick.appendChild(el("span", "kind", L(f.kind)));
        if (d.k) kick.appendChild(marked(el("span"), d.k, ranges(d.k, q)));
        li.appendChild(kick);
        var h3 = el("h2", "title"), a = el("a");
        a.href = root + d.u.replace(/^\//, ""); // the page's language: /en/cases/… on /en/search/
        var text = title(f.kind, d.t);
        h3.appendChild(marked(a, text, ranges(text, q)));
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
      if (focusAt && ol.children[focusAt]) ol.children[focusAt].querySelector("a").focus();
      focusAt = 0;
      if (r.total > r.hits.length || (!r.exact && r.hits.length >= shown)) {
        var more = el("button", "more", L("more"));
        more.type = "button";
        // more results: the list grows, and the focus moves to the first new one
        more.addEventListener("click", function () { focusAt = shown; shown += pageSize; run(); });
        list.appendChild(more);
      }
    }

    function push() { // the address says what is shown: it can be bookmarked, shared and gone back to
      var v = read(), p = new URLSearchParams();
      fields.forEach(function (f) { if (v[f]) p.set(f, v[f]); });
      history.pushState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
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
    fold: fold, tokens: tokens, hash: hash, keyOf: keyOf, decodeNums: decodeNums, idf: idf, weak: weak,
    Engine: Engine, ranges: ranges, snippet: snippet
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
    else boot();
  }
})();
