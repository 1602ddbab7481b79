/* The network page. vis-network draws the nodes where the build put them and handles pan, zoom, hover and
   tooltips; this script draws the rest on vis-network's canvas: the edges (one path per relation, only those
   on screen, arrows once they are big enough to see), the labels (in rank order, a label that would overlap
   one already drawn is left out until zooming in makes room) and the highlighted neighbourhood. It also runs
   the search box. Entry text only ever reaches the page through textContent or the canvas' fillText. */
(function () {
  "use strict";

  var ARROW_SCALE = 0.35; // arrows from this zoom on: below it they would be under two pixels long
  var BOLD_RANKS = 24; // the best connected entries get a bold label
  var NODE_OBSTACLE = 5; // px: from this radius on, labels keep clear of nodes as well as of each other
  var CANDIDATES = 8; // search suggestions listed at once
  var SHAPES = {
    dot: function (c, x, y, r) { c.moveTo(x + r, y); c.arc(x, y, r, 0, 2 * Math.PI); },
    square: function (c, x, y, r) { c.rect(x - r, y - r, 2 * r, 2 * r); },
    box: function (c, x, y, r) { c.rect(x - r, y - r * 0.7, 2 * r, 1.4 * r); },
    diamond: function (c, x, y, r) { c.moveTo(x, y + r); c.lineTo(x + r, y); c.lineTo(x, y - r); c.lineTo(x - r, y); c.closePath(); },
    triangle: function (c, x, y, r) { triangle(c, x, y, r, 1); },
    triangleDown: function (c, x, y, r) { triangle(c, x, y, r, -1); },
    hexagon: function (c, x, y, r) {
      c.moveTo(x + r, y);
      for (var i = 1; i < 6; i++) c.lineTo(x + r * Math.cos(i * Math.PI / 3), y + r * Math.sin(i * Math.PI / 3));
      c.closePath();
    },
    star: function (c, x, y, r) {
      r *= 0.82; y += 0.1 * r;
      for (var i = 0; i < 10; i++) {
        var s = i % 2 ? r * 0.5 : r * 1.3;
        c.lineTo(x + s * Math.sin(i * Math.PI / 5), y - s * Math.cos(i * Math.PI / 5));
      }
      c.closePath();
    }
  };

  function triangle(c, x, y, r, up) { // vis-network's equilateral triangle, pointing up (1) or down (-1)
    r *= 1.15; y += 0.275 * r * up;
    var s2 = r, ir = Math.sqrt(3) / 6 * 2 * r, h = Math.sqrt(4 * r * r - r * r);
    c.moveTo(x, y - (h - ir) * up); c.lineTo(x + s2, y + ir * up); c.lineTo(x - s2, y + ir * up); c.closePath();
  }

  // Shared with eras.js, which every page loads and which has run by the time the network is built (start waits
  // for the DOM): elements with text only, safe links, and the filter checkboxes.
  function el(tag, attrs, text) { return window.ERAS_UI.el(tag, attrs, text); }
  function safeUrl(root, url) { return window.ERAS_UI.safeUrl(root, url); }
  function checkboxGroup(title, items, onChange) { return window.ERAS_UI.checkboxGroup(title, items, onChange); }
  function checked(box) { return window.ERAS_UI.checked(box); }

  /* ---------------------------------------------------------------- search: names, aliases, prefixes */
  function squash(text) { // "Chinchilla-70B", "chinchilla 70b" and "Chinchilla_70B" all become "chinchilla70b"
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function words(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function startsWords(keyWords, queryWords) {
    return queryWords.length > 0 && queryWords.every(function (w) {
      return keyWords.some(function (kw) { return kw.indexOf(w) === 0; });
    });
  }

  function searchIndex(nodes) {
    var keys = [];
    nodes.forEach(function (n) {
      [{ text: n.label, alias: false }].concat((n.aliases || []).map(function (a) { return { text: a, alias: true }; }),
        [{ text: n.id, alias: false }]).forEach(function (k) {
        keys.push({ node: n, text: k.text, alias: k.alias, raw: k.text.trim().toLowerCase(), key: squash(k.text), words: words(k.text) });
      });
    });
    // best first: exactly the name, the name but for case and punctuation, its start, the start of each of its
    // words, anywhere in it; a name before an alias
    function score(k, raw, q, qWords) {
      if (!q) return k.raw === raw ? 0 : -1; // a name of punctuation only ("<>") matches itself alone
      var s = k.raw === raw ? 0 : k.key === q ? 1 : k.key.indexOf(q) === 0 ? 2 : startsWords(k.words, qWords) ? 3 : k.key.indexOf(q) > 0 ? 4 : -1;
      return s < 0 ? s : 2 * s + (k.alias ? 1 : 0);
    }
    return function find(query, limit) {
      var raw = query.trim().toLowerCase(), q = squash(query), qWords = words(query), best = {};
      if (!raw) return [];
      keys.forEach(function (k) {
        var s = score(k, raw, q, qWords);
        var seen = best[k.node.id];
        if (s >= 0 && (!seen || s < seen.score)) best[k.node.id] = { node: k.node, score: s, via: k.alias ? k.text : null };
      });
      return Object.keys(best).map(function (id) { return best[id]; }).sort(function (a, b) {
        return a.score - b.score || a.node.label.length - b.node.label.length || a.node.rank - b.node.rank;
      }).slice(0, limit);
    };
  }

  function searchBox(app, find, onPick, onNone) {
    var input = app.querySelector(".eras-network-search");
    var list = app.querySelector(".eras-network-options");
    var status = app.querySelector(".eras-network-status");
    var shown = [], active = -1, picked = null;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); }
    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i >= 0) input.setAttribute("aria-activedescendant", list.children[i].id); else input.removeAttribute("aria-activedescendant");
    }
    function pick(match) {
      close(); status.textContent = "";
      input.value = picked = match.node.label;
      onPick(match.node.id);
    }
    function none(query) {
      close();
      status.textContent = "No entry matches \u201c" + query.trim() + "\u201d. Try part of a name or an alias.";
      onNone();
    }
    function suggest() {
      var query = input.value;
      picked = null;
      list.textContent = "";
      shown = query.trim() ? find(query, CANDIDATES) : [];
      if (!query.trim()) { close(); status.textContent = ""; return; }
      if (!shown.length) { none(query); return; }
      status.textContent = "";
      shown.forEach(function (m, i) {
        var li = el("li", { id: "eras-network-option-" + i, role: "option", "class": "eras-network-option" });
        li.appendChild(el("span", { "class": "eras-option-name" }, m.node.label));
        li.appendChild(el("span", { "class": "eras-option-meta" }, m.via ? m.node.kind + " \u00b7 also " + m.via : m.node.kind));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(m); });
        list.appendChild(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
      mark(-1);
    }
    function commit() {
      if (!input.value.trim() || input.value === picked) { close(); return; }
      var match = active >= 0 ? shown[active] : find(input.value, 1)[0];
      if (match) pick(match); else none(input.value);
    }
    input.addEventListener("input", suggest);
    input.addEventListener("change", commit);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) suggest();
        if (!shown.length) return;
        e.preventDefault();
        mark(e.key === "ArrowDown" ? (active + 1) % shown.length : (active <= 0 ? shown.length : active) - 1);
      } else if (e.key === "Enter") { e.preventDefault(); commit(); }
      else if (e.key === "Escape") close();
    });
    return { clear: function () { input.value = ""; status.textContent = ""; close(); } };
  }

  /* ---------------------------------------------------------------- drawing on vis-network's canvas */
  function Grid(cell) { this.cell = cell; this.cells = {}; }
  Grid.prototype.each = function (b, f) {
    for (var i = Math.floor(b.x / this.cell); i <= Math.floor((b.x + b.w) / this.cell); i++)
      for (var j = Math.floor(b.y / this.cell); j <= Math.floor((b.y + b.h) / this.cell); j++)
        if (f(i + "," + j)) return true;
    return false;
  };
  Grid.prototype.hits = function (b) {
    var cells = this.cells;
    return this.each(b, function (k) {
      return (cells[k] || []).some(function (o) { return b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h; });
    });
  };
  Grid.prototype.add = function (b) { var cells = this.cells; this.each(b, function (k) { (cells[k] = cells[k] || []).push(b); }); };

  function theme(container) {
    var style = getComputedStyle(container);
    var bg = getComputedStyle(document.body).getPropertyValue("--md-default-bg-color").trim();
    return { fg: style.color || "#1f2937", bg: bg || "#ffffff", face: style.fontFamily || "sans-serif" };
  }

  function painter(network, data, state, container) {
    var byId = {}, groups = {}, byRank = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    data.edges.forEach(function (e) {
      var g = groups[e.relation] || (groups[e.relation] = { relation: e.relation, color: e.color || "#94a3b8", dashes: e.dashes, edges: [] });
      if (byId[e.from] && byId[e.to]) g.edges.push(e);
    });
    var widths = {}, colours = theme(container);

    function view() {
      var a = network.DOMtoCanvas({ x: 0, y: 0 });
      var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      return { left: a.x, top: a.y, right: b.x, bottom: b.y, scale: network.getScale() };
    }
    function visible(e) { return !state.hidden[e.from] && !state.hidden[e.to] && state.relations[e.relation]; }

    function edgePath(ctx, list, v, arrows, keep) {
      ctx.beginPath();
      list.forEach(function (e) {
        if (!visible(e) || (keep && !(keep[e.from] && keep[e.to]))) return;
        var a = byId[e.from], b = byId[e.to];
        if (Math.max(a.x, b.x) < v.left || Math.min(a.x, b.x) > v.right || Math.max(a.y, b.y) < v.top || Math.min(a.y, b.y) > v.bottom) return;
        if (!arrows) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); return; }
        if (b.x < v.left || b.x > v.right || b.y < v.top || b.y > v.bottom) return; // its head is off screen
        var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy), len = 7 / v.scale, half = 3 / v.scale;
        if (d < b.size + len) return;
        var ux = dx / d, uy = dy / d, tx = b.x - ux * (b.size + 1), ty = b.y - uy * (b.size + 1);
        ctx.moveTo(tx, ty);
        ctx.lineTo(tx - ux * len - uy * half, ty - uy * len + ux * half);
        ctx.lineTo(tx - ux * len + uy * half, ty - uy * len - ux * half);
        ctx.closePath();
      });
    }
    function drawEdges(ctx, v, keep, width) {
      Object.keys(groups).forEach(function (rel) {
        var g = groups[rel];
        if (!state.relations[rel]) return;
        ctx.strokeStyle = ctx.fillStyle = g.color;
        ctx.lineWidth = width / v.scale;
        ctx.setLineDash(g.dashes ? g.dashes.map(function (d) { return d / v.scale; }) : []);
        edgePath(ctx, g.edges, v, false, keep);
        ctx.stroke();
        ctx.setLineDash([]);
        if (v.scale >= ARROW_SCALE) { edgePath(ctx, g.edges, v, true, keep); ctx.fill(); }
      });
    }
    function drawNodes(ctx, v, keep) {
      Object.keys(keep).forEach(function (id) {
        var n = byId[id];
        if (!n || state.hidden[id]) return;
        ctx.beginPath();
        (SHAPES[n.shape] || SHAPES.dot)(ctx, n.x, n.y, n.size);
        ctx.fillStyle = n.color; ctx.fill();
        if (id === state.focus) { ctx.lineWidth = 3 / v.scale; ctx.strokeStyle = colours.fg; ctx.stroke(); }
      });
    }

    function font(n) {
      if (n.kind === "era" || n.kind === "axis") return "600 15px " + colours.face;
      return (n.rank < BOLD_RANKS ? "600 " : "") + "12px " + colours.face;
    }
    function placeLabels(ctx, v, keep) {
      var origin = network.canvasToDOM({ x: 0, y: 0 }), grid = new Grid(64), placed = [];
      var w = container.clientWidth, h = container.clientHeight;
      var order = keep ? [byId[state.focus]].concat(byRank.filter(function (n) { return keep[n.id] && n.id !== state.focus; })) : byRank;
      order = order.filter(function (n) {
        if (!n || state.hidden[n.id]) return false;
        n.sx = origin.x + n.x * v.scale; n.sy = origin.y + n.y * v.scale;
        return n.sx > -300 && n.sx < w + 300 && n.sy > -40 && n.sy < h + 20;
      });
      // once nodes are big enough to see, a label must not cover one either
      if (v.scale * 12 >= NODE_OBSTACLE) order.forEach(function (n) {
        var r = n.size * v.scale;
        grid.add({ x: n.sx - r, y: n.sy - r, w: 2 * r, h: 2 * r });
      });
      order.forEach(function (n) {
        var x = n.sx, y = n.sy;
        var f = font(n), size = parseInt(f.replace(/^\d00 /, ""), 10);
        if (widths[n.id] === undefined) { ctx.font = f; widths[n.id] = ctx.measureText(n.label).width; }
        var box = { id: n.id, text: n.label, font: f, x: x - widths[n.id] / 2 - 2, y: y + n.size * v.scale + 2, w: widths[n.id] + 4, h: size + 4 };
        if (grid.hits(box)) return;
        grid.add(box); placed.push(box);
      });
      return placed;
    }
    function drawLabels(ctx, placed) {
      ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round"; ctx.lineWidth = 3;
      ctx.strokeStyle = colours.bg; ctx.fillStyle = colours.fg;
      placed.forEach(function (b) {
        ctx.font = b.font;
        ctx.strokeText(b.text, b.x + b.w / 2, b.y + 2);
        ctx.fillText(b.text, b.x + b.w / 2, b.y + 2);
      });
    }

    network.on("beforeDrawing", function (ctx) {
      colours = theme(container);
      ctx.save(); ctx.globalAlpha = 0.6; drawEdges(ctx, view(), null, 1); ctx.restore();
    });
    network.on("afterDrawing", function (ctx) {
      var v = view();
      ctx.save();
      if (state.keep) {
        ctx.globalAlpha = 0.8; ctx.fillStyle = colours.bg;
        ctx.fillRect(v.left, v.top, v.right - v.left, v.bottom - v.top);
        ctx.globalAlpha = 1;
        drawEdges(ctx, v, state.keep, 1.5);
        drawNodes(ctx, v, state.keep);
      }
      var ratio = ctx.canvas.width / (ctx.canvas.clientWidth || 1);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var placed = placeLabels(ctx, v, state.keep);
      drawLabels(ctx, placed);
      ctx.restore();
      window.ERAS_NETWORK_LABELS = placed; // what was drawn, for tests and benchmarks
    });
  }

  /* ---------------------------------------------------------------- filters and legend */
  function filters(app, data, onChange) {
    var L = data.legend, box = app.querySelector(".eras-network-filters");
    var eraBox = checkboxGroup("Era", L.eras.map(function (e) { return { id: e.id, label: e.name, color: e.color }; }).concat([{ id: "", label: "No era", color: "#6b7280" }]), apply);
    var kindBox = checkboxGroup("Kind", L.kinds.map(function (k) { return { id: k.id, label: k.id + " (" + k.shape + ")" }; }), apply);
    var axisBox = checkboxGroup("Axis", L.axes.map(function (a) { return { id: a.id, label: a.name }; }).concat([{ id: "", label: "No axis" }]), apply);
    var relBox = checkboxGroup("Relation", L.relations.map(function (r) { return { id: r.id, label: r.label, color: r.color, checked: r.shown !== false }; }), apply);
    [eraBox, kindBox, axisBox, relBox].forEach(function (b) { box.appendChild(b); });
    function apply() {
      var eras = checked(eraBox), kinds = checked(kindBox), axes = checked(axisBox), hidden = {};
      data.nodes.forEach(function (n) {
        var axisOk = n.kind === "axis" ? !!axes[n.id] : n.axes.length ? n.axes.some(function (a) { return axes[a]; }) : axes[""];
        var eraOk = n.kind === "era" ? !!eras[n.id] : !!eras[n.era || ""];
        if (!(kinds[n.kind] && eraOk && axisOk)) hidden[n.id] = true;
      });
      onChange(hidden, checked(relBox));
    }
    var legend = app.querySelector(".eras-network-legend");
    L.relations.forEach(function (r) {
      var item = el("span", { "class": "eras-legend-edge" });
      var line = el("span", { "class": "eras-legend-line" });
      line.style.borderTopColor = r.color;
      line.style.borderTopStyle = r.dashes ? "dashed" : "solid";
      item.appendChild(line);
      item.appendChild(document.createTextNode(" " + r.label));
      legend.appendChild(item);
    });
    apply();
  }

  /* ---------------------------------------------------------------- the app */
  function networkApp(app) {
    var data = window.ERAS_NETWORK;
    var container = app.querySelector("#eras-network");
    if (!data || !container || !window.vis) return;
    var root = app.getAttribute("data-root") || "";
    var byId = {}, links = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; links[n.id] = []; });
    data.edges.forEach(function (e) {
      if (!links[e.from] || !links[e.to]) return;
      links[e.from].push({ to: e.to, relation: e.relation });
      links[e.to].push({ to: e.from, relation: e.relation });
    });
    // vis-network gets the nodes without labels or edges: both are drawn by painter() above
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      return { id: n.id, x: n.x, y: n.y, shape: n.shape, color: n.color, size: n.size, title: n.title };
    }));
    var network = new vis.Network(container, { nodes: nodes, edges: new vis.DataSet([]) }, data.options);
    var state = { hidden: {}, relations: {}, hover: null, selected: null, focus: null, keep: null };
    var panel = app.querySelector(".eras-network-panel");
    var depthSel = app.querySelector(".eras-network-depth");
    painter(network, data, state, container);
    // the whole network, with a little room for the labels under the outer nodes
    function fitAll() { network.fit(); network.moveTo({ scale: network.getScale() * 0.96 }); }
    network.once("afterDrawing", fitAll);

    function neighbours(id, depth) {
      var seen = {}, frontier = [id];
      seen[id] = true;
      for (var d = 0; d < depth; d++) {
        var next = [];
        frontier.forEach(function (n) {
          links[n].forEach(function (l) {
            if (!seen[l.to] && !state.hidden[l.to] && state.relations[l.relation]) { seen[l.to] = true; next.push(l.to); }
          });
        });
        frontier = next;
      }
      return seen;
    }

    function showPanel(id) {
      var n = byId[id];
      panel.textContent = "";
      panel.hidden = !n;
      if (!n) return;
      var at = network.canvasToDOM({ x: n.x, y: n.y });
      panel.classList.toggle("eras-panel-left", at.x > container.clientWidth / 2);
      panel.appendChild(el("h3", {}, n.label));
      panel.appendChild(el("p", { "class": "eras-panel-meta" }, [n.kind, n.date].filter(Boolean).join(" \u00b7 ")));
      panel.appendChild(el("p", {}, n.summary || ""));
      var href = safeUrl(root, n.url);
      if (href) panel.appendChild(el("a", { href: href, "class": "eras-panel-link" }, "Open the page \u2192"));
    }

    function refocus(redraw) {
      state.focus = state.hover || state.selected;
      state.keep = state.focus ? neighbours(state.focus, parseInt(depthSel.value, 10) || 1) : null;
      showPanel(state.focus);
      if (redraw) network.redraw();
    }

    filters(app, data, function (hidden, relations) {
      var changed = data.nodes.filter(function (n) { return !!hidden[n.id] !== !!state.hidden[n.id]; });
      state.hidden = hidden; state.relations = relations;
      if (changed.length) nodes.update(changed.map(function (n) { return { id: n.id, hidden: !!hidden[n.id] }; }));
      refocus(true);
    });

    var search = searchBox(app, searchIndex(data.nodes), function (id) {
      state.selected = id; state.hover = null;
      network.selectNodes([id]);
      refocus(false);
      network.fit({ nodes: Object.keys(state.keep), animation: { duration: 400 } });
    }, function () {
      state.selected = null;
      network.unselectAll();
      refocus(true);
    });
    app.querySelector(".eras-network-reset").addEventListener("click", function () {
      search.clear(); state.selected = null; state.hover = null; network.unselectAll(); refocus(false); fitAll();
    });
    depthSel.addEventListener("change", function () { refocus(true); });

    // vis-network redraws after these events: the painter reads the new state then
    network.on("hoverNode", function (p) { state.hover = p.node; refocus(false); });
    network.on("blurNode", function () { state.hover = null; refocus(false); });
    network.on("click", function (p) {
      if (!p.nodes.length) { state.selected = null; network.unselectAll(); refocus(true); return; }
      var href = safeUrl(root, byId[p.nodes[0]] && byId[p.nodes[0]].url);
      if (href) window.location.href = href;
    });
    app.setAttribute("data-ready", "true");
    window.ERAS_NETWORK_VIEW = network;
  }

  function start() { document.querySelectorAll(".eras-network-app").forEach(networkApp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
