// The timeline's month chart on a true time axis: every month from the first to the last of the selection
// (its dates aside), empty ones included, each bar as wide as its month; the selected dates highlighted.
// Click a month (or drag across months) to filter the timeline to it; two sliders under the chart move the
// same From and To inputs of the filter form. SVG attributes only: the Content-Security-Policy refuses
// style attributes.
(function () {
  const box = document.getElementById("timeaxis");
  const form = box && box.closest("main").querySelector("form.filters");
  if (!box || !form) return;
  const fromInput = form.querySelector('input[name="from"]');
  const toInput = form.querySelector('input[name="to"]');
  const counts = new Map(JSON.parse(box.dataset.months || "[]"));
  if (!counts.size || !fromInput || !toInput) return;
  const NS = "http://www.w3.org/2000/svg";
  const HEIGHT = 150, LEFT = 44, RIGHT = 8, TOP = 10, BOTTOM = 24;
  const NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const pad = (n) => String(n).padStart(2, "0");
  const parts = (m) => m.split("-").map(Number);
  const next = (m) => { const [y, mo] = parts(m); return mo === 12 ? (y + 1) + "-01" : y + "-" + pad(mo + 1); };
  const start = (m) => { const [y, mo] = parts(m); return Date.UTC(y, mo - 1, 1); };
  const lastDay = (m) => { const [y, mo] = parts(m); return m + "-" + pad(new Date(Date.UTC(y, mo, 0)).getUTCDate()); };
  const keys = [...counts.keys()].sort();
  const months = [keys[0]];
  while (months[months.length - 1] < keys[keys.length - 1]) months.push(next(months[months.length - 1]));
  const peak = Math.max(...counts.values());
  const t0 = start(months[0]), t1 = start(next(months[months.length - 1]));
  const index = (day) => months.indexOf(day.slice(0, 7));

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  // the selected months, from the form's dates: [first, last] indices (the whole axis when unbounded)
  function selected() {
    const a = fromInput.value ? index(fromInput.value) : 0;
    const b = toInput.value ? index(toInput.value) : months.length - 1;
    const lo = a >= 0 ? a : (fromInput.value < months[0] ? 0 : months.length);
    const hi = b >= 0 ? b : (toInput.value > lastDay(months[months.length - 1]) ? months.length - 1 : -1);
    return [lo, hi];
  }

  // the form's dates for months i..j; an end of the axis leaves its bound empty (undated events kept)
  function choose(i, j, submit) {
    const [a, b] = i <= j ? [i, j] : [j, i];
    const whole = a === 0 && b === months.length - 1 && (months.length > 1 || !submit);
    fromInput.value = whole || (a === 0 && !submit) ? "" : months[a] + "-01";
    toInput.value = whole || (b === months.length - 1 && !submit) ? "" : lastDay(months[b]);
    mark(a, b);
    sliders.from.value = a; sliders.to.value = b;
    label.textContent = months[a] + " – " + months[b];
    if (submit) form.requestSubmit();
  }

  let svg, bars = [], x = null;
  function draw() {
    const width = Math.max(320, box.clientWidth);
    const plot = width - LEFT - RIGHT, h = HEIGHT - TOP - BOTTOM;
    x = (t) => LEFT + (t - t0) / (t1 - t0) * plot;
    svg = el("svg", { class: "timeaxis-chart", width: width, height: HEIGHT, viewBox: "0 0 " + width + " " + HEIGHT, role: "img" });
    el("title", {}, svg).textContent = "contacts per month, " + months[0] + " to " + months[months.length - 1];
    el("rect", { class: "band", x: 0, y: TOP, width: 0, height: h }, svg);
    const grid = el("g", { class: "grid" }, svg);
    for (const v of peak > 1 ? [peak, Math.round(peak / 2)] : [peak]) {
      const y = TOP + h - v / peak * h;
      el("line", { x1: LEFT, x2: width - RIGHT, y1: y, y2: y }, grid);
      el("text", { x: LEFT - 6, y: y + 4, "text-anchor": "end" }, grid).textContent = v.toLocaleString("en-US");
    }
    el("line", { class: "base", x1: LEFT, x2: width - RIGHT, y1: TOP + h, y2: TOP + h }, grid);
    const g = el("g", { class: "months" }, svg);
    bars = months.map((m) => {
      const left = x(start(m)), right = x(start(next(m)));
      const n = counts.get(m) || 0, bh = n ? Math.max(1.5, n / peak * h) : 0;
      const gap = right - left > 4 ? 1 : 0;
      const month = el("g", { class: "month", "data-month": m, "data-count": n }, g);
      el("title", {}, month).textContent = m + ": " + n.toLocaleString("en-US") + " contact" + (n === 1 ? "" : "s");
      el("rect", { class: "hit", x: left, y: TOP, width: right - left, height: h }, month);
      el("rect", { class: n ? "bar" : "bar empty", "data-month": m, x: left + gap / 2, y: TOP + h - bh, width: Math.max(0.5, right - left - gap), height: bh }, month);
      return month;
    });
    ticks(el("g", { class: "ticks" }, svg), TOP + h, plot);
    box.replaceChildren(svg, controls);
    const [a, b] = selected();
    mark(a, b);
  }

  // a label per year (every 2, 5 or 10 years when they crowd), or per month over a short span
  function ticks(g, base, plot) {
    const perPx = months.length / plot;
    if (months.length <= 24) {
      const every = perPx * 40 > 1 ? Math.ceil(perPx * 40) : 1;
      months.forEach((m, i) => {
        if (i % every) return;
        const [y, mo] = parts(m);
        tick(g, x(start(m)), base, mo === 1 || i === 0 ? NAMES[mo - 1] + " " + y : NAMES[mo - 1]);
      });
      return;
    }
    const years = months.length / 12, fit = plot / 44;
    const step = [1, 2, 5, 10, 20, 50].find((s) => years / s <= fit) || 100;
    for (const m of months) {
      const [y, mo] = parts(m);
      if (mo === 1 && y % step === 0) tick(g, x(start(m)), base, String(y));
    }
  }
  function tick(g, px, base, text) {
    el("line", { x1: px, x2: px, y1: base, y2: base + 4 }, g);
    el("text", { x: px + 2, y: base + 16 }, g).textContent = text;
  }

  function mark(a, b) {
    const bounded = a > 0 || b < months.length - 1;
    bars.forEach((month, i) => {
      month.classList.toggle("in", bounded && i >= a && i <= b);
      month.classList.toggle("out", bounded && (i < a || i > b));
    });
    const band = svg && svg.querySelector("rect.band");
    if (band && bounded && a <= b) {
      band.setAttribute("x", x(start(months[a])));
      band.setAttribute("width", x(start(next(months[b]))) - x(start(months[a])));
    } else if (band) band.setAttribute("width", 0);
  }

  // the month under a pointer: the last month starting left of it
  function at(event) {
    const px = event.clientX - svg.getBoundingClientRect().left;
    let i = 0;
    while (i + 1 < months.length && x(start(months[i + 1])) <= px) i++;
    return i;
  }

  let dragFrom = null;
  box.addEventListener("pointerdown", (e) => {
    if (!svg || !svg.contains(e.target) || e.button !== 0) return;
    dragFrom = at(e);
    svg.setPointerCapture(e.pointerId);
    mark(dragFrom, dragFrom);
    e.preventDefault();
  });
  box.addEventListener("pointermove", (e) => { if (dragFrom !== null) { const i = at(e); mark(Math.min(dragFrom, i), Math.max(dragFrom, i)); } });
  box.addEventListener("pointerup", (e) => {
    if (dragFrom === null) return;
    const i = at(e), from = dragFrom;
    dragFrom = null;
    choose(from, i, true);
  });
  box.addEventListener("pointercancel", () => { dragFrom = null; const [a, b] = selected(); mark(a, b); });

  // the range control: two sliders over the months, bound to the form's From and To
  const controls = document.createElement("div");
  controls.className = "timeaxis-range";
  const sliders = {};
  for (const [key, text] of [["from", "From month"], ["to", "To month"]]) {
    const wrap = document.createElement("label");
    wrap.append(text + " ");
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min: 0, max: months.length - 1, step: 1, id: "range-" + key });
    input.addEventListener("input", () => {
      let a = Number(sliders.from.value), b = Number(sliders.to.value);
      if (a > b) { if (key === "from") b = a; else a = b; }
      choose(a, b, false);
    });
    input.addEventListener("change", () => form.requestSubmit());
    wrap.appendChild(input);
    controls.appendChild(wrap);
    sliders[key] = input;
  }
  const label = document.createElement("output");
  label.id = "range-label";
  const all = document.createElement("a");
  all.href = "#";
  all.id = "range-all";
  all.textContent = "all dates";
  all.addEventListener("click", (e) => { e.preventDefault(); fromInput.value = ""; toInput.value = ""; form.requestSubmit(); });
  controls.append(label, all);
  function syncSliders() {
    const [a, b] = selected();
    sliders.from.value = Math.max(0, Math.min(a, months.length - 1));
    sliders.to.value = Math.max(0, Math.min(b, months.length - 1));
    label.textContent = fromInput.value || toInput.value
      ? (fromInput.value || "…") + " – " + (toInput.value || "…")
      : "all " + months.length + " months, " + months[0] + " – " + months[months.length - 1];
  }
  for (const input of [fromInput, toInput]) input.addEventListener("change", () => { syncSliders(); const [a, b] = selected(); mark(a, b); });

  syncSliders();
  draw();
  let timer = null;
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(draw, 150); });
})();
