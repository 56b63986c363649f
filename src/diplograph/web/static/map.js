// The map: contacts by the country where they took place, a choropleth drawn in SVG with d3-geo and
// topojson-client from world-atlas's Natural Earth countries (1:110m), all served by the app under /vendor.
// world-atlas keys countries by their ISO 3166-1 numeric code; world-countries gives each code's alpha-3
// code (the knowledge base's and the counts'), its name and a point inside it, for states too small to draw
// at this scale. The counts come with the page (GET /api/map gives the same); nothing is fetched elsewhere.
(function () {
  const box = document.getElementById("map-box");
  const svg = document.getElementById("map");
  if (!box || !svg || !window.d3 || !window.topojson) return;
  const NS = "http://www.w3.org/2000/svg";
  const W = 960, H = 480;
  const PALETTE = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]; // ColorBrewer Blues
  const NONE = "#eceef1";
  // world-countries spells Kosovo's user-assigned code UNK, the knowledge base XKX; Natural Earth draws
  // three territories without an ISO code, which ISO 3166-1 (and the knowledge base) count in a state
  const ALIAS = { UNK: "XKX" };
  const UNCODED = { "Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM" };

  const counts = JSON.parse(box.dataset.counts || "[]");
  const byCode = new Map(counts.map((c) => [c.code, c]));
  const timeline = box.dataset.timeline || "";

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }
  function plural(n) { return n.toLocaleString("en") + (n === 1 ? " contact" : " contacts"); }
  function link(code) { return "/?" + (timeline ? timeline + "&" : "") + "place=" + encodeURIComponent(code); }

  // classes of counts, spaced by powers of the largest (1, 2–3, 4–15, 16–63, 64–250 for 250): a few
  // countries with most contacts do not wash out the others
  function breaks(max) {
    const k = Math.min(PALETTE.length, max), ups = [];
    for (let i = 1; i <= k; i++) {
      let up = i === k ? max : Math.round(Math.pow(max, i / k));
      if (ups.length && up <= ups[ups.length - 1]) up = ups[ups.length - 1] + 1;
      ups.push(up);
    }
    return ups;
  }
  const max = counts.reduce((m, c) => Math.max(m, c.events), 0);
  const ups = max ? breaks(max) : [];
  const colours = PALETTE.slice(PALETTE.length - ups.length);
  function colour(n) {
    if (!n) return NONE;
    const i = ups.findIndex((up) => n <= up);
    return colours[i < 0 ? colours.length - 1 : i];
  }

  Promise.all([
    fetch("/vendor/world-atlas/countries-110m.json").then((r) => r.json()),
    fetch("/vendor/world-countries/countries.json").then((r) => r.json()),
  ]).then(([atlas, states]) => draw(atlas, states)).catch((error) => {
    box.dataset.state = "failed";
    console.warn("map: " + error);
  });

  function draw(atlas, states) {
    const alpha3 = new Map(), info = new Map();
    for (const s of states) {
      const code = ALIAS[s.cca3] || s.cca3;
      if (s.ccn3) alpha3.set(s.ccn3, code);
      info.set(code, { name: s.name.common, latlng: s.latlng });
    }
    const features = topojson.feature(atlas, atlas.objects.countries).features;
    const projection = d3.geoEqualEarth().fitExtent([[6, 6], [W - 6, H - 6]], { type: "Sphere" });
    const path = d3.geoPath(projection);
    svg.replaceChildren();
    el("path", { class: "sphere", d: path({ type: "Sphere" }) }, svg);
    el("path", { class: "graticule", d: path(d3.geoGraticule10()) }, svg);
    const land = el("g", { class: "countries" }, svg);
    const drawn = new Set();
    for (const f of features) {
      const code = f.id !== undefined ? alpha3.get(f.id) : UNCODED[f.properties.name];
      const c = code ? byCode.get(code) : null;
      const name = c ? c.name : (code && info.has(code) ? info.get(code).name : f.properties.name);
      const shape = el("path", { d: path(f), fill: colour(c ? c.events : 0), "data-code": code || "" }, land);
      el("title", {}, shape).textContent = name + ": " + (c ? plural(c.events) : "no contact");
      if (c) {
        drawn.add(code);
        shape.classList.add("counted");
        shape.addEventListener("click", () => { window.location.href = link(code); });
      }
    }
    // states with contacts that the 1:110m data does not draw (Singapore, Malta, Bahrain...): a dot
    const dots = el("g", { class: "dots" }, svg);
    for (const c of counts) {
      const where = info.get(c.code);
      if (drawn.has(c.code) || !where || !where.latlng || where.latlng.length < 2) continue;
      const xy = projection([where.latlng[1], where.latlng[0]]);
      if (!xy) continue;
      const dot = el("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 4.5, fill: colour(c.events), "data-code": c.code, class: "counted" }, dots);
      el("title", {}, dot).textContent = c.name + ": " + plural(c.events);
      dot.addEventListener("click", () => { window.location.href = link(c.code); });
    }
    legend();
    box.dataset.state = "drawn";
  }

  function legend() {
    const g = el("g", { class: "legend", transform: "translate(18," + (H - 30 - 18 * (ups.length + 1)) + ")" }, svg);
    el("text", { x: 0, y: 0, class: "legend-title" }, g).textContent = "Contacts there";
    const rows = ups.map((up, i) => {
      const low = i ? ups[i - 1] + 1 : 1;
      return [colours[i], low === up ? String(up) : low.toLocaleString("en") + "–" + up.toLocaleString("en")];
    });
    rows.push([NONE, "none stated"]);
    rows.forEach(([fill, label], i) => {
      const y = 10 + 18 * i;
      el("rect", { x: 0, y: y, width: 22, height: 12, fill: fill, class: "swatch" }, g);
      el("text", { x: 30, y: y + 10 }, g).textContent = label;
    });
  }
})();
