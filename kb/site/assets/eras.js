/* Eras site behaviour: network explorer, entry neighbourhoods, timeline and table filters.
   Entry text is only ever placed with textContent, never parsed as HTML. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeUrl(root, url) {
    // urls come from the build (slugs only); refuse anything that is not a relative site path
    if (typeof url !== "string" || /^[a-z]+:/i.test(url) || url.indexOf("//") === 0) return null;
    return root + url;
  }

  function checkboxGroup(title, items, onChange) {
    var box = el("fieldset", { "class": "eras-filter" });
    box.appendChild(el("legend", {}, title));
    items.forEach(function (item) {
      var label = el("label");
      var input = el("input", { type: "checkbox", value: item.id });
      input.checked = item.checked !== false;
      input.addEventListener("change", onChange);
      label.appendChild(input);
      if (item.color) {
        var sw = el("span", { "class": "eras-swatch" });
        sw.style.background = item.color;
        label.appendChild(sw);
      }
      label.appendChild(document.createTextNode(" " + item.label));
      box.appendChild(label);
    });
    return box;
  }

  function checked(box) {
    var on = {};
    box.querySelectorAll("input:checked").forEach(function (i) { on[i.value] = true; });
    return on;
  }

  /* ---------------------------------------------------------------- the network page */
  function networkApp(app) {
    var data = window.ERAS_NETWORK;
    var container = app.querySelector("#eras-network");
    if (!data || !container || !window.vis) return;
    var root = app.getAttribute("data-root") || "";
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      return Object.assign({}, n, { baseColor: n.color });
    }));
    var edges = new vis.DataSet(data.edges);
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    network.once("afterDrawing", function () { network.fit(); });
    var panel = app.querySelector(".eras-network-panel");
    var depthSel = app.querySelector(".eras-network-depth");

    function neighbours(id, depth) {
      var seen = {}; seen[id] = true;
      var frontier = [id];
      for (var d = 0; d < depth; d++) {
        var next = [];
        frontier.forEach(function (n) {
          network.getConnectedNodes(n).forEach(function (m) { if (!seen[m]) { seen[m] = true; next.push(m); } });
        });
        frontier = next;
      }
      return seen;
    }

    function showPanel(id) {
      var n = byId[id];
      panel.textContent = "";
      if (!n) { panel.appendChild(el("p", {}, "Select a node to see its summary.")); return; }
      panel.appendChild(el("h3", {}, n.label));
      panel.appendChild(el("p", { "class": "eras-panel-meta" }, [n.kind, n.date].filter(Boolean).join(" · ")));
      panel.appendChild(el("p", {}, n.summary || ""));
      var href = safeUrl(root, n.url);
      if (href) panel.appendChild(el("a", { href: href, "class": "eras-panel-link" }, "Open the page →"));
    }

    function highlight(id) {
      var keep = id ? neighbours(id, parseInt(depthSel.value, 10) || 1) : null;
      nodes.update(data.nodes.map(function (n) {
        var on = !keep || keep[n.id];
        return { id: n.id, color: on ? n.color : "rgba(200,200,200,0.35)", font: { color: on ? "#1f2937" : "rgba(120,120,120,0.4)" } };
      }));
      showPanel(id);
    }

    // filters
    var filters = app.querySelector(".eras-network-filters");
    var L = data.legend;
    var eraBox = checkboxGroup("Era", L.eras.map(function (e) { return { id: e.id, label: e.name, color: e.color }; }).concat([{ id: "", label: "No era", color: "#6b7280" }]), apply);
    var kindBox = checkboxGroup("Kind", L.kinds.map(function (k) { return { id: k.id, label: k.id + " (" + k.shape + ")" }; }), apply);
    var axisBox = checkboxGroup("Axis", L.axes.map(function (a) { return { id: a.id, label: a.name }; }).concat([{ id: "", label: "No axis" }]), apply);
    var relBox = checkboxGroup("Relation", L.relations.map(function (r) { return { id: r.id, label: r.label, color: r.color, checked: r.shown !== false }; }), apply);
    [eraBox, kindBox, axisBox, relBox].forEach(function (b) { filters.appendChild(b); });

    function apply() {
      var eras = checked(eraBox), kinds = checked(kindBox), axes = checked(axisBox), rels = checked(relBox);
      nodes.update(data.nodes.map(function (n) {
        var axisOk = n.axes.length ? n.axes.some(function (a) { return axes[a]; }) : axes[""];
        if (n.kind === "axis") axisOk = !!axes[n.id];
        var eraOk = n.kind === "era" ? !!eras[n.id] : !!eras[n.era || ""];
        return { id: n.id, hidden: !(kinds[n.kind] && eraOk && axisOk) };
      }));
      edges.update(data.edges.map(function (e) { return { id: e.id, hidden: !rels[e.relation] }; }));
    }

    // legend
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

    // search
    var list = app.querySelector("#eras-network-names");
    var byName = {};
    data.nodes.forEach(function (n) { byName[n.label.toLowerCase()] = n.id; list.appendChild(el("option", { value: n.label })); });
    var search = app.querySelector(".eras-network-search");
    search.addEventListener("change", function () {
      var id = byName[search.value.toLowerCase()];
      if (id === undefined) return;
      network.selectNodes([id]);
      network.focus(id, { scale: 1.2, animation: { duration: 400 } });
      highlight(id);
    });
    app.querySelector(".eras-network-reset").addEventListener("click", function () {
      search.value = ""; network.unselectAll(); highlight(null); network.fit();
    });
    depthSel.addEventListener("change", function () {
      var sel = network.getSelectedNodes(); if (sel.length) highlight(sel[0]);
    });

    network.on("hoverNode", function (p) { highlight(p.node); });
    network.on("click", function (p) {
      if (!p.nodes.length) { highlight(null); return; }
      var href = safeUrl(root, byId[p.nodes[0]] && byId[p.nodes[0]].url);
      if (href) window.location.href = href;
    });
    app.setAttribute("data-ready", "true");
    window.ERAS_NETWORK_VIEW = network;
  }

  /* ---------------------------------------------------------------- the small network on entry pages */
  function miniNetwork(box) {
    if (!window.vis) return;
    var script = box.querySelector("script[type='application/json']");
    if (!script) return;
    var data = JSON.parse(script.textContent);
    var root = box.getAttribute("data-root") || "";
    // positions come with the data (kb/site/network.py): earlier work on the left, later work on the right
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var canvas = el("div", { "class": "eras-mini-canvas" });
    box.appendChild(canvas);
    var net = new vis.Network(canvas, { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }, {
      physics: { enabled: false }, interaction: { hover: true, zoomView: false },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.4 } }, smooth: false },
      nodes: { font: { size: 12 } }
    });
    // fitting counts nodes, not their labels: step back a little so the outer labels are not cut
    net.once("afterDrawing", function () { net.fit(); net.moveTo({ scale: net.getScale() * 0.9 }); });
    net.on("click", function (p) {
      if (!p.nodes.length) return;
      var href = safeUrl(root, byId[p.nodes[0]] && byId[p.nodes[0]].url);
      if (href) window.location.href = href;
    });
    box.setAttribute("data-ready", "true");
  }

  /* ---------------------------------------------------------------- timeline filters */
  function timeline(list) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".eras-tl-item"));
    if (!items.length) return;
    var kinds = {}, axes = {}, eras = [];
    items.forEach(function (li) {
      kinds[li.getAttribute("data-kind")] = true;
      var era = li.getAttribute("data-era") || "";
      if (eras.indexOf(era) < 0) eras.push(era);
      (li.getAttribute("data-axes") || "").split(" ").filter(Boolean).forEach(function (a) { axes[a] = true; });
    });
    var kindBox = checkboxGroup("Kind", Object.keys(kinds).sort().map(function (k) { return { id: k, label: k }; }), apply);
    var axisBox = checkboxGroup("Axis", Object.keys(axes).sort().map(function (a) { return { id: a, label: a }; }).concat([{ id: "", label: "no axis" }]), apply);
    var eraBox = checkboxGroup("Era", eras.map(function (e) { return { id: e, label: e ? e.replace(/-/g, " ") : "no era" }; }), apply);
    var bar = el("div", { "class": "eras-timeline-filters" });
    bar.appendChild(eraBox); bar.appendChild(kindBox); bar.appendChild(axisBox);
    var slot = document.querySelector(".eras-timeline-filters-slot");
    if (slot) slot.appendChild(bar); else list.parentNode.insertBefore(bar, list);
    function apply() {
      var k = checked(kindBox), a = checked(axisBox), e = checked(eraBox);
      items.forEach(function (li) {
        var ax = (li.getAttribute("data-axes") || "").split(" ").filter(Boolean);
        var ok = k[li.getAttribute("data-kind")] && e[li.getAttribute("data-era") || ""] &&
          (ax.length ? ax.some(function (x) { return a[x]; }) : a[""]);
        li.hidden = !ok;
      });
      document.querySelectorAll("ul.eras-timeline").forEach(function (ul) {
        var any = Array.prototype.some.call(ul.children, function (li) { return !li.hidden; });
        ul.hidden = !any;
        var h = ul.previousElementSibling;
        if (h && /^H[1-6]$/.test(h.tagName)) h.hidden = !any;
      });
    }
  }

  /* ---------------------------------------------------------------- sortable, filterable tables */
  function sortable(table) {
    var body = table.tBodies[0];
    var filter = table.parentNode.querySelector(".eras-table-filter");
    table.querySelectorAll("th[data-sort]").forEach(function (th, col) {
      th.setAttribute("tabindex", "0");
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[idx].getAttribute("data-value") || a.cells[idx].textContent;
          var y = b.cells[idx].getAttribute("data-value") || b.cells[idx].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : (x < y ? -1 : x > y ? 1 : 0);
          if (x === "" && y !== "") return 1;
          if (y === "" && x !== "") return -1;
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.toLowerCase();
        Array.prototype.forEach.call(body.rows, function (r) { r.hidden = q && r.textContent.toLowerCase().indexOf(q) < 0; });
      });
    }
  }

  function start() {
    document.querySelectorAll(".eras-network-app").forEach(networkApp);
    document.querySelectorAll(".eras-mini-network:not([data-ready])").forEach(miniNetwork);
    var tl = document.querySelector("ul.eras-timeline");
    if (tl && !document.querySelector(".eras-timeline-filters")) timeline(tl);
    document.querySelectorAll("table.eras-sortable").forEach(sortable);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
