// The actor network: a small force-directed layout drawn in SVG (the app's own code, no library).
(function () {
  const svg = document.getElementById("network");
  const panel = document.getElementById("panel");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const W = 900, H = 620;
  const params = new URLSearchParams(window.location.search);
  const api = new URLSearchParams();
  for (const key of ["from", "to", "topic", "view", "top"]) if (params.get(key)) api.set(key, params.get(key));

  function el(name, attrs) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }
  function text(tag, value) { const n = document.createElement(tag); n.textContent = value; return n; }

  fetch("/api/network?" + api.toString()).then((r) => r.json()).then(draw);

  function draw(data) {
    const nodes = data.nodes.map((n, i) => ({ ...n, x: W / 2 + 250 * Math.cos(i), y: H / 2 + 220 * Math.sin(i), vx: 0, vy: 0 }));
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    const edges = data.edges.map((e) => ({ ...e, a: index.get(e.source), b: index.get(e.target) }));
    const degree = new Map();
    for (const e of edges) for (const k of [e.source, e.target]) degree.set(k, (degree.get(k) || 0) + e.weight);
    // a few hundred steps of springs (edges), repulsion (all pairs) and gravity (centre)
    for (let step = 0; step < 300; step++) {
      const cool = 1 - step / 300;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d2 = Math.max(dx * dx + dy * dy, 25);
          const f = 2500 / d2;
          dx *= f / Math.sqrt(d2); dy *= f / Math.sqrt(d2);
          a.vx += dx; a.vy += dy; b.vx -= dx; b.vy -= dy;
        }
      }
      for (const e of edges) {
        const a = nodes[e.a], b = nodes[e.b];
        const dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const f = (d - 70) * 0.02;
        a.vx += dx / d * f; a.vy += dy / d * f; b.vx -= dx / d * f; b.vy -= dy / d * f;
      }
      for (const n of nodes) {
        n.vx += (W / 2 - n.x) * 0.004; n.vy += (H / 2 - n.y) * 0.004;
        n.x = Math.min(W - 20, Math.max(20, n.x + n.vx * cool)); n.y = Math.min(H - 20, Math.max(20, n.y + n.vy * cool));
        n.vx *= 0.5; n.vy *= 0.5;
      }
    }
    const lines = el("g", { class: "edges" }), dots = el("g", { class: "nodes" });
    svg.replaceChildren(lines, dots);
    for (const e of edges) {
      const a = nodes[e.a], b = nodes[e.b];
      const line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": Math.min(1 + 1.5 * e.weight, 12), "data-a": e.source, "data-b": e.target, "data-weight": e.weight });
      line.appendChild(el("title", {})).textContent = a.label + " – " + b.label + ": " + e.weight;
      line.addEventListener("click", () => { window.location.href = "/?actor=" + encodeURIComponent(e.source) + "&with=" + encodeURIComponent(e.target); });
      lines.appendChild(line);
    }
    for (const n of nodes) {
      const g = el("g", { class: "node", "data-id": n.id });
      const circle = el("circle", { cx: n.x, cy: n.y, r: 4 + Math.min(10, Math.sqrt(degree.get(n.id) || 1) * 2) });
      circle.appendChild(el("title", {})).textContent = n.label + " (" + n.affiliation + ")";
      const label = el("text", { x: n.x + 8, y: n.y + 4 });
      label.textContent = n.label;
      g.append(circle, label);
      g.addEventListener("click", () => select(n, edges, nodes));
      dots.appendChild(g);
    }
    if (!nodes.length) panel.replaceChildren(text("p", "No contact in this period."));
  }

  function select(n, edges, nodes) {
    for (const c of svg.querySelectorAll("circle.on, line.on")) c.classList.remove("on");
    svg.querySelector('g.node[data-id="' + CSS.escape(n.id) + '"] circle').classList.add("on");
    const mine = edges.filter((e) => e.source === n.id || e.target === n.id).sort((x, y) => y.weight - x.weight);
    const heading = text("h2", n.label);
    const link = document.createElement("a");
    link.href = "/actors/" + encodeURIComponent(n.id);
    link.textContent = "actor page";
    const list = document.createElement("ol");
    list.id = "counterparts";
    for (const e of mine) {
      const other = e.source === n.id ? e.target : e.source;
      const node = nodes.find((x) => x.id === other);
      svg.querySelector('line[data-a="' + CSS.escape(e.source) + '"][data-b="' + CSS.escape(e.target) + '"]').classList.add("on");
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/?actor=" + encodeURIComponent(n.id) + "&with=" + encodeURIComponent(other);
      a.dataset.id = other;
      a.textContent = (node ? node.label : other) + " (" + e.weight + ")";
      item.appendChild(a);
      list.appendChild(item);
    }
    panel.replaceChildren(heading, link, text("h3", "Counterparts"), list);
  }
})();
