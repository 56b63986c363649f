// Bring each source's first highlighted passage into view inside its text box.
for (const box of document.querySelectorAll("article.source .text")) {
  const mark = box.querySelector("mark.evidence");
  if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 60);
}
