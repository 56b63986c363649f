// The actor network, drawn by Cytoscape.js (served by the app itself under /vendor) from /api/network, which
// counts every selected event: nodes sized by degree and coloured by region (country view) or affiliation
// (person view), edges as wide as their number of events. Zoom with the wheel, pan by dragging the
// background; point at a node or line for details, click a node for its actor page, a line for the
// timeline of that pair. The form's view and top-N redraw at once (the address follows). The Cytoscape
// instance is window.diplograph.network (for the console and the tests).
(function () {
  const box = document.getElementById("network");
  const form = document.getElementById("network-form");
  if (!box || !form || typeof cytoscape !== "function") return;
  const counts = document.getElementById("network-counts");
  const legend = document.getElementById("legend");
  const details = document.getElementById("details");
  const REGIONS = [
    ["Africa", "#d95f02"], ["Americas", "#1b9e77"], ["Asia", "#7570b3"], ["Europe", "#1f78b4"],
    ["Oceania", "#e7298a"], ["Antarctic", "#a6761d"], ["International", "#3b3b3b"], ["", "#b0b7c3"],
  ];
  const REGION_NAMES = { International: "international organisations", "": "unknown" };
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#843c39"];
  const OTHER = "#b0b7c3";
  const LABELLED = 60; // nodes of highest degree labelled at once; the others on pointing
  const COSE = { nodes: 150, degree: 8 }; // up to this size and mean degree, a force-directed pass after the rings
  const BIG = { nodes: 500, edges: 20000 }; // from this size, edges hidden while panning and zooming
  const DRAWABLE = 200000; // links drawn at most: a larger graph asks for a top-N
  const STYLE = [
    { selector: "node", style: {
      "background-color": "data(color)", width: "data(size)", height: "data(size)", label: "data(shown)",
      "font-size": 11, color: "#1d2430", "text-valign": "center", "text-halign": "right", "text-margin-x": 3,
      "min-zoomed-font-size": 7, "border-width": 1, "border-color": "#ffffff", "text-outline-color": "#ffffff",
      "text-outline-width": 1.5, "text-outline-opacity": 0.8,
    } },
    { selector: "edge", style: { width: "data(width)", "line-color": "#8da2bf", opacity: 0.5, "curve-style": "haystack" } },
    { selector: "node.near", style: { label: "data(label)", "z-index": 8 } },
    { selector: "node.on", style: { label: "data(label)", "border-width": 3, "border-color": "#d2691e", "z-index": 10, "font-weight": "bold" } },
    { selector: "edge.on", style: { "line-color": "#d2691e", opacity: 0.95, "z-index": 9 } },
  ];
  const nf = (n) => Number(n).toLocaleString("en-US");
  // Cytoscape puts a <style> element in the head unless one of this id is there: the Content-Security-Policy
  // refuses it, and app.css has its one rule (the container positioned), so a placeholder stands in for it
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    const placeholder = document.createElement("meta");
    placeholder.id = "__________cytoscape_stylesheet";
    document.head.appendChild(placeholder);
  }
  const topSelect = form.elements.top;
  const defaults = JSON.parse(topSelect.dataset.defaults || "{}");
  let topChosen = topSelect.dataset.chosen === "yes"; // until then, the top-N follows the view's default
  let cy = null, current = 0, lit = null;
  window.diplograph = window.diplograph || {};

  function text(tag, value, cls) {
    const node = document.createElement(tag);
    node.textContent = value;
    if (cls) node.className = cls;
    return node;
  }
  function link(href, value, id) {
    const a = text("a", value);
    a.href = href;
    if (id) a.dataset.id = id;
    return a;
  }
  function swatch(color) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", 12); svg.setAttribute("height", 12); svg.setAttribute("class", "swatch");
    const dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    dot.setAttribute("cx", 6); dot.setAttribute("cy", 6); dot.setAttribute("r", 5); dot.setAttribute("fill", color);
    svg.appendChild(dot);
    return svg;
  }
  function max(values) { let m = 1; for (const v of values) if (v > m) m = v; return m; }

  // the form's filters, empty ones left out (the API's default for top is every node)
  function query() {
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
    return q;
  }
  // the page's address: the same, with top kept even empty once chosen (absent, the page applies the view's default)
  function address(q) {
    const out = new URLSearchParams(q);
    if (topChosen && !out.has("top")) out.set("top", "");
    return "/network" + (out.toString() ? "?" + out : "");
  }
  function pairUrl(a, b) {
    const q = new URLSearchParams({ actor: a, with: b });
    for (const key of ["topic", "from", "to"]) { const v = form.elements[key].value; if (v) q.set(key, v); }
    return "/?" + q;
  }

  function load() {
    const q = query(), ticket = ++current;
    history.replaceState(null, "", address(q));
    box.dataset.state = "loading";
    const get = (params) => fetch("/api/network?" + params)
      .then((r) => r.json().then((body) => (r.ok ? body : Promise.reject(new Error(JSON.stringify(body.detail))))));
    // the links come a page at a time: the next pages are appended, unless there are too many to draw
    const rest = (data) => {
      if (!data.edges_next || ticket !== current || data.edges_total > DRAWABLE) return data;
      const next = new URLSearchParams(q);
      next.set("after", data.edges_next);
      return get(next).then((more) => {
        data.edges = data.edges.concat(more.edges);
        data.edges_next = more.edges_next;
        return rest(data);
      });
    };
    get(q).then(rest)
      .then((data) => { if (ticket === current) (data.edges_total > DRAWABLE ? tooMany : draw)(data); })
      .catch((err) => {
        if (ticket !== current) return;
        box.dataset.state = "error";
        details.replaceChildren(text("p", "The network could not be loaded: " + err.message, "empty"));
      });
  }

  // a graph of more links than a browser draws: counted, not drawn, and the top-N is the way on
  function tooMany(data) {
    if (cy) cy.destroy();
    cy = null;
    say(data);
    legend.replaceChildren();
    box.dataset.state = "too-many";
    details.replaceChildren(text("p", nf(data.edges_total) + " links between " + nf(data.nodes_total) + " nodes are too many"
      + " to draw: choose a top-N by degree above, or the country view.", "empty"));
  }

  // colours: by region in the country view; by affiliation in the person view, the most represented
  // affiliations each a colour of the palette and the others grey
  function colours(data) {
    const groups = new Map();
    for (const n of data.nodes) {
      const key = data.view === "country" ? n.region || "" : n.affiliation || "";
      const g = groups.get(key) || { key, nodes: 0, events: 0 };
      g.nodes += 1; g.events += n.events;
      groups.set(key, g);
    }
    const entries = [];
    if (data.view === "country") {
      for (const [key, color] of REGIONS) if (groups.has(key)) entries.push({ ...groups.get(key), color, name: REGION_NAMES[key] || key });
    } else {
      const ranked = [...groups.values()].sort((a, b) => b.nodes - a.nodes || b.events - a.events || (a.key < b.key ? -1 : 1));
      ranked.slice(0, PALETTE.length).forEach((g, i) => entries.push({ ...g, color: PALETTE[i], name: g.key || "unknown" }));
      const rest = ranked.slice(PALETTE.length);
      if (rest.length) entries.push({ key: null, color: OTHER, nodes: rest.reduce((s, g) => s + g.nodes, 0), name: rest.length + " other affiliations" });
    }
    const of = new Map(entries.filter((e) => e.key !== null).map((e) => [e.key, e.color]));
    return { entries, of: (n) => of.get(data.view === "country" ? n.region || "" : n.affiliation || "") || OTHER };
  }

  function draw(data) {
    const palette = colours(data);
    const maxDegree = max(data.nodes.map((n) => n.degree)), maxWeight = max(data.edges.map((e) => e.weight));
    const elements = data.nodes.map((n, i) => ({ group: "nodes", data: {
      id: n.id, label: n.label, name: n.name || n.label, shown: i < LABELLED ? n.label : "", affiliation: n.affiliation,
      region: n.region || "", role: n.role || "", events: n.events, degree: n.degree, color: palette.of(n),
      size: 8 + 26 * Math.sqrt(n.degree / maxDegree),
    } }));
    data.edges.forEach((e, i) => elements.push({ group: "edges", data: {
      id: "e" + i, source: e.source, target: e.target, weight: e.weight, first: e.first, last: e.last,
      width: 0.6 + 9 * Math.sqrt(e.weight / maxWeight),
    } }));
    const n = data.nodes.length, m = data.edges.length, big = n > BIG.nodes || m > BIG.edges;
    rings(elements.slice(0, n));
    if (cy) cy.destroy();
    lit = null;
    // built empty, then filled: Cytoscape given its elements at construction is several times slower
    cy = cytoscape({
      container: box, style: STYLE, layout: { name: "preset" }, minZoom: 0.03, maxZoom: 6,
      boxSelectionEnabled: false, autounselectify: true, hideEdgesOnViewport: big, textureOnViewport: big,
    });
    window.diplograph.network = cy;
    cy.add(elements);
    // the rings as they are for a large or dense graph (where a force-directed layout only draws a ball);
    // for up to a hundred-odd nodes of few links each, a short force-directed pass from them. No animation.
    if (n > 2 && n <= COSE.nodes && 2 * m <= COSE.degree * n) {
      cy.layout({
        name: "cose", animate: false, randomize: false, fit: true, padding: 24, numIter: n > 60 ? 250 : 600,
        nodeRepulsion: () => 40000, idealEdgeLength: () => 60, edgeElasticity: () => 60, gravity: 40,
      }).run();
    } else {
      cy.fit(cy.nodes(), 24);
    }
    events();
    say(data);
    describe(data, palette);
    box.dataset.view = data.view;
    box.dataset.state = "ready";
  }

  // the first layout, computed here (cheap at any size): rings of growing radius, the nodes of highest degree
  // in the middle; within a ring, nodes of a colour side by side; stretched to the box's shape
  function rings(nodes) {
    const SPACING = 42, stretch = Math.min(2, Math.max(1, box.clientWidth / Math.max(1, box.clientHeight)));
    let i = 0;
    for (let r = 0; i < nodes.length; r++) {
      const ring = nodes.slice(i, i + (r === 0 ? 1 : Math.floor(2 * Math.PI * r)));
      ring.sort((a, b) => (a.data.color < b.data.color ? -1 : a.data.color > b.data.color ? 1 : b.data.degree - a.data.degree));
      ring.forEach((node, k) => {
        const angle = 2 * Math.PI * k / ring.length + r * 0.5;
        node.position = { x: stretch * r * SPACING * Math.cos(angle), y: r * SPACING * Math.sin(angle) };
      });
      i += ring.length;
    }
  }

  function events() {
    cy.on("tap", "node", (e) => { window.location.href = "/actors/" + encodeURIComponent(e.target.id()); });
    cy.on("tap", "edge", (e) => { window.location.href = pairUrl(e.target.data("source"), e.target.data("target")); });
    cy.on("mouseover", "node", (e) => { box.classList.add("pointing"); light(e.target.closedNeighborhood(), e.target); show(e.target); });
    cy.on("mouseover", "edge", (e) => { box.classList.add("pointing"); light(e.target.union(e.target.connectedNodes()), e.target.connectedNodes()); showEdge(e.target); });
    cy.on("mouseout", "node, edge", () => { box.classList.remove("pointing"); light(null); });
  }

  function light(elements, on) {
    if (lit) lit.removeClass("on near");
    lit = elements;
    if (!elements) return;
    elements.nodes().addClass("near");
    elements.edges().addClass("on");
    on.addClass("on");
  }

  // the line under the form: how many of the selected events the drawn nodes account for
  function say(data) {
    const country = data.view === "country";
    const parts = [text("strong", nf(data.events_covered) + " of " + nf(data.events_total) + " events"), " of the selection counted; "];
    if (data.top) {
      const top = text("span", String(data.nodes.length));
      top.id = "network-top";
      const left = data.events_covered < data.events_total ? " (events with none of them left out)" : "";
      parts.push("the top ", top, " of " + nf(data.nodes_total) + " " + (country ? "countries and organisations" : "people") + " by degree" + left + ".");
    } else {
      parts.push("every " + (country ? "country and organisation" : "person") + " shown.");
    }
    counts.replaceChildren(...parts);
    counts.dataset.total = data.events_total;
    counts.dataset.covered = data.events_covered;
  }

  function describe(data, palette) {
    const list = document.createElement("ul");
    list.className = "legend";
    for (const e of palette.entries) {
      const item = document.createElement("li");
      item.append(swatch(e.color), " " + e.name + " ", text("span", "(" + nf(e.nodes) + ")", "n"));
      list.appendChild(item);
    }
    const fit = text("button", "fit to view");
    fit.type = "button";
    fit.id = "network-fit";
    fit.addEventListener("click", () => cy.fit(cy.nodes(), 24));
    const drawn = text("p", nf(data.nodes.length) + " nodes, " + nf(data.edges.length) + " links", "meta");
    drawn.id = "network-drawn";
    const title = data.view === "country" ? "Regions" : "Affiliations";
    legend.replaceChildren(text("h3", title), list, drawn, fit);
    if (!data.nodes.length) details.replaceChildren(text("p", "No contact in this selection.", "empty"));
  }

  function show(node) {
    const d = node.data();
    const mine = node.connectedEdges().sort((a, b) => b.data("weight") - a.data("weight"));
    const list = document.createElement("ol");
    list.id = "counterparts";
    mine.slice(0, 25).forEach((edge) => {
      const other = edge.data("source") === d.id ? edge.target() : edge.source();
      const item = document.createElement("li");
      item.appendChild(link(pairUrl(d.id, other.id()), other.data("name") + " (" + nf(edge.data("weight")) + ")", other.id()));
      list.appendChild(item);
    });
    const where = [d.affiliation !== d.id ? d.affiliation : "", d.region ? REGION_NAMES[d.region] || d.region : ""].filter(Boolean).join(" · ");
    const heading = text("h2", d.name !== d.label ? d.label + " — " + d.name : d.label);
    const facts = text("p", (where ? where + " · " : "") + nf(d.events) + " events, " + nf(d.degree) + " counterparts", "meta");
    const links = document.createElement("p");
    links.append(link("/actors/" + encodeURIComponent(d.id), "actor page"), " · ", link("/?actor=" + encodeURIComponent(d.id), "on the timeline"));
    const more = mine.length > 25 ? [text("p", "and " + nf(mine.length - 25) + " more", "meta")] : [];
    details.replaceChildren(heading, facts, links, text("h3", "Counterparts"), list, ...more);
  }

  function showEdge(edge) {
    const a = edge.source().data(), b = edge.target().data(), w = edge.data("weight");
    const span = edge.data("first") && edge.data("first") !== edge.data("last") ? edge.data("first") + " to " + edge.data("last") : edge.data("last") || "undated";
    details.replaceChildren(
      text("h2", a.label + " – " + b.label),
      text("p", nf(w) + " event" + (w === 1 ? "" : "s") + ", " + span, "meta"),
      link(pairUrl(a.id, b.id), "the contacts of the pair"),
    );
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
  topSelect.addEventListener("change", () => { topChosen = true; load(); });
  form.elements.view.addEventListener("change", () => {
    const view = form.elements.view.value;
    if (!topChosen && view in defaults) topSelect.value = defaults[view];
    load();
  });
  load();
})();
