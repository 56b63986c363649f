// Suggest actors as the user types, from /api/actors (the app's own API).
(function () {
  const input = document.querySelector('input[name="actor"]');
  const list = document.getElementById("actor-list");
  if (!input || !list) return;
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      const response = await fetch("/api/actors?q=" + encodeURIComponent(q));
      if (!response.ok) return;
      const actors = await response.json();
      list.replaceChildren(...actors.map((a) => {
        const option = document.createElement("option");
        option.value = a.id;
        option.textContent = a.name + " (" + (a.affiliation || "") + ")";
        return option;
      }));
    }, 150);
  });
})();
