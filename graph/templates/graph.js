(function () {
  "use strict";
  var timings = window.graphTimings = { script: performance.now() };
  // Text from the input only reaches the DOM through textContent.
  var DATA = JSON.parse(document.getElementById("graph-data").textContent);
  var T = DATA.text;
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var CO = "co_occurs";
  var LOCALE = DATA.lang === "zh" ? "zh-CN" : "en";
  var narrow = window.matchMedia && window.matchMedia("(max-width: 980px)").matches;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function fmt(s, vals) { return s.replace(/\{(\w+)\}/g, function (m, k) { return k in vals ? String(vals[k]) : m; }); }
  function num(n) { return Number(n).toLocaleString(LOCALE); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function safeUrl(u) {
    if (typeof u !== "string" || !/^\s*https?:\/\//i.test(u)) return null;
    try {
      var p = new URL(u.trim());
      return p.protocol === "http:" || p.protocol === "https:" ? p.href : null;
    } catch (e) { return null; }
  }
  function short(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  function maxOf(list, f) { var m = 0; list.forEach(function (x) { m = Math.max(m, f(x)); }); return m; }

  // -- lookups --------------------------------------------------------------
  var nodeById = new Map(), typeOf = new Map(), relOf = new Map(), edgeById = new Map(), edgesOf = new Map();
  DATA.nodes.forEach(function (n) { nodeById.set(n.id, n); edgesOf.set(n.id, []); });
  DATA.types.forEach(function (t) { typeOf.set(t.name, t); });
  DATA.relations.forEach(function (r) { relOf.set(r.name, r); });
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    edgesOf.get(e.from).push(e);
    if (e.to !== e.from) edgesOf.get(e.to).push(e);
  });
  function relLabel(e) {
    var r = relOf.get(e.rel);
    var q = e.q ? " (" + (DATA.qualifiers[e.q] || e.q) + ")" : "";
    return (r ? r.label : e.rel) + q;
  }
  function typeLabel(t) { var x = typeOf.get(t); return x ? x.label : t; }
  function forms(n) {
    var seen = new Set([n.label]);
    n.aliases.forEach(function (a) { seen.add(a); });
    return Array.from(seen).filter(function (f) { return f; });
  }

  // -- colours --------------------------------------------------------------
  var mode = DATA.communities.length ? "community" : "type";
  function mix(hex, f) {
    var c = parseInt(hex.slice(1), 16), r = c >> 16, g = (c >> 8) & 255, b = c & 255, t = f < 0 ? 0 : 255, k = Math.abs(f);
    function m(x) { return Math.round(x + (t - x) * k); }
    return "rgb(" + m(r) + "," + m(g) + "," + m(b) + ")";
  }
  function communityColour(id) {
    var c = DATA.communities[id];
    return c && c.size > 1 ? DATA.community_colors[id % DATA.community_colors.length] : "#aab1bd";
  }
  function baseColour(n) {
    if (mode === "community" && n.community !== undefined) return communityColour(n.community);
    var t = typeOf.get(n.type);
    return t ? t.color : "#888888";
  }
  function nodeColour(n) {
    var b = baseColour(n), dark = b.charAt(0) === "#" ? mix(b, -0.3) : b;
    return { background: b, border: dark, highlight: { background: b, border: "#1f2430" }, hover: { background: b, border: "#1f2430" } };
  }

  // -- vis data -------------------------------------------------------------
  // filter state: what the type, relation and weight filters hide
  var hiddenTypes = new Set(), hiddenRelations = new Set(), minWeight = 0;
  var nodeHidden = new Map(), edgeHidden = new Map();
  var maxMentions = Math.max(1, maxOf(DATA.nodes, function (n) { return n.mentions; }));
  var maxWeight = Math.max(1, maxOf(DATA.edges, function (e) { return e.w; }));
  var hasPositions = DATA.nodes.length > 0 && DATA.nodes[0].x !== undefined;
  var big = DATA.nodes.length > 200 || DATA.edges.length > 1500;
  var typedEdges = DATA.edges.filter(function (e) { return e.rel !== CO; }).length;

  function visNode(n) {
    var r = Math.sqrt(n.mentions / maxMentions);
    var v = {
      id: n.id, label: short(n.label, 24), shape: "dot", size: 8 + 26 * r, borderWidth: 1.5, color: nodeColour(n),
      hidden: nodeHidden.get(n.id) || false,
      font: { size: 12 + Math.round(8 * r), face: FONT, color: "#1f2430", strokeWidth: 3, strokeColor: "rgba(255,255,255,0.9)" }
    };
    if (hasPositions) { v.x = n.x; v.y = n.y; }
    return v;
  }
  var pairCount = new Map();
  function visEdge(e) {
    var co = e.rel === CO, r = relOf.get(e.rel);
    var v = {
      id: e.id, from: e.from, to: e.to, hidden: edgeHidden.get(e.id) || false,
      width: maxWeight > 1 ? 1 + 5 * Math.log(e.w + 1) / Math.log(maxWeight + 1) : 1.5
    };
    if (co) {
      v.dashes = [5, 5];
      v.color = { color: "#c3c9d2", highlight: "#7d8595", hover: "#7d8595", opacity: 0.85 };
    } else {
      var c = r ? r.color : "#555";
      v.color = { color: c, highlight: c, hover: c, opacity: 0.9 };
      v.arrows = e.dir ? { to: { enabled: true, scaleFactor: 0.55 } } : "";
      v.label = relLabel(e);
      v.font = { size: 11, face: FONT, color: "#3a4150", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" };
    }
    var pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    var k = pairCount.get(pair) || 0;
    pairCount.set(pair, k + 1);
    if (k > 0) v.smooth = { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(k / 2) };
    return v;
  }

  // big graphs get their data once our layout is done: vis then draws once
  var nodes = new vis.DataSet(hasPositions ? [] : DATA.nodes.map(visNode));
  var edges = new vis.DataSet(hasPositions ? [] : DATA.edges.map(visEdge));
  var container = $("network");
  var options = {
    autoResize: true,
    layout: { improvedLayout: !hasPositions && DATA.nodes.length <= 100, randomSeed: 7 },
    nodes: { shape: "dot", scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.8, scaling: { label: { drawThreshold: typedEdges > 60 ? 13 : 7, maxVisible: 15 } } },
    interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false, multiselect: false },
    physics: {
      enabled: DATA.nodes.length > 0 && !hasPositions,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -55, centralGravity: 0.012, springLength: DATA.nodes.length < 60 ? 150 : 95, springConstant: 0.07, damping: 0.55, avoidOverlap: 0.15 },
      maxVelocity: 60, minVelocity: 1,
      stabilization: { enabled: true, iterations: big ? 250 : 500, updateInterval: 10, fit: true }
    }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  timings.network = performance.now();

  // -- layout, then still ---------------------------------------------------
  var ready = false;
  function done() {
    if (ready) return;
    ready = true;
    network.setOptions({ physics: false });
    timings.still = performance.now();
    network.once("afterDrawing", function () {
      // drawn once, still and clickable
      $("loading").classList.add("done");
      window.graphReady = true;
      window.graphReadyAt = timings.ready = performance.now();
      document.body.setAttribute("data-ready", "true");
      window.dispatchEvent(new Event("graphready"));
      if (pendingFocus !== null) focusNode(pendingFocus);
    });
    network.fit({ maxZoomLevel: 1.4 });
    network.redraw();
  }
  network.on("stabilizationProgress", function (p) {
    $("progress").style.width = Math.round(100 * p.iterations / Math.max(1, p.total)) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (hasPositions) {
    // big graphs: our own force layout (vis physics is slow there), then still
    forceLayout(function (f) { $("progress").style.width = Math.round(100 * f) + "%"; }, function (xs, ys) {
      timings.layout = performance.now();
      DATA.nodes.forEach(function (n, i) { n.x = Math.round(xs[i]); n.y = Math.round(ys[i]); });
      nodes.add(DATA.nodes.map(visNode));
      edges.add(DATA.edges.map(visEdge));
      done();
    });
  }
  if (!DATA.nodes.length) {
    $("loading").classList.add("done");
    var empty = el("div", "empty", T.empty);
    empty.style.cssText = "position:absolute;left:50%;top:45%;transform:translate(-50%,-50%)";
    $("stage").appendChild(empty);
    done();
  }

  // Fruchterman-Reingold from the positions given, in slices so the page stays live
  function forceLayout(progress, finish) {
    var n = DATA.nodes.length, at = new Map();
    var X = new Float64Array(n), Y = new Float64Array(n), DX = new Float64Array(n), DY = new Float64Array(n);
    DATA.nodes.forEach(function (d, i) { at.set(d.id, i); X[i] = d.x; Y[i] = d.y; });
    var pairs = new Map();
    DATA.edges.forEach(function (e) {
      var a = at.get(e.from), b = at.get(e.to);
      if (a === b) return;
      var key = a < b ? a * n + b : b * n + a;
      pairs.set(key, (pairs.get(key) || 0) + e.w);
    });
    var m = pairs.size, S = new Int32Array(m), D = new Int32Array(m), W = new Float64Array(m), p = 0;
    pairs.forEach(function (w, key) { S[p] = Math.floor(key / n); D[p] = key % n; W[p] = 1 + 0.25 * Math.log(w); p++; });
    // heavier nodes (more links) push harder, as in ForceAtlas2; gravity keeps loose nodes near
    var M = new Float64Array(n).fill(1);
    for (var e0 = 0; e0 < m; e0++) { M[S[e0]] += 0.25; M[D[e0]] += 0.25; }
    for (var i0 = 0; i0 < n; i0++) M[i0] = Math.sqrt(M[i0]);
    var k = 80, k2 = k * k, gravity = 1;
    var iterations = n > 1000 ? 150 : 300;
    var t0 = 0.1 * k * Math.sqrt(n), it = 0;
    // repulsion: exact when small, else Barnes-Hut on a quadtree kept in typed arrays
    var bh = n > 400, theta2 = 0.8 * 0.8, cap = 4 * n + 64;
    var QM = new Float64Array(cap), QX = new Float64Array(cap), QY = new Float64Array(cap);
    var QL = new Float64Array(cap), QT = new Float64Array(cap), QS = new Float64Array(cap);
    var QB = new Int32Array(cap), QC = new Int32Array(4 * cap), stack = new Int32Array(cap), count = 0;
    function quad(l, t, size) {
      var q = count++;
      QM[q] = QX[q] = QY[q] = 0; QL[q] = l; QT[q] = t; QS[q] = size; QB[q] = -1;
      QC[4 * q] = QC[4 * q + 1] = QC[4 * q + 2] = QC[4 * q + 3] = -1;
      return q;
    }
    function child(q, x, y) {
      var h = QS[q] / 2, cx = x >= QL[q] + h ? 1 : 0, cy = y >= QT[q] + h ? 1 : 0, k = 4 * q + 2 * cy + cx;
      if (QC[k] < 0) QC[k] = quad(QL[q] + cx * h, QT[q] + cy * h, h);
      return QC[k];
    }
    function insert(i) {
      var q = 0;
      for (var depth = 0; ; depth++) {
        var empty = QB[q] === -1;
        QM[q] += M[i]; QX[q] += M[i] * X[i]; QY[q] += M[i] * Y[i];
        if (empty) { QB[q] = i; return; }
        if (QB[q] >= 0) {
          if (depth > 40 || count + 2 >= cap) return; // coincident bodies share a leaf
          var old = QB[q], c = child(q, X[old], Y[old]);
          QB[q] = -2;
          QM[c] = M[old]; QX[c] = M[old] * X[old]; QY[c] = M[old] * Y[old]; QB[c] = old;
        }
        q = child(q, X[i], Y[i]);
      }
    }
    function barnesHut() {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, i;
      for (i = 0; i < n; i++) { x0 = Math.min(x0, X[i]); x1 = Math.max(x1, X[i]); y0 = Math.min(y0, Y[i]); y1 = Math.max(y1, Y[i]); }
      count = 0;
      quad(x0, y0, Math.max(x1 - x0, y1 - y0, 1) * 1.0001);
      for (i = 0; i < n; i++) insert(i);
      for (i = 0; i < n; i++) {
        var xi = X[i], yi = Y[i], fx = 0, fy = 0, top = 0;
        stack[top++] = 0;
        while (top) {
          var q = stack[--top], m = QM[q];
          if (!m || QB[q] === i) continue;
          var dx = xi - QX[q] / m, dy = yi - QY[q] / m, d2 = dx * dx + dy * dy + 0.01;
          if (QB[q] >= 0 || QS[q] * QS[q] < theta2 * d2) {
            var f = M[i] * m * k2 / d2;
            fx += dx * f; fy += dy * f;
          } else {
            for (var k = 4 * q; k < 4 * q + 4; k++) if (QC[k] >= 0) stack[top++] = QC[k];
          }
        }
        DX[i] += fx; DY[i] += fy;
      }
    }
    function exact() {
      for (var i = 0; i < n; i++) {
        var xi = X[i], yi = Y[i], fx = 0, fy = 0;
        for (var j = i + 1; j < n; j++) {
          var dx = xi - X[j], dy = yi - Y[j], f = M[i] * M[j] * k2 / (dx * dx + dy * dy + 0.01);
          fx += dx * f; fy += dy * f;
          DX[j] -= dx * f; DY[j] -= dy * f;
        }
        DX[i] += fx; DY[i] += fy;
      }
    }
    function step() {
      DX.fill(0);
      DY.fill(0);
      if (bh) barnesHut(); else exact();
      for (var i = 0; i < n; i++) { DX[i] -= gravity * M[i] * X[i]; DY[i] -= gravity * M[i] * Y[i]; }
      for (var e = 0; e < m; e++) {
        var a = S[e], b = D[e], ex = X[a] - X[b], ey = Y[a] - Y[b];
        var g = Math.sqrt(ex * ex + ey * ey) * W[e] / k;
        DX[a] -= ex * g; DY[a] -= ey * g;
        DX[b] += ex * g; DY[b] += ey * g;
      }
      var t = t0 * (1 - it / iterations) + 1;
      for (var q = 0; q < n; q++) {
        var len = Math.sqrt(DX[q] * DX[q] + DY[q] * DY[q]);
        if (len > 0) { var c = Math.min(len, t) / len; X[q] += DX[q] * c; Y[q] += DY[q] * c; }
      }
      it++;
    }
    function slice() {
      var until = performance.now() + 40;
      while (it < iterations && performance.now() < until) step();
      progress(it / iterations);
      if (it < iterations) setTimeout(slice, 0); else finish(X, Y);
    }
    setTimeout(slice, 0);
  }

  // -- tooltip --------------------------------------------------------------
  var tip = $("tooltip");
  function showTip(pointer, title, lines) {
    clear(tip);
    add(tip, el("div", "t", title));
    lines.forEach(function (l) { if (l) tip.appendChild(el("div", "s", l)); });
    tip.hidden = false;
    var x = pointer.x + 14, y = pointer.y + 14, w = container.clientWidth, h = container.clientHeight;
    if (x + tip.offsetWidth > w) x = Math.max(0, pointer.x - tip.offsetWidth - 10);
    if (y + tip.offsetHeight > h) y = Math.max(0, pointer.y - tip.offsetHeight - 10);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) {
    var n = nodeById.get(p.node);
    if (!n) return;
    var others = n.aliases.filter(function (a) { return a !== n.label; }).slice(0, 4);
    showTip(p.pointer.DOM, n.label, [
      typeLabel(n.type) + " · " + T.mentions + " " + num(n.mentions) + " · " + T.docs + " " + num(n.docs),
      others.length ? T.aliases + ": " + others.join("、") : ""
    ]);
  });
  network.on("hoverEdge", function (p) {
    var e = edgeById.get(p.edge);
    if (!e) return;
    var a = nodeById.get(e.from), b = nodeById.get(e.to);
    showTip(p.pointer.DOM, a.label + (e.dir ? " → " : " — ") + b.label, [
      relLabel(e) + " · " + T.weight + " " + num(e.w) + (e.conf !== null ? " · " + T.confidence + " " + Math.round(e.conf * 100) + "%" : "")
    ]);
    emphasize([e.id], true);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", function () { hideTip(); emphasize(selectedEdges, false); });
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // typed-edge labels show when zoomed in; selected or hovered ones always
  var emphasized = [];
  var selectedEdges = [];
  function emphasisSize() { return Math.max(11, Math.round(13 / network.getScale())); }
  network.on("zoom", function () {
    var size = emphasisSize();
    if (ready && emphasized.length) edges.update(emphasized.map(function (id) { return { id: id, font: { size: size } }; }));
  });
  function emphasize(ids, hover) {
    var updates = [];
    emphasized.forEach(function (id) { if (ids.indexOf(id) < 0) updates.push({ id: id, font: { size: 11 } }); });
    var keep = ids.filter(function (id) { var e = edgeById.get(id); return e && e.rel !== CO; }).slice(0, 40);
    var size = emphasisSize();
    keep.forEach(function (id) { updates.push({ id: id, font: { size: size } }); });
    emphasized = keep;
    if (!hover) selectedEdges = ids;
    if (ready && updates.length) edges.update(updates);
  }

  // -- evidence -------------------------------------------------------------
  function highlight(text, groups) {
    // case-insensitive unless lower-casing changes the length
    var hay = text.toLowerCase(), fold = hay.length === text.length, list = [];
    if (!fold) hay = text;
    groups.forEach(function (g) {
      g.forms.forEach(function (f) {
        var x = fold ? f.toLowerCase() : f;
        if (f && x.length === f.length) list.push({ f: x, cls: g.cls });
      });
    });
    list.sort(function (a, b) { return b.f.length - a.f.length; });
    var frag = document.createDocumentFragment();
    var plain = "", i = 0;
    while (i < text.length) {
      var hit = null;
      for (var k = 0; k < list.length; k++) if (hay.startsWith(list[k].f, i)) { hit = list[k]; break; }
      if (hit) {
        if (plain) { frag.appendChild(document.createTextNode(plain)); plain = ""; }
        frag.appendChild(el("mark", hit.cls, text.slice(i, i + hit.f.length)));
        i += hit.f.length;
      } else {
        plain += text.charAt(i);
        i += 1;
      }
    }
    if (plain) frag.appendChild(document.createTextNode(plain));
    return frag;
  }
  // [{edge, sentence index}] for a node or an edge, strongest edges first, each sentence once
  function evidenceOf(edgeList) {
    var seen = new Set(), out = [];
    edgeList.slice().sort(function (a, b) { return b.w - a.w || a.id - b.id; }).forEach(function (e) {
      e.ev.forEach(function (s) { if (!seen.has(s)) { seen.add(s); out.push({ edge: e, s: s }); } });
    });
    return out;
  }
  function sourceLine(s) {
    var doc = DATA.docs[s[0]] || { id: "?" };
    var line = el("div", "src");
    var url = safeUrl(doc.url);
    if (doc.title && url) {
      var a = el("a", null, doc.title);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      line.appendChild(a);
    } else if (doc.title) {
      line.appendChild(el("span", null, doc.title));
    }
    if (doc.date) line.appendChild(el("span", null, doc.date));
    line.appendChild(el("span", "doc", doc.id));
    if (!doc.title && doc.url) {
      if (url) {
        var b = el("a", null, short(doc.url, 60));
        b.href = url;
        b.target = "_blank";
        b.rel = "noopener noreferrer";
        line.appendChild(b);
      } else {
        line.appendChild(el("span", null, short(doc.url, 60)));
      }
    } else if (doc.title && doc.url && !url) {
      line.appendChild(el("span", null, short(doc.url, 60)));
    }
    return line;
  }
  function evidenceList(items, groupsFor, via) {
    var wrap = el("div");
    if (!items.length) return add(wrap, el("p", "empty", T.no_evidence));
    var ul = wrap.appendChild(el("ul", "evidence"));
    var shown = 0;
    function more() {
      items.slice(shown, shown + 15).forEach(function (it) {
        var s = DATA.sentences[it.s];
        var li = el("li");
        li.appendChild(sourceLine(s));
        if (via) li.appendChild(el("div", "via", via(it.edge)));
        var text = add(el("div", "text"), highlight(s[3], groupsFor(it.edge)));
        if (s[4] & 1) text.insertBefore(document.createTextNode("…"), text.firstChild);  // a long sentence, cut
        if (s[4] & 2) text.appendChild(document.createTextNode("…"));
        add(li, text);
        ul.appendChild(li);
      });
      shown = Math.min(items.length, shown + 15);
      if (shown >= items.length && button) button.remove();
    }
    var button = items.length > 15 ? el("button", "more", T.more) : null;
    more();
    if (button && shown < items.length) {
      button.type = "button";
      button.addEventListener("click", more);
      wrap.appendChild(button);
    }
    return wrap;
  }
  function csvCell(v) {
    var s = v === undefined || v === null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function download(name, href, revoke) {
    var a = el("a");
    a.href = href;
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    if (revoke) setTimeout(function () { URL.revokeObjectURL(href); }, 2000);
  }
  function exportCsv(name, items) {
    var rows = [["head", "relation", "tail", "directed", "weight", "confidence", "doc_id", "title", "url", "date", "start", "end", "sentence"]];
    items.forEach(function (it) {
      var e = it.edge, s = DATA.sentences[it.s], doc = DATA.docs[s[0]] || {};
      rows.push([nodeById.get(e.from).label, e.rel, nodeById.get(e.to).label, e.dir, e.w, e.conf, doc.id, doc.title, doc.url,
        doc.date, s[1], s[2], s[3]]);
    });
    var text = "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    var file = "evidence-" + String(name).replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60) + ".csv";
    download(file, URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })), true);
  }
  window.exportEvidenceCsv = function () { if (current && current.csv) current.csv(); };

  // -- panel ----------------------------------------------------------------
  var panel = $("panel"), body = $("panel-body"), current = null;
  function openPanel() { panel.classList.remove("closed"); body.scrollTop = 0; panel.scrollTop = 0; }
  function closeButton() {
    var b = el("button", "icon", "×");
    b.type = "button";
    b.title = T.close;
    b.setAttribute("aria-label", T.close);
    b.style.marginLeft = "auto";
    b.addEventListener("click", function () {
      network.unselectAll();
      emphasize([], false);
      if (narrow) panel.classList.add("closed"); else showOverview();
    });
    return b;
  }
  function fact(value, label) { return add(el("div", "fact"), el("b", null, value), el("span", null, label)); }
  function nodeButton(id, cls) {
    var n = nodeById.get(id);
    var b = el("button", cls || "link", n.label);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function heading(text, action) {
    var h = el("h3", null, text);
    if (action) h.appendChild(action);
    return h;
  }
  function csvButton(fn) {
    var b = el("button", null, T.csv);
    b.type = "button";
    b.id = "export-csv";
    b.addEventListener("click", fn);
    return b;
  }

  function showOverview() {
    current = null;
    clear(body);
    var st = DATA.stats;
    add(body, add(el("div", "head"), el("h2", null, T.overview)));
    add(body, add(el("div", "facts"), fact(num(st.nodes_shown), T.entities),
      fact(num(st.edges_shown), T.edges), fact(num(st.documents), T.docs)));
    if (st.nodes_hidden) body.appendChild(el("p", "sub", fmt(T.shown, { shown: num(st.nodes_shown), total: num(st.nodes_total) }) + fmt(T.hidden, { hidden: num(st.nodes_hidden) })));
    body.appendChild(el("p", "sub", T.hint));
    if (DATA.nodes.length) {
      body.appendChild(heading(T.top_entities));
      var ul = body.appendChild(el("ul", "top"));
      DATA.nodes.slice(0, 15).forEach(function (n) {
        var b = el("button");
        b.type = "button";
        var sw = el("span", "swatch");
        sw.style.background = baseColour(n);
        add(b, sw, el("span", "name", n.label), el("span", "count", num(n.mentions)));
        b.addEventListener("click", function () { focusNode(n.id); });
        add(ul, add(el("li"), b));
      });
    }
  }

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) return;
    var mine = edgesOf.get(id);
    var items = evidenceOf(mine);
    current = { kind: "node", id: id, csv: function () { exportCsv(n.label, items); } };
    clear(body);
    openPanel();
    var sw = el("span", "swatch");
    sw.style.background = baseColour(n);
    add(body, add(el("div", "head"), sw, el("h2", null, n.label), closeButton()));
    var badges = add(el("div", "head"), el("span", "badge", typeLabel(n.type)));
    if (n.community !== undefined) badges.appendChild(el("span", "badge", T.community + " " + (n.community + 1)));
    badges.style.marginTop = "6px";
    body.appendChild(badges);
    add(body, add(el("div", "facts"), fact(num(n.mentions), T.mentions), fact(num(n.docs), T.docs), fact(num(mine.length), T.edges)));
    if (n.first_seen || n.last_seen) {
      var span = n.first_seen === n.last_seen ? n.first_seen : (n.first_seen || "…") + " – " + (n.last_seen || "…");
      body.appendChild(el("div", "sub", T.seen + ": " + span));
    }
    body.appendChild(el("div", "sub", T.id + ": " + n.id));
    if (n.aliases.length) {
      body.appendChild(heading(T.aliases));
      var chips = body.appendChild(el("div", "chips"));
      n.aliases.forEach(function (a, i) {
        var c = el("span", "chip", a);
        if (n.alias_counts[i]) c.appendChild(el("small", null, "×" + n.alias_counts[i]));
        chips.appendChild(c);
      });
    }
    if (mine.length) {
      body.appendChild(heading(T.strongest));
      var ul = body.appendChild(el("ul", "rels"));
      // heaviest first; at the same weight a typed relation before a co-occurrence, which says less
      mine.slice().sort(function (a, b) {
        return b.w - a.w || (a.rel === CO) - (b.rel === CO) || (b.conf || 0) - (a.conf || 0);
      }).slice(0, 12).forEach(function (e) {
        var other = e.from === id ? e.to : e.from;
        var arrow = !e.dir ? "—" : e.from === id ? "→" : "←";
        var b = el("button");
        b.type = "button";
        var tag = el("span", "rel", arrow + " " + relLabel(e));
        tag.style.background = e.rel === CO ? "#9aa3b0" : relOf.get(e.rel).color;
        add(b, tag, el("span", "who", nodeById.get(other).label), el("span", "w", num(e.w) + " " + T.sentences));
        b.title = relLabel(e);
        b.addEventListener("click", function () { focusNode(other); });
        add(ul, add(el("li"), b));
      });
    }
    body.appendChild(heading(T.evidence + " (" + num(items.length) + ")", items.length ? csvButton(current.csv) : null));
    var mineForms = forms(n);
    body.appendChild(evidenceList(items, function (e) {
      var other = nodeById.get(e.from === id ? e.to : e.from);
      return [{ forms: mineForms, cls: "self" }, { forms: forms(other), cls: "other" }];
    }, function (e) {
      var other = nodeById.get(e.from === id ? e.to : e.from);
      return relLabel(e) + (!e.dir ? " · " : e.from === id ? " → " : " ← ") + other.label;
    }));
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    var a = nodeById.get(e.from), b = nodeById.get(e.to);
    var items = evidenceOf([e]);
    current = { kind: "edge", id: id, csv: function () { exportCsv(a.label + "-" + e.rel + "-" + b.label, items); } };
    clear(body);
    openPanel();
    add(body, add(el("div", "head"), el("h2", null, relLabel(e)), closeButton()));
    var ends = add(el("div", "head"), nodeButton(e.from), el("span", null, e.dir ? "→" : "—"), nodeButton(e.to));
    ends.style.marginTop = "6px";
    body.appendChild(ends);
    add(body, add(el("div", "facts"), fact(num(e.w), T.weight),
      fact(e.conf === null ? "–" : Math.round(e.conf * 100) + "%", T.confidence), fact(num(e.ev.length), T.evidence)));
    body.appendChild(el("div", "sub", T.relation + ": " + e.rel + (e.q ? " · " + T.qualifier + ": " + e.q : "")));
    body.appendChild(heading(T.evidence + " (" + num(items.length) + ")", items.length ? csvButton(current.csv) : null));
    var groups = [{ forms: forms(a), cls: "self" }, { forms: forms(b), cls: "other" }];
    body.appendChild(evidenceList(items, function () { return groups; }, null));
  }

  // -- selection ------------------------------------------------------------
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) {
      showNode(p.nodes[0]);
      emphasize(network.getConnectedEdges(p.nodes[0]), false);
    } else if (p.edges.length) {
      showEdge(p.edges[0]);
      emphasize([p.edges[0]], false);
    } else {
      emphasize([], false);
      if (!narrow) showOverview();
    }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) network.focus(p.nodes[0], { scale: Math.max(1.3, network.getScale()), animation: { duration: 400 } });
  });
  var pendingFocus = null;
  function focusNode(id) {
    var n = nodeById.get(id);
    if (!n) return;
    if (!ready) { pendingFocus = id; return; }
    if (hiddenTypes.has(n.type)) {
      hiddenTypes.delete(n.type);
      syncChecks();
      applyFilters();
    }
    network.selectNodes([id]);
    emphasize(network.getConnectedEdges(id), false);
    network.focus(id, { scale: Math.max(1.1, network.getScale()), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  window.focusEntity = focusNode;

  // -- filters --------------------------------------------------------------
  var weights = Array.from(new Set(DATA.edges.map(function (e) { return e.w; }))).sort(function (x, y) { return x - y; });
  function applyFilters() {
    var nu = [], eu = [];
    DATA.nodes.forEach(function (n) {
      var h = hiddenTypes.has(n.type);
      if (h !== (nodeHidden.get(n.id) || false)) { nodeHidden.set(n.id, h); nu.push({ id: n.id, hidden: h }); }
    });
    DATA.edges.forEach(function (e) {
      var h = nodeHidden.get(e.from) || nodeHidden.get(e.to) || hiddenRelations.has(e.rel) || e.w < minWeight || false;
      if (h !== (edgeHidden.get(e.id) || false)) { edgeHidden.set(e.id, h); eu.push({ id: e.id, hidden: h }); }
    });
    if (nu.length && nodes.length) nodes.update(nu);  // a big graph's data comes after its layout
    if (eu.length && edges.length) edges.update(eu);
    if (current && current.kind === "node" && nodeHidden.get(current.id)) { network.unselectAll(); showOverview(); }
    if (current && current.kind === "edge" && edgeHidden.get(current.id)) { network.unselectAll(); showOverview(); }
    updateStats();
  }
  function updateStats() {
    var st = DATA.stats, visibleNodes = 0, visibleEdges = 0;
    DATA.nodes.forEach(function (n) { if (!nodeHidden.get(n.id)) visibleNodes++; });
    DATA.edges.forEach(function (e) { if (!edgeHidden.get(e.id)) visibleEdges++; });
    var text = fmt(T.shown, { shown: num(visibleNodes), total: num(st.nodes_total) });
    if (st.nodes_hidden) text += fmt(T.hidden, { hidden: num(st.nodes_hidden) });
    text += " · " + fmt(T.edges_shown, { edges: num(visibleEdges) });
    if (st.documents) text += " · " + fmt(T.documents, { docs: num(st.documents) });
    $("stats").textContent = text;
  }
  var checks = [];
  function legendRow(swatch, label, count, checked, onChange) {
    var row = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    add(row, box, swatch, el("span", "name", label), el("span", "count", num(count)));
    row.title = label;
    box.addEventListener("change", function () { row.classList.toggle("off", !box.checked); onChange(box.checked); });
    return { row: row, box: box };
  }
  DATA.types.forEach(function (t) {
    var sw = el("span", "swatch");
    sw.style.background = t.color;
    var r = legendRow(sw, t.label, t.count, true, function (on) {
      if (on) hiddenTypes.delete(t.name); else hiddenTypes.add(t.name);
      applyFilters();
    });
    checks.push({ box: r.box, row: r.row, set: hiddenTypes, name: t.name });
    $("type-filters").appendChild(r.row);
  });
  DATA.relations.forEach(function (rel) {
    var line = el("span", "line" + (rel.name === CO ? " dashed" : "") + (rel.name !== CO ? " arrow" : ""));
    line.style.borderTopColor = rel.color;
    line.style.borderLeftColor = rel.color;
    var r = legendRow(line, rel.label, rel.count, true, function (on) {
      if (on) hiddenRelations.delete(rel.name); else hiddenRelations.add(rel.name);
      applyFilters();
    });
    checks.push({ box: r.box, row: r.row, set: hiddenRelations, name: rel.name });
    $("relation-filters").appendChild(r.row);
  });
  if (!DATA.relations.length) $("relations-section").hidden = true;
  function syncChecks() {
    checks.forEach(function (c) { c.box.checked = !c.set.has(c.name); c.row.classList.toggle("off", !c.box.checked); });
  }
  var slider = $("min-weight");
  slider.max = String(Math.max(0, weights.length - 1));
  slider.disabled = weights.length < 2;
  function sliderChanged() {
    minWeight = weights.length ? weights[Number(slider.value)] : 0;
    $("min-weight-value").textContent = "≥ " + num(minWeight || 1);
    applyFilters();
  }
  slider.addEventListener("input", sliderChanged);
  $("min-weight-value").textContent = "≥ " + num(weights[0] || 1);

  // -- colouring by type or community ---------------------------------------
  function recolour() {
    if (nodes.length) nodes.update(DATA.nodes.map(function (n) { return { id: n.id, color: nodeColour(n) }; }));
    $("community-section").hidden = mode !== "community";
    if (current && current.kind === "node") showNode(current.id); else if (!current) showOverview();
  }
  if (DATA.communities.length) {
    $("colour-mode").hidden = false;
    $("colour-select").value = mode;
    $("colour-select").addEventListener("change", function () { mode = this.value; recolour(); });
    var members = new Map();
    DATA.nodes.forEach(function (n) {
      if (!members.has(n.community)) members.set(n.community, []);
      members.get(n.community).push(n.id);
    });
    DATA.communities.filter(function (c) { return c.size > 1; }).slice(0, 15).forEach(function (c) {
      var b = el("button");
      b.type = "button";
      var sw = el("span", "swatch");
      sw.style.background = communityColour(c.id);
      add(b, sw, el("span", "name", c.top), el("span", "count", num(c.size)));
      b.title = T.community + " " + (c.id + 1) + " · " + c.size + " " + T.members;
      b.addEventListener("click", function () {
        if (!ready) return;
        var ids = members.get(c.id) || [];
        network.selectNodes(ids);
        network.fit({ nodes: ids, animation: { duration: 450, easingFunction: "easeInOutQuad" } });
      });
      $("community-legend").appendChild(b);
    });
    $("community-section").hidden = mode !== "community";
  }

  // -- search ---------------------------------------------------------------
  var index = DATA.nodes.map(function (n) {
    return { n: n, forms: forms(n).map(function (f) { return [f, f.toLowerCase()]; }) };
  });
  var search = $("search"), results = $("results"), found = [], active = -1, composing = false, timer = null;
  function lookup(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var out = [];
    index.forEach(function (it) {
      var best = null;
      it.forms.forEach(function (f) {
        var s = f[1] === q ? 0 : f[1].startsWith(q) ? 1 : f[1].indexOf(q) >= 0 ? 2 : -1;
        if (s >= 0 && (best === null || s < best.s)) best = { s: s, form: f[0] };
      });
      if (best) out.push({ n: it.n, s: best.s, form: best.form });
    });
    out.sort(function (a, b) { return a.s - b.s || b.n.mentions - a.n.mentions; });
    return out.slice(0, 8);
  }
  function renderResults() {
    clear(results);
    active = found.length ? 0 : -1;
    if (!search.value.trim()) { results.hidden = true; search.setAttribute("aria-expanded", "false"); return; }
    if (!found.length) results.appendChild(el("li", "none", T.no_match));
    found.forEach(function (r, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.id = "result-" + i;
      var sw = el("span", "swatch");
      sw.style.background = baseColour(r.n);
      add(li, sw, el("span", null, r.n.label));
      if (r.form !== r.n.label) li.appendChild(el("span", "form", r.form));
      li.appendChild(el("span", "kind", typeLabel(r.n.type) + " · " + num(r.n.mentions)));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      results.appendChild(li);
    });
    markActive();
    results.hidden = false;
    search.setAttribute("aria-expanded", "true");
  }
  function markActive() {
    Array.prototype.forEach.call(results.children, function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
    if (active >= 0) search.setAttribute("aria-activedescendant", "result-" + active); else search.removeAttribute("aria-activedescendant");
  }
  function choose(i) {
    if (!found[i]) return;
    focusNode(found[i].n.id);
    results.hidden = true;
    search.setAttribute("aria-expanded", "false");
  }
  function onQuery() {
    found = lookup(search.value);
    renderResults();
    clearTimeout(timer);
    // focus the best match as you type
    if (found.length) timer = setTimeout(function () { if (found.length) focusNode(found[0].n.id); }, 180);
  }
  search.addEventListener("compositionstart", function () { composing = true; });
  search.addEventListener("compositionend", function () { composing = false; onQuery(); });
  search.addEventListener("input", function (ev) { if (!composing && !ev.isComposing) onQuery(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.isComposing || composing) return;
    if (ev.key === "ArrowDown" && found.length) { active = (active + 1) % found.length; markActive(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && found.length) { active = (active - 1 + found.length) % found.length; markActive(); ev.preventDefault(); }
    else if (ev.key === "Enter") { clearTimeout(timer); choose(active < 0 ? 0 : active); ev.preventDefault(); }
    else if (ev.key === "Escape") { results.hidden = true; search.setAttribute("aria-expanded", "false"); }
  });
  search.addEventListener("blur", function () { setTimeout(function () { results.hidden = true; }, 120); });
  search.addEventListener("focus", function () { if (search.value.trim()) renderResults(); });

  // -- buttons --------------------------------------------------------------
  $("reset").addEventListener("click", function () {
    clearTimeout(timer);
    search.value = "";
    found = [];
    results.hidden = true;
    hiddenTypes.clear();
    hiddenRelations.clear();
    slider.value = "0";
    minWeight = 0;
    $("min-weight-value").textContent = "≥ " + num(weights[0] || 1);
    syncChecks();
    applyFilters();
    network.unselectAll();
    emphasize([], false);
    network.fit({ animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    showOverview();
  });
  $("export-png").addEventListener("click", function () {
    var src = container.querySelector("canvas");
    if (!src) return;
    var c = document.createElement("canvas");
    c.width = src.width;
    c.height = src.height;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    download("graph.png", c.toDataURL("image/png"), false);
  });
  $("toggle-filters").addEventListener("click", function () {
    var f = $("filters");
    f.classList.toggle("closed");
    this.setAttribute("aria-expanded", f.classList.contains("closed") ? "false" : "true");
  });
  if (narrow) {
    $("filters").classList.add("closed");
    $("toggle-filters").setAttribute("aria-expanded", "false");
    panel.classList.add("closed");
  }

  updateStats();
  showOverview();
})();
