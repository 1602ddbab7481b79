/* Eras site behaviour: entry neighbourhoods, timeline and table filters (the network page has network.js).
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

  window.ERAS_UI = { el: el, safeUrl: safeUrl, checkboxGroup: checkboxGroup, checked: checked }; // for network.js

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
    // a large neighbourhood gets a taller canvas, up to most of the window
    var ys = data.nodes.map(function (n) { return n.y; });
    var tall = (Math.max.apply(null, ys) - Math.min.apply(null, ys) + 80) * 1.1;
    if (tall > canvas.clientHeight) canvas.style.height = Math.min(tall, window.innerHeight * 0.8) + "px";
    // each label as the build laid it out (long names wrapped), in the font the layout measured
    var nodes = data.nodes.map(function (n) { return Object.assign({}, n, { label: n.caption || n.label }); });
    var net = new vis.Network(canvas, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(data.edges) }, {
      physics: { enabled: false }, interaction: { hover: true, zoomView: false, dragNodes: false },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.4 } }, smooth: false },
      // a halo keeps a label readable where an edge runs under it
      nodes: { font: { size: 12, face: "arial", strokeWidth: 3, strokeColor: "#ffffff" } }
    });
    // fit() frames the nodes with their labels, never beyond the drawing's own size
    net.once("afterDrawing", function () { net.fit(); });
    net.on("click", function (p) {
      if (!p.nodes.length) return;
      var href = safeUrl(root, byId[p.nodes[0]] && byId[p.nodes[0]].url);
      if (href) window.location.href = href;
    });
    box.setAttribute("data-ready", "true");
    (window.ERAS_MINI_NETWORKS = window.ERAS_MINI_NETWORKS || []).push(net);
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
    document.querySelectorAll(".eras-mini-network:not([data-ready])").forEach(miniNetwork);
    var tl = document.querySelector("ul.eras-timeline");
    if (tl && !document.querySelector(".eras-timeline-filters")) timeline(tl);
    document.querySelectorAll("table.eras-sortable").forEach(sortable);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
